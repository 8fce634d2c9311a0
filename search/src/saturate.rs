//! A query whose score is bounded: `s ↦ s / (s + half)`, which stays below 1 and reaches ½ at
//! `half`. [`crate::query`] wraps each query word in it, so a word counts at most once however
//! many fields and times it matches in a record: a record that covers more of the query beats
//! one that repeats a single word, which plain BM25 sums over fields would not guarantee.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// Wraps a query; its score becomes `s / (s + half)` times the boost it is given.
pub struct Saturated {
    query: Box<dyn Query>,
    half: Score,
}

impl Saturated {
    /// Saturates `query`; `half` (> 0) is the inner score that counts as half a match.
    pub fn new(query: Box<dyn Query>, half: Score) -> Saturated {
        Saturated {
            query,
            half: half.max(f32::MIN_POSITIVE),
        }
    }
}

/// The saturation itself: 0 for 0, ½ at `half`, towards 1 for large scores.
pub fn saturate(score: Score, half: Score) -> Score {
    let score = score.max(0.0);
    score / (score + half)
}

impl Clone for Saturated {
    fn clone(&self) -> Self {
        Saturated {
            query: self.query.box_clone(),
            half: self.half,
        }
    }
}

impl fmt::Debug for Saturated {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Saturated(half={}, query={:?})", self.half, self.query)
    }
}

impl Query for Saturated {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(SaturatedWeight {
                inner,
                half: self.half,
            })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

struct SaturatedWeight {
    inner: Box<dyn Weight>,
    half: Score,
}

impl Weight for SaturatedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // The inner query is scored unboosted: the boost scales the bounded score.
        Ok(Box::new(SaturatedScorer {
            inner: self.inner.scorer(reader, 1.0)?,
            half: self.half,
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new_with_string(
            format!("Saturated s/(s+{})", self.half),
            saturate(inner.value(), self.half),
        );
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct SaturatedScorer {
    inner: Box<dyn Scorer>,
    half: Score,
    boost: Score,
}

impl DocSet for SaturatedScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for SaturatedScorer {
    fn score(&mut self) -> Score {
        saturate(self.inner.score(), self.half) * self.boost
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
