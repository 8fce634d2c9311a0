//! A query whose score is another query's, changed record by record: what
//! [`crate::saturate::Saturated`] (bounds a word's score) and [`crate::per_kind::PerKind`]
//! (divides a bonus by each record's kind factor) share. The wrapper matches what its inner
//! query matches; only the score changes, so a query that does not score (a count) gets the
//! inner query's own weight.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// How scores change.
pub trait Rescore: Clone + fmt::Debug + Send + Sync + 'static {
    /// The change for the records of one segment.
    type Segment: SegmentRescore;

    /// The change for `reader`'s records, the query's `boost` included (the inner query is
    /// scored unboosted).
    fn segment(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Self::Segment>;

    /// What the change does, for an explanation.
    fn describe(&self) -> String;
}

/// The change for the records of one segment.
pub trait SegmentRescore: Send + 'static {
    /// Whether [`SegmentRescore::rescore`] reads the record: if not, it is given 0 and the
    /// inner scorer is not asked for it (a call per word and record, for [`crate::saturate`]).
    const READS_DOC: bool = true;

    /// The score of `doc`, whose inner query scored `score`.
    fn rescore(&mut self, doc: DocId, score: Score) -> Score;
}

/// `query`, its scores changed by `rescore`.
pub struct Rescored<R> {
    query: Box<dyn Query>,
    rescore: R,
}

impl<R: Rescore> Rescored<R> {
    /// Wraps `query`.
    pub fn with(query: Box<dyn Query>, rescore: R) -> Rescored<R> {
        Rescored { query, rescore }
    }
}

impl<R: Rescore> Clone for Rescored<R> {
    fn clone(&self) -> Self {
        Rescored {
            query: self.query.box_clone(),
            rescore: self.rescore.clone(),
        }
    }
}

impl<R: Rescore> fmt::Debug for Rescored<R> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:?}({:?})", self.rescore, self.query)
    }
}

impl<R: Rescore> Query for Rescored<R> {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(RescoredWeight {
                inner,
                rescore: self.rescore.clone(),
            })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

struct RescoredWeight<R> {
    inner: Box<dyn Weight>,
    rescore: R,
}

impl<R: Rescore> Weight for RescoredWeight<R> {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(RescoredScorer {
            inner: self.inner.scorer(reader, 1.0)?,
            segment: self.rescore.segment(reader, boost)?,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let value = self
            .rescore
            .segment(reader, 1.0)?
            .rescore(doc, inner.value());
        let mut explanation = Explanation::new_with_string(self.rescore.describe(), value);
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct RescoredScorer<S> {
    inner: Box<dyn Scorer>,
    segment: S,
}

impl<S: SegmentRescore> DocSet for RescoredScorer<S> {
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

impl<S: SegmentRescore> Scorer for RescoredScorer<S> {
    fn score(&mut self) -> Score {
        let doc = if S::READS_DOC { self.inner.doc() } else { 0 };
        let score = self.inner.score();
        self.segment.rescore(doc, score)
    }
}
