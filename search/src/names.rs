//! The names list: every record's kind, id and names, in a small file beside the bundle
//! ([`NAMES_FILE`]), so that a first visit on a slow network answers a search for a name before
//! the engine and its bundle have arrived (issue 13). The page asks for it when a search box is
//! first used on a first visit (`app/index.html`, `app/src/api.rs`) and matches what is typed
//! against it ([`Names::find`]) until the engine opens; then the engine's results take over.
//! It finds names only, by the start of their words, accents or not: `bat trang`, `Bát Tràng`
//! and `bat tr` all find the village.

use serde::{Deserialize, Serialize};

use crate::ask::FoundHit;
use crate::model::{Kind, Record};
use crate::ranking::kind_rank;
use crate::text::words;

/// Name of the names list, beside the manifest.
pub const NAMES_FILE: &str = "names.json";

/// The most bytes of JSON the names list holds ([`Names::of`]).
pub const MAX_BYTES: usize = 64 * 1024;

/// One record's kind, id, Vietnamese name and English name (a JSON array, to stay small).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named(pub Kind, pub String, pub String, pub Option<String>);

/// Every record's names, in the bundle's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Names(pub Vec<Named>);

impl Names {
    /// The names of `records`, villages first, then crafts, tours and products (as the engine
    /// ranks kinds), as many as fit in [`MAX_BYTES`] of JSON: the list is there to answer before
    /// the engine has arrived, so it must stay far smaller than the engine (the real seeds' list
    /// is about 35 KB, 10 KB with brotli; a 100,000-record bundle's would be megabytes).
    pub fn of<'a>(records: impl IntoIterator<Item = &'a Record>) -> Names {
        let mut records: Vec<&Record> = records.into_iter().collect();
        records.sort_by_key(|r| kind_rank(r.kind()));
        // The brackets of the array, then each entry and its comma.
        let mut bytes = 2;
        let mut names = Vec::new();
        for r in records {
            let entry = r.entry();
            let named = Named(
                r.kind(),
                r.id().to_string(),
                entry.name().to_string(),
                entry.name_en().map(str::to_string),
            );
            bytes += serde_json::to_string(&named).map_or(usize::MAX, |j| j.len()) + 1;
            if bytes > MAX_BYTES {
                break;
            }
            names.push(named);
        }
        Names(names)
    }

    /// The records whose Vietnamese or English name has, for every word of `text`, a word
    /// starting with it (accents and case aside), at most `limit`: villages before crafts,
    /// tours and products (as the engine ranks kinds), then names with fewer words left over.
    /// Hits carry no summary: the names list has none.
    pub fn find(&self, text: &str, limit: usize) -> Vec<FoundHit> {
        let wanted: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let fits = |name: &str| {
            let have: Vec<String> = words(name).into_iter().map(|w| w.folded).collect();
            wanted
                .iter()
                .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
                .then(|| have.len().saturating_sub(wanted.len()))
        };
        let mut found: Vec<(u64, usize, usize)> = self
            .0
            .iter()
            .enumerate()
            .filter_map(|(i, Named(kind, _, name, name_en))| {
                let left = [Some(name.as_str()), name_en.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter_map(fits)
                    .min()?;
                Some((kind_rank(*kind), left, i))
            })
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .take(limit)
            .map(|(_, _, i)| {
                let Named(kind, id, name, name_en) = self.0[i].clone();
                FoundHit {
                    kind,
                    id,
                    name,
                    name_en,
                    summary: String::new(),
                    summary_en: None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let named = |kind, id: &str, name: &str, en: Option<&str>| {
            Named(kind, id.into(), name.into(), en.map(Into::into))
        };
        Names(vec![
            named(
                Kind::Product,
                "binh-gom-bat-trang",
                "Bình gốm Bát Tràng",
                None,
            ),
            named(
                Kind::Village,
                "bat-trang",
                "Làng gốm Bát Tràng",
                Some("Bat Trang pottery village"),
            ),
            named(
                Kind::Village,
                "van-phuc",
                "Làng lụa Vạn Phúc",
                Some("Van Phuc silk village"),
            ),
            named(Kind::Craft, "gom", "Gốm", Some("Ceramics")),
        ])
    }

    fn ids(hits: &[FoundHit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn a_name_is_found_with_or_without_accents_village_first() {
        let names = names();
        for text in ["bat trang", "Bát Tràng", "BAT  TRANG", "bát tr"] {
            assert_eq!(
                ids(&names.find(text, 10)),
                ["bat-trang", "binh-gom-bat-trang"],
                "{text}"
            );
        }
    }

    #[test]
    fn every_word_must_start_a_word_of_one_name() {
        let names = names();
        assert_eq!(ids(&names.find("lua van", 10)), ["van-phuc"]);
        // "at" is inside "Bát", not at a word's start.
        assert!(names.find("at trang", 10).is_empty());
        // Words from two names of different records find neither.
        assert!(names.find("van trang", 10).is_empty());
        assert!(names.find("  ,. ", 10).is_empty());
    }

    #[test]
    fn english_names_are_searched_too() {
        let names = names();
        assert_eq!(ids(&names.find("silk", 10)), ["van-phuc"]);
        assert_eq!(ids(&names.find("ceram", 10)), ["gom"]);
        // Either name alone holds every word: "silk" (English) with "lụa" (Vietnamese) does not.
        assert!(names.find("silk lua", 10).is_empty());
    }

    #[test]
    fn fewer_words_left_over_rank_first_within_a_kind_and_the_limit_holds() {
        let names = names();
        // Both Bát Tràng records have the word "gốm"; the craft "Gốm" is the whole name.
        assert_eq!(
            ids(&names.find("gom", 10)),
            ["bat-trang", "gom", "binh-gom-bat-trang"]
        );
        assert_eq!(ids(&names.find("gom", 1)), ["bat-trang"]);
    }

    #[test]
    fn the_list_keeps_villages_first_and_stops_at_its_size() {
        use crate::model::{Craft, Village};
        let village = |i: usize| {
            Record::Village(Village {
                id: format!("v{i}"),
                name: format!("Làng {i}"),
                ..Village::default()
            })
        };
        let craft: Craft = serde_json::from_value(serde_json::json!({
            "id": "gom", "name": "Gốm", "name_en": "Ceramics", "group": "ceramics",
            "description": "x"
        }))
        .unwrap();
        // The craft comes first in the input and last in the list.
        let few = [Record::Craft(craft.clone()), village(1), village(2)];
        let list = Names::of(&few);
        let ids: Vec<&str> = list.0.iter().map(|n| n.1.as_str()).collect();
        assert_eq!(ids, ["v1", "v2", "gom"]);
        // Many villages: the list stops before MAX_BYTES, with the villages that fit.
        let many: Vec<Record> = std::iter::once(Record::Craft(craft))
            .chain((0..5000).map(village))
            .collect();
        let list = Names::of(&many);
        let json = serde_json::to_string(&list).unwrap();
        assert!(json.len() <= MAX_BYTES, "{} bytes", json.len());
        assert!(
            json.len() > MAX_BYTES - 100,
            "{} bytes: it stopped early",
            json.len()
        );
        assert!(list.0.iter().all(|n| n.0 == Kind::Village));
    }

    #[test]
    fn the_list_reads_back_as_written() {
        let names = names();
        let json = serde_json::to_string(&names).unwrap();
        assert!(
            json.starts_with(r#"[["product","binh-gom-bat-trang","#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Names>(&json).unwrap(), names);
    }
}
