//! The engine inside a real browser (wasm32, headless Chromium through wasm-bindgen-test): the
//! committed fixture opens read-only and answers like it does natively.
#![cfg(target_arch = "wasm32")]

use handbook_search::{Engine, Error, Kind, SearchRequest};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/tiny.bundle");

#[wasm_bindgen_test]
fn opens_the_fixture_and_finds_bat_trang() {
    let engine = Engine::open(FIXTURE.to_vec()).expect("the fixture opens in the browser");
    let results = engine
        .search(&SearchRequest {
            text: "bat tr".into(),
            limit: 3,
            ..Default::default()
        })
        .expect("search works");
    let first = results.hits.first().expect("a hit");
    assert_eq!(
        (first.kind, first.id.as_str()),
        (Kind::Village, "bat-trang")
    );
}

#[wasm_bindgen_test]
fn a_corrupted_bundle_is_an_error_not_a_panic() {
    let mut bytes = FIXTURE.to_vec();
    let i = bytes.len() - 10;
    bytes[i] ^= 1;
    assert!(matches!(
        Engine::open(bytes),
        Err(Error::ChecksumMismatch { .. })
    ));
}
