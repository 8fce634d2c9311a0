//! What the app asks the engine, and how the engine answers: the protocol between the page and
//! the engine's Web Worker (`app/src/engine_worker.rs`). The page holds no engine: it sends a
//! [`Question`] ([`crate::wire::encode`]), the worker answers it with [`Engine::answer`], and the
//! page reads the answer as the type the question names ([`crate::wire::decode`]). The prerenderer asks the same questions of a
//! native engine, so a prerendered page and the app's page are built from the same answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Date;
use crate::details::{snippet, Digest};
use crate::facets::Dimension;
use crate::page_data::{
    CraftsPage, HomePage, LearnCraftPage, LearnPage, MapPage, QuizPage, RecordPage, ToursPage,
    VillagesPage,
};
use crate::query::ParsedQuery;
use crate::quiz::{QuizCode, Topic};
use crate::{Engine, Kind, Lang, Result, SearchRequest, SearchResults};

/// A question for the engine. Each variant names the type its answer reads as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Question {
    /// A search: [`Found`].
    Search(SearchRequest),
    /// The start page: [`HomePage`].
    Home,
    /// The list of villages: [`VillagesPage`].
    Villages,
    /// The list of crafts: [`CraftsPage`].
    Crafts,
    /// The tours: [`ToursPage`].
    Tours,
    /// A record's page, if there is such a record: `Option<`[`RecordPage`]`>`.
    Record {
        /// The record's kind.
        kind: Kind,
        /// The record's id.
        id: String,
        /// The day the page is shown, in Hanoi ([`crate::calendar::Date::in_vietnam_at`]): a
        /// village's festivals are dated from it.
        today: Date,
    },
    /// The map: [`MapPage`].
    Map,
    /// The sheet of a village chosen on the map: `Option<`[`crate::page_data::Selection`]`>`.
    MapSelection {
        /// The village's id.
        id: String,
    },
    /// The school corner: [`LearnPage`].
    Learn,
    /// A craft's lesson, if there is such a craft: `Option<`[`LearnCraftPage`]`>`.
    LearnCraft {
        /// The craft's id.
        id: String,
    },
    /// A quiz: [`QuizPage`].
    Quiz {
        /// What the quiz is about.
        topic: Topic,
        /// The class's code, which fixes the questions and their order.
        code: QuizCode,
    },
    /// The plan's figures as the bundle measured them: `Vec<`[`crate::PlanFigure`]`>`.
    Plan,
}

impl Engine {
    /// The details file ([`crate::details`]) the answer to `question` reads and the engine does
    /// not hold yet: a record's page and a craft's lesson read their record's. The engine's
    /// worker fetches it before it answers; an answer without it shows the card and says so.
    pub fn details_for(&self, question: &Question) -> Result<Option<Digest>> {
        match question {
            Question::Record { kind, id, .. } => self.details_wanted(*kind, id),
            Question::LearnCraft { id } => self.details_wanted(Kind::Craft, id),
            _ => Ok(None),
        }
    }

    /// Answers `question` with the type the question names, in the page's form
    /// ([`crate::wire::encode`]).
    pub fn answer(&self, question: &Question) -> Result<Vec<u8>> {
        fn encoded<T: Serialize>(answer: Result<T>) -> Result<Vec<u8>> {
            crate::wire::encode(&answer?)
        }
        match question {
            Question::Search(request) => encoded(self.search(request).map(Found::from)),
            Question::Home => encoded(HomePage::load(self)),
            Question::Villages => encoded(VillagesPage::load(self)),
            Question::Crafts => encoded(CraftsPage::load(self)),
            Question::Tours => encoded(ToursPage::load(self)),
            Question::Record { kind, id, today } => {
                encoded(RecordPage::load(self, *kind, id, *today))
            }
            Question::Map => encoded(MapPage::load(self, None)),
            Question::MapSelection { id } => encoded(MapPage::selection(self, id)),
            Question::Learn => encoded(LearnPage::load(self)),
            Question::LearnCraft { id } => encoded(LearnCraftPage::load(self, id)),
            Question::Quiz { topic, code } => {
                encoded(QuizPage::load(self, topic.clone(), code.clone()))
            }
            Question::Plan => encoded(Ok(&self.info().plan)),
        }
    }
}

/// A search's answer as the page lists it: [`SearchResults`] with each hit's name and summary
/// ([`snippet`]) rather than its whole record, a tenth of the bytes to write, send and read per
/// keystroke.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Found {
    /// The best hits, best first.
    pub hits: Vec<FoundHit>,
    /// How many records match in all.
    pub total: usize,
    /// Counts of matching records per facet value, per dimension, largest first.
    pub facets: BTreeMap<Dimension, Vec<(String, u64)>>,
    /// The parsed query, for highlighting.
    pub query: Option<ParsedQuery>,
}

/// One hit as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundHit {
    /// The record's kind.
    pub kind: Kind,
    /// The record's id.
    pub id: String,
    /// Its name, in Vietnamese.
    pub name: String,
    /// Its name in English, where it has one.
    pub name_en: Option<String>,
    /// Its summary, in Vietnamese.
    pub summary: String,
    /// Its summary in English, where it has one.
    pub summary_en: Option<String>,
}

impl FoundHit {
    /// The name for a reader of `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        lang.pick(self.name.as_str(), self.name_en.as_deref()).text
    }

    /// The summary for a reader of `lang`.
    pub fn summary_in(&self, lang: Lang) -> &str {
        lang.pick(self.summary.as_str(), self.summary_en.as_deref())
            .text
    }
}

impl From<SearchResults> for Found {
    fn from(results: SearchResults) -> Found {
        let hits = results
            .hits
            .into_iter()
            .map(|hit| {
                let entry = hit.record.entry();
                FoundHit {
                    kind: hit.kind,
                    id: hit.id,
                    name: entry.name().to_string(),
                    name_en: entry.name_en().map(str::to_string),
                    summary: snippet(entry.summary()),
                    summary_en: entry.summary_en().map(snippet),
                }
            })
            .collect();
        Found {
            hits,
            total: results.total,
            facets: results.facets,
            query: results.query,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::page_data::Selection;
    use crate::PlanFigure;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/tiny.bundle");

    /// `answer`'s bytes read back as `T` are what the engine gives directly.
    fn reads_as<T>(engine: &Engine, question: Question, direct: T)
    where
        T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let bytes = engine.answer(&question).unwrap();
        let read: T = crate::wire::decode(&bytes)
            .unwrap_or_else(|e| panic!("{question:?} does not read as its type: {e}"));
        assert_eq!(read, direct, "{question:?}");
    }

    /// Each question's answer reads as the type its variant names, with the engine's own data:
    /// the page (which has no engine) and the prerenderer (which has one) see the same pages.
    #[test]
    fn every_answer_reads_as_the_type_its_question_names() {
        let engine = Engine::open(FIXTURE.to_vec()).unwrap();
        let village = engine.villages().unwrap().remove(0);
        let craft = engine.crafts().unwrap().remove(0);
        reads_as(&engine, Question::Home, HomePage::load(&engine).unwrap());
        reads_as(
            &engine,
            Question::Villages,
            VillagesPage::load(&engine).unwrap(),
        );
        reads_as(
            &engine,
            Question::Crafts,
            CraftsPage::load(&engine).unwrap(),
        );
        reads_as(&engine, Question::Tours, ToursPage::load(&engine).unwrap());
        reads_as(&engine, Question::Learn, LearnPage::load(&engine).unwrap());
        reads_as(
            &engine,
            Question::Map,
            MapPage::load(&engine, None).unwrap(),
        );
        reads_as::<Vec<PlanFigure>>(&engine, Question::Plan, engine.info().plan.clone());
        let today = Date::new(2027, 2, 6).unwrap();
        let record = |kind, id: &str| Question::Record {
            kind,
            id: id.to_string(),
            today,
        };
        let page = RecordPage::load(&engine, Kind::Village, &village.id, today).unwrap();
        assert!(page.is_some());
        reads_as(&engine, record(Kind::Village, &village.id), page);
        reads_as::<Option<RecordPage>>(&engine, record(Kind::Craft, "no-such-craft"), None);
        let selection = MapPage::selection(&engine, &village.id).unwrap();
        assert!(selection.is_some());
        let id = village.id.clone();
        reads_as::<Option<Selection>>(&engine, Question::MapSelection { id }, selection);
        let id = craft.id.clone();
        let lesson = LearnCraftPage::load(&engine, &id).unwrap();
        reads_as(&engine, Question::LearnCraft { id }, lesson);
        let (topic, code) = (Topic::All, QuizCode::default());
        let quiz = QuizPage::load(&engine, topic.clone(), code.clone()).unwrap();
        reads_as(&engine, Question::Quiz { topic, code }, quiz);
    }

    /// A search answers with each hit's name and summary in both languages, and the totals,
    /// facets and parsed query of the engine's own results.
    #[test]
    fn a_search_answers_with_what_the_list_shows() {
        let engine = Engine::open(FIXTURE.to_vec()).unwrap();
        let request = SearchRequest {
            text: "gốm".into(),
            limit: 10,
            ..Default::default()
        };
        let results = engine.search(&request).unwrap();
        assert!(!results.hits.is_empty());
        let bytes = engine.answer(&Question::Search(request)).unwrap();
        let found: Found = crate::wire::decode(&bytes).unwrap();
        assert_eq!(found.total, results.total);
        assert_eq!(found.facets, results.facets);
        assert_eq!(found.query, results.query);
        assert_eq!(found.hits.len(), results.hits.len());
        for (hit, full) in found.hits.iter().zip(&results.hits) {
            let entry = full.record.entry();
            assert_eq!((hit.kind, hit.id.as_str()), (full.kind, full.id.as_str()));
            for lang in [Lang::Vi, Lang::En] {
                assert_eq!(hit.name_in(lang), entry.name_in(lang));
                assert_eq!(hit.summary_in(lang), snippet(entry.summary_in(lang)));
            }
        }
    }
}
