//! The bundle: one file holding a whole index, and the manifest that names it.
//!
//! ```text
//! magic        8 bytes   "LNGHEHN\0"
//! version      u32 LE    FORMAT_VERSION
//! count        u32 LE    number of files
//! table_crc    u32 LE    CRC-32 of the table bytes
//! table        count × { path_len u16, path UTF-8, offset u64, length u64, crc32 u32 }
//! payload      the files, in table order; offsets are from the start of the bundle
//! ```
//!
//! All integers are little-endian. Files are sorted by path, and the writer leaks no clock or
//! random id into them, so the same seeds give a byte-identical bundle. The file is named by the
//! SHA-256 of its bytes (`handbook.<hash>.bundle`) so that no cache can serve a stale one; the
//! small unhashed `manifest.json` says which bundle is current.
//!
//! Beside the index's own files, the bundle holds [`DATASET_FILE`] ([`DatasetInfo`]): what the
//! data is, for the app's about, home and plan pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::directory::OwnedBytes;

use crate::geo::Commune;
use crate::{Error, Kind, PlanIndicator, Result};

/// First bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"LNGHEHN\0";
/// The bundle format this code reads and writes. Bump it whenever the layout, the schema, the
/// analyzers or the stored records change, so an old app never misreads a new bundle.
/// (3: crafts carry `materials_en` and `process_en`; 4: villages carry visit, festivals, shops
/// and unit codes, tours their origin, OCOP ratings their expiry; 5: the dataset file carries
/// the 2025 communes and wards with their centroids, for the map's labels; 6: a `standing` fast
/// field ranks equal matches; 7: fields keep only what a query reads of them — positions on the
/// phrase fields alone, no `id` field, no fast `kind`, presence only for `places_exact`; 8:
/// each record is stored in postcard after its kind, and the kind is no longer stored apart;
/// 9: the dataset file is postcard too, `dataset.postcard` in place of `handbook.json`; 10: a
/// record with details is stored as its card, after the digest of its details file
/// ([`crate::details`]).)
pub const FORMAT_VERSION: u32 = 10;
/// Name of the manifest next to the bundle.
pub const MANIFEST_NAME: &str = "manifest.json";
/// The tantivy version the bundle's index was written with.
pub const TANTIVY_VERSION: &str = "0.27";

const HEADER_LEN: usize = 8 + 4 + 4 + 4;

/// The manifest: which bundle is current, and what is in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the bundle.
    pub format_version: u32,
    /// Tantivy version the index was written with.
    pub tantivy_version: String,
    /// File name of the bundle, `handbook.<hash>.bundle`.
    pub bundle: String,
    /// Size of the bundle in bytes.
    pub bytes: u64,
    /// SHA-256 of the bundle, lowercase hex.
    pub sha256: String,
    /// Number of records per kind.
    pub counts: Counts,
    /// Date the seeds were last updated (from the seeds, never the clock), `YYYY-MM-DD`.
    pub data_updated: String,
}

/// Name of the dataset file inside the bundle, beside the index files: [`DatasetInfo`] in the
/// wire form ([`crate::wire::encode`]), which names no field, so the engine's module carries no
/// JSON reader for it.
pub const DATASET_FILE: &str = "dataset.postcard";

/// Records per kind. Written as `{"craft": …, "product": …, "tour": …, "village": …}`: the
/// fields are in that (alphabetical) order so the JSON is what a map by kind name gave before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Crafts.
    pub craft: u64,
    /// Products.
    pub product: u64,
    /// Tours.
    pub tour: u64,
    /// Villages.
    pub village: u64,
}

impl Counts {
    /// The count of one kind.
    pub fn of(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Village => self.village,
            Kind::Craft => self.craft,
            Kind::Product => self.product,
            Kind::Tour => self.tour,
        }
    }

    /// Every record.
    pub fn total(&self) -> u64 {
        Kind::ALL.into_iter().map(|k| self.of(k)).sum()
    }
}

/// What the bundle says about the data in it ([`DATASET_FILE`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// Date the seeds were last updated, `YYYY-MM-DD`.
    pub data_updated: String,
    /// Records per kind.
    pub counts: Counts,
    /// The plan's indicators, with figures measured from the data.
    #[serde(default)]
    pub plan: Vec<PlanFigure>,
    /// Hanoi's communes and wards since July 2025 with their centroids, for the map's labels.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub communes: Vec<Commune>,
    /// The ids of the villages the start page features
    /// ([`crate::page_data::featured_villages`]), chosen when the bundle is built so the page
    /// never reads every village.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub featured: Vec<String>,
}

/// One indicator of the plan and what the dataset shows for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFigure {
    /// The indicator and its targets.
    pub indicator: PlanIndicator,
    /// The figure computed from the data, where it can be measured, as a fraction (0–1) for
    /// shares and a count otherwise.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub measured: Option<f64>,
    /// How the figure was computed (its definition), in Vietnamese.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub method: Option<String>,
    /// The same definition in English.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub method_en: Option<String>,
}

impl PlanFigure {
    /// The figure's definition for a reader of `lang` (the language rule of [`crate::lang`]).
    pub fn method_in(&self, lang: crate::lang::Lang) -> Option<&str> {
        let vi = self.method.as_deref()?;
        Some(lang.pick(vi, self.method_en.as_deref()).text)
    }
}

/// CRC-32 (ISO-HDLC, as zip and tantivy's footers use) over a table of 256 entries. A table of
/// 16 × 256 entries (crc32fast's) hashes about five times faster, but its 16 KB are in the
/// engine's WebAssembly download, about 14 KiB after brotli; the browser opens a bundle with one
/// pass over its files, about 2 ms per MB (`docs/phone.md`).
pub fn crc32(bytes: &[u8]) -> u32 {
    const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    CRC32.checksum(bytes)
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    lower_hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) as lowercase hex.
pub(crate) fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file name of a bundle with these bytes.
pub fn bundle_file_name(bytes: &[u8]) -> String {
    format!("handbook.{}.bundle", &sha256_hex(bytes)[..16])
}

/// Writes files into one bundle. Paths are sorted so the result depends only on the contents.
pub fn write(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let table_len: usize = files.keys().map(|p| 2 + p.len() + 8 + 8 + 4).sum();
    let mut offset = (HEADER_LEN + table_len) as u64;
    let mut table = Vec::with_capacity(table_len);
    for (path, data) in files {
        let path_len = u16::try_from(path.len()).expect("bundle paths are short tantivy names");
        table.extend_from_slice(&path_len.to_le_bytes());
        table.extend_from_slice(path.as_bytes());
        table.extend_from_slice(&offset.to_le_bytes());
        table.extend_from_slice(&(data.len() as u64).to_le_bytes());
        table.extend_from_slice(&crc32(data).to_le_bytes());
        offset += data.len() as u64;
    }
    let mut out = Vec::with_capacity(offset as usize);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32(&table).to_le_bytes());
    out.extend_from_slice(&table);
    for data in files.values() {
        out.extend_from_slice(data);
    }
    out
}

/// A little-endian reader over the bundle that reports truncation instead of panicking.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(Error::Truncated {
            needed: self.pos.saturating_add(n) as u64,
            actual: self.bytes.len() as u64,
        })?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
}

/// Reads a bundle, checking its magic, version, table and every file's checksum.
/// The files share the bundle's memory: nothing is copied.
pub fn read(bundle: OwnedBytes) -> Result<BTreeMap<String, OwnedBytes>> {
    read_files(bundle, FileChecksums::Check)
}

/// Reads a bundle whose SHA-256 matched its manifest's ([`crate::download::Downloaded`]) as
/// [`read`] does, but for the files' checksums: that SHA-256, computed by the indexer over the
/// bundle it had written, already holds every byte to what the indexer wrote, and so to the
/// checksums it wrote with them. One pass less over the bytes at every start.
pub fn read_downloaded(bundle: OwnedBytes) -> Result<BTreeMap<String, OwnedBytes>> {
    read_files(bundle, FileChecksums::Skip)
}

/// Whether [`read_files`] checks each file against its checksum in the table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileChecksums {
    Check,
    Skip,
}

fn read_files(
    bundle: OwnedBytes,
    checksums: FileChecksums,
) -> Result<BTreeMap<String, OwnedBytes>> {
    let bytes = bundle.as_slice();
    let mut cur = Cursor { bytes, pos: 0 };
    if cur.take(MAGIC.len()).map_err(|_| Error::BadMagic)? != MAGIC {
        return Err(Error::BadMagic);
    }
    let version = cur.u32()?;
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let count = cur.u32()?;
    let table_crc = cur.u32()?;
    let table_start = cur.pos;
    let mut entries = Vec::new();
    for _ in 0..count {
        let path_len = cur.u16()? as usize;
        let path = cur.take(path_len)?.to_vec();
        let offset = cur.u64()?;
        let length = cur.u64()?;
        let crc = cur.u32()?;
        entries.push((path, offset, length, crc));
    }
    if crc32(&bytes[table_start..cur.pos]) != table_crc {
        return Err(Error::ChecksumMismatch {
            path: "(file table)".into(),
        });
    }
    let mut files = BTreeMap::new();
    for (path, offset, length, crc) in entries {
        let path = String::from_utf8(path).map_err(|e| Error::BadPath {
            bytes: e.into_bytes(),
        })?;
        let end = offset
            .checked_add(length)
            .filter(|&e| e <= bytes.len() as u64);
        let end = end.ok_or(Error::Truncated {
            needed: offset.saturating_add(length),
            actual: bytes.len() as u64,
        })?;
        let data = bundle.slice(offset as usize..end as usize);
        if checksums == FileChecksums::Check && crc32(data.as_slice()) != crc {
            return Err(Error::ChecksumMismatch { path });
        }
        files.insert(path, data);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut files = BTreeMap::new();
        files.insert("b.txt".to_string(), b"world".to_vec());
        files.insert("a.txt".to_string(), b"hello".to_vec());
        write(&files)
    }

    #[test]
    fn round_trip() {
        let files = read(OwnedBytes::new(sample())).unwrap();
        assert_eq!(files["a.txt"].as_slice(), b"hello");
        assert_eq!(files["b.txt"].as_slice(), b"world");
    }

    #[test]
    fn bad_magic() {
        let mut b = sample();
        b[0] = b'X';
        assert!(matches!(read(OwnedBytes::new(b)), Err(Error::BadMagic)));
        assert!(matches!(
            read(OwnedBytes::new(b"LNG".to_vec())),
            Err(Error::BadMagic)
        ));
    }

    #[test]
    fn unknown_version() {
        let mut b = sample();
        b[8..12].copy_from_slice(&99u32.to_le_bytes());
        let err = read(OwnedBytes::new(b)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::UnsupportedVersion {
                    found: 99,
                    supported: FORMAT_VERSION
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn flipped_byte_in_a_file() {
        let mut b = sample();
        let last = b.len() - 1;
        b[last] ^= 1;
        let err = read(OwnedBytes::new(b)).unwrap_err();
        assert!(
            matches!(err, Error::ChecksumMismatch { ref path } if path == "b.txt"),
            "{err}"
        );
    }

    #[test]
    fn a_path_that_is_not_utf8_is_a_path_error() {
        let mut files = BTreeMap::new();
        files.insert("ab".to_string(), b"x".to_vec());
        let mut b = write(&files);
        // The path starts after the header and its 2-byte length; make it invalid UTF-8 and
        // fix the table's checksum so only the path is wrong.
        let path_at = HEADER_LEN + 2;
        b[path_at] = 0xff;
        let table_end = path_at + 2 + 8 + 8 + 4;
        let crc = crc32(&b[HEADER_LEN..table_end]);
        b[16..20].copy_from_slice(&crc.to_le_bytes());
        let err = read(OwnedBytes::new(b)).unwrap_err();
        assert!(
            matches!(err, Error::BadPath { ref bytes } if bytes == &[0xff, b'b']),
            "{err}"
        );
    }

    #[test]
    fn counts_are_written_as_a_map_by_kind_name() {
        let counts = Counts {
            craft: 2,
            product: 3,
            tour: 4,
            village: 1,
        };
        assert_eq!(
            serde_json::to_string(&counts).unwrap(),
            r#"{"craft":2,"product":3,"tour":4,"village":1}"#
        );
        assert_eq!(counts.of(Kind::Tour), 4);
        assert_eq!(counts.total(), 10);
    }

    #[test]
    fn truncated_at_every_length() {
        let b = sample();
        for len in MAGIC.len()..b.len() {
            let err = read(OwnedBytes::new(b[..len].to_vec())).unwrap_err();
            assert!(matches!(err, Error::Truncated { .. }), "at {len}: {err}");
        }
    }
}
