//! A query whose score is bounded: `s ↦ s / (s + half)`, which stays below 1 and reaches ½ at
//! `half`. [`crate::query`] wraps each query word in it, so a word counts at most once however
//! many fields and times it matches in a record: a record that covers more of the query beats
//! one that repeats a single word, which plain BM25 sums over fields would not guarantee.

use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentReader};

use crate::rescore::{Rescore, Rescored, SegmentRescore};

/// Wraps a query; its score becomes `s / (s + half)` times the boost it is given.
pub type Saturated = Rescored<Saturation>;

impl Saturated {
    /// Saturates `query`; `half` (> 0) is the inner score that counts as half a match.
    pub fn new(query: Box<dyn Query>, half: Score) -> Saturated {
        Rescored::with(
            query,
            Saturation {
                half: half.max(f32::MIN_POSITIVE),
            },
        )
    }
}

/// The saturation itself: 0 for 0, ½ at `half`, towards 1 for large scores.
pub fn saturate(score: Score, half: Score) -> Score {
    let score = score.max(0.0);
    score / (score + half)
}

/// [`saturate`] at `half`, as a change of scores.
#[derive(Debug, Clone, Copy)]
pub struct Saturation {
    half: Score,
}

/// [`Saturation`] times a boost: the boost scales the bounded score.
pub struct Boosted {
    half: Score,
    boost: Score,
}

impl Rescore for Saturation {
    type Segment = Boosted;

    fn segment(&self, _reader: &SegmentReader, boost: Score) -> tantivy::Result<Boosted> {
        Ok(Boosted {
            half: self.half,
            boost,
        })
    }

    fn describe(&self) -> String {
        format!("Saturated s/(s+{})", self.half)
    }
}

impl SegmentRescore for Boosted {
    const READS_DOC: bool = false;

    fn rescore(&mut self, _doc: DocId, score: Score) -> Score {
        saturate(score, self.half) * self.boost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_is_bounded_and_monotonic() {
        assert_eq!(saturate(0.0, 4.0), 0.0);
        assert_eq!(saturate(4.0, 4.0), 0.5);
        assert!(saturate(1000.0, 4.0) < 1.0);
        assert!(saturate(8.0, 4.0) > saturate(6.0, 4.0));
        assert_eq!(saturate(-1.0, 4.0), 0.0);
    }
}
