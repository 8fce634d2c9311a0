//! Every number that decides the order of results, in one place.
//!
//! A result's score is tantivy's BM25 score of the query ([`crate::query`] builds it from the
//! weights below), plus [`VILLAGE_LIFT`] for a village, times the [`kind_factor`] of its kind.
//! The weights are relative: only their ratios matter. They were tuned on the gold set
//! (`tests/search-quality/queries.tsv`, run by `indexer eval` and by the indexer's tests), so
//! change one only with that set's scores before and after.

use crate::Kind;

/// Relative weights of the places a query word can match, and of the readings of a word.
pub mod weight {
    /// The word with its accents as typed, in a record's name or aliases.
    pub const TITLE_EXACT: f32 = 4.0;
    /// The word without accents, in a name or aliases, or in the names of a village's crafts.
    pub const TITLE_FOLDED: f32 = 3.0;
    /// The word with its accents, in the body text (summary, history, related names).
    pub const BODY_EXACT: f32 = 1.2;
    /// The word without accents, in the body text.
    pub const BODY_FOLDED: f32 = 1.0;
    /// The word in the English names and summaries: above body text, because a tourist typing
    /// English means the record the English describes.
    pub const ENGLISH: f32 = 1.5;
    /// The word with its accents, in a place name (`Gia Lâm` is not `gia làm`).
    pub const PLACES_EXACT: f32 = 1.6;
    /// The word without accents, in a place name.
    pub const PLACES: f32 = 1.2;
    /// The unfinished last word as the start of a word in a name.
    pub const PREFIX_TITLE: f32 = 2.0;
    /// The unfinished last word as the start of a word anywhere else.
    pub const PREFIX_BODY: f32 = 0.5;
    /// A misspelt word (within the edit distance allowed) in a name.
    pub const TYPO_TITLE: f32 = 0.8;
    /// A misspelt word elsewhere: below any real match, so a typo never outranks a hit.
    pub const TYPO_BODY: f32 = 0.3;
    /// The query's words next to each other, in order, in a name.
    pub const PHRASE_TITLE: f32 = 6.0;
    /// The words next to each other in the body text or the names of a village's crafts.
    pub const PHRASE_BODY: f32 = 2.0;
    /// The words next to each other in a place name.
    pub const PHRASE_PLACES: f32 = 3.0;
    /// The whole query is exactly a record's name: that record first.
    pub const WHOLE_NAME: f32 = 12.0;
    /// The whole query is the start of a record's name, while typing: the first keystrokes
    /// already show the name being typed.
    pub const WHOLE_NAME_PREFIX: f32 = 40.0;
    /// A Telex/VNI reading counts a little less than what was literally typed.
    pub const DECODED: f32 = 0.9;
    /// An English word read through the craft vocabulary ([`crate::vocabulary`]).
    pub const VOCABULARY: f32 = 1.0;
}

/// Added to every matching village, so that a village outranks a product that merely mentions
/// it when the query is the village's name.
pub const VILLAGE_LIFT: f32 = 1.5;

/// Score multipliers by kind, in [`kind_rank`] order: villages are what people look for first;
/// products repeat their village's name and would otherwise crowd it out.
const KIND_FACTORS: [f32; 4] = [1.0, 0.9, 0.8, 0.5];

/// The rank of a kind, stored with each record (the index's `kind_rank` field) so the score
/// can be multiplied by its [`kind_factor`] without reading the record.
pub fn kind_rank(kind: Kind) -> u64 {
    match kind {
        Kind::Village => 0,
        Kind::Craft => 1,
        Kind::Tour => 2,
        Kind::Product => 3,
    }
}

/// The rank assumed for a record without one: the lowest, so nothing unexpected outranks the
/// records people look for.
pub const UNKNOWN_RANK: u64 = KIND_FACTORS.len() as u64 - 1;

/// The score multiplier of a kind rank (the lowest factor for a rank out of range).
pub fn kind_factor(rank: u64) -> f32 {
    let last = KIND_FACTORS[KIND_FACTORS.len() - 1];
    usize::try_from(rank)
        .ok()
        .and_then(|r| KIND_FACTORS.get(r))
        .copied()
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn villages_weigh_most_and_products_least() {
        let factor = |k| kind_factor(kind_rank(k));
        assert!(factor(Kind::Village) > factor(Kind::Craft));
        assert!(factor(Kind::Craft) > factor(Kind::Tour));
        assert!(factor(Kind::Tour) > factor(Kind::Product));
        assert_eq!(kind_factor(UNKNOWN_RANK), factor(Kind::Product));
        assert_eq!(kind_factor(99), factor(Kind::Product));
    }
}
