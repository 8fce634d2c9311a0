//! Facets: the dimensions results can be filtered and counted by. Each record carries facet
//! values such as `/group/ceramics` or `/district/Gia Lâm`; counting and filtering run inside
//! tantivy, never by scanning results in the UI.

use tantivy::schema::Facet;

/// A dimension results can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// The facet holding every value of this dimension.
    pub fn root(self) -> Facet {
        Facet::from_path([self.as_str()])
    }

    /// The facet of one value.
    pub fn value(self, value: &str) -> Facet {
        Facet::from_path([self.as_str(), value])
    }
}

/// A filter chosen by the user: one value of one dimension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Filter {
    /// The dimension.
    pub dimension: Dimension,
    /// The value, as stored in the facet (`ceramics`, `Gia Lâm`).
    pub value: String,
}

impl Filter {
    /// The facet the filter selects.
    pub fn facet(&self) -> Facet {
        self.dimension.value(&self.value)
    }
}
