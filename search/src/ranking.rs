//! Every number that decides the order of results, in one place.
//!
//! A result's score is the score of the query [`crate::query`] builds from the weights below
//! (per word: BM25 over the fields, bounded, times the word's weight; then whole names,
//! phrases and pairs), plus [`VILLAGE_LIFT`] for a village, times the [`kind_factor`] of its
//! kind and the [`standing_factor`] of a village. The weights are relative: only their ratios
//! matter. They were tuned on the gold sets' tuning material (`tests/search-quality/
//! queries.tsv` and the `tune` half of `questions.tsv`, run by `indexer eval` and by the
//! indexer's tests; the `heldout` half is only measured), so change one only with the sets'
//! scores before and after.

use crate::{Kind, Status, Village};

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
    /// The word with its accents, in a place name (`Gia Lâm` is not `gia làm`). Place names
    /// score a constant, not BM25: lying in a district is a fact, not a matter of how long
    /// the record's address is.
    pub const PLACES_EXACT: f32 = 12.0;
    /// The word without accents, in a place name (a constant too).
    pub const PLACES: f32 = 9.0;
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
    /// The words next to each other in a place name (a constant, as [`PLACES`]).
    pub const PHRASE_PLACES: f32 = 20.0;
    /// The whole query is exactly a record's name: that record first.
    pub const WHOLE_NAME: f32 = 12.0;
    /// The whole query is the start of a record's name, while typing: the first keystrokes
    /// already show the name being typed.
    pub const WHOLE_NAME_PREFIX: f32 = 40.0;
    /// A Telex/VNI reading counts a little less than what was literally typed.
    pub const DECODED: f32 = 0.9;
    /// An English word read through the craft vocabulary ([`crate::vocabulary`]).
    pub const VOCABULARY: f32 = 1.0;
    /// The other English spelling of a word (British ↔ American, singular ↔ plural), times
    /// [`ENGLISH`].
    pub const SPELLING: f32 = 0.9;
    /// A word with an onset commonly confused with its own (`chàng` → `tràng`), in names.
    pub const SLIP: f32 = 0.6;
    /// Syllables typed together found together, relative to [`PHRASE`]: typing them as one
    /// word says they belong together more than spaced words do.
    pub const JOINED: f32 = 2.0;
    /// Typos count this many times more when the word as typed is unknown to the index (then
    /// it is most likely misspelt, and a near word is what was meant).
    pub const TYPO_UNKNOWN: f32 = 6.0;
    /// A whole name matched without the accents typed (`bát` → `Bặt`), relative to
    /// [`WHOLE_NAME`].
    pub const WHOLE_NAME_UNACCENTED: f32 = 0.05;
    /// A phrase in the names of a village's crafts counts this share of one in a name.
    pub const PHRASE_TOPICS_SHARE: f32 = 0.7;
    /// A phrase in the body text (a mention) counts this share of one in a name.
    pub const PHRASE_BODY_SHARE: f32 = 0.4;
    /// Of the other places a phrase is found in, this share counts besides the best one.
    pub const PHRASE_TIE: f32 = 0.2;
    /// What the query's words found next to each other add at most (see [`PHRASE_TITLE`]
    /// and the weights after it for where), times the sum of their weights.
    pub const PHRASE: f32 = 15.0;
    /// What two neighbouring informative words of a longer query found next to each other add
    /// at most, times the sum of their weights.
    pub const PAIR: f32 = 10.0;

    /// What names holding most of a query's informative words (two thirds, at least two)
    /// add, times the weights of the words they hold, whatever the record's kind (see
    /// [`crate::query::ParsedQuery::to_query`]).
    pub const NAME_COVERS: f32 = 12.0;

    /// Added to records of a kind the query asks for ("tours of craft villages", "a day trip",
    /// "đạp xe qua làng gốm": see [`crate::common_words::KIND_WORDS`]).
    pub const KIND_NAMED: f32 = 12.0;
    /// What one word of the query adds at most, times its weight (0–1).
    pub const WORD: f32 = 30.0;
    /// What accents typed and matched add at most, times the word's weight.
    pub const ACCENTS: f32 = 15.0;
    /// The BM25 score (with the weights above) at which a word counts half: a match in a name
    /// counts nearly fully, one in a long body about half.
    pub const HALF_MATCH: f32 = 6.0;
    /// Weight of a common word ([`crate::common_words`]), times its corpus weight.
    pub const COMMON: f32 = 0.2;
    /// Weight of a word no reading of which is in the index.
    pub const UNKNOWN_WORD: f32 = 0.5;
    /// A word in more than this share of the records does not decide what is a result.
    pub const SELECTIVE_SHARE: f64 = 0.2;
    /// A field other than the names holding a word in more than this share of the records is
    /// not searched for it: a match there says next to nothing (BM25's weight for it is
    /// below ln 2), and scoring it would cost a visit to most of the records.
    pub const BROAD_SHARE: f64 = 0.5;
}

/// How informative a word is in a corpus of `records` records of which `freq` hold it: an
/// inverse document frequency scaled to 0–1 (1 for a word in one record, towards 0 for a word
/// in all).
pub fn idf_weight(freq: u64, records: u64) -> f32 {
    let n = records.max(1) as f64;
    let idf = |df: f64| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let w = idf(freq.max(1) as f64) / idf(1.0);
    w.clamp(0.02, 1.0) as f32
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

/// What a visitor cares about beyond the words, packed into the index's `standing` field: how
/// the craft is doing ([`Status`], two bits), then one *signal* bit each for a recognised
/// title, receiving tourists, a showroom, and a tour stopping there.
pub fn standing(village: &Village, on_a_tour: bool) -> u64 {
    let status = match village.status {
        Status::Active => 0,
        Status::Endangered => 1,
        Status::Reviving => 2,
        Status::ProposedForDelisting => 3,
    };
    status
        | u64::from(!village.recognition.is_empty()) << 2
        | u64::from(village.services.tourism) << 3
        | u64::from(village.services.showroom) << 4
        | u64::from(on_a_tour) << 5
}

/// A tour's standing: it is itself a visit (receives tourists, on a tour).
pub const TOUR_STANDING: u64 = 1 << 3 | 1 << 5;

/// The standing of a craft or a product, or of a record without one: active, no signals.
pub const NEUTRAL_STANDING: u64 = 0;

/// The score multiplier of a standing: an active village keeps its score; one whose craft is
/// fading loses a little, and one proposed for delisting (its craft is all but gone) more:
/// enough to order near-equal matches, not to hide it from a search for its name. Each
/// signal adds a point.
pub fn standing_factor(standing: u64) -> f32 {
    let status = match standing & 0b11 {
        0 => 1.0,
        1 | 2 => 0.9,
        _ => 0.7,
    };
    status * (1.0 + 0.01 * signals(standing))
}

/// How many of the signals a standing has (0–4).
fn signals(standing: u64) -> f32 {
    (standing >> 2 & 0b1111).count_ones() as f32
}

/// Added to a result's score when the query says little ("cuối tuần đi đâu chơi gần Hà Nội",
/// "ceramics" alone): [`PROMINENCE`] per signal of its standing (half for a village whose
/// craft is not active), times the query's `vagueness` (0–1, see
/// [`crate::query::ParsedQuery::vagueness`]). A query naming something specific has no
/// vagueness left, and its words alone decide.
pub fn prominence(standing: u64, vagueness: f32) -> f32 {
    let status = if standing & 0b11 == 0 { 1.0 } else { 0.5 };
    PROMINENCE * signals(standing) * status * vagueness.clamp(0.0, 1.0)
}

/// See [`prominence`].
pub const PROMINENCE: f32 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more() {
        assert_eq!(idf_weight(1, 300), 1.0);
        assert!(idf_weight(10, 300) > idf_weight(100, 300));
        assert!(idf_weight(300, 300) < 0.1);
        assert!(idf_weight(0, 300) == 1.0);
    }

    #[test]
    fn a_living_visited_village_stands_before_a_fading_one() {
        let living = 1 << 2 | 1 << 3 | 1 << 5;
        let fading = 3;
        assert!(standing_factor(living) > standing_factor(fading));
        assert!(standing_factor(1) > standing_factor(3));
        assert!(standing_factor(living) > standing_factor(NEUTRAL_STANDING));
        assert!(standing_factor(fading) > 0.6, "a tie-breaker, not a filter");
    }

    #[test]
    fn prominence_counts_only_when_the_query_says_little() {
        let visited = 1 << 3 | 1 << 4 | 1 << 5;
        assert_eq!(prominence(visited, 0.0), 0.0);
        assert!(prominence(visited, 1.0) > prominence(visited, 0.5));
        assert!(prominence(visited, 1.0) > prominence(visited | 3, 1.0));
        assert_eq!(prominence(NEUTRAL_STANDING, 1.0), 0.0);
        assert_eq!(prominence(TOUR_STANDING, 1.0), 2.0 * PROMINENCE);
    }

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
