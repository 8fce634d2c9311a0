//! The engine inside a real browser (wasm32, headless Chromium through wasm-bindgen-test): the
//! committed fixture opens read-only and answers like it does natively, damaged bundles are
//! refused with an error, and quizzes and lunar dates come out as they do natively. Here a panic
//! cannot be caught: it aborts the module, so every damaged case below must be refused before
//! tantivy could panic (issue 11; `corrupt.rs` runs the same cases natively, and more).
#![cfg(target_arch = "wasm32")]

mod corruption;

use corruption::{Case, FIXTURE};
use handbook_search::calendar::{Date, LunarDate};
use handbook_search::quiz::{generate, QuizCode, Topic};
use handbook_search::{Craft, Engine, Error, Kind, SearchRequest, Village};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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

/// Opens a damaged bundle that must be refused.
fn refused(case: Case) -> Error {
    match Engine::open(case.bytes) {
        Ok(_) => panic!("{}: the damaged bundle opened", case.name),
        Err(err) => err,
    }
}

#[wasm_bindgen_test]
fn every_truncation_is_refused() {
    for case in corruption::truncations() {
        let name = case.name.clone();
        let err = refused(case);
        assert!(
            matches!(err, Error::BadMagic | Error::Truncated { .. }),
            "{name}: {err}"
        );
    }
}

#[wasm_bindgen_test]
fn every_flipped_bit_is_refused() {
    for case in corruption::bit_flips() {
        refused(case);
    }
}

#[wasm_bindgen_test]
fn seeded_random_bytes_are_refused() {
    let mut rng = fastrand::Rng::with_seed(11);
    for case in corruption::random(&mut rng, 200) {
        refused(case);
    }
}

#[wasm_bindgen_test]
fn damaged_index_files_are_refused_despite_fresh_bundle_checksums() {
    let mut rng = fastrand::Rng::with_seed(11);
    for case in corruption::inner(&mut rng) {
        let path = case.name.split(' ').next().unwrap_or_default().to_string();
        if corruption::has_footer(&path) {
            refused(case);
        } else if let Ok(engine) = Engine::open(case.bytes) {
            // meta.json and dataset.postcard carry no checksum of their own: a change that still
            // parses opens, and its searches must return, not abort.
            let _ = engine.search(&SearchRequest {
                text: "bat trang".into(),
                limit: 10,
                ..Default::default()
            });
            let _ = engine.villages();
        }
    }
}

#[wasm_bindgen_test]
fn a_document_count_the_index_contradicts_is_refused() {
    for case in corruption::crafted_meta() {
        refused(case);
    }
}

#[wasm_bindgen_test]
fn a_stored_document_claiming_trillions_of_fields_is_an_error() {
    let case = corruption::huge_field_count();
    if let Ok(engine) = Engine::open(case.bytes) {
        assert!(matches!(engine.villages(), Err(Error::Index(_))));
    }
}

/// The quiz data of `quiz.rs`'s unit tests: twelve villages of five crafts in six districts.
fn quiz_data() -> (Vec<Village>, Vec<Craft>) {
    let groups = ["ceramics", "textiles", "woodwork", "weaving", "metalwork"];
    let crafts: Vec<Craft> = ["gom", "lua", "moc", "non", "ren"]
        .iter()
        .zip(groups)
        .map(|(id, group)| {
            let (materials, materials_en) = if *id == "gom" {
                (json!(["Đất sét", "Men"]), json!(["Clay", "Glaze"]))
            } else {
                (json!([]), json!([]))
            };
            serde_json::from_value(json!({
                "id": id, "name": format!("Nghề {id}"), "name_en": format!("Craft {id}"),
                "group": group, "description": "x", "materials": materials,
                "materials_en": materials_en, "verification": "sourced",
            }))
            .unwrap()
        })
        .collect();
    let villages = (0..12)
        .map(|i| {
            serde_json::from_value(json!({
                "id": format!("v{i}"), "name": format!("V{i}"), "crafts": [crafts[i % 5].id],
                "summary": "x", "historical": { "district": format!("D{}", i % 6) },
                "verification": "sourced",
            }))
            .unwrap()
        })
        .collect();
    (villages, crafts)
}

#[wasm_bindgen_test]
fn a_quiz_code_gives_the_same_quiz_in_the_browser_as_natively() {
    // The same pins as quiz.rs's `a_quiz_is_the_same_on_every_platform`.
    assert_eq!(QuizCode::new("abc").seed(), 996_580_060_897_260_808);
    let (villages, crafts) = quiz_data();
    let quiz = generate(
        &villages,
        &crafts,
        &[],
        &Topic::All,
        QuizCode::new("abc").seed(),
        6,
    );
    let fingerprint: Vec<(&str, usize)> = quiz
        .iter()
        .map(|q| (q.subject.vi.as_str(), q.answer))
        .collect();
    assert_eq!(
        fingerprint,
        [
            ("nghề non", 0),
            ("V8", 2),
            ("V11", 1),
            ("nghề ren", 2),
            ("nghề gom", 1),
            ("V5", 1)
        ]
    );
}

#[wasm_bindgen_test]
fn festival_dates_are_the_same_in_the_browser() {
    let day = |text: &str| Date::parse(text).unwrap();
    assert_eq!(
        LunarDate::new(2027, 1, 1).to_solar(),
        Some(day("2027-02-06"))
    );
    assert_eq!(
        LunarDate::new(2026, 7, 1).to_solar(),
        Some(day("2026-08-13"))
    );
    assert_eq!(Date::in_vietnam_at(1_771_261_200_000), day("2026-02-17"));
}
