//! The handbook's shared core, compiled into both the native indexer and the WASM app:
//! the data model, the Vietnamese analyzer, the tantivy schema, the bundle format and the one
//! query function both sides call, so a result seen in the browser is the result the indexer's
//! `query` command prints. It also holds what the app's pages need that does not need a
//! browser: the language rule ([`lang`]), the URL codec ([`route`]) and each page's data
//! ([`page_data`]), so they run natively (tests, prerendering) as well as in the browser. The
//! same goes for what visitors plan with: festival dates on the lunar calendar ([`calendar`],
//! [`festival`]), links to map apps ([`directions`]), the map's geometry ([`map`], [`geo`]), tour
//! cards and their filters ([`tours`]) and quizzes ([`quiz`]); none of these touch the engine.
//!
//! Writing an index needs tantivy's threaded writer; it sits behind the `write` feature, which
//! the app never enables.

pub mod analyzer;
pub mod ask;
pub mod bundle;
pub mod calendar;
pub mod common_words;
pub mod dataset;
pub mod decimal;
pub mod details;
pub mod directions;
pub mod directory;
pub mod download;
pub mod engine;
pub mod facets;
pub mod festival;
pub mod geo;
pub mod highlight;
mod integrity;
pub mod lang;
pub mod links;
pub mod map;
pub mod map_scene;
pub mod model;
pub mod names;
pub mod page_data;
pub mod per_kind;
pub mod profiles;
pub mod query;
pub mod quiz;
pub mod ranking;
pub mod rescore;
pub mod route;
pub mod saturate;
pub mod schema;
pub mod text;
pub mod tours;
pub mod typing;
pub mod vocabulary;
pub mod wire;

#[cfg(feature = "write")]
pub mod build;

pub use bundle::{Counts, DatasetInfo, PlanFigure};
pub use dataset::Dataset;
pub use engine::{Engine, Hit, SearchRequest, SearchResults};
pub use lang::{Bilingual, Lang};
pub use model::*;
pub use route::Route;

/// Everything that can go wrong reading a bundle or searching it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes do not start with the bundle magic: not a handbook bundle.
    #[error("not a handbook bundle (bad magic bytes)")]
    BadMagic,
    /// The bundle was written in a format version this code does not read.
    #[error("bundle format version {found} is not supported (this app reads version {supported})")]
    UnsupportedVersion {
        /// Version found in the bundle.
        found: u32,
        /// Version this code reads.
        supported: u32,
    },
    /// The bundle ends before a part it announces.
    #[error("bundle is truncated: needs {needed} bytes, has {actual}")]
    Truncated {
        /// Bytes the bundle should have at least.
        needed: u64,
        /// Bytes it has.
        actual: u64,
    },
    /// A file of the bundle (or its table) does not match its checksum: the bundle is corrupted.
    #[error("bundle is corrupted: checksum mismatch in {path}")]
    ChecksumMismatch {
        /// The file whose checksum failed.
        path: String,
    },
    /// A file of the bundle matches its checksum but not its format: a table pointing outside
    /// the file, or a document count the index files contradict.
    #[error("bundle is corrupted: {path} is malformed ({problem})")]
    Malformed {
        /// The file at fault.
        path: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// Tantivy panicked reading the index: damage no check before it caught. Only where panics
    /// unwind (native builds); in the browser such a panic aborts the module.
    #[error("the index is damaged: reading it failed ({0})")]
    IndexPanicked(String),
    /// A path in the bundle's file table is not UTF-8 (its checksum was right: the bundle was
    /// written wrongly, not damaged on the way).
    #[error("bundle has a file path that is not UTF-8: {bytes:?}")]
    BadPath {
        /// The path's bytes.
        bytes: Vec<u8>,
    },
    /// A file the bundle must hold is missing.
    #[error("bundle is missing {0}")]
    MissingFile(String),
    /// A stored record lacks a field every record is written with: the bundle was not written
    /// by this code's indexer.
    #[error("a stored record has no `{0}` field")]
    MissingStoredField(&'static str),
    /// The manifest announces something the app refuses to download (a size past
    /// [`download::MAX_BUNDLE_BYTES`], a malformed hash or bundle name).
    #[error("the manifest is not acceptable: {0}")]
    ManifestRejected(&'static str),
    /// A downloaded bundle's size is not the manifest's: cut short, or another file.
    #[error("the downloaded bundle has {actual} bytes, the manifest says {expected}")]
    BundleSize {
        /// Bytes the manifest announced.
        expected: u64,
        /// Bytes received (so far, when the download was stopped for going past the size).
        actual: u64,
    },
    /// A downloaded bundle's SHA-256 is not the manifest's: damaged, or another file.
    #[error("the downloaded bundle's SHA-256 is {actual}, the manifest says {expected}")]
    BundleHash {
        /// SHA-256 the manifest announced.
        expected: String,
        /// SHA-256 of the bytes received.
        actual: String,
    },
    /// The index inside the bundle could not be opened or searched.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The dataset file is not valid JSON (or the indexer could not write its JSON).
    #[error("invalid stored data: {0}")]
    Json(#[from] serde_json::Error),
    /// A stored record does not read as one ([`model::Record::to_stored`]).
    #[error("invalid stored record: {0}")]
    Stored(postcard::Error),
    /// A message between the engine's worker and the page does not read as its type
    /// ([`wire`]).
    #[error("a message between the engine and the page does not read: {0}")]
    Wire(#[from] postcard::Error),
}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
