//! Links that open a place or a route in the visitor's map app: plain `https` links, which
//! every phone opens (in the app when it is installed, in the browser otherwise), where a
//! `geo:` link does nothing on an iPhone. A kiosk shows each as a QR code to scan instead of
//! following it. Values are percent-encoded with the URL codec's [`encode`].
//!
//! What each platform does with them:
//! - **Google Maps** ([Maps URLs], `api=1`): Android, iOS and desktop alike. A place opens as a
//!   pin at the coordinates — the API takes no label for coordinates, so the pin is unnamed. A
//!   route takes an origin, a destination and up to 9 waypoints (mobile *browsers* keep only
//!   the first 3: open the app for longer tours), and a travel mode (`two-wheeler` for a
//!   motorbike, where Google offers it; elsewhere it falls back to another mode).
//! - **Apple Maps** ([Map Links]): a place is a pin at `ll` labelled with `q`; directions
//!   between two points (`saddr`, `daddr`, `dirflg` d/w/r: there is no cycling flag, so a bicycle
//!   leaves the mode to the app) work on every iOS and on the web. A route through several stops
//!   needs the unified `/directions` URL (`source`, `waypoint`…, `destination`, `mode`), which
//!   only iOS 18.4 / macOS 15.4 and later understand; older systems open Maps without the route
//!   — the legs' two-point links still work there.
//! - **OpenStreetMap** (openstreetmap.org): a place is a marker (`mlat`, `mlon`; no label), and
//!   directions join exactly two points with one of its routers (OSRM car, bicycle, foot; a
//!   motorbike goes by car). It has no multi-stop route link.
//!
//! [Maps URLs]: https://developers.google.com/maps/documentation/urls/get-started
//! [Map Links]: https://developer.apple.com/library/archive/featuredarticles/iPhoneURLScheme_Reference/MapLinks/MapLinks.html

use serde::{Deserialize, Serialize};

use crate::decimal::trimmed;
use crate::model::{Coordinates, Transport};
use crate::route::encode;

/// Most waypoints (stops between the first and the last) a Google Maps route link carries.
pub const GOOGLE_MAX_WAYPOINTS: usize = 9;

/// How the visitor travels, as map apps route it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// By car.
    Driving,
    /// By motorbike (Google's `two-wheeler`; by car elsewhere).
    Motorbike,
    /// By bicycle.
    Bicycle,
    /// On foot.
    Walking,
    /// By bus and other public transport (Google and Apple only).
    Transit,
}

impl From<Transport> for TravelMode {
    fn from(transport: Transport) -> TravelMode {
        match transport {
            Transport::Car => TravelMode::Driving,
            Transport::Motorbike => TravelMode::Motorbike,
            Transport::Bicycle => TravelMode::Bicycle,
            Transport::Walking => TravelMode::Walking,
        }
    }
}

/// The ways from Hoàn Kiếm Lake a village page offers: bus, motorbike, bicycle (issue 15).
pub const GETTING_THERE: [TravelMode; 3] = [
    TravelMode::Transit,
    TravelMode::Motorbike,
    TravelMode::Bicycle,
];

/// A map app a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapApp {
    /// Google Maps.
    Google,
    /// Apple Maps.
    Apple,
    /// OpenStreetMap's website.
    OpenStreetMap,
}

impl MapApp {
    /// Every app, in the order links are offered.
    pub const ALL: [MapApp; 3] = [MapApp::Google, MapApp::Apple, MapApp::OpenStreetMap];

    /// The app's name, the same in both languages.
    pub fn name(self) -> &'static str {
        match self {
            MapApp::Google => "Google Maps",
            MapApp::Apple => "Apple Maps",
            MapApp::OpenStreetMap => "OpenStreetMap",
        }
    }
}

/// A link that opens a map app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapLink {
    /// The app it opens.
    pub app: MapApp,
    /// The `https` address.
    pub url: String,
}

/// A named point to go to: a village, a tour stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place<'a> {
    /// What to call it (Apple Maps shows it on the pin).
    pub name: &'a str,
    /// Where it is.
    pub at: Coordinates,
}

/// `lat,lon` with at most 6 decimals (10 cm), trailing zeros dropped.
fn point(at: &Coordinates) -> String {
    format!("{},{}", trimmed(at.lat, 6), trimmed(at.lon, 6))
}

/// `base?name=value&…`, each value encoded.
fn with_query(base: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

fn google_mode(mode: TravelMode) -> &'static str {
    match mode {
        TravelMode::Driving => "driving",
        TravelMode::Motorbike => "two-wheeler",
        TravelMode::Bicycle => "bicycling",
        TravelMode::Walking => "walking",
        TravelMode::Transit => "transit",
    }
}

fn apple_unified_mode(mode: TravelMode) -> &'static str {
    match mode {
        TravelMode::Driving | TravelMode::Motorbike => "driving",
        TravelMode::Bicycle => "cycling",
        TravelMode::Walking => "walking",
        TravelMode::Transit => "transit",
    }
}

/// Apple's legacy `dirflg`: driving, walking or transit; it has none for cycling.
fn apple_legacy_mode(mode: TravelMode) -> Option<&'static str> {
    match mode {
        TravelMode::Driving | TravelMode::Motorbike => Some("d"),
        TravelMode::Walking => Some("w"),
        TravelMode::Transit => Some("r"),
        TravelMode::Bicycle => None,
    }
}

/// OpenStreetMap's router for a mode; it has none for public transport.
fn osm_engine(mode: TravelMode) -> Option<&'static str> {
    match mode {
        TravelMode::Driving | TravelMode::Motorbike => Some("fossgis_osrm_car"),
        TravelMode::Bicycle => Some("fossgis_osrm_bike"),
        TravelMode::Walking => Some("fossgis_osrm_foot"),
        TravelMode::Transit => None,
    }
}

/// Links that show a place in each app, in [`MapApp::ALL`] order.
pub fn place(place: Place<'_>) -> Vec<MapLink> {
    let at = point(&place.at);
    let (lat, lon) = at.split_once(',').unwrap_or((&at, ""));
    vec![
        MapLink {
            app: MapApp::Google,
            url: with_query(
                "https://www.google.com/maps/search/",
                &[("api", "1".into()), ("query", at.clone())],
            ),
        },
        MapLink {
            app: MapApp::Apple,
            url: with_query(
                "https://maps.apple.com/",
                &[("ll", at.clone()), ("q", place.name.to_string())],
            ),
        },
        MapLink {
            app: MapApp::OpenStreetMap,
            url: format!(
                "{}#map=15/{lat}/{lon}",
                with_query(
                    "https://www.openstreetmap.org/",
                    &[("mlat", lat.to_string()), ("mlon", lon.to_string())],
                )
            ),
        },
    ]
}

/// Links for the way from one place to another in each app, in [`MapApp::ALL`] order; every
/// platform opens these. OpenStreetMap is left out for public transport, which it does not
/// route.
pub fn leg(from: Place<'_>, to: Place<'_>, mode: TravelMode) -> Vec<MapLink> {
    let (from, to) = (point(&from.at), point(&to.at));
    let mut apple = vec![("saddr", from.clone()), ("daddr", to.clone())];
    if let Some(flag) = apple_legacy_mode(mode) {
        apple.push(("dirflg", flag.into()));
    }
    let mut links = vec![
        MapLink {
            app: MapApp::Google,
            url: with_query(
                "https://www.google.com/maps/dir/",
                &[
                    ("api", "1".into()),
                    ("origin", from.clone()),
                    ("destination", to.clone()),
                    ("travelmode", google_mode(mode).into()),
                ],
            ),
        },
        MapLink {
            app: MapApp::Apple,
            url: with_query("https://maps.apple.com/", &apple),
        },
    ];
    if let Some(engine) = osm_engine(mode) {
        links.push(MapLink {
            app: MapApp::OpenStreetMap,
            url: with_query(
                "https://www.openstreetmap.org/directions",
                &[("engine", engine.into()), ("route", format!("{from};{to}"))],
            ),
        });
    }
    links
}

/// Ways to a place from Hoàn Kiếm Lake ([`crate::geo::HOAN_KIEM`]), the visitor's usual
/// starting point: the [`leg`] links for each of [`GETTING_THERE`].
pub fn from_hoan_kiem(to: Place<'_>) -> Vec<(TravelMode, Vec<MapLink>)> {
    let lake = Place {
        name: crate::geo::HOAN_KIEM_NAME,
        at: crate::geo::HOAN_KIEM,
    };
    GETTING_THERE
        .into_iter()
        .map(|mode| (mode, leg(lake, to, mode)))
        .collect()
}

/// Links for a whole route through `stops` in order: Google Maps, then Apple Maps (iOS 18.4
/// and later); OpenStreetMap has no multi-stop link. With fewer than two stops there is no
/// route. Google takes at most [`GOOGLE_MAX_WAYPOINTS`] stops between the first and the last:
/// with more, the route is cut after the tenth stop (`google_stops` says how many it covers).
pub fn route(stops: &[Place<'_>], mode: TravelMode) -> Option<RouteLinks> {
    let (first, rest) = stops.split_first()?;
    let (last, between) = rest.split_last()?;
    let origin = point(&first.at);

    let google_between = &between[..between.len().min(GOOGLE_MAX_WAYPOINTS)];
    let google_last = if google_between.len() < between.len() {
        &between[GOOGLE_MAX_WAYPOINTS]
    } else {
        last
    };
    let mut google = vec![
        ("api", "1".to_string()),
        ("origin", origin.clone()),
        ("destination", point(&google_last.at)),
        ("travelmode", google_mode(mode).into()),
    ];
    if !google_between.is_empty() {
        let waypoints: Vec<String> = google_between.iter().map(|p| point(&p.at)).collect();
        google.push(("waypoints", waypoints.join("|")));
    }

    let mut apple = vec![("source", origin)];
    apple.extend(between.iter().map(|p| ("waypoint", point(&p.at))));
    apple.push(("destination", point(&last.at)));
    apple.push(("mode", apple_unified_mode(mode).into()));

    Some(RouteLinks {
        links: vec![
            MapLink {
                app: MapApp::Google,
                url: with_query("https://www.google.com/maps/dir/", &google),
            },
            MapLink {
                app: MapApp::Apple,
                url: with_query("https://maps.apple.com/directions", &apple),
            },
        ],
        google_stops: google_between.len() + 2,
    })
}

/// The links of a route through several stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteLinks {
    /// Google Maps, then Apple Maps.
    pub links: Vec<MapLink>,
    /// How many of the stops, from the first, the Google Maps link covers (all, unless there
    /// are more than [`GOOGLE_MAX_WAYPOINTS`] + 2).
    pub google_stops: usize,
}

/// Every map link of a tour: the whole route, each leg between consecutive placed stops, and
/// each placed stop on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TourLinks {
    /// The route through every placed stop; `None` with fewer than two.
    pub route: Option<RouteLinks>,
    /// Each leg: the indices of its two stops in the tour, and its links.
    pub legs: Vec<(usize, usize, Vec<MapLink>)>,
    /// Each stop's place links, by the stop's index; empty for a stop with no position.
    pub stops: Vec<Vec<MapLink>>,
}

/// The map links of a tour whose stops are `stops` (name and position, in order), travelled by
/// `transport`. Stops without a position are skipped by the route and the legs.
pub fn tour(stops: &[(&str, Option<Coordinates>)], transport: Transport) -> TourLinks {
    let mode = TravelMode::from(transport);
    let placed: Vec<(usize, Place<'_>)> = stops
        .iter()
        .enumerate()
        .filter_map(|(i, (name, at))| Some((i, Place { name, at: (*at)? })))
        .collect();
    let places: Vec<Place<'_>> = placed.iter().map(|(_, p)| *p).collect();
    TourLinks {
        route: route(&places, mode),
        legs: placed
            .windows(2)
            .map(|w| (w[0].0, w[1].0, leg(w[0].1, w[1].1, mode)))
            .collect(),
        stops: stops
            .iter()
            .map(|(name, at)| at.map_or_else(Vec::new, |at| place(Place { name, at })))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Precision;

    fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates::point(lat, lon, Precision::Village)
    }

    const BAT_TRANG: Place<'static> = Place {
        name: "Bát Tràng",
        at: Coordinates {
            lat: 20.9753,
            lon: 105.9128,
            precision: Precision::Village,
        },
    };

    const HOAN_KIEM: Place<'static> = Place {
        name: "Hồ Hoàn Kiếm",
        at: Coordinates {
            lat: 21.0288,
            lon: 105.8525,
            precision: Precision::Village,
        },
    };

    fn url(links: &[MapLink], app: MapApp) -> &str {
        &links.iter().find(|l| l.app == app).unwrap().url
    }

    /// The decoded `name=value` pairs of a link's query, as a browser reads them.
    fn params(url: &str) -> Vec<(String, String)> {
        let query = url.split_once('?').unwrap().1;
        let query = query.split('#').next().unwrap();
        query
            .split('&')
            .map(|pair| {
                let (n, v) = pair.split_once('=').unwrap();
                (crate::route::decode(n, true), crate::route::decode(v, true))
            })
            .collect()
    }

    #[test]
    fn a_place_opens_as_a_pin_in_each_app_with_its_name_where_the_app_takes_one() {
        let links = place(BAT_TRANG);
        assert_eq!(links.iter().map(|l| l.app).collect::<Vec<_>>(), MapApp::ALL);
        assert_eq!(
            url(&links, MapApp::Google),
            "https://www.google.com/maps/search/?api=1&query=20.9753%2C105.9128"
        );
        assert_eq!(
            url(&links, MapApp::Apple),
            "https://maps.apple.com/?ll=20.9753%2C105.9128&q=B%C3%A1t%20Tr%C3%A0ng"
        );
        assert_eq!(
            url(&links, MapApp::OpenStreetMap),
            "https://www.openstreetmap.org/?mlat=20.9753&mlon=105.9128#map=15/20.9753/105.9128"
        );
        assert_eq!(
            params(url(&links, MapApp::Apple)),
            [
                ("ll".to_string(), "20.9753,105.9128".to_string()),
                ("q".to_string(), "Bát Tràng".to_string())
            ]
        );
    }

    #[test]
    fn names_that_look_like_syntax_survive_the_round_trip() {
        let tricky = Place {
            name: "Gốm & Gỗ #1 + 50% = ?/ok",
            at: at(21.0, 105.8),
        };
        let apple = place(tricky)[1].url.clone();
        let q = params(&apple)
            .into_iter()
            .find(|(n, _)| n == "q")
            .unwrap()
            .1;
        assert_eq!(q, tricky.name);
        assert!(!apple.contains(' ') && !apple.contains('#'), "{apple}");
    }

    #[test]
    fn coordinates_are_written_short_and_exact() {
        assert_eq!(point(&at(21.0, 105.8)), "21,105.8");
        assert_eq!(point(&at(20.123_456_78, -0.000_000_1)), "20.123457,0");
        assert_eq!(point(&at(-33.5, 151.25)), "-33.5,151.25");
    }

    #[test]
    fn a_leg_opens_directions_in_each_app_with_the_tours_travel_mode() {
        let links = leg(HOAN_KIEM, BAT_TRANG, TravelMode::Motorbike);
        assert_eq!(
            url(&links, MapApp::Google),
            "https://www.google.com/maps/dir/?api=1&origin=21.0288%2C105.8525\
             &destination=20.9753%2C105.9128&travelmode=two-wheeler"
        );
        assert_eq!(
            url(&links, MapApp::Apple),
            "https://maps.apple.com/?saddr=21.0288%2C105.8525&daddr=20.9753%2C105.9128&dirflg=d"
        );
        assert_eq!(
            url(&links, MapApp::OpenStreetMap),
            "https://www.openstreetmap.org/directions?engine=fossgis_osrm_car\
             &route=21.0288%2C105.8525%3B20.9753%2C105.9128"
        );
        let by_bicycle = leg(HOAN_KIEM, BAT_TRANG, TravelMode::Bicycle);
        assert!(url(&by_bicycle, MapApp::Google).ends_with("travelmode=bicycling"));
        assert!(!url(&by_bicycle, MapApp::Apple).contains("dirflg"));
        assert!(url(&by_bicycle, MapApp::OpenStreetMap).contains("engine=fossgis_osrm_bike"));
        let on_foot = leg(HOAN_KIEM, BAT_TRANG, TravelMode::Walking);
        assert!(url(&on_foot, MapApp::Apple).ends_with("dirflg=w"));
        assert!(url(
            &leg(HOAN_KIEM, BAT_TRANG, TravelMode::Driving),
            MapApp::Google
        )
        .ends_with("travelmode=driving"));
    }

    #[test]
    fn a_route_goes_through_every_stop_in_order() {
        let stops: Vec<Place> = (0..4)
            .map(|i| Place {
                name: "x",
                at: at(21.0 + f64::from(i) / 10.0, 105.8),
            })
            .collect();
        let route = route(&stops, TravelMode::Bicycle).unwrap();
        assert_eq!(route.google_stops, 4);
        let google = params(url(&route.links, MapApp::Google));
        let get = |ps: &[(String, String)], n: &str| -> Vec<String> {
            ps.iter()
                .filter(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .collect()
        };
        assert_eq!(get(&google, "origin"), ["21,105.8"]);
        assert_eq!(get(&google, "waypoints"), ["21.1,105.8|21.2,105.8"]);
        assert_eq!(get(&google, "destination"), ["21.3,105.8"]);
        assert_eq!(get(&google, "travelmode"), ["bicycling"]);
        let apple_url = url(&route.links, MapApp::Apple);
        assert!(apple_url.starts_with("https://maps.apple.com/directions?"));
        let apple = params(apple_url);
        assert_eq!(get(&apple, "source"), ["21,105.8"]);
        assert_eq!(get(&apple, "waypoint"), ["21.1,105.8", "21.2,105.8"]);
        assert_eq!(get(&apple, "destination"), ["21.3,105.8"]);
        assert_eq!(get(&apple, "mode"), ["cycling"]);
        assert!(url(&route.links, MapApp::Google).contains("waypoints=21.1%2C105.8%7C21.2"));
    }

    #[test]
    fn a_route_needs_two_stops_and_google_is_cut_after_nine_waypoints() {
        assert_eq!(route(&[], TravelMode::Driving), None);
        assert_eq!(route(&[BAT_TRANG], TravelMode::Driving), None);
        let two = route(&[HOAN_KIEM, BAT_TRANG], TravelMode::Driving).unwrap();
        assert!(!two.links[0].url.contains("waypoints"));
        let stops: Vec<Place> = (0..13)
            .map(|i| Place {
                name: "x",
                at: at(21.0 + f64::from(i) / 100.0, 105.8),
            })
            .collect();
        let long = route(&stops, TravelMode::Driving).unwrap();
        assert_eq!(long.google_stops, 11);
        let google = params(&long.links[0].url);
        let waypoints = &google.iter().find(|(n, _)| n == "waypoints").unwrap().1;
        assert_eq!(waypoints.split('|').count(), GOOGLE_MAX_WAYPOINTS);
        assert!(google.contains(&("destination".into(), "21.1,105.8".into())));
        let apple = params(&long.links[1].url);
        assert_eq!(apple.iter().filter(|(n, _)| n == "waypoint").count(), 11);
    }

    #[test]
    fn the_way_from_hoan_kiem_is_offered_by_bus_motorbike_and_bicycle() {
        let ways = from_hoan_kiem(BAT_TRANG);
        let modes: Vec<TravelMode> = ways.iter().map(|(m, _)| *m).collect();
        assert_eq!(modes, GETTING_THERE);
        let (_, by_bus) = &ways[0];
        assert!(url(by_bus, MapApp::Google).ends_with("travelmode=transit"));
        assert!(url(by_bus, MapApp::Apple).ends_with("dirflg=r"));
        assert!(
            by_bus.iter().all(|l| l.app != MapApp::OpenStreetMap),
            "OpenStreetMap routes no buses"
        );
        assert!(url(by_bus, MapApp::Google).contains("origin=21.02889%2C105.8525"));
        assert_eq!(ways[1].1.len(), 3);
    }

    #[test]
    fn a_tours_links_skip_unplaced_stops_and_keep_their_indices() {
        let links = tour(
            &[
                ("Hồ Hoàn Kiếm", Some(HOAN_KIEM.at)),
                ("Đình làng", None),
                ("Bát Tràng", Some(BAT_TRANG.at)),
            ],
            Transport::Motorbike,
        );
        assert_eq!(links.stops[0], place(HOAN_KIEM));
        assert!(links.stops[1].is_empty());
        assert_eq!(links.legs.len(), 1);
        let (from, to, leg_links) = &links.legs[0];
        assert_eq!((*from, *to), (0, 2));
        assert_eq!(*leg_links, leg(HOAN_KIEM, BAT_TRANG, TravelMode::Motorbike));
        let route = links.route.unwrap();
        assert_eq!(route.google_stops, 2);
        assert!(url(&route.links, MapApp::Apple).ends_with("mode=driving"));
        assert!(url(&route.links, MapApp::Google).ends_with("travelmode=two-wheeler"));
        let json = serde_json::to_string(&links.legs).unwrap();
        assert!(json.contains("\"app\":\"open_street_map\""), "{json}");
    }

    #[test]
    fn no_link_is_a_geo_uri() {
        let mut all = place(BAT_TRANG);
        all.extend(leg(HOAN_KIEM, BAT_TRANG, TravelMode::Driving));
        all.extend(from_hoan_kiem(BAT_TRANG).into_iter().flat_map(|(_, l)| l));
        all.extend(
            tour(
                &[("a", Some(HOAN_KIEM.at)), ("b", Some(BAT_TRANG.at))],
                Transport::Car,
            )
            .legs
            .into_iter()
            .flat_map(|(_, _, l)| l),
        );
        all.extend(
            route(&[HOAN_KIEM, BAT_TRANG], TravelMode::Driving)
                .unwrap()
                .links,
        );
        for link in all {
            assert!(link.url.starts_with("https://"), "{}", link.url);
        }
    }
}
