//! Tour cards and map links on the real tours: every tour gets a card that filters can find,
//! and links that open its whole route in a map app.

use handbook_search::directions::{self, MapApp, GOOGLE_MAX_WAYPOINTS};
use handbook_search::route::Route;
use handbook_search::tours::{LengthBand, TourFilter, TourSummary};
use handbook_search::{Audience, Coordinates, Transport};

use crate::seeds;

fn position(id: &str) -> Option<Coordinates> {
    seeds::load()
        .villages
        .iter()
        .find(|v| v.id == id)
        .and_then(|v| v.coordinates)
}

fn cards() -> Vec<TourSummary> {
    seeds::load()
        .tours
        .iter()
        .map(|t| TourSummary::new(t, position))
        .collect()
}

#[test]
fn every_tour_has_a_card_in_a_length_band() {
    let cards = cards();
    assert_eq!(cards.len(), seeds::load().tours.len());
    for card in &cards {
        assert_eq!(
            card.unplaced_stops, 0,
            "{} has a stop with no position",
            card.id
        );
        assert!(
            card.straight_km > 0.0 && card.road_km > card.straight_km,
            "{card:?}"
        );
        assert!(card.minutes > 0 && card.hours() >= 0.5);
    }
    // The bands split the seeds' tours, none of them empty.
    for band in LengthBand::ALL {
        assert!(cards.iter().any(|c| c.length == band), "no {band:?} tour");
    }
}

#[test]
fn each_filter_finds_exactly_the_tours_that_match() {
    let cards = cards();
    for transport in Transport::ALL.map(Some).into_iter().chain([None]) {
        for length in LengthBand::ALL.map(Some).into_iter().chain([None]) {
            for audience in Audience::ALL.map(Some).into_iter().chain([None]) {
                let filter = TourFilter {
                    transport,
                    length,
                    audience,
                };
                let shown = filter.apply(&cards);
                let expected = cards.iter().filter(|c| {
                    transport.is_none_or(|t| c.transport == t)
                        && length.is_none_or(|l| c.length == l)
                        && audience.is_none_or(|a| c.audience.contains(&a))
                });
                assert_eq!(shown.len(), expected.count(), "{filter:?}");
                // The filter survives its address.
                let href = Route::Tours { filter }.href();
                let (path, query) = href.split_once('?').unwrap_or((&href, ""));
                assert_eq!(Route::parse(path, query), Route::Tours { filter }, "{href}");
            }
        }
    }
    let bicycle = TourFilter {
        transport: Some(Transport::Bicycle),
        ..Default::default()
    };
    assert!(!bicycle.apply(&cards).is_empty());
}

#[test]
fn every_tour_opens_as_one_route_in_google_and_apple_maps() {
    for tour in &seeds::load().tours {
        let names: Vec<String> = tour
            .stops
            .iter()
            .map(|s| s.village.clone().or(s.place.clone()).unwrap_or_default())
            .collect();
        let stops: Vec<(&str, Option<Coordinates>)> = names
            .iter()
            .zip(tour.stop_positions(position))
            .map(|(n, at)| (n.as_str(), at))
            .collect();
        let links = directions::tour(&stops, tour.transport);
        let route = links.route.expect("every tour has two placed stops");
        assert_eq!(route.google_stops, tour.stops.len(), "{}", tour.id);
        assert!(tour.stops.len() <= GOOGLE_MAX_WAYPOINTS + 2);
        assert_eq!(
            route.links.iter().map(|l| l.app).collect::<Vec<_>>(),
            [MapApp::Google, MapApp::Apple]
        );
        assert_eq!(links.legs.len(), tour.stops.len() - 1);
        assert!(links.stops.iter().all(|s| s.len() == 3));
    }
}
