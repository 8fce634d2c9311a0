//! Damaged bundles, made the same way for the native test (`corrupt.rs`) and the browser test
//! (`web.rs`): every truncation, a bit flipped in every byte, random bytes, and bundles whose
//! inner files are damaged with the bundle's checksums recomputed, so that the bundle layer
//! passes them on and the index meets the bad bytes (issue 11).

// `web.rs` leaves out [`deep`]: there a panic aborts, and tantivy still panics on some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use handbook_search::bundle;
use tantivy::directory::OwnedBytes;

/// The committed tiny bundle.
pub const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/tiny.bundle");

/// Length of tantivy's footer trailer: the footer's JSON length and its magic number.
const FOOTER_TRAILER: usize = 8;

/// The fixture's inner files.
pub fn inner_files() -> BTreeMap<String, Vec<u8>> {
    bundle::read(OwnedBytes::new(FIXTURE.to_vec()))
        .expect("the fixture reads")
        .into_iter()
        .map(|(path, bytes)| (path, bytes.as_slice().to_vec()))
        .collect()
}

/// A damaged bundle, and how it was damaged.
pub struct Case {
    /// What was done, for the failure message.
    pub name: String,
    /// The bundle's bytes.
    pub bytes: Vec<u8>,
}

/// The fixture cut at every length.
pub fn truncations() -> impl Iterator<Item = Case> {
    (0..FIXTURE.len()).map(|len| Case {
        name: format!("cut at {len}"),
        bytes: FIXTURE[..len].to_vec(),
    })
}

/// The fixture with one bit flipped, in every byte (bit `i % 8` of byte `i`).
pub fn bit_flips() -> impl Iterator<Item = Case> {
    (0..FIXTURE.len()).map(|i| {
        let mut bytes = FIXTURE.to_vec();
        bytes[i] ^= 1 << (i % 8);
        Case {
            name: format!("bit {} of byte {i} flipped", i % 8),
            bytes,
        }
    })
}

/// Random bytes, some behind a valid magic and version so the reader gets past its first
/// checks.
pub fn random(rng: &mut fastrand::Rng, count: usize) -> Vec<Case> {
    (0..count)
        .map(|i| {
            let len = rng.usize(0..4096);
            let mut bytes: Vec<u8> = std::iter::repeat_with(|| rng.u8(..)).take(len).collect();
            if i % 2 == 1 && bytes.len() >= 12 {
                bytes[..12].copy_from_slice(&FIXTURE[..12]);
            }
            Case {
                name: format!(
                    "{len} random bytes{}",
                    if i % 2 == 1 { " after the header" } else { "" }
                ),
                bytes,
            }
        })
        .collect()
}

/// Whether a file carries tantivy's footer (every file of a segment; not `meta.json` nor the
/// handbook's own `dataset.postcard`).
pub fn has_footer(path: &str) -> bool {
    path.ends_with(".idx")
        || path.ends_with(".pos")
        || path.ends_with(".term")
        || path.ends_with(".store")
        || path.ends_with(".fast")
        || path.ends_with(".fieldnorm")
}

/// Splits a tantivy file into its body and its footer (JSON and trailer).
fn split_footer(file: &[u8]) -> (&[u8], &[u8]) {
    let n = file.len();
    let json_len = u32::from_le_bytes(file[n - FOOTER_TRAILER..n - 4].try_into().unwrap()) as usize;
    file.split_at(n - FOOTER_TRAILER - json_len)
}

/// `body` with a footer like `old_footer`'s but holding the CRC-32 of `body`: a file damaged
/// this way passes tantivy's own checksum.
fn refooter(body: &[u8], old_footer: &[u8]) -> Vec<u8> {
    let json = &old_footer[..old_footer.len() - FOOTER_TRAILER];
    let mut footer: serde_json::Value = serde_json::from_slice(json).unwrap();
    footer["crc"] = handbook_search::bundle::crc32(body).into();
    let json = serde_json::to_vec(&footer).unwrap();
    let mut out = body.to_vec();
    out.extend_from_slice(&json);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&old_footer[old_footer.len() - 4..]);
    out
}

/// The fixture with `path` replaced (or removed), every bundle checksum recomputed.
pub fn with_file(path: &str, file: Option<Vec<u8>>) -> Vec<u8> {
    let mut files = inner_files();
    match file {
        Some(file) => files.insert(path.to_string(), file),
        None => files.remove(path),
    };
    bundle::write(&files)
}

/// The ways to damage one file's bytes: `(what, damaged)`. Positions are spread over the
/// whole file, its ends included.
fn damages(file: &[u8], rng: &mut fastrand::Rng) -> Vec<(String, Vec<u8>)> {
    let n = file.len();
    let mut out = vec![("emptied".to_string(), Vec::new())];
    let mut cuts: Vec<usize> = vec![0, 1, n / 2, n.saturating_sub(1)];
    cuts.extend((0..6).map(|_| rng.usize(0..n.max(1))));
    for cut in cuts {
        if cut < n {
            out.push((format!("cut at {cut}"), file[..cut].to_vec()));
        }
    }
    let mut positions: Vec<usize> = vec![0, n / 2, n.saturating_sub(1)];
    positions.extend((0..12).map(|_| rng.usize(0..n.max(1))));
    for i in positions.into_iter().filter(|&i| i < n) {
        let mut flipped = file.to_vec();
        let bit = rng.u8(0..8);
        flipped[i] ^= 1 << bit;
        out.push((format!("bit {bit} of byte {i} flipped"), flipped));
        let mut maxed = file.to_vec();
        maxed[i] = 0xff;
        out.push((format!("byte {i} set to 0xff"), maxed));
    }
    let noise: Vec<u8> = std::iter::repeat_with(|| rng.u8(..)).take(n).collect();
    out.push(("replaced by random bytes".to_string(), noise));
    out
}

/// Every inner file removed, then damaged in each way of [`damages`], the bundle's checksums
/// recomputed. Tantivy's own footer checksum still tells the damage (see [`deep`]).
pub fn inner(rng: &mut fastrand::Rng) -> Vec<Case> {
    let mut cases = Vec::new();
    for (path, file) in inner_files() {
        cases.push(Case {
            name: format!("{path} removed"),
            bytes: with_file(&path, None),
        });
        for (what, damaged) in damages(&file, rng) {
            cases.push(Case {
                name: format!("{path} {what}"),
                bytes: with_file(&path, Some(damaged)),
            });
        }
    }
    cases
}

/// Every segment file's body damaged in each way of [`damages`], with tantivy's footer
/// checksum recomputed as well as the bundle's: tantivy's own parsers meet the bad bytes.
pub fn deep(rng: &mut fastrand::Rng) -> Vec<Case> {
    let mut cases = Vec::new();
    for (path, file) in inner_files() {
        if !has_footer(&path) {
            continue;
        }
        let (body, footer) = split_footer(&file);
        for (what, damaged) in damages(body, rng) {
            cases.push(Case {
                name: format!("{path} body {what}, footer recomputed"),
                bytes: with_file(&path, Some(refooter(&damaged, footer))),
            });
        }
    }
    cases
}

/// `meta.json`, which has no checksum of its own, rewritten to claim other segment sizes and
/// deletions (the bundle's checksums recomputed).
pub fn crafted_meta() -> Vec<Case> {
    let meta = String::from_utf8(inner_files()["meta.json"].clone()).unwrap();
    let max_doc = meta
        .split("\"max_doc\": ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .expect("meta.json names the segment's max_doc")
        .to_string();
    let mut cases = Vec::new();
    for claim in [
        "0",
        "1",
        "6",
        "8",
        "4294967295",
        "18446744073709551615",
        "-1",
    ] {
        let text = meta.replace(
            &format!("\"max_doc\": {max_doc}"),
            &format!("\"max_doc\": {claim}"),
        );
        cases.push(Case {
            name: format!("meta.json claims max_doc {claim}"),
            bytes: with_file("meta.json", Some(text.into_bytes())),
        });
    }
    for deletes in [
        "{\"num_deleted_docs\": 1, \"opstamp\": 0}",
        "{\"num_deleted_docs\": 4294967295, \"opstamp\": 0}",
    ] {
        let text = meta.replace("\"deletes\": null", &format!("\"deletes\": {deletes}"));
        cases.push(Case {
            name: format!("meta.json claims deletes {deletes}"),
            bytes: with_file("meta.json", Some(text.into_bytes())),
        });
    }
    cases
}

/// The store's first byte set to 0x7f, both checksums recomputed: the first document's field
/// count, a `VInt` now running into the next bytes, reads as hundreds of trillions.
pub fn huge_field_count() -> Case {
    let files = inner_files();
    let (path, file) = files
        .iter()
        .find(|(path, _)| path.ends_with(".store"))
        .expect("a segment has a store");
    let (body, footer) = split_footer(file);
    let mut body = body.to_vec();
    body[0] = 0x7f;
    Case {
        name: format!("{path} byte 0 set to 0x7f, footer recomputed"),
        bytes: with_file(path, Some(refooter(&body, footer))),
    }
}
