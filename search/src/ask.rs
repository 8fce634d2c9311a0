//! What the app asks the engine, and how the engine answers: the protocol between the page and
//! the engine's Web Worker (`app/src/engine_worker.rs`). The page holds no engine: it sends a
//! [`Question`] as JSON, the worker answers it with [`Engine::answer`], and the page reads the
//! answer's JSON as the type the question names. The prerenderer asks the same questions of a
//! native engine, so a prerendered page and the app's page are built from the same answers.

use serde::{Deserialize, Serialize};

use crate::page_data::{
    CraftsPage, HomePage, LearnCraftPage, LearnPage, MapPage, QuizPage, RecordPage, ToursPage,
    VillagesPage,
};
use crate::quiz::{QuizCode, Topic};
use crate::{Engine, Kind, Result, SearchRequest};

/// A question for the engine. Each variant names the type its answer reads as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Question {
    /// A search: [`crate::SearchResults`].
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
    /// Answers `question`, as JSON of the type the question names.
    pub fn answer(&self, question: &Question) -> Result<String> {
        fn json<T: Serialize>(answer: Result<T>) -> Result<String> {
            Ok(serde_json::to_string(&answer?)?)
        }
        match question {
            Question::Search(request) => json(self.search(request)),
            Question::Home => json(HomePage::load(self)),
            Question::Villages => json(VillagesPage::load(self)),
            Question::Crafts => json(CraftsPage::load(self)),
            Question::Tours => json(ToursPage::load(self)),
            Question::Record { kind, id } => json(RecordPage::load(self, *kind, id)),
            Question::Map => json(MapPage::load(self, None)),
            Question::MapSelection { id } => json(MapPage::selection(self, id)),
            Question::Learn => json(LearnPage::load(self)),
            Question::LearnCraft { id } => json(LearnCraftPage::load(self, id)),
            Question::Quiz { topic, code } => {
                json(QuizPage::load(self, topic.clone(), code.clone()))
            }
            Question::Plan => json(Ok(&self.info().plan)),
        }
    }
}
