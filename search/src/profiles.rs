//! What the engine reads of every record a query matches besides its words — its kind's rank,
//! its standing ([`crate::ranking::standing`]) and its facet terms — packed at open.
//!
//! Read from tantivy's columns, those were a quarter of a keystroke at 100,000 records: two
//! optional `u64` columns and one multi-valued string column, decoded for every matching
//! record. Records share them, though: all the products of a village and craft with the same
//! stars have the same ones. So each segment's records are mapped once, at open, to their
//! *profile* (one distinct combination), and a keystroke reads one small number per matching
//! record:
//! the rank and standing come from the profile, and the facets are counted per profile, then
//! added up per facet term once at the end. The counts are exact (every matching record is
//! counted); only where they are read from changes.
//!
//! Memory: as many bits per record as naming a profile takes (10 for the 909 profiles of
//! 100,000 synthetic records: 0.12 MiB), and the profiles themselves. A segment with more than
//! [`MAX_PROFILES`] profiles is not packed, and the engine reads its columns as before.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use crate::ranking::{NEUTRAL_STANDING, UNKNOWN_RANK};
use crate::schema;

/// Most profiles a segment is packed with (16 bits name one).
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
    of_record: Packed,
    profiles: Vec<Profile>,
    /// The facet term ordinals of every profile, one after another (see [`Profile::facets`]).
    ords: Vec<u32>,
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
        let key_of = |doc: DocId| {
            let rank = ranks.as_ref().map_or(UNKNOWN_RANK, |r| r.get_val(doc));
            let standing = standings
                .as_ref()
                .map_or(NEUTRAL_STANDING, |s| s.get_val(doc));
            let mut ords: Vec<u64> = facets
                .as_ref()
                .map(|column| column.term_ords(doc).collect())
                .unwrap_or_default();
            ords.sort_unstable();
            (rank, standing, ords)
        };
        // Two passes, so that no list of every record's profile is held before the packed
        // one: wasm memory, once grown, is never given back.
        let mut profiles = Vec::new();
        let mut ords = Vec::new();
        let mut known: HashMap<(u64, u64, Vec<u64>), usize> = HashMap::new();
        for doc in 0..max_doc {
            let key = key_of(doc);
            if known.contains_key(&key) {
                continue;
            }
            if profiles.len() >= max_profiles.min(MAX_PROFILES) {
                return None;
            }
            let start = ords.len();
            for ord in &key.2 {
                ords.push(u32::try_from(*ord).ok()?);
            }
            profiles.push(Profile {
                rank: key.0,
                standing: key.1,
                facets: start..ords.len(),
            });
            known.insert(key, profiles.len() - 1);
        }
        let mut of_record = Packed::zeroed(max_doc as usize, profiles.len());
        for doc in 0..max_doc {
            of_record.set(doc as usize, *known.get(&key_of(doc))?);
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
        self.of_record.get(doc as usize).unwrap_or(0)
    }

    /// The kind rank and the standing of each profile, in profile order.
    pub fn ranks_and_standings(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.profiles.iter().map(|p| (p.rank, p.standing))
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
        named_counts(column, &per_term)
    }
}

/// The facet terms with a count above zero, named, in term order: the dictionary is read
/// forwards, a thousand terms at a time (looking each term up by its ordinal decoded its block
/// from the start, every time; listing every ordinal at once would cost as much memory again
/// as the counts at 100,000 records). A term the dictionary cannot name is left out.
pub(crate) fn named_counts(column: &StrColumn, per_term: &[u64]) -> Vec<(String, u64)> {
    const CHUNK: usize = 1024;
    let mut out = Vec::new();
    let mut ords = Vec::with_capacity(CHUNK);
    let mut nonzero = (0..per_term.len() as u64).filter(|&ord| per_term[ord as usize] > 0);
    loop {
        ords.clear();
        ords.extend(nonzero.by_ref().take(CHUNK));
        if ords.is_empty() {
            return out;
        }
        let mut counts = ords.iter().map(|&ord| per_term[ord as usize]);
        let named = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            let n = counts.next();
            if let (Ok(term), Some(n)) = (std::str::from_utf8(term), n) {
                out.push((term.to_string(), n));
            }
        });
        if named.is_err() {
            return Vec::new();
        }
    }
}

/// Numbers below a bound, each in as few bits as the bound takes, one after another.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Packed {
    words: Vec<u64>,
    /// Bits per number, 0–16.
    width: u32,
    len: usize,
}

impl Packed {
    /// `len` zeros, for numbers below `bound` (at most [`MAX_PROFILES`]).
    fn zeroed(len: usize, bound: usize) -> Packed {
        let width = usize::BITS - bound.saturating_sub(1).leading_zeros();
        Packed {
            words: vec![0; (len * width as usize).div_ceil(64)],
            width,
            len,
        }
    }

    /// Sets the `i`th number (once: bits are added, not replaced); ignores an `i` out of range.
    fn set(&mut self, i: usize, value: usize) {
        if i >= self.len {
            return;
        }
        let at = i * self.width as usize;
        let (word, shift) = (at / 64, at % 64);
        let value = value as u64 & ((1 << self.width) - 1);
        if let Some(w) = self.words.get_mut(word) {
            *w |= value << shift;
        }
        if shift + self.width as usize > 64 {
            if let Some(w) = self.words.get_mut(word + 1) {
                *w |= value >> (64 - shift);
            }
        }
    }

    /// The `i`th number, if there is one.
    fn get(&self, i: usize) -> Option<usize> {
        if i >= self.len {
            return None;
        }
        if self.width == 0 {
            return Some(0);
        }
        let at = i * self.width as usize;
        let (word, shift) = (at / 64, at % 64);
        let mut value = self.words.get(word)? >> shift;
        if shift + self.width as usize > 64 {
            value |= self.words.get(word + 1)? << (64 - shift);
        }
        Some((value & ((1 << self.width) - 1)) as usize)
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
    fn packed_numbers_read_back_as_written_at_every_width() {
        for bound in [1, 2, 3, 255, 256, 909, 1024, 1025, MAX_PROFILES] {
            let values: Vec<usize> = (0..1000).map(|i| (i * 7919 + i / 3) % bound).collect();
            let mut packed = Packed::zeroed(values.len(), bound);
            for (i, v) in values.iter().enumerate() {
                packed.set(i, *v);
            }
            let read: Vec<usize> = (0..values.len()).filter_map(|i| packed.get(i)).collect();
            assert_eq!(read, values, "bound {bound}");
            assert_eq!(packed.get(values.len()), None);
        }
        let widths: Vec<u32> = [1, 2, 3, 256, 257, 909, MAX_PROFILES]
            .into_iter()
            .map(|bound| Packed::zeroed(10, bound).width)
            .collect();
        assert_eq!(widths, [0, 1, 2, 8, 9, 10, 16]);
        assert_eq!(Packed::zeroed(100_000, 909).words.len() * 8, 125_000);
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
