//! The whole dataset as the seeds hold it, checked: what the indexer builds a bundle from and
//! what its `plan` figures and synthetic scales are computed from.

use crate::bundle::Counts;
use crate::geo::Commune;
use crate::{Craft, PlanIndicator, Product, Tour, Village};

/// Everything in `seeds/`, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Villages.
    pub villages: Vec<Village>,
    /// Crafts.
    pub crafts: Vec<Craft>,
    /// Products.
    pub products: Vec<Product>,
    /// Tours.
    pub tours: Vec<Tour>,
    /// The plan's indicators.
    pub plan: Vec<PlanIndicator>,
    /// Date the seeds were last updated, `YYYY-MM-DD`.
    pub updated: String,
    /// Hanoi's communes and wards since July 2025, for the map's labels
    /// (`admin/units-2025.csv`).
    pub communes: Vec<Commune>,
}

impl Dataset {
    /// Records per kind.
    pub fn counts(&self) -> Counts {
        Counts {
            craft: self.crafts.len() as u64,
            product: self.products.len() as u64,
            tour: self.tours.len() as u64,
            village: self.villages.len() as u64,
        }
    }
}
