//! The committed tiny bundle (`tests/fixtures/tiny.bundle`), opened natively: searching it, and
//! each way a damaged bundle is refused with its own typed error.
#![cfg(not(target_arch = "wasm32"))]

use handbook_search::{Engine, Error, Kind, SearchRequest};
use proptest::prelude::*;

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/tiny.bundle");

fn engine() -> Engine {
    Engine::open(FIXTURE.to_vec()).expect("the fixture opens")
}

fn first(engine: &Engine, text: &str) -> Option<(Kind, String)> {
    let results = engine
        .search(&SearchRequest {
            text: text.into(),
            limit: 5,
            ..Default::default()
        })
        .unwrap();
    results.hits.first().map(|h| (h.kind, h.id.clone()))
}

#[test]
fn fixture_finds_villages_by_accentless_and_accented_names() {
    let engine = engine();
    assert_eq!(
        first(&engine, "bat trang"),
        Some((Kind::Village, "bat-trang".into()))
    );
    assert_eq!(
        first(&engine, "Vạn Phúc"),
        Some((Kind::Village, "van-phuc-ha-dong".into()))
    );
    assert_eq!(engine.num_docs(), 3 + 2 + 1 + 1);
}

#[test]
fn the_first_keystroke_finds_names_that_start_with_it() {
    let engine = engine();
    assert_eq!(
        first(&engine, "v"),
        Some((Kind::Village, "van-phuc-ha-dong".into()))
    );
    assert_eq!(
        first(&engine, "G"),
        Some((Kind::Village, "giang-cao".into()))
    );
}

#[test]
fn records_are_looked_up_by_kind_and_id() {
    let engine = engine();
    let village = engine
        .get(Kind::Village, "bat-trang")
        .unwrap()
        .expect("present");
    assert_eq!(village.name(), "Bát Tràng");
    assert!(engine.get(Kind::Product, "bat-trang").unwrap().is_none());
    let names: Vec<_> = engine
        .all(Kind::Village)
        .unwrap()
        .iter()
        .map(|r| r.name().to_string())
        .collect();
    assert_eq!(names, ["Bát Tràng", "Giang Cao", "Vạn Phúc"]);
}

#[test]
fn flipped_byte_is_a_checksum_error() {
    let mut bytes = FIXTURE.to_vec();
    let i = bytes.len() - 100;
    bytes[i] ^= 0x40;
    match Engine::open(bytes) {
        Err(Error::ChecksumMismatch { .. }) => {}
        other => panic!("expected ChecksumMismatch, got {:?}", other.err()),
    }
}

#[test]
fn truncated_bundle_is_a_truncation_error() {
    let bytes = FIXTURE[..FIXTURE.len() / 2].to_vec();
    match Engine::open(bytes) {
        Err(Error::Truncated { actual, .. }) => assert_eq!(actual as usize, FIXTURE.len() / 2),
        other => panic!("expected Truncated, got {:?}", other.err()),
    }
}

#[test]
fn unknown_version_is_a_version_error() {
    let mut bytes = FIXTURE.to_vec();
    bytes[8..12].copy_from_slice(&7u32.to_le_bytes());
    match Engine::open(bytes) {
        Err(Error::UnsupportedVersion { found: 7, .. }) => {}
        other => panic!("expected UnsupportedVersion, got {:?}", other.err()),
    }
}

#[test]
fn html_instead_of_a_bundle_is_a_magic_error() {
    let bytes = b"<!DOCTYPE html><html></html>".to_vec();
    assert!(matches!(Engine::open(bytes), Err(Error::BadMagic)));
}

#[test]
fn hostile_queries_return_results_or_nothing() {
    let engine = engine();
    let long = "bát tràng ".repeat(1000);
    for text in [
        "",
        "\"",
        "((([[{{",
        "AND OR NOT",
        "title:bat",
        "*",
        "🏺🏺🏺",
        "\u{301}\u{300}",
        "a\u{0}b",
        long.as_str(),
    ] {
        let request = SearchRequest {
            text: text.into(),
            limit: 10,
            ..Default::default()
        };
        assert!(engine.search(&request).is_ok(), "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_string_is_a_safe_query(text in any::<String>()) {
        let engine = engine();
        let request = SearchRequest { text, limit: 10, ..Default::default() };
        prop_assert!(engine.search(&request).is_ok());
    }
}

#[test]
fn facet_counts_come_from_the_engine_and_filters_narrow_them() {
    use handbook_search::facets::{Dimension, Filter};
    let engine = engine();
    let all = engine
        .search(&SearchRequest {
            text: "gom".into(),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    let kinds: std::collections::BTreeMap<_, _> =
        all.facets[&Dimension::Kind].iter().cloned().collect();
    assert_eq!(kinds.values().sum::<u64>() as usize, all.total, "{kinds:?}");
    let villages = kinds["village"];
    let filtered = engine
        .search(&SearchRequest {
            text: "gom".into(),
            limit: 10,
            filters: vec![Filter {
                dimension: Dimension::Kind,
                value: "village".into(),
            }],
        })
        .unwrap();
    assert_eq!(filtered.total as u64, villages);
    assert!(filtered.hits.iter().all(|h| h.kind == Kind::Village));
    assert_eq!(
        filtered.facets[&Dimension::Kind],
        vec![("village".to_string(), villages)]
    );
    let district = &filtered.facets[&Dimension::District];
    assert!(district.iter().any(|(d, _)| d == "Gia Lâm"), "{district:?}");
}
