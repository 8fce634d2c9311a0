//! A query whose score counts the same for every kind of record.
//!
//! The engine multiplies each record's score by its kind's factor
//! ([`crate::ranking::kind_factor`]: villages first for a name). A bonus meant to add the same
//! to a village as to a product ([`crate::query`]'s name coverage) is therefore divided by that
//! factor first. [`PerKind`] divides each record's score by the factor of the kind it reads
//! from the kind-rank column, so one query serves every kind. The alternative, one copy of the
//! query per kind joined with that kind's term, scanned the same postings four times: a tenth
//! of a keystroke's time at 100,000 records (issue 12).

use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentReader};

use crate::ranking::{kind_factor, UNKNOWN_RANK};
use crate::rescore::{Rescore, Rescored, SegmentRescore};
use crate::schema;

/// `query`, with each record's score divided by its kind's factor.
pub type PerKind = Rescored<ByKind>;

impl PerKind {
    /// Wraps `query`.
    pub fn new(query: Box<dyn Query>) -> PerKind {
        Rescored::with(query, ByKind)
    }
}

/// The division by each record's kind factor, as a change of scores.
#[derive(Debug, Clone, Copy)]
pub struct ByKind;

/// How many kind ranks there are: a record without one, or with one out of range, is ranked
/// as [`UNKNOWN_RANK`], the last (as the engine's ranking reads it).
const RANKS: usize = UNKNOWN_RANK as usize + 1;

/// [`ByKind`] for one segment: its kind-rank column, and the boost.
pub struct SegmentByKind {
    ranks: Column<u64>,
    /// The boost divided by the factor of each kind rank.
    divisors: [Score; RANKS],
}

impl Rescore for ByKind {
    type Segment = SegmentByKind;

    fn segment(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<SegmentByKind> {
        let mut divisors = [0.0; RANKS];
        for (rank, divisor) in (0u64..).zip(divisors.iter_mut()) {
            *divisor = boost / kind_factor(rank);
        }
        Ok(SegmentByKind {
            ranks: reader.fast_fields().u64(schema::KIND_RANK_FIELD)?,
            divisors,
        })
    }

    fn describe(&self) -> String {
        "divided by the record's kind factor".to_string()
    }
}

impl SegmentRescore for SegmentByKind {
    fn rescore(&mut self, doc: DocId, score: Score) -> Score {
        let rank = self.ranks.first(doc).unwrap_or(UNKNOWN_RANK);
        let divisor = usize::try_from(rank)
            .ok()
            .and_then(|r| self.divisors.get(r))
            .copied()
            .unwrap_or(self.divisors[RANKS - 1]);
        score * divisor
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{AllQuery, ConstScoreQuery, EnableScoring};
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
