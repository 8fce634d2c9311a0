//! Checks on a bundle's index files before tantivy reads them.
//!
//! Tantivy checks no checksum when it opens an index, and its parsers trust their input: a
//! damaged segment file made it panic (`attempt to subtract with overflow`, slice bounds) or
//! open without a word and answer wrongly, and in the browser a panic aborts the whole module
//! (issue 11). The bundle's own checksums catch damage done after the bundle was written; the
//! checks here catch damage done to a file before that (a bundle rewritten with fresh
//! checksums), and malformed tables that tantivy would index with unchecked arithmetic.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::directory::footer::Footer;
use tantivy::directory::{FileSlice, OwnedBytes};

use crate::{Error, Result};

/// Files of the bundle that are not segment files and so carry no tantivy footer: tantivy's
/// list of segments and the handbook's own dataset file. Both are JSON, parsed with errors,
/// never panics.
const WITHOUT_FOOTER: [&str; 2] = ["meta.json", crate::bundle::DATASET_FILE];

/// Segment files that are composite files: one part per field, located by a table at the end
/// (postings, positions, term dictionaries, field norms).
const COMPOSITE: [&str; 4] = [".idx", ".pos", ".term", ".fieldnorm"];

/// Last bytes of every segment file: the length of tantivy's footer (u32 LE) and its magic
/// number (u32 LE).
const FOOTER_TRAILER: usize = 4 + 4;

/// Checks every segment file against the CRC-32 in its tantivy footer, the tables of its
/// format that tantivy indexes with unchecked arithmetic, and each segment's document count in
/// `meta.json` (which has no checksum of its own) against its field norms, one byte per
/// document and field. One more pass over the bytes, at open only.
pub fn check(files: &BTreeMap<String, OwnedBytes>) -> Result<()> {
    let mut norms_per_segment = BTreeMap::new();
    for (path, bytes) in files {
        if WITHOUT_FOOTER.contains(&path.as_str()) {
            continue;
        }
        let malformed = |problem| Error::Malformed {
            path: path.clone(),
            problem,
        };
        // Tantivy checks a footer's file for 4 bytes but reads the last 8: a file of 4 to 7
        // bytes made it subtract past zero and panic.
        if bytes.len() < FOOTER_TRAILER {
            return Err(malformed("no tantivy footer"));
        }
        let file = FileSlice::new(Arc::new(bytes.clone()));
        let (footer, body) =
            Footer::extract_footer(file).map_err(|_| malformed("no tantivy footer"))?;
        let body = body
            .read_bytes()
            .map_err(|_| malformed("no tantivy footer"))?;
        if crate::bundle::crc32(body.as_slice()) != footer.crc {
            return Err(Error::ChecksumMismatch { path: path.clone() });
        }
        // Tantivy reads a footer naming any version; the bundle is written and read by the same
        // pinned tantivy, so another version there is damage (a flipped digit of `major`).
        if footer.version != *tantivy::version() {
            return Err(malformed("its footer names another tantivy version"));
        }
        if COMPOSITE.iter().any(|ext| path.ends_with(ext)) {
            let parts =
                composite_parts(&body).ok_or(malformed("its part table points outside it"))?;
            if let Some(segment) = path.strip_suffix(".fieldnorm") {
                norms_per_segment.insert(segment.to_string(), parts);
            }
        } else if path.ends_with(".fast") && !columnar_footer_fits(&body) {
            return Err(malformed("its footer points outside it"));
        }
    }
    let meta = files
        .get("meta.json")
        .ok_or(Error::MissingFile("meta.json".into()))?;
    for (segment, max_doc) in segment_sizes(meta.as_slice()) {
        let norms = norms_per_segment.get(&segment);
        if norms.is_some_and(|parts| parts.iter().any(|&len| len != max_doc)) {
            return Err(Error::Malformed {
                path: "meta.json".into(),
                problem: "its document count differs from the field norms'",
            });
        }
    }
    Ok(())
}

/// The segments `meta.json` lists: file-name prefix and document count. Nothing if it does not
/// parse: tantivy reports that itself, as an error.
fn segment_sizes(meta: &[u8]) -> Vec<(String, u64)> {
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(meta) else {
        return Vec::new();
    };
    let segments = meta["segments"].as_array().map_or(&[][..], Vec::as_slice);
    segments
        .iter()
        .filter_map(|segment| {
            let id = segment["segment_id"].as_str()?.replace('-', "");
            Some((id, segment["max_doc"].as_u64()?))
        })
        .collect()
}

/// Runs `open`, turning a panic inside it into an error where panics unwind (native builds):
/// tantivy's readers still panic on some damage that passes the checks above (a bundle crafted
/// with every checksum recomputed; see `tests/corrupt.rs`). Where panics abort (the app's
/// WebAssembly), nothing can catch them: the app runs the engine where a crash can be
/// recovered from.
pub fn contain_panics<T>(open: impl FnOnce() -> Result<T>) -> Result<T> {
    #[cfg(panic = "unwind")]
    {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(open)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::IndexPanicked(what))
        })
    }
    #[cfg(not(panic = "unwind"))]
    open()
}

/// Reads a tantivy `VInt` (7 bits a byte, the last byte marked by its high bit).
fn vint(buf: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = buf.split_first()?;
        *buf = rest;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 != 0 {
            return Some(value);
        }
    }
    None
}

/// The lengths of a composite file's parts, if its part table (as tantivy's
/// `CompositeFile::open` reads it) lies within the file and names parts that do: the body ends
/// with the table's length (u32 LE); the table holds a count, then per part the offset from the
/// previous part (`VInt`), a field (u32 LE) and an index (`VInt`). Tantivy subtracts and slices
/// with these numbers unchecked.
fn composite_parts(body: &[u8]) -> Option<Vec<u64>> {
    let table_end = body.len().checked_sub(4)?;
    let table_len = u32::from_le_bytes(body[table_end..].try_into().expect("4 bytes")) as usize;
    let table_start = table_end.checked_sub(table_len)?;
    let mut table = &body[table_start..table_end];
    let count = vint(&mut table)?;
    let mut starts = Vec::new();
    let mut offset = 0u64;
    for _ in 0..count {
        offset = offset
            .checked_add(vint(&mut table)?)
            .filter(|&o| o <= table_start as u64)?;
        table = table.get(4..)?;
        vint(&mut table)?;
        starts.push(offset);
    }
    starts.push(table_start as u64);
    Some(starts.windows(2).map(|w| w[1] - w[0]).collect())
}

/// Last bytes of a fast-field (columnar) file, after its format version.
const COLUMNAR_MAGIC: [u8; 4] = [2, 113, 119, 66];

/// Whether a fast-field file's footer (as tantivy's `ColumnarReader::open` reads it) lies within
/// the file: the body ends with the length of its column dictionary (u64 LE), the row count
/// (u32 LE), the format version (u32 LE) and [`COLUMNAR_MAGIC`]. Tantivy splits the file at
/// that length unchecked.
fn columnar_footer_fits(body: &[u8]) -> bool {
    const FOOTER: usize = 8 + 4 + 4 + 4;
    let Some(footer_start) = body.len().checked_sub(FOOTER) else {
        return false;
    };
    let footer = &body[footer_start..];
    let dictionary_len = u64::from_le_bytes(footer[..8].try_into().expect("8 bytes"));
    footer[16..] == COLUMNAR_MAGIC && dictionary_len <= footer_start as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A composite body: `parts` of `data`, then the table tantivy's `CompositeWrite` writes.
    fn composite(data: &[u8], offsets: &[u64]) -> Vec<u8> {
        let mut table = vec![0x80 | offsets.len() as u8];
        let mut previous = 0;
        for (field, &offset) in offsets.iter().enumerate() {
            table.push(0x80 | (offset - previous) as u8);
            table.extend_from_slice(&(field as u32).to_le_bytes());
            table.push(0x80);
            previous = offset;
        }
        let mut body = data.to_vec();
        body.extend_from_slice(&table);
        body.extend_from_slice(&(table.len() as u32).to_le_bytes());
        body
    }

    #[test]
    fn a_columnar_footer_within_the_file_fits() {
        let footer = |dictionary_len: u64| {
            let mut body = vec![7u8; 10];
            body.extend_from_slice(&dictionary_len.to_le_bytes());
            body.extend_from_slice(&3u32.to_le_bytes());
            body.extend_from_slice(&2u32.to_le_bytes());
            body.extend_from_slice(&COLUMNAR_MAGIC);
            body
        };
        assert!(columnar_footer_fits(&footer(10)));
        assert!(
            !columnar_footer_fits(&footer(11)),
            "dictionary longer than the file"
        );
        assert!(
            !columnar_footer_fits(&footer(10)[1..]),
            "dictionary longer than the file"
        );
        assert!(
            !columnar_footer_fits(&footer(0)[..19]),
            "shorter than the footer"
        );
        let mut bad_magic = footer(0);
        *bad_magic.last_mut().unwrap() ^= 1;
        assert!(!columnar_footer_fits(&bad_magic));
    }

    /// A segment file cut to fewer bytes than tantivy's footer trailer: tantivy's own check
    /// let 4 to 7 bytes through and panicked reading the last 8 (found when a smaller fast
    /// field file moved a random cut of `tests/corrupt.rs` to 7 bytes).
    #[test]
    fn a_file_shorter_than_the_footer_trailer_is_malformed() {
        for len in 0..FOOTER_TRAILER {
            let mut files = BTreeMap::new();
            files.insert("x.fast".to_string(), OwnedBytes::new(vec![0u8; len]));
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&files)));
            assert!(
                matches!(checked, Ok(Err(Error::Malformed { .. }))),
                "{len} bytes: {checked:?}"
            );
        }
    }

    #[test]
    fn vints_read_like_tantivy_writes_them() {
        assert_eq!(vint(&mut &[0x85][..]), Some(5));
        // 300 = 0b10_0101100: low seven bits first, the last byte marked.
        assert_eq!(vint(&mut &[0x2c, 0x82][..]), Some(300));
        assert_eq!(vint(&mut &[0x2c][..]), None, "no last byte");
        assert_eq!(vint(&mut &[0x7f; 11][..]), None, "longer than 64 bits");
    }

    #[test]
    fn a_part_table_within_the_file_gives_the_parts_lengths() {
        assert_eq!(
            composite_parts(&composite(b"abcdefg", &[0, 2, 6])),
            Some(vec![2, 4, 1])
        );
        assert_eq!(composite_parts(&composite(b"", &[])), Some(vec![]));
    }

    #[test]
    fn a_part_table_that_points_outside_the_file_does_not() {
        let good = composite(b"abcdef", &[0, 2, 6]);
        assert!(
            composite_parts(&good[..3]).is_none(),
            "shorter than the length"
        );
        let mut long = good.clone();
        let n = long.len();
        long[n - 4..].copy_from_slice(&1000u32.to_le_bytes());
        assert!(
            composite_parts(&long).is_none(),
            "table longer than the file"
        );
        assert!(
            composite_parts(&composite(b"abcdef", &[0, 2, 9])).is_none(),
            "part past the data"
        );
        let mut cut = good.clone();
        // Count three parts, but end the table after the count.
        let table_len = u32::from_le_bytes(good[n - 4..].try_into().unwrap()) as usize;
        cut.truncate(n - 4 - table_len + 1);
        cut.extend_from_slice(&1u32.to_le_bytes());
        assert!(
            composite_parts(&cut).is_none(),
            "table shorter than its count"
        );
    }
}
