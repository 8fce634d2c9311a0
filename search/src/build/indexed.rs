//! What the index sees of each record: its texts by field (for a village, also what visitors
//! ask about: how to get there, what to see and do, festivals, shops) and its facet terms,
//! including what crosses records (a village's craft names and groups, a product's village and
//! place, whether a tour stops at a village, a village's best OCOP rating), and its standing.

use std::collections::{BTreeSet, HashMap};

use tantivy::TantivyDocument;

use crate::common_words;
use crate::dataset::Dataset;
use crate::facets::Dimension;
use crate::schema::{self, Fields};
use crate::{ranking, Craft, Product, Record, Tour, Village};

/// Texts and facets of one record, as indexed.
#[derive(Default)]
pub(super) struct Indexed {
    /// Name and aliases.
    pub title: Vec<String>,
    /// Indexed like the title (names of the village's crafts) but never a whole name.
    pub tags: Vec<String>,
    /// Summary, history, related names.
    pub body: Vec<String>,
    /// English names and texts.
    pub english: Vec<String>,
    /// Former district and commune, current commune or ward.
    pub places: Vec<String>,
    /// Facet values.
    pub facets: BTreeSet<(Dimension, String)>,
    /// The record's standing (see [`ranking::standing`]).
    pub standing: u64,
}

/// Lookups between records, for texts and facets that cross them.
pub(super) struct Links<'a> {
    crafts: HashMap<&'a str, &'a Craft>,
    villages: HashMap<&'a str, &'a Village>,
    toured: BTreeSet<&'a str>,
    best_ocop: HashMap<&'a str, u8>,
}

impl<'a> Links<'a> {
    pub fn new(data: &'a Dataset) -> Links<'a> {
        let mut best_ocop: HashMap<&str, u8> = HashMap::new();
        for p in &data.products {
            if let Some(ocop) = &p.ocop {
                let best = best_ocop.entry(&p.village).or_default();
                *best = (*best).max(ocop.stars);
            }
        }
        Links {
            crafts: data.crafts.iter().map(|c| (c.id.as_str(), c)).collect(),
            villages: data.villages.iter().map(|v| (v.id.as_str(), v)).collect(),
            toured: data
                .tours
                .iter()
                .flat_map(|t| t.stops.iter().filter_map(|s| s.village.as_deref()))
                .collect(),
            best_ocop,
        }
    }

    /// What the index sees of a record.
    pub fn indexed(&self, record: &Record) -> Indexed {
        let mut indexed = match record {
            Record::Village(v) => self.village(v),
            Record::Craft(c) => self.craft(c),
            Record::Product(p) => self.product(p),
            Record::Tour(t) => self.tour(t),
        };
        indexed.standing = match record {
            Record::Village(v) => ranking::standing(v, self.toured.contains(v.id.as_str())),
            Record::Tour(_) => ranking::TOUR_STANDING,
            Record::Craft(_) | Record::Product(_) => ranking::NEUTRAL_STANDING,
        };
        indexed
    }

    fn place_facets(&self, v: &Village, out: &mut Indexed) {
        out.places.push(v.historical.district.clone());
        out.places.extend(v.historical.commune.clone());
        out.facets
            .insert((Dimension::District, v.historical.district.clone()));
        if let Some(unit) = &v.current {
            out.places.push(unit.name.clone());
            out.facets.insert((Dimension::Commune, unit.name.clone()));
        }
    }

    fn village(&self, v: &Village) -> Indexed {
        let mut out = Indexed::default();
        out.title.push(v.name.clone());
        out.title.extend(v.aliases.iter().cloned());
        out.body.push(v.summary.clone());
        out.body.extend(v.history.clone());
        out.body.extend(v.artisans.iter().cloned());
        out.english.extend(v.name_en.clone());
        out.english.extend(v.summary_en.clone());
        // What a visitor asks about: how to get there, what to see and do, festivals and
        // market days, shops.
        out.body.extend(v.services.notes.clone());
        if let Some(visit) = &v.visit {
            out.body.extend(visit.getting_there.clone());
            out.body.extend(visit.see_and_do.iter().cloned());
            out.english.extend(visit.getting_there_en.clone());
            out.english.extend(visit.see_and_do_en.iter().cloned());
        }
        for festival in &v.festivals {
            out.body.push(festival.name.clone());
            out.body.extend(festival.about.clone());
            out.english.extend(festival.name_en.clone());
            out.english.extend(festival.about_en.clone());
        }
        out.body
            .extend(v.shops.iter().map(|shop| shop.name.clone()));
        for craft in v.crafts.iter().filter_map(|c| self.crafts.get(c.as_str())) {
            out.tags.push(craft.name.clone());
            out.english.push(craft.name_en.clone());
            out.facets
                .insert((Dimension::Group, craft.group.as_str().to_string()));
        }
        self.place_facets(v, &mut out);
        for r in &v.recognition {
            out.facets
                .insert((Dimension::Title, r.title.code().to_string()));
        }
        out.facets
            .insert((Dimension::Status, v.status.as_str().to_string()));
        let toured = if self.toured.contains(v.id.as_str()) {
            "yes"
        } else {
            "no"
        };
        out.facets.insert((Dimension::Tours, toured.to_string()));
        if let Some(stars) = self.best_ocop.get(v.id.as_str()) {
            out.facets.insert((Dimension::Ocop, stars.to_string()));
        }
        out
    }

    fn craft(&self, c: &Craft) -> Indexed {
        let mut out = Indexed::default();
        out.title.push(c.name.clone());
        out.body.push(c.description.clone());
        out.body.extend(c.materials.iter().cloned());
        out.body.extend(c.process.iter().cloned());
        out.english.push(c.name_en.clone());
        out.english.extend(c.description_en.clone());
        out.english.extend(c.materials_en.iter().cloned());
        out.english.extend(c.process_en.iter().cloned());
        out.facets
            .insert((Dimension::Group, c.group.as_str().to_string()));
        out
    }

    fn product(&self, p: &Product) -> Indexed {
        let mut out = Indexed::default();
        out.title.push(p.name.clone());
        out.body.push(p.summary.clone());
        out.body.extend(p.producer.clone());
        out.english.extend(p.name_en.clone());
        out.english.extend(p.summary_en.clone());
        if let Some(v) = self.villages.get(p.village.as_str()) {
            out.body.push(v.name.clone());
            self.place_facets(v, &mut out);
        }
        if let Some(c) = self.crafts.get(p.craft.as_str()) {
            out.body.push(c.name.clone());
            out.english.push(c.name_en.clone());
            out.facets
                .insert((Dimension::Group, c.group.as_str().to_string()));
        }
        if let Some(ocop) = &p.ocop {
            out.facets.insert((Dimension::Ocop, ocop.stars.to_string()));
        }
        out
    }

    fn tour(&self, t: &Tour) -> Indexed {
        let mut out = Indexed::default();
        out.title.push(t.name.clone());
        out.body.push(t.theme.clone());
        out.body.push(t.summary.clone());
        out.english.extend(t.name_en.clone());
        out.english.extend(t.summary_en.clone());
        for stop in &t.stops {
            out.body.push(stop.activity.clone());
            out.body.extend(stop.place.clone());
            out.english.extend(stop.activity_en.clone());
            if let Some(v) = stop.village.as_deref().and_then(|id| self.villages.get(id)) {
                out.body.push(v.name.clone());
                out.places.push(v.historical.district.clone());
            }
        }
        out
    }
}

/// The index document of a record, which stores `stored` (its card: [`crate::details`]).
pub(super) fn document(
    fields: &Fields,
    record: &Record,
    stored: &[u8],
    indexed: Indexed,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let kind = record.kind();
    doc.add_text(fields.kind, kind.as_str());
    doc.add_u64(fields.kind_rank, ranking::kind_rank(kind));
    doc.add_u64(fields.standing, indexed.standing);
    doc.add_text(fields.key, schema::key(kind, record.id()));
    for text in &indexed.title {
        doc.add_text(fields.title_exact, text);
        doc.add_text(fields.title_folded, text);
        doc.add_text(fields.name_whole, text);
        if let Some(rest) = common_words::name_after_common_word(text) {
            doc.add_text(fields.name_whole, rest);
        }
    }
    for text in &indexed.tags {
        doc.add_text(fields.topics, text);
    }
    for text in &indexed.body {
        doc.add_text(fields.body_exact, text);
        doc.add_text(fields.body_folded, text);
    }
    for text in &indexed.english {
        doc.add_text(fields.english, text);
    }
    for text in &indexed.places {
        doc.add_text(fields.places, text);
        doc.add_text(fields.places_exact, text);
    }
    doc.add_bytes(fields.record, stored);
    doc.add_text(fields.facets, Dimension::Kind.term(kind.as_str()));
    for (dim, value) in &indexed.facets {
        doc.add_text(fields.facets, dim.term(value));
    }
    doc
}

/// Every record of the dataset, in a fixed order (kind, then id).
pub(super) fn records(data: &Dataset) -> Vec<Record> {
    let mut records: Vec<Record> = data
        .villages
        .iter()
        .cloned()
        .map(Record::Village)
        .chain(data.crafts.iter().cloned().map(Record::Craft))
        .chain(data.products.iter().cloned().map(Record::Product))
        .chain(data.tours.iter().cloned().map(Record::Tour))
        .collect();
    records.sort_by(|a, b| (a.kind(), a.id()).cmp(&(b.kind(), b.id())));
    records
}
