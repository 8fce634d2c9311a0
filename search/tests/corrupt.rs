//! Damaged bundles are refused with an error, never a panic (issue 11): every truncation and
//! every flipped bit of the committed fixture, random bytes, and bundles whose inner files are
//! damaged with the bundle's checksums recomputed. `web.rs` runs the same cases in the browser,
//! where a panic would abort the whole module.
//!
//! The last test goes further than any honest accident: it recomputes tantivy's own footer
//! checksums too, so tantivy's parsers meet the bad bytes. Opening still never panics natively
//! (what the checks before tantivy miss, the engine catches), but searching such a bundle
//! afterwards can: that case is for the app's restartable engine worker, not for a test.
#![cfg(not(target_arch = "wasm32"))]

mod corruption;

use std::panic::{catch_unwind, AssertUnwindSafe};

use corruption::{Case, FIXTURE};
use handbook_search::bundle::{self, Manifest, FORMAT_VERSION, TANTIVY_VERSION};
use handbook_search::download::Download;
use handbook_search::{Counts, Engine, Error, SearchRequest};
use proptest::prelude::*;

/// Opens a damaged bundle. Fails the test if a panic escapes, or if tantivy panicked inside:
/// caught natively, that panic would abort the browser.
fn open(case: Case) -> (String, Result<Engine, Error>) {
    let result = catch_unwind(AssertUnwindSafe(|| Engine::open(case.bytes)))
        .unwrap_or_else(|_| panic!("{}: Engine::open panicked", case.name));
    if let Err(Error::IndexPanicked(what)) = &result {
        panic!("{}: tantivy panicked ({what})", case.name);
    }
    (case.name, result)
}

/// Opens a damaged bundle that must be refused; returns the error.
fn refused(case: Case) -> (String, Error) {
    match open(case) {
        (name, Ok(_)) => panic!("{name}: the damaged bundle opened"),
        (name, Err(err)) => (name, err),
    }
}

/// Opens a bundle whose damage may be invisible to every check and, if it opens, searches it:
/// errors are fine, panics are not.
fn opened_or_refused(case: Case) {
    let (name, Ok(engine)) = open(case) else {
        return;
    };
    let searched = catch_unwind(AssertUnwindSafe(|| {
        for text in ["bat trang", "gốm", "v", "lụa van phuc"] {
            let request = SearchRequest {
                text: text.into(),
                limit: 10,
                ..Default::default()
            };
            let _ = engine.search(&request);
        }
        let _ = engine.villages();
        let _ = engine.crafts();
        let _ = engine.products();
        let _ = engine.tours();
    }));
    assert!(searched.is_ok(), "{name}: searching panicked");
}

#[test]
fn every_truncation_is_a_truncation_error() {
    for case in corruption::truncations() {
        let len = case.bytes.len();
        match refused(case) {
            (_, Error::BadMagic) if len < 8 => {}
            (_, Error::Truncated { actual, .. }) if len >= 8 => assert_eq!(actual, len as u64),
            (name, err) => panic!("{name}: {err}"),
        }
    }
}

#[test]
fn every_flipped_bit_is_refused_by_the_bundle_layer() {
    for case in corruption::bit_flips() {
        match refused(case) {
            (
                _,
                Error::BadMagic
                | Error::UnsupportedVersion { .. }
                | Error::Truncated { .. }
                | Error::ChecksumMismatch { .. },
            ) => {}
            (name, err) => panic!("{name}: {err}"),
        }
    }
}

#[test]
fn seeded_random_bytes_are_refused() {
    let mut rng = fastrand::Rng::with_seed(11);
    for case in corruption::random(&mut rng, 500) {
        refused(case);
    }
}

/// Issue 11: with the bundle's checksums recomputed over damaged index files, tantivy opened
/// some without a word and panicked on others (`attempt to subtract with overflow` in
/// `CompositeFile::open`, a 985 TB allocation from the store). Every segment file now fails its
/// tantivy footer checksum or its table check first.
#[test]
fn damaged_index_files_are_refused_despite_fresh_bundle_checksums() {
    let mut rng = fastrand::Rng::with_seed(11);
    for case in corruption::inner(&mut rng) {
        let path = case.name.split(' ').next().unwrap_or_default().to_string();
        if !corruption::has_footer(&path) {
            // meta.json and dataset.postcard carry no checksum of their own: a change that still
            // parses opens, and must neither panic nor stop searches.
            opened_or_refused(case);
            continue;
        }
        match refused(case) {
            (name, Error::ChecksumMismatch { path: p } | Error::Malformed { path: p, .. }) => {
                assert_eq!(p, path, "{name}")
            }
            // A missing file: tantivy's own error (no such file, or a field it cannot find).
            (name, Error::Index(_)) if name.ends_with("removed") => {}
            (name, err) => panic!("{name}: {err}"),
        }
    }
}

/// The worker opens what it downloaded through [`Engine::open_downloaded`], which leaves out
/// the bundle's per-file checksums (the manifest's SHA-256 has held every byte to what the
/// indexer wrote): a file damaged before the bundle was written is still refused, by its
/// tantivy footer or its tables, as [`Engine::open`] refuses it.
#[test]
fn a_downloaded_bundle_with_damaged_index_files_is_refused_as_any_other() {
    let mut rng = fastrand::Rng::with_seed(11);
    let mut refused_count = 0;
    for case in corruption::inner(&mut rng) {
        let path = case.name.split(' ').next().unwrap_or_default().to_string();
        if !corruption::has_footer(&path) || case.name.ends_with("removed") {
            continue;
        }
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            tantivy_version: TANTIVY_VERSION.into(),
            bundle: bundle::bundle_file_name(&case.bytes),
            bytes: case.bytes.len() as u64,
            sha256: bundle::sha256_hex(&case.bytes),
            counts: Counts::default(),
            data_updated: "2025-01-01".into(),
        };
        let mut download = Download::new(&manifest).unwrap();
        download.push(&case.bytes).unwrap();
        let downloaded = download.finish().unwrap();
        let opened = catch_unwind(AssertUnwindSafe(|| Engine::open_downloaded(downloaded)))
            .unwrap_or_else(|_| panic!("{}: Engine::open_downloaded panicked", case.name));
        match opened {
            Err(Error::ChecksumMismatch { path: p } | Error::Malformed { path: p, .. }) => {
                assert_eq!(p, path, "{}", case.name);
                refused_count += 1;
            }
            Ok(_) => panic!("{}: the damaged bundle opened", case.name),
            Err(err) => panic!("{}: {err}", case.name),
        }
    }
    assert!(refused_count > 10, "{refused_count} damaged files refused");
}

/// Issue 11: `meta.json` claiming 4,294,967,295 documents made each search take over 20 s and
/// `Engine::all` ask for 34 GB; it is now checked against the field norms.
#[test]
fn a_document_count_the_index_contradicts_is_refused() {
    for case in corruption::crafted_meta() {
        refused(case);
    }
}

/// Tantivy's own parsers meet the bad bytes: both the bundle's and tantivy's checksums are
/// recomputed. Opening returns, never panics: the checks before tantivy refuse most of these,
/// tantivy refuses others, and natively the engine turns the panics that remain into
/// [`Error::IndexPanicked`].
#[test]
fn bad_bytes_behind_fresh_checksums_never_make_open_panic() {
    let mut rng = fastrand::Rng::with_seed(11);
    for case in corruption::deep(&mut rng) {
        let opened = catch_unwind(AssertUnwindSafe(|| Engine::open(case.bytes)));
        assert!(opened.is_ok(), "{}: Engine::open panicked", case.name);
    }
}

/// Issue 11: the engine sized its first allocation for a stored document by the field count the
/// store claims; a damaged count asked for 985 TB and aborted the process, which no error
/// handling survives (natively or in the browser).
#[test]
fn a_stored_document_claiming_trillions_of_fields_is_an_error() {
    let case = corruption::huge_field_count();
    let name = case.name.clone();
    let engine = match open(case) {
        (_, Ok(engine)) => engine,
        (_, Err(_)) => return,
    };
    let villages = engine.villages();
    assert!(
        matches!(villages, Err(Error::Index(_))),
        "{name}: {:?}",
        villages.map(|v| v.len())
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(Engine::open(bytes).is_err());
    }

    #[test]
    fn any_bytes_after_a_valid_header_are_refused(
        tail in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = FIXTURE[..12].to_vec();
        bytes.extend(tail);
        prop_assert!(Engine::open(bytes).is_err());
    }

    #[test]
    fn any_overwritten_span_is_refused(
        at in 0..FIXTURE.len(),
        junk in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut bytes = FIXTURE.to_vec();
        let end = (at + junk.len()).min(bytes.len());
        bytes[at..end].copy_from_slice(&junk[..end - at]);
        prop_assume!(bytes != FIXTURE);
        prop_assert!(Engine::open(bytes).is_err());
    }
}
