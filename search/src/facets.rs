//! Facets: the dimensions results can be filtered and counted by. Each record carries facet
//! terms such as `group=ceramics` or `district=Gia Lâm` in one untokenised, fast field;
//! filtering is a term query and counting is [`FacetCounter`], a tantivy collector that counts
//! the matching documents' facet terms (from their [`crate::profiles`]) — both inside the engine, never by scanning results in the
//! UI. (Tantivy's own facet field pulls a regex engine into the browser build; this does not.)

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::profiles::{named_counts, Profiles, SegmentProfiles};

/// A dimension results can be filtered by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Dimension {
    /// Record kind: village, craft, product, tour.
    Kind,
    /// Craft group (see [`crate::CraftGroup`]).
    Group,
    /// Commune or ward since July 2025.
    Commune,
    /// District before July 2025.
    District,
    /// The city's title: LN, LNTT, NTT.
    Title,
    /// OCOP stars of a product, or the best of a village's products.
    Ocop,
    /// Village status (active, endangered …).
    Status,
    /// Whether a craft-tourism route stops there.
    Tours,
}

impl Dimension {
    /// All dimensions, in the order the app shows them.
    pub const ALL: [Dimension; 8] = [
        Dimension::Kind,
        Dimension::Group,
        Dimension::District,
        Dimension::Commune,
        Dimension::Title,
        Dimension::Ocop,
        Dimension::Status,
        Dimension::Tours,
    ];

    /// The dimension's name in facet paths and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Kind => "kind",
            Dimension::Group => "group",
            Dimension::Commune => "commune",
            Dimension::District => "district",
            Dimension::Title => "title",
            Dimension::Ocop => "ocop",
            Dimension::Status => "status",
            Dimension::Tours => "tours",
        }
    }

    /// Parses a name produced by [`Dimension::as_str`].
    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == name)
    }

    /// The indexed term of one value of this dimension: `group=ceramics`.
    pub fn term(self, value: &str) -> String {
        format!("{}={value}", self.as_str())
    }

    /// Splits a term made by [`Dimension::term`].
    pub fn parse_term(term: &str) -> Option<(Dimension, &str)> {
        let (dimension, value) = term.split_once('=')?;
        Some((Dimension::parse(dimension)?, value))
    }
}

/// A filter chosen by the user: one value of one dimension.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Filter {
    /// The dimension.
    pub dimension: Dimension,
    /// The value, as stored in the facet (`ceramics`, `Gia Lâm`).
    pub value: String,
}

impl Filter {
    /// The indexed term the filter selects.
    pub fn term(&self) -> String {
        self.dimension.term(&self.value)
    }
}

/// Counts, per facet term, the matching documents: a tantivy collector over the records'
/// [`Profiles`] where the segment is packed, else over the facet field's column of term
/// ordinals.
pub struct FacetCounter {
    /// Name of the facet field (untokenised and fast).
    pub field: String,
    /// The packed segments.
    pub profiles: Profiles,
}

/// [`FacetCounter`] for one segment.
pub enum SegmentFacetCounter {
    /// Counts per profile, added up per term at the end.
    Packed {
        /// The segment's profiles.
        profiles: Arc<SegmentProfiles>,
        /// Matching records per profile.
        counts: Vec<u32>,
    },
    /// Counts per term ordinal, read record by record.
    Column {
        /// The facet column, if the segment has one.
        column: Option<StrColumn>,
        /// Matching records per term ordinal.
        counts: Vec<u64>,
    },
}

impl Collector for FacetCounter {
    type Fruit = BTreeMap<String, u64>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        if let Some(profiles) = self.profiles.of(reader) {
            let counts = vec![0; profiles.len()];
            return Ok(SegmentFacetCounter::Packed { profiles, counts });
        }
        let column = reader.fast_fields().str(&self.field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentFacetCounter::Column {
            column,
            counts: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<BTreeMap<String, u64>>,
    ) -> tantivy::Result<BTreeMap<String, u64>> {
        let mut total = BTreeMap::new();
        for fruit in fruits {
            for (term, n) in fruit {
                *total.entry(term).or_insert(0) += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = BTreeMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self {
            SegmentFacetCounter::Packed { profiles, counts } => {
                if let Some(n) = counts.get_mut(profiles.profile_of(doc)) {
                    *n += 1;
                }
            }
            SegmentFacetCounter::Column {
                column: Some(column),
                counts,
            } => {
                for ord in column.term_ords(doc) {
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
            SegmentFacetCounter::Column { column: None, .. } => {}
        }
    }

    fn harvest(self) -> BTreeMap<String, u64> {
        match self {
            SegmentFacetCounter::Packed { profiles, counts } => {
                profiles.facet_counts(&counts).into_iter().collect()
            }
            SegmentFacetCounter::Column { column, counts } => {
                let Some(column) = column else {
                    return BTreeMap::new();
                };
                named_counts(&column, &counts).into_iter().collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::Facet;

    /// The vendored tantivy prints a facet without a regex (vendor/README.md); it must escape
    /// each slash and backslash inside a step exactly as upstream's regex did.
    #[test]
    fn a_facet_prints_as_upstream_does() {
        let facet = Facet::from_path(["first", "sec/ond", "back\\slash", "plain"]);
        assert_eq!(facet.to_string(), "/first/sec\\/ond/back\\/slash/plain");
        assert_eq!(
            format!("{facet:?}"),
            "Facet(/first/sec\\/ond/back\\/slash/plain)"
        );
        assert_eq!(Facet::from_path(["làng", "gốm"]).to_string(), "/làng/gốm");
    }
}
