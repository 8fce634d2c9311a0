//! A query whose score counts the same for every kind of record.
//!
//! The engine multiplies each record's score by its kind's factor
//! ([`crate::ranking::kind_factor`]: villages first for a name). A bonus meant to add the same
//! to a village as to a product ([`crate::query`]'s name coverage) is therefore divided by that
//! factor first. [`PerKind`] divides each record's score by the factor of the kind it reads
//! from the kind-rank column, so one query serves every kind. The alternative, one copy of the
//! query per kind joined with that kind's term, scanned the same postings four times: a tenth
//! of a keystroke's time at 100,000 records (issue 12).

use std::fmt;

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

use crate::ranking::{kind_factor, UNKNOWN_RANK};
use crate::schema;

/// `query`, with each record's score divided by its kind's factor.
pub struct PerKind {
    query: Box<dyn Query>,
}

impl PerKind {
    /// Wraps `query`.
    pub fn new(query: Box<dyn Query>) -> PerKind {
        PerKind { query }
    }
}

impl Clone for PerKind {
    fn clone(&self) -> Self {
        PerKind {
            query: self.query.box_clone(),
        }
    }
}

impl fmt::Debug for PerKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "PerKind({:?})", self.query)
    }
}

impl Query for PerKind {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(PerKindWeight { inner })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

struct PerKindWeight {
    inner: Box<dyn Weight>,
}

/// How many kind ranks there are: a record without one, or with one out of range, is ranked
/// as [`UNKNOWN_RANK`], the last (as the engine's ranking reads it).
const RANKS: usize = UNKNOWN_RANK as usize + 1;

/// The divisor of each kind rank.
fn divisors() -> [Score; RANKS] {
    let mut out = [1.0; RANKS];
    for (rank, divisor) in (0u64..).zip(out.iter_mut()) {
        *divisor = 1.0 / kind_factor(rank);
    }
    out
}

impl PerKindWeight {
    fn ranks(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(schema::KIND_RANK_FIELD)
    }
}

impl Weight for PerKindWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(PerKindScorer {
            inner: self.inner.scorer(reader, boost)?,
            ranks: PerKindWeight::ranks(reader)?,
            divisors: divisors(),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let rank = PerKindWeight::ranks(reader)?
            .first(doc)
            .unwrap_or(UNKNOWN_RANK);
        let factor = kind_factor(rank);
        let mut explanation = Explanation::new_with_string(
            format!("divided by the kind factor {factor} (kind rank {rank})"),
            inner.value() / factor,
        );
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct PerKindScorer {
    inner: Box<dyn Scorer>,
    ranks: Column<u64>,
    divisors: [Score; RANKS],
}

impl DocSet for PerKindScorer {
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

impl Scorer for PerKindScorer {
    fn score(&mut self) -> Score {
        let rank = self.ranks.first(self.inner.doc()).unwrap_or(UNKNOWN_RANK);
        let divisor = usize::try_from(rank)
            .ok()
            .and_then(|r| self.divisors.get(r))
            .copied()
            .unwrap_or(self.divisors[RANKS - 1]);
        self.inner.score() * divisor
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{AllQuery, ConstScoreQuery};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;
    use crate::schema::Fields;

    #[test]
    fn the_bonus_counts_the_same_for_every_kind_once_the_engine_weighs_kinds() {
        let index = Index::create_in_ram(schema::schema());
        crate::analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Every kind rank, one out of range, and a record without one (a damaged bundle).
        let ranks = [Some(0), Some(1), Some(2), Some(3), Some(7), None];
        for rank in ranks {
            let mut doc = TantivyDocument::default();
            if let Some(rank) = rank {
                doc.add_u64(fields.kind_rank, rank);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let bonus = PerKind::new(Box::new(ConstScoreQuery::new(Box::new(AllQuery), 10.0)));
        let top = searcher
            .search(&bonus, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        assert_eq!(top.len(), ranks.len());
        for (score, address) in top {
            let rank = ranks[address.doc_id as usize].unwrap_or(UNKNOWN_RANK);
            let weighed = score * kind_factor(rank);
            assert!(
                (weighed - 10.0).abs() < 1e-4,
                "rank {rank}: {score} × {} = {weighed}",
                kind_factor(rank)
            );
        }
        // Villages (factor 1) keep the bonus; products (the lowest factor) get more before
        // the engine's factor.
        let explained = bonus
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let reader = searcher.segment_reader(0);
        assert_eq!(explained.explain(reader, 0).unwrap().value(), 10.0);
        assert!(explained.explain(reader, 3).unwrap().value() > 10.0);
    }
}
