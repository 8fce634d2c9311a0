//! Turns what a person typed into a tantivy query, directly (no query parser, so no syntax can
//! fail): every word must match somewhere, names weigh more than body text, exact accents more
//! than folded ones, words together more than scattered, and the last word is a prefix while
//! the person is still typing it. Each word may also be read as a Telex/VNI leftover or as an
//! English craft word (see [`crate::typing`], [`crate::vocabulary`]); those readings are
//! alternatives, never replacements. How much each place and reading weighs is decided in
//! [`crate::ranking`].

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::ranking::weight;
use crate::schema::Fields;
use crate::text::{nfc, words, Word};
use crate::{typing, vocabulary};

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words of a query considered.
pub const MAX_QUERY_WORDS: usize = 12;

/// One word of a query with its alternative readings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word as typed (normalised).
    pub literal: Word,
    /// The word read as a Telex or VNI leftover, if it reads as one.
    pub decoded: Option<Word>,
    /// Vietnamese words an English term covering this word stands for.
    pub vocabulary: Option<Vec<Word>>,
}

/// A query as typed, split into normalised words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The words, in order.
    pub words: Vec<QueryWord>,
    /// Whether the last word may be unfinished (the text does not end with a space).
    pub last_is_prefix: bool,
}

impl ParsedQuery {
    /// Parses any text; never fails. Long texts are cut to [`MAX_QUERY_CHARS`].
    pub fn parse(text: &str) -> ParsedQuery {
        let cut: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let text = nfc(&cut);
        let mut found = words(&text);
        found.truncate(MAX_QUERY_WORDS);
        let last_is_prefix = text.chars().last().is_some_and(crate::text::is_word_char);
        let folded: Vec<String> = found.iter().map(|w| w.folded.clone()).collect();
        let mut vocabulary: Vec<Option<Vec<Word>>> = vec![None; found.len()];
        for (from, to, vi) in vocabulary::english_terms(&folded) {
            for slot in &mut vocabulary[from..to] {
                *slot = Some(words(vi));
            }
        }
        let words = found
            .into_iter()
            .zip(vocabulary)
            .map(|(literal, vocabulary)| QueryWord {
                decoded: typing::decoded_word(&literal, &text[literal.start..literal.end]),
                literal,
                vocabulary,
            })
            .collect();
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
            let prefix = i == last && self.last_is_prefix;
            let hit = |candidate: &Word| {
                candidate.folded == folded || (prefix && folded.starts_with(&candidate.folded))
            };
            hit(&w.literal)
                || w.decoded.as_ref().is_some_and(|d| d.folded == folded)
                || w.vocabulary
                    .as_ref()
                    .is_some_and(|v| v.iter().any(|x| x.folded == folded))
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
                    self.word_query(fields, w, i == last && self.last_is_prefix),
                )
            })
            .collect();

        // Two readings of the whole query as a name: literal and Telex/VNI-decoded.
        let literal: Vec<&Word> = self.words.iter().map(|w| &w.literal).collect();
        let decoded: Vec<&Word> = self
            .words
            .iter()
            .map(|w| w.decoded.as_ref().unwrap_or(&w.literal))
            .collect();
        for (reading, weight) in [(&literal, 1.0), (&decoded, weight::DECODED)] {
            if weight < 1.0 && reading == &literal {
                continue;
            }
            self.reading_boosts(fields, reading, weight, &mut clauses);
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Boosts for one reading of the whole query: exact name, name prefix, phrases.
    fn reading_boosts(
        &self,
        fields: &Fields,
        reading: &[&Word],
        factor: f32,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    ) {
        let whole = reading
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        clauses.push((
            Occur::Should,
            term(fields.name_whole, &whole, weight::WHOLE_NAME * factor),
        ));
        if self.last_is_prefix {
            let prefix = FuzzyTermQuery::new_prefix(
                Term::from_field_text(fields.name_whole, &whole),
                0,
                false,
            );
            clauses.push((
                Occur::Should,
                boost(prefix, weight::WHOLE_NAME_PREFIX * factor),
            ));
        }
        let complete = if self.last_is_prefix {
            &reading[..reading.len() - 1]
        } else {
            reading
        };
        if complete.len() >= 2 {
            for (field, w) in [
                (fields.title_folded, weight::PHRASE_TITLE),
                (fields.topics, weight::PHRASE_BODY),
                (fields.body_folded, weight::PHRASE_BODY),
                (fields.places, weight::PHRASE_PLACES),
            ] {
                clauses.push((Occur::Should, boost(phrase(field, complete), w * factor)));
            }
        }
    }

    /// The query for one word: any of its readings in any field.
    fn word_query(&self, fields: &Fields, word: &QueryWord, is_prefix: bool) -> Box<dyn Query> {
        let mut should = literal_clauses(fields, &word.literal, is_prefix);
        if let Some(decoded) = &word.decoded {
            let alt = BooleanQuery::new(
                literal_clauses(fields, decoded, false)
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
            );
            should.push(boost(alt, weight::DECODED));
        }
        if let Some(vi) = &word.vocabulary {
            let refs: Vec<&Word> = vi.iter().collect();
            let alt: Box<dyn Query> = if refs.len() == 1 {
                Box::new(BooleanQuery::new(
                    [
                        term(fields.title_exact, &refs[0].exact, weight::TITLE_EXACT),
                        term(fields.topics, &refs[0].folded, weight::TITLE_FOLDED),
                        term(fields.body_exact, &refs[0].exact, weight::BODY_EXACT),
                    ]
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
                ))
            } else {
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        boost(phrase(fields.title_folded, &refs), weight::TITLE_FOLDED),
                    ),
                    (
                        Occur::Should,
                        boost(phrase(fields.topics, &refs), weight::TITLE_FOLDED),
                    ),
                    (
                        Occur::Should,
                        boost(phrase(fields.body_folded, &refs), weight::BODY_FOLDED),
                    ),
                ]))
            };
            should.push(boost(alt, weight::VOCABULARY));
        }
        Box::new(BooleanQuery::new(
            should.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
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

fn phrase(field: Field, words: &[&Word]) -> PhraseQuery {
    PhraseQuery::new(
        words
            .iter()
            .map(|w| Term::from_field_text(field, &w.folded))
            .collect(),
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

/// The clauses of one reading of a word: exact and folded forms in every field, the prefix
/// while typing, and typos within the allowed distance.
fn literal_clauses(fields: &Fields, word: &Word, is_prefix: bool) -> Vec<Box<dyn Query>> {
    let mut should = vec![
        term(fields.title_exact, &word.exact, weight::TITLE_EXACT),
        term(fields.title_folded, &word.folded, weight::TITLE_FOLDED),
        term(fields.topics, &word.folded, weight::TITLE_FOLDED),
        term(fields.body_exact, &word.exact, weight::BODY_EXACT),
        term(fields.body_folded, &word.folded, weight::BODY_FOLDED),
        term(fields.english, &word.folded, weight::ENGLISH),
        term(fields.places_exact, &word.exact, weight::PLACES_EXACT),
        term(fields.places, &word.folded, weight::PLACES),
    ];
    if is_prefix {
        // A one-letter prefix matches a good share of the whole vocabulary: expand it in the
        // titles only (the first keystroke finds names), not across every body, which at
        // 100,000 records made one-letter queries the slowest keystrokes.
        let short = word.folded.chars().count() < 2;
        for (field, w) in [
            (fields.title_folded, weight::PREFIX_TITLE),
            (fields.topics, weight::PREFIX_BODY),
            (fields.body_folded, weight::PREFIX_BODY),
            (fields.english, weight::PREFIX_BODY),
            (fields.places, weight::PREFIX_BODY),
        ] {
            if short && field != fields.title_folded {
                continue;
            }
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
    should
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

    #[test]
    fn telex_and_english_are_alternatives() {
        let q = ParsedQuery::parse("bast trangf silk");
        assert_eq!(q.words[0].literal.folded, "bast");
        assert_eq!(q.words[0].decoded.as_ref().unwrap().exact, "bat1");
        assert_eq!(q.words[1].decoded.as_ref().unwrap().exact, "trang2");
        assert_eq!(q.words[2].vocabulary.as_ref().unwrap()[0].exact, "lua5");
        assert!(q.matches_word("trang") && q.matches_word("lua"));
    }
}
