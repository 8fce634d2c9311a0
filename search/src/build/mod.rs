//! Building a bundle from the records (native only, behind the `write` feature).
//!
//! The index is written in memory by one thread (`indexed.rs` says what it holds of each
//! record), merged into one segment whose files are renamed to a fixed id (`segment.rs`), and
//! packed with the dataset file into a bundle: the same records always give a byte-identical
//! bundle. `export.rs` gives the benchmark the same texts for the engines it compares.

mod export;
mod indexed;
mod segment;

use std::collections::BTreeMap;

use tantivy::directory::RamDirectory;
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, IndexWriter};

use crate::bundle::{
    self, DatasetInfo, Manifest, PlanFigure, DATASET_FILE, FORMAT_VERSION, TANTIVY_VERSION,
};
use crate::schema::{self, Fields};
use crate::{analyzer, details, Result};

pub use crate::dataset::Dataset;
pub use export::{searchable_texts, SearchableText};

/// Memory for the single indexing thread.
const WRITER_MEMORY: usize = 200_000_000;

/// A built bundle and its manifest.
pub struct Built {
    /// The bundle's bytes.
    pub bytes: Vec<u8>,
    /// The manifest naming it.
    pub manifest: Manifest,
    /// The names list ([`crate::names`]), as JSON.
    pub names: Vec<u8>,
    /// The records' details files ([`crate::details`]), by file name, in the bundle's order.
    pub details: BTreeMap<String, Vec<u8>>,
}

impl Built {
    /// Opens the built bundle with every record's details, as a browser that has kept them
    /// does (and as the prerenderer reads it).
    pub fn open(&self) -> Result<crate::Engine> {
        let engine = crate::Engine::open(self.bytes.clone())?;
        for (name, bytes) in &self.details {
            let digest = details::digest_of_name(name).ok_or(crate::Error::Malformed {
                path: name.clone(),
                problem: "not a details file's name",
            })?;
            engine.add_details(digest, bytes.clone())?;
        }
        Ok(engine)
    }
}

/// Builds the bundle of a dataset. `plan` holds the plan's indicators with their measured
/// figures (computed by the caller, which knows the seeds' measures).
pub fn build(data: &Dataset, plan: Vec<PlanFigure>) -> Result<Built> {
    let directory = RamDirectory::create();
    let (index, details) = write_index(data, &directory)?;
    let mut files = segment::renamed_files(&index, &directory)?;
    let info = DatasetInfo {
        data_updated: data.updated.clone(),
        counts: data.counts(),
        plan,
        communes: data.communes.clone(),
        featured: crate::page_data::featured_villages(&data.villages),
    };
    files.insert(DATASET_FILE.to_string(), crate::wire::encode(&info)?);

    let names = serde_json::to_vec(&crate::names::Names::of(&indexed::records(data)))?;
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
    Ok(Built {
        bytes,
        manifest,
        names,
        details,
    })
}

/// Indexes every record into `directory` with one thread and merges the result into one
/// segment.
fn write_index(
    data: &Dataset,
    directory: &RamDirectory,
) -> Result<(Index, BTreeMap<String, Vec<u8>>)> {
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
    let links = indexed::Links::new(data);
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    let mut files = BTreeMap::new();
    for record in indexed::records(data) {
        let split = details::split(&record);
        let document = indexed::document(&fields, &record, &split.stored, links.indexed(&record));
        writer.add_document(document)?;
        if let Some((digest, bytes)) = split.details {
            files.insert(details::file_name(&digest), bytes);
        }
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok((index, files))
}
