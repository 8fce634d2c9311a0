//! The committed tiny bundle (`tests/fixtures/tiny.bundle`), opened natively: searching it, and
//! each way a damaged bundle is refused with its own typed error.
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

use handbook_search::bundle::FORMAT_VERSION;
use handbook_search::directions::{self, TravelMode};
use handbook_search::geo::Compass;
use handbook_search::lang::Lang;
use handbook_search::page_data::{
    featured_villages, HomePage, MapPage, QuizPage, RecordPage, ToursPage, VillagesPage,
};
use handbook_search::quiz::{QuizCode, Topic};
use handbook_search::tours::TourFilter;
use handbook_search::{CraftGroup, Engine, Error, Kind, SearchRequest, SearchResults, Transport};
use proptest::prelude::*;

const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/tiny.bundle");

/// The day the pages are shown on.
fn day() -> handbook_search::calendar::Date {
    handbook_search::calendar::Date::new(2027, 2, 6).unwrap()
}

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
fn the_start_page_features_the_villages_the_bundle_chose() {
    let engine = engine();
    let chosen = engine.info().featured.clone();
    assert!(!chosen.is_empty(), "the indexer chose no featured villages");
    // The bundle's choice is the rule applied to every village.
    assert_eq!(chosen, featured_villages(&engine.villages().unwrap()));
    let home = HomePage::load(&engine).unwrap();
    let shown: Vec<String> = home.featured.iter().map(|c| c.link.id.clone()).collect();
    assert_eq!(shown, chosen);
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
        .villages()
        .unwrap()
        .iter()
        .map(|v| v.name.clone())
        .collect();
    assert_eq!(names, ["Bát Tràng", "Giang Cao", "Vạn Phúc"]);
    let products: Vec<_> = engine
        .products_of("bat-trang")
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(products, ["bo-am-chen-men-suoi-ngoc-tan-thinh"]);
    assert!(engine.products_of("giang-cao").unwrap().is_empty());
    let potters: Vec<_> = engine
        .villages_with_craft("gom-su")
        .unwrap()
        .into_iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(potters, ["bat-trang", "giang-cao"]);
    let tours = engine.tours_through("giang-cao").unwrap();
    assert_eq!(tours.len(), 1);
    assert!(engine.tours_through("van-phuc-ha-dong").unwrap().is_empty());
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
    let next = FORMAT_VERSION + 1;
    let mut bytes = FIXTURE.to_vec();
    bytes[8..12].copy_from_slice(&next.to_le_bytes());
    match Engine::open(bytes) {
        Err(Error::UnsupportedVersion { found, .. }) if found == next => {}
        other => panic!("expected UnsupportedVersion, got {:?}", other.err()),
    }
}

#[test]
fn html_instead_of_a_bundle_is_a_magic_error() {
    let bytes = b"<!DOCTYPE html><html></html>".to_vec();
    assert!(matches!(Engine::open(bytes), Err(Error::BadMagic)));
}

/// The bounds every answer keeps, whatever was typed: no more hits than asked for or than
/// match, no more matches than records, best first.
fn assert_bounded(engine: &Engine, results: &SearchResults, limit: usize, text: &str) {
    assert!(
        results.hits.len() <= limit,
        "{text:?}: {} hits",
        results.hits.len()
    );
    assert!(results.hits.len() <= results.total, "{text:?}");
    assert!(results.total as u64 <= engine.num_docs(), "{text:?}");
    assert!(
        results.hits.windows(2).all(|w| w[0].score >= w[1].score),
        "{text:?}: hits out of order"
    );
}

/// A generous bound for one search of the seven-record fixture, even in a debug build on a busy
/// machine: what it catches is a query that explodes (thousands of terms, a runaway fuzzy
/// expansion), not a slow machine.
const QUERY_TIME: Duration = Duration::from_secs(2);

#[test]
fn hostile_queries_return_bounded_results_in_bounded_time() {
    let engine = engine();
    let long = "bát tràng ".repeat(1000);
    let cases: [(&str, Option<&str>); 10] = [
        ("", None),
        ("\"", None),
        ("((([[{{", None),
        ("🏺🏺🏺", None),
        ("\u{301}\u{300}", None),
        ("AND OR NOT", Some("")),
        ("title:bat", Some("")),
        ("*", None),
        ("a\u{0}b", Some("")),
        (long.as_str(), Some("village/bat-trang")),
    ];
    for (text, first) in cases {
        let limit = 10;
        let started = Instant::now();
        let results = engine
            .search(&SearchRequest {
                text: text.into(),
                limit,
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let took = started.elapsed();
        assert!(took < QUERY_TIME, "{text:?} took {took:?}");
        assert_bounded(&engine, &results, limit, text);
        let got = results
            .hits
            .first()
            .map(|h| format!("{}/{}", h.kind.as_str(), h.id));
        match first {
            // Nothing to search for (no word), or only symbols: no results at all.
            None => assert_eq!(results.total, 0, "{text:?} found {got:?}"),
            // The cut-off long query still reads as its first words.
            Some(expected) if !expected.is_empty() => {
                assert_eq!(got.as_deref(), Some(expected), "{text:?}")
            }
            // Words that may or may not match: only the bounds hold.
            Some(_) => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_string_is_a_bounded_query(text in any::<String>()) {
        let engine = engine();
        let started = Instant::now();
        let results = engine
            .search(&SearchRequest { text: text.clone(), limit: 10, ..Default::default() })
            .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert!(started.elapsed() < QUERY_TIME, "{:?} took {:?}", text, started.elapsed());
        assert_bounded(&engine, &results, 10, &text);
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

#[test]
fn a_village_page_holds_its_crafts_products_and_tours() {
    let engine = engine();
    let Some(RecordPage::Village(page)) =
        RecordPage::load(&engine, Kind::Village, "bat-trang", day()).unwrap()
    else {
        panic!("bat-trang is a village");
    };
    assert_eq!(page.village.name, "Bát Tràng");
    let names = |links: &[handbook_search::page_data::Link]| {
        links.iter().map(|l| l.name.vi.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&page.crafts), ["Gốm sứ"]);
    assert_eq!(names(&page.products), ["Bộ gốm men suối ngọc"]);
    assert_eq!(names(&page.tours), ["Hai làng gốm xã Bát Tràng"]);
    // Nearby villages with their distance and direction, as on the map.
    let nearby: Vec<_> = page.nearby.iter().map(|n| n.pin.id.as_str()).collect();
    assert_eq!(nearby, ["giang-cao", "van-phuc-ha-dong"]);
    assert!(page.nearby[0].distance.km < page.nearby[1].distance.km);
    let from_lake = page.from_hoan_kiem.expect("Bát Tràng has a position");
    assert_eq!(from_lake.compass, Compass::SE);
    assert!((5.0..15.0).contains(&from_lake.km), "{from_lake:?}");
    // Links out: a pin in each app, and the ways there from the lake.
    assert_eq!(page.map_links(Lang::En).len(), 3);
    let ways: Vec<TravelMode> = page
        .getting_there(Lang::Vi)
        .iter()
        .map(|(m, _)| *m)
        .collect();
    assert_eq!(ways, directions::GETTING_THERE);
    assert!(
        RecordPage::load(&engine, Kind::Village, "khong-co-lang", day())
            .unwrap()
            .is_none()
    );
    assert!(RecordPage::load(&engine, Kind::Craft, "bat-trang", day())
        .unwrap()
        .is_none());
}

#[test]
fn a_tour_page_places_and_names_its_stops() {
    let engine = engine();
    let Some(RecordPage::Tour(page)) =
        RecordPage::load(&engine, Kind::Tour, "gom-go-bac-song-hong", day()).unwrap()
    else {
        panic!("a tour");
    };
    let stops: Vec<_> = page.stops.iter().map(|s| s.name.vi.as_str()).collect();
    assert_eq!(stops, ["Bát Tràng", "Giang Cao"]);
    assert!(page.stops.iter().all(|s| s.at.is_some()));
    assert_eq!(page.route.stop_minutes, 150 + 45);
    assert_eq!(page.route.unplaced_stops, 0);
    let links = page.directions(Lang::Vi);
    assert_eq!(links.route.expect("two placed stops").google_stops, 2);
    assert_eq!(links.legs.len(), 1);
    let card = page.summary();
    assert_eq!((card.stops, card.unplaced_stops), (2, 0));
    assert_eq!(card.minutes, page.route.total_minutes());
    assert_eq!(
        RecordPage::Tour(page).entry().name(),
        "Hai làng gốm xã Bát Tràng"
    );
}

#[test]
fn the_tours_page_has_a_card_per_tour_that_filters_find() {
    let page = ToursPage::load(&engine()).unwrap();
    assert_eq!(page.cards.len(), page.tours.len());
    assert_eq!(page.shown(&TourFilter::default()).len(), 1);
    let by_bicycle = TourFilter {
        transport: Some(Transport::Bicycle),
        ..Default::default()
    };
    let transport = page.tours[0].tour.transport;
    assert_eq!(
        page.shown(&by_bicycle).len(),
        usize::from(transport == Transport::Bicycle)
    );
}

#[test]
fn the_villages_page_groups_villages_by_their_main_craft() {
    let page = VillagesPage::load(&engine()).unwrap();
    assert_eq!(page.count, 3);
    let groups: Vec<_> = page
        .groups
        .iter()
        .map(|g| {
            (
                g.group,
                g.items
                    .iter()
                    .map(|i| i.link.id.as_str())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (CraftGroup::Ceramics, vec!["bat-trang", "giang-cao"]),
            (CraftGroup::Textiles, vec!["van-phuc-ha-dong"])
        ]
    );
}

#[test]
fn the_map_selects_a_village_and_lists_the_others_nearest_first() {
    let page = MapPage::load(&engine(), Some("bat-trang")).unwrap();
    assert_eq!(page.pins.len(), 3);
    let selection = page.selection.expect("bat-trang is on the map");
    let nearest: Vec<_> = selection
        .nearest
        .iter()
        .map(|(p, _)| p.id.as_str())
        .collect();
    assert_eq!(nearest, ["giang-cao", "van-phuc-ha-dong"]);
    assert!(selection.nearest[0].1 < selection.nearest[1].1);
    // The sheet's crafts and distance from the lake (Bát Tràng is about 10 km south-east).
    let crafts: Vec<_> = selection.crafts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(crafts, ["gom-su"]);
    assert!(
        (5.0..15.0).contains(&selection.from_hoan_kiem.km),
        "{:?}",
        selection.from_hoan_kiem
    );
    assert_eq!(selection.from_hoan_kiem.compass, Compass::SE);
    // The same sheet on its own, as the page loads it at a tap.
    assert_eq!(
        MapPage::selection(&engine(), "bat-trang").unwrap(),
        Some(selection.clone())
    );
    assert_eq!(MapPage::selection(&engine(), "nowhere").unwrap(), None);
    assert!(MapPage::load(&engine(), Some("nowhere"))
        .unwrap()
        .selection
        .is_none());
    // The communes and wards the indexer put in the bundle, to label the map.
    let communes: Vec<_> = page.communes.iter().map(|c| c.short_name()).collect();
    assert!(communes.contains(&"Bát Tràng"), "{communes:?}");
    assert_eq!(page.communes.len(), 6);
}

#[test]
fn a_quiz_page_names_its_topic_as_the_builder_does() {
    let engine = engine();
    let page = QuizPage::load(
        &engine,
        Topic::Group(CraftGroup::Ceramics),
        QuizCode::new("7"),
    )
    .unwrap();
    let name = page
        .choice
        .and_then(|c| c.name)
        .expect("a group the builder offers");
    assert_eq!(name.vi, "Gốm sứ");
    let unknown =
        QuizPage::load(&engine, Topic::Tour("khong-co".into()), QuizCode::new("7")).unwrap();
    assert!(unknown.choice.is_none());
    assert_eq!(unknown.code.as_str(), "7");
    assert_eq!(unknown.answer_key.len(), unknown.questions.len());
}

#[test]
fn a_score_is_explained_for_a_record_stored_before_the_first_phrase_match() {
    // "van phuc" is a phrase in Vạn Phúc's name; Bát Tràng is stored before it. Explaining a
    // record stored before the first record holding a phrase once tripped a debug assertion in
    // tantivy's phrase scorer (vendor/tantivy.patch).
    let engine = engine();
    let explained = engine
        .explain("van phuc", Kind::Village, "van-phuc-ha-dong")
        .unwrap();
    assert!(explained.is_some_and(|e| e.contains("Phrase")));
    // Bát Tràng's texts hold the query's words too: it has a score to explain.
    let other = engine
        .explain("van phuc", Kind::Village, "bat-trang")
        .unwrap();
    assert!(other.is_some_and(|e| e.contains("BooleanClause")));
}
