//! Turns what a person typed into a tantivy query, directly (no query parser, so no syntax can
//! fail): every word must match somewhere, names weigh more than body text, exact accents more
//! than folded ones, words together more than scattered, and the last word is a prefix while
//! the person is still typing it.

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::schema::Fields;
use crate::text::{nfc, words, Word};

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words of a query considered.
pub const MAX_QUERY_WORDS: usize = 12;

/// Relative weights of the places a word can match. Names outweigh body text; the exact form
/// (accents as typed) outweighs the folded one.
mod weight {
    pub const TITLE_EXACT: f32 = 4.0;
    pub const TITLE_FOLDED: f32 = 3.0;
    pub const BODY_EXACT: f32 = 1.2;
    pub const BODY_FOLDED: f32 = 1.0;
    pub const ENGLISH: f32 = 1.5;
    pub const PLACES: f32 = 1.0;
    pub const PREFIX_TITLE: f32 = 2.0;
    pub const PREFIX_BODY: f32 = 0.5;
    pub const TYPO_TITLE: f32 = 0.8;
    pub const TYPO_BODY: f32 = 0.3;
    pub const PHRASE_TITLE: f32 = 6.0;
    pub const PHRASE_BODY: f32 = 2.0;
    pub const WHOLE_NAME: f32 = 12.0;
    pub const WHOLE_NAME_PREFIX: f32 = 6.0;
}

/// A query as typed, split into normalised words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The words, in order.
    pub words: Vec<Word>,
    /// Whether the last word may be unfinished (the text does not end with a space).
    pub last_is_prefix: bool,
}

impl ParsedQuery {
    /// Parses any text; never fails. Long texts are cut to [`MAX_QUERY_CHARS`].
    pub fn parse(text: &str) -> ParsedQuery {
        let cut: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&cut);
        let mut words = words(&text);
        words.truncate(MAX_QUERY_WORDS);
        let last_is_prefix = text.chars().last().is_some_and(crate::text::is_word_char);
        ParsedQuery {
            words,
            last_is_prefix,
        }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a folded word of a text is one the query asks for (for highlighting).
    pub fn matches_word(&self, folded: &str) -> bool {
        let last = self.words.len().saturating_sub(1);
        self.words.iter().enumerate().any(|(i, w)| {
            w.folded == folded
                || (i == last && self.last_is_prefix && folded.starts_with(&w.folded))
        })
    }

    /// The tantivy query, with every word required (`all_words`) or any word enough.
    pub fn to_query(&self, fields: &Fields, all_words: bool) -> Option<Box<dyn Query>> {
        if self.words.is_empty() {
            return None;
        }
        let occur = if all_words {
            Occur::Must
        } else {
            Occur::Should
        };
        let last = self.words.len() - 1;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    occur,
                    word_query(fields, w, i == last && self.last_is_prefix),
                )
            })
            .collect();
        let complete: Vec<&Word> = if self.last_is_prefix {
            self.words[..last].iter().collect()
        } else {
            self.words.iter().collect()
        };
        let whole = self
            .words
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let name = Term::from_field_text(fields.name_whole, &whole);
        clauses.push((
            Occur::Should,
            term(fields.name_whole, &whole, weight::WHOLE_NAME),
        ));
        if self.last_is_prefix {
            let prefix = FuzzyTermQuery::new_prefix(name, 0, false);
            clauses.push((Occur::Should, boost(prefix, weight::WHOLE_NAME_PREFIX)));
        }
        if complete.len() >= 2 {
            for (field, w) in [
                (fields.title_folded, weight::PHRASE_TITLE),
                (fields.body_folded, weight::PHRASE_BODY),
            ] {
                let terms = complete
                    .iter()
                    .map(|w| Term::from_field_text(field, &w.folded))
                    .collect();
                clauses.push((Occur::Should, boost(PhraseQuery::new(terms), w)));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

fn boost(query: impl Query, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), weight))
}

fn term(field: Field, text: &str, weight: f32) -> Box<dyn Query> {
    boost(
        TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ),
        weight,
    )
}

/// Edit distance allowed for a word of this many characters: 1 from 4, 2 from 8.
fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The query for one word: any of its forms in any field.
fn word_query(fields: &Fields, word: &Word, is_prefix: bool) -> Box<dyn Query> {
    let mut should = vec![
        term(fields.title_exact, &word.exact, weight::TITLE_EXACT),
        term(fields.title_folded, &word.folded, weight::TITLE_FOLDED),
        term(fields.body_exact, &word.exact, weight::BODY_EXACT),
        term(fields.body_folded, &word.folded, weight::BODY_FOLDED),
        term(fields.english, &word.folded, weight::ENGLISH),
        term(fields.places, &word.folded, weight::PLACES),
    ];
    if is_prefix {
        for (field, w) in [
            (fields.title_folded, weight::PREFIX_TITLE),
            (fields.body_folded, weight::PREFIX_BODY),
            (fields.english, weight::PREFIX_BODY),
        ] {
            let t = Term::from_field_text(field, &word.folded);
            should.push(boost(FuzzyTermQuery::new_prefix(t, 0, true), w));
        }
    }
    let distance = typo_distance(&word.folded);
    if distance > 0 {
        for (field, w) in [
            (fields.title_folded, weight::TYPO_TITLE),
            (fields.body_folded, weight::TYPO_BODY),
            (fields.english, weight::TYPO_BODY),
        ] {
            let t = Term::from_field_text(field, &word.folded);
            should.push(boost(FuzzyTermQuery::new(t, distance, true), w));
        }
    }
    Box::new(BooleanQuery::new(
        should.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_space_finishes_the_last_word() {
        assert!(ParsedQuery::parse("bat tr").last_is_prefix);
        assert!(!ParsedQuery::parse("bat trang ").last_is_prefix);
    }

    #[test]
    fn empty_and_symbol_only_queries_have_no_words() {
        for q in ["", "   ", "\"()[]{}", "🙂🙂", "\u{301}"] {
            assert!(ParsedQuery::parse(q).is_empty(), "{q:?}");
        }
    }

    #[test]
    fn long_queries_are_cut() {
        let q = ParsedQuery::parse(&"bát tràng ".repeat(2000));
        assert_eq!(q.words.len(), MAX_QUERY_WORDS);
    }
}
