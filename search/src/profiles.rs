//! What the engine reads of every record a query matches besides its words — its kind's rank,
//! its standing ([`crate::ranking::standing`]) and its facet terms — packed at open.
//!
//! Read from tantivy's columns, those were a quarter of a keystroke at 100,000 records: two
//! optional `u64` columns and one multi-valued string column, decoded for every matching
//! record. Records share them, though: all the products of a village and craft with the same
//! stars have the same ones. So each segment's records are mapped once, at open, to their
//! *profile* (one distinct combination), and a keystroke reads one `u16` per matching record:
//! the rank and standing come from the profile, and the facets are counted per profile, then
//! added up per facet term once at the end. The counts are exact (every matching record is
//! counted); only where they are read from changes.
//!
//! Memory: two bytes per record (0.2 MiB at 100,000 records) and the profiles themselves. A
//! segment with more than [`MAX_PROFILES`] profiles is not packed, and the engine reads its
//! columns as before.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use crate::ranking::{NEUTRAL_STANDING, UNKNOWN_RANK};
use crate::schema;

/// Most profiles a segment is packed with: one `u16` names a profile.
pub const MAX_PROFILES: usize = u16::MAX as usize + 1;

/// One combination of what records share.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Profile {
    rank: u64,
    standing: u64,
    /// Where its facet term ordinals lie in [`SegmentProfiles::ords`].
    facets: Range<usize>,
}

/// The profiles of one segment's records.
pub struct SegmentProfiles {
    segment: SegmentId,
    /// The profile of each record, by doc id.
    of_record: Vec<u16>,
    profiles: Vec<Profile>,
    /// The facet term ordinals of every profile, one after another (see [`Profile::facets`]).
    ords: Vec<u64>,
    /// The facet column, to name the ordinals.
    facets: Option<StrColumn>,
}

impl SegmentProfiles {
    /// Reads every record of a segment; `None` if they have more than `max_profiles` profiles
    /// (or a column cannot be read: then the engine reads the columns and meets the error
    /// there, as before).
    pub fn read(reader: &SegmentReader, max_profiles: usize) -> Option<SegmentProfiles> {
        let fast = reader.fast_fields();
        let ranks = fast
            .u64(schema::KIND_RANK_FIELD)
            .ok()
            .map(|c| c.first_or_default_col(UNKNOWN_RANK));
        let standings = fast
            .u64(schema::STANDING_FIELD)
            .ok()
            .map(|c| c.first_or_default_col(NEUTRAL_STANDING));
        let facets = fast.str(schema::FACETS_FIELD).ok()?;
        let max_doc = reader.max_doc();
        let mut of_record = Vec::with_capacity(max_doc as usize);
        let mut profiles = Vec::new();
        let mut ords = Vec::new();
        let mut known: HashMap<(u64, u64, Vec<u64>), u16> = HashMap::new();
        let mut record_ords = Vec::new();
        for doc in 0..max_doc {
            let rank = ranks.as_ref().map_or(UNKNOWN_RANK, |r| r.get_val(doc));
            let standing = standings
                .as_ref()
                .map_or(NEUTRAL_STANDING, |s| s.get_val(doc));
            record_ords.clear();
            if let Some(column) = &facets {
                record_ords.extend(column.term_ords(doc));
            }
            record_ords.sort_unstable();
            let key = (rank, standing, std::mem::take(&mut record_ords));
            let id = match known.get(&key) {
                Some(id) => *id,
                None => {
                    if profiles.len() >= max_profiles.min(MAX_PROFILES) {
                        return None;
                    }
                    let id = u16::try_from(profiles.len()).ok()?;
                    let start = ords.len();
                    ords.extend_from_slice(&key.2);
                    profiles.push(Profile {
                        rank,
                        standing,
                        facets: start..ords.len(),
                    });
                    known.insert(key.clone(), id);
                    id
                }
            };
            record_ords = key.2;
            of_record.push(id);
        }
        profiles.shrink_to_fit();
        ords.shrink_to_fit();
        Some(SegmentProfiles {
            segment: reader.segment_id(),
            of_record,
            profiles,
            ords,
            facets,
        })
    }

    /// How many profiles the segment's records have.
    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    /// Whether the segment has no records.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The profile of a record (0 for a doc id out of range; the collector only meets the
    /// segment's own).
    pub fn profile_of(&self, doc: DocId) -> usize {
        self.of_record.get(doc as usize).map_or(0, |p| *p as usize)
    }

    /// The kind rank and the standing of a record.
    pub fn rank_and_standing(&self, doc: DocId) -> (u64, u64) {
        self.profiles
            .get(self.profile_of(doc))
            .map_or((UNKNOWN_RANK, NEUTRAL_STANDING), |p| (p.rank, p.standing))
    }

    /// Facet term counts from counts of matching records per profile (indexed like the
    /// profiles), named: as counting each record's facet terms one by one would give.
    pub fn facet_counts(&self, per_profile: &[u32]) -> Vec<(String, u64)> {
        let Some(column) = &self.facets else {
            return Vec::new();
        };
        let mut per_term = vec![0u64; column.num_terms()];
        for (profile, n) in self.profiles.iter().zip(per_profile) {
            if *n == 0 {
                continue;
            }
            for ord in self.ords.get(profile.facets.clone()).unwrap_or_default() {
                if let Some(count) = per_term.get_mut(*ord as usize) {
                    *count += u64::from(*n);
                }
            }
        }
        let mut out = Vec::new();
        let mut term = String::new();
        for (ord, n) in per_term.into_iter().enumerate() {
            if n > 0 && column.ord_to_str(ord as u64, &mut term).unwrap_or(false) {
                out.push((term.clone(), n));
            }
        }
        out
    }
}

/// The profiles of every packed segment of a searcher.
#[derive(Clone, Default)]
pub struct Profiles(Vec<Arc<SegmentProfiles>>);

impl Profiles {
    /// Packs every segment that fits (see [`SegmentProfiles::read`]).
    pub fn read(searcher: &Searcher) -> Profiles {
        Profiles(
            searcher
                .segment_readers()
                .iter()
                .filter_map(|reader| SegmentProfiles::read(reader, MAX_PROFILES))
                .map(Arc::new)
                .collect(),
        )
    }

    /// Whether no segment is packed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The profiles of a segment, if it is packed.
    pub fn of(&self, reader: &SegmentReader) -> Option<Arc<SegmentProfiles>> {
        let id = reader.segment_id();
        self.0.iter().find(|p| p.segment == id).cloned()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;
    use crate::schema::Fields;

    /// An index of `n` records with every field the profiles read, varied; some records lack
    /// a rank, a standing or facets (as a damaged or older bundle may).
    fn index(n: u64) -> Index {
        let index = Index::create_in_ram(schema::schema());
        crate::analyzer::register(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..n {
            let mut doc = TantivyDocument::default();
            if i % 7 != 0 {
                doc.add_u64(fields.kind_rank, i % 4);
            }
            if i % 5 != 0 {
                doc.add_u64(fields.standing, i % 11);
            }
            if i % 13 != 0 {
                doc.add_text(fields.facets, format!("kind=k{}", i % 4));
                doc.add_text(fields.facets, format!("district=d{}", i % 9));
                if i % 3 == 0 {
                    doc.add_text(fields.facets, format!("group=g{}", i % 6));
                }
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        index
    }

    /// Facet counts of `docs`, each record's terms counted one by one from the column.
    fn counted_from_column(reader: &SegmentReader, docs: &[DocId]) -> BTreeMap<String, u64> {
        let column = reader
            .fast_fields()
            .str(schema::FACETS_FIELD)
            .unwrap()
            .unwrap();
        let mut counts = BTreeMap::new();
        let mut term = String::new();
        for doc in docs {
            for ord in column.term_ords(*doc) {
                assert!(column.ord_to_str(ord, &mut term).unwrap());
                *counts.entry(term.clone()).or_insert(0) += 1;
            }
        }
        counts
    }

    #[test]
    fn packed_facet_counts_and_standings_equal_the_columns() {
        let index = index(600);
        let searcher = index.reader().unwrap().searcher();
        let docs: Vec<DocId> = searcher
            .search(&AllQuery, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id)
            .collect();
        let reader = searcher.segment_reader(0);
        let packed = SegmentProfiles::read(reader, MAX_PROFILES).unwrap();
        assert!(packed.len() < docs.len(), "records share profiles");
        let fast = reader.fast_fields();
        let ranks = fast.u64(schema::KIND_RANK_FIELD).unwrap();
        let standings = fast.u64(schema::STANDING_FIELD).unwrap();
        for doc in &docs {
            let expected = (
                ranks.first(*doc).unwrap_or(UNKNOWN_RANK),
                standings.first(*doc).unwrap_or(NEUTRAL_STANDING),
            );
            assert_eq!(packed.rank_and_standing(*doc), expected, "doc {doc}");
        }
        // Every record, none, and subsets of several shapes.
        let subsets: Vec<Vec<DocId>> = vec![
            docs.clone(),
            Vec::new(),
            docs.iter().copied().filter(|d| d % 2 == 0).collect(),
            docs.iter().copied().filter(|d| d % 17 < 3).collect(),
            docs[..1].to_vec(),
        ];
        for subset in subsets {
            let mut per_profile = vec![0u32; packed.len()];
            for doc in &subset {
                per_profile[packed.profile_of(*doc)] += 1;
            }
            let got: BTreeMap<String, u64> =
                packed.facet_counts(&per_profile).into_iter().collect();
            assert_eq!(
                got,
                counted_from_column(reader, &subset),
                "{} records",
                subset.len()
            );
        }
    }

    #[test]
    fn a_segment_with_more_profiles_than_allowed_is_not_packed() {
        let index = index(600);
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        let profiles = SegmentProfiles::read(reader, MAX_PROFILES).unwrap().len();
        assert!(SegmentProfiles::read(reader, profiles).is_some());
        assert!(SegmentProfiles::read(reader, profiles - 1).is_none());
    }
}
