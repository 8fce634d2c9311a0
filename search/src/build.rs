//! Building a bundle from the records (native only, behind the `write` feature).
//!
//! The index is written in memory by one thread, merged into one segment, and its files are
//! renamed so that no random segment id leaks into the bundle: the same records always give a
//! byte-identical bundle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::index::SegmentComponent;
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use crate::bundle::{self, Manifest, FORMAT_VERSION, TANTIVY_VERSION};
use crate::engine::{DatasetInfo, PlanFigure, DATASET_FILE};
use crate::facets::Dimension;
use crate::schema::{self, Fields};
use crate::{analyzer, Craft, Error, Kind, PlanIndicator, Product, Record, Result, Tour, Village};

/// The fixed id every bundle's single segment is renamed to.
const SEGMENT_ID: &str = "00000000000000000000000000000001";
/// Memory for the single indexing thread.
const WRITER_MEMORY: usize = 200_000_000;

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
    /// PIN to leave kiosk mode, from `handbook.toml`.
    pub kiosk_pin: Option<String>,
}

impl Dataset {
    /// Records per kind.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        [
            (Kind::Village, self.villages.len()),
            (Kind::Craft, self.crafts.len()),
            (Kind::Product, self.products.len()),
            (Kind::Tour, self.tours.len()),
        ]
        .into_iter()
        .map(|(k, n)| (k.as_str().to_string(), n as u64))
        .collect()
    }
}

/// A built bundle and its manifest.
pub struct Built {
    /// The bundle's bytes.
    pub bytes: Vec<u8>,
    /// The manifest naming it.
    pub manifest: Manifest,
}

/// Texts and facets of one record, as indexed.
#[derive(Default)]
struct Indexed {
    title: Vec<String>,
    /// Indexed like the title (names of the village's crafts) but never a whole name.
    tags: Vec<String>,
    body: Vec<String>,
    english: Vec<String>,
    places: Vec<String>,
    facets: BTreeSet<(Dimension, String)>,
}

/// Lookups between records, for texts and facets that cross them.
struct Links<'a> {
    crafts: HashMap<&'a str, &'a Craft>,
    villages: HashMap<&'a str, &'a Village>,
    toured: BTreeSet<&'a str>,
    best_ocop: HashMap<&'a str, u8>,
}

impl<'a> Links<'a> {
    fn new(data: &'a Dataset) -> Links<'a> {
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

fn document(fields: &Fields, record: &Record, indexed: Indexed) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    let kind = record.kind();
    doc.add_text(fields.kind, kind.as_str());
    doc.add_u64(fields.kind_rank, crate::engine::kind_rank(kind));
    doc.add_text(fields.id, record.id());
    doc.add_text(fields.key, schema::key(kind, record.id()));
    for text in &indexed.title {
        doc.add_text(fields.title_exact, text);
        doc.add_text(fields.title_folded, text);
        doc.add_text(fields.name_whole, text);
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
    doc.add_text(fields.record, record.to_json());
    doc.add_text(fields.facets, Dimension::Kind.term(kind.as_str()));
    for (dim, value) in &indexed.facets {
        doc.add_text(fields.facets, dim.term(value));
    }
    doc
}

/// One record's searchable texts, exactly as the index sees them: what the benchmark gives the
/// other engines so that every engine searches the same words.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchableText {
    /// `kind/id`.
    pub id: String,
    /// Kind of record.
    pub kind: &'static str,
    /// Name and aliases.
    pub title: String,
    /// Body text (summary, related names, crafts).
    pub body: String,
    /// English names and summaries.
    pub english: String,
    /// Former and current place names.
    pub places: String,
}

/// The searchable texts of every record, in index order.
pub fn searchable_texts(data: &Dataset) -> Vec<SearchableText> {
    let links = Links::new(data);
    records(data)
        .into_iter()
        .map(|record| {
            let indexed = match &record {
                Record::Village(v) => links.village(v),
                Record::Craft(c) => links.craft(c),
                Record::Product(p) => links.product(p),
                Record::Tour(t) => links.tour(t),
            };
            let join = |parts: &[String]| parts.join(" · ");
            SearchableText {
                id: schema::key(record.kind(), record.id()),
                kind: record.kind().as_str(),
                title: join(&indexed.title),
                body: join(&[indexed.tags.clone(), indexed.body.clone()].concat()),
                english: join(&indexed.english),
                places: join(&indexed.places),
            }
        })
        .collect()
}

/// Every record of the dataset, in a fixed order (kind, then id).
fn records(data: &Dataset) -> Vec<Record> {
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

/// Builds the bundle of a dataset. `plan` holds the plan's indicators with their measured
/// figures (computed by the caller, which knows the seeds' measures).
pub fn build(data: &Dataset, plan: Vec<PlanFigure>) -> Result<Built> {
    let directory = RamDirectory::create();
    let settings = IndexSettings {
        // Stored records stay uncompressed: HTTP brotli compresses the whole bundle better than
        // lz4 blocks would, and the browser skips decompressing them.
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema::schema())
        .settings(settings)
        .open_or_create(directory.clone())?;
    analyzer::register(&index);
    let fields = Fields::from_schema(&index.schema())?;
    let links = Links::new(data);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    for record in records(data) {
        let indexed = match &record {
            Record::Village(v) => links.village(v),
            Record::Craft(c) => links.craft(c),
            Record::Product(p) => links.product(p),
            Record::Tour(t) => links.tour(t),
        };
        writer.add_document(document(&fields, &record, indexed))?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;

    let metas = index.searchable_segment_metas()?;
    let [segment] = metas.as_slice() else {
        unreachable!(
            "the index was merged into one segment, found {}",
            metas.len()
        );
    };
    let old_id = segment.id().uuid_string();
    let mut files = BTreeMap::new();
    for component in [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
        SegmentComponent::Terms,
        SegmentComponent::Store,
    ] {
        let path = segment.relative_path(component);
        if let Ok(bytes) = directory.atomic_read(&path) {
            let name = path.to_string_lossy().replace(&old_id, SEGMENT_ID);
            files.insert(name, bytes);
        }
    }
    let meta = directory
        .atomic_read(Path::new("meta.json"))
        .map_err(|e| Error::MissingFile(format!("meta.json ({e})")))?;
    let meta = String::from_utf8_lossy(&meta)
        .replace(&old_id, SEGMENT_ID)
        .replace(&hyphenated(&old_id), &hyphenated(SEGMENT_ID));
    files.insert("meta.json".to_string(), meta.into_bytes());

    let info = DatasetInfo {
        data_updated: data.updated.clone(),
        counts: data.counts(),
        plan,
        kiosk_pin: data.kiosk_pin.clone(),
    };
    files.insert(DATASET_FILE.to_string(), serde_json::to_vec(&info)?);

    let bytes = bundle::write(&files);
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        tantivy_version: TANTIVY_VERSION.to_string(),
        bundle: bundle::bundle_file_name(&bytes),
        bytes: bytes.len() as u64,
        sha256: bundle::sha256_hex(&bytes),
        counts: data.counts(),
        data_updated: data.updated.clone(),
    };
    Ok(Built { bytes, manifest })
}

/// `0123…` as `01234567-89ab-cdef-…`, the form segment ids take in `meta.json`.
fn hyphenated(simple: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &simple[0..8],
        &simple[8..12],
        &simple[12..16],
        &simple[16..20],
        &simple[20..32]
    )
}
