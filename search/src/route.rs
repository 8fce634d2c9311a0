//! Every address in the handbook, parsed and built in one place: the page ([`Route`]) and what
//! any page's address may carry besides ([`Address`]: the reader's language, kiosk mode), and
//! the links that leave the app (a map app's `geo:` link, a tour's GPX as a `data:` link). The
//! app reads the current page from here and builds every link here, so a link built on one page
//! is always understood by another, and the codec runs natively (tests, prerendering) as well as
//! in the browser: it is plain Rust, with percent-encoding that matches the browser's
//! `encodeURIComponent` and `URLSearchParams`.
//!
//! Links out of the app, to map apps, are built beside it in [`directions`] with the same
//! encoder.

use crate::decimal::fixed;
use crate::facets::{Dimension, Filter};
use crate::lang::Lang;
use crate::quiz::{QuizCode, Topic};
use crate::tours::{LengthBand, TourFilter};
use crate::{Audience, Transport};
use crate::{Coordinates, Entry, Kind};

pub use crate::directions;

/// A page of the app, with what its address says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the start page.
    Home,
    /// `/search?q=<text>&<dimension>=<value>…`: results for a text, narrowed by filters.
    Search {
        /// The text searched (`q`; empty when absent).
        text: String,
        /// The filters, by dimension in [`Dimension::ALL`] order; empty values are dropped.
        filters: Vec<Filter>,
    },
    /// `/villages`.
    Villages,
    /// `/crafts`.
    Crafts,
    /// `/tours?transport=<t>&length=<band>&audience=<a>`: the tours, filtered; a missing or
    /// unreadable filter is not set.
    Tours {
        /// The filters.
        filter: TourFilter,
    },
    /// `/map?v=<village>`: the map, with a village selected or none.
    Map {
        /// The selected village's id (`v`; absent or empty: none).
        selected: Option<String>,
    },
    /// `/plan`.
    Plan,
    /// `/about`.
    About,
    /// `/learn`: school mode's start.
    Learn,
    /// `/learn/craft/<id>`: one craft for a class.
    LearnCraft {
        /// The craft's id.
        id: String,
    },
    /// `/learn/quiz?topic=<topic>&seed=<code>`: a quiz. A missing or unreadable topic is
    /// [`Topic::All`]; a missing code is the empty code, which has its own quiz too.
    Quiz {
        /// What the quiz is about.
        topic: Topic,
        /// The quiz code (any text): the same code gives the same questions.
        code: QuizCode,
    },
    /// `/<kind>/<id>`: a record's page.
    Record {
        /// The record's kind.
        kind: Kind,
        /// The record's id.
        id: String,
    },
    /// Any other path.
    NotFound {
        /// The path asked for.
        path: String,
    },
}

/// The app's mode, from `?mode=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `kiosk`: an exhibition screen (see the app's `kiosk` module).
    Kiosk,
}

/// A whole address: the page, and the settings any page's address may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The page.
    pub route: Route,
    /// `lang=vi|en`: the reader's language, if the link chooses one.
    pub lang: Option<Lang>,
    /// `mode=kiosk`: switch this device to kiosk mode.
    pub mode: Option<Mode>,
    /// `idle=<seconds>`: a kiosk's idle time before it counts down (whole seconds).
    pub idle: Option<u32>,
}

impl Route {
    /// The page at `path` with query string `query` (with or without its leading `?`).
    pub fn parse(path: &str, query: &str) -> Route {
        let query = Query::parse(query);
        let path = match path.strip_suffix('/') {
            Some(trimmed) if !trimmed.is_empty() => trimmed,
            _ => path,
        };
        let segments: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .map(|s| decode(s, false))
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            [""] => Route::Home,
            ["search"] => Route::Search {
                text: query.first("q").unwrap_or_default().to_string(),
                filters: Dimension::ALL
                    .into_iter()
                    .flat_map(|dimension| {
                        query
                            .all(dimension.as_str())
                            .filter(|v| !v.is_empty())
                            .map(move |value| Filter {
                                dimension,
                                value: value.to_string(),
                            })
                    })
                    .collect(),
            },
            ["villages"] => Route::Villages,
            ["crafts"] => Route::Crafts,
            ["tours"] => Route::Tours {
                filter: TourFilter {
                    transport: query.first("transport").and_then(Transport::parse),
                    length: query.first("length").and_then(LengthBand::parse),
                    audience: query.first("audience").and_then(Audience::parse),
                },
            },
            ["map"] => Route::Map {
                selected: query
                    .first("v")
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            },
            ["plan"] => Route::Plan,
            ["about"] => Route::About,
            ["learn"] => Route::Learn,
            ["learn", "quiz"] => Route::Quiz {
                topic: query
                    .first("topic")
                    .and_then(Topic::parse)
                    .unwrap_or(Topic::All),
                code: QuizCode::new(query.first("seed").unwrap_or_default()),
            },
            ["learn", "craft", id] if !id.is_empty() => Route::LearnCraft { id: id.to_string() },
            [kind, id] if !id.is_empty() => match Kind::parse(kind) {
                Some(kind) => Route::Record {
                    kind,
                    id: id.to_string(),
                },
                None => Route::NotFound {
                    path: path.to_string(),
                },
            },
            _ => Route::NotFound {
                path: path.to_string(),
            },
        }
    }

    /// The address of the page, as links write it.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Search { text, filters } => {
                let mut url = format!("/search?q={}", encode(text));
                for f in filters {
                    url.push_str(&format!("&{}={}", f.dimension.as_str(), encode(&f.value)));
                }
                url
            }
            Route::Villages => "/villages".into(),
            Route::Crafts => "/crafts".into(),
            Route::Tours { filter } => {
                let params = [
                    ("transport", filter.transport.map(Transport::as_str)),
                    ("length", filter.length.map(LengthBand::as_str)),
                    ("audience", filter.audience.map(Audience::as_str)),
                ];
                let query: Vec<String> = params
                    .iter()
                    .filter_map(|(name, value)| Some(format!("{name}={}", (*value)?)))
                    .collect();
                if query.is_empty() {
                    "/tours".into()
                } else {
                    format!("/tours?{}", query.join("&"))
                }
            }
            Route::Map { selected: None } => "/map".into(),
            Route::Map { selected: Some(id) } => format!("/map?v={}", encode(id)),
            Route::Plan => "/plan".into(),
            Route::About => "/about".into(),
            Route::Learn => "/learn".into(),
            Route::LearnCraft { id } => format!("/learn/craft/{}", encode(id)),
            Route::Quiz { topic, code } => {
                let mut url = format!("/learn/quiz?topic={}", encode(&topic.as_param()));
                if !code.as_str().is_empty() {
                    url.push_str(&format!("&seed={}", encode(code.as_str())));
                }
                url
            }
            Route::Record { kind, id } => format!("/{}/{}", kind.as_str(), encode(id)),
            Route::NotFound { path } => path.clone(),
        }
    }

    /// The address of the page as every link inside the app writes it: [`Route::href`] with
    /// the reader's language (`lang=vi|en`) after the page's own parameters, so that a link
    /// followed, copied or shared opens in the language it was read in. The same format as the
    /// language button's and the QR codes' ([`Address::href`]).
    pub fn href_in(&self, lang: Lang) -> String {
        with_settings(self.href(), Some(lang), None, None)
    }

    /// The page of a record.
    pub fn record(kind: Kind, id: &str) -> Route {
        Route::Record {
            kind,
            id: id.to_string(),
        }
    }

    /// The page of a record.
    pub fn of(entry: &dyn Entry) -> Route {
        Route::record(entry.kind(), entry.id())
    }

    /// The list of tours with no filter.
    pub fn tours() -> Route {
        Route::Tours {
            filter: TourFilter::default(),
        }
    }

    /// The map with a village selected.
    pub fn map_at(village: &str) -> Route {
        Route::Map {
            selected: Some(village.to_string()),
        }
    }
}

impl Address {
    /// The address at `path` with query string `query` (with or without its leading `?`).
    /// Settings that do not parse are absent.
    pub fn parse(path: &str, query: &str) -> Address {
        let params = Query::parse(query);
        Address {
            route: Route::parse(path, query),
            lang: params.first("lang").and_then(Lang::parse),
            mode: (params.first("mode") == Some("kiosk")).then_some(Mode::Kiosk),
            idle: params.first("idle").and_then(|v| v.parse().ok()),
        }
    }

    /// The address as a link writes it: the page's, then the settings.
    pub fn href(&self) -> String {
        with_settings(self.route.href(), self.lang, self.mode, self.idle)
    }
}

/// A page's address `url` followed by the settings given, in [`Address`]'s one order.
fn with_settings(
    mut url: String,
    lang: Option<Lang>,
    mode: Option<Mode>,
    idle: Option<u32>,
) -> String {
    let mut push = |name: &str, value: &str| {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(name);
        url.push('=');
        url.push_str(&encode(value));
    };
    if let Some(lang) = lang {
        push("lang", lang.code());
    }
    if mode == Some(Mode::Kiosk) {
        push("mode", "kiosk");
    }
    if let Some(idle) = idle {
        push("idle", &idle.to_string());
    }
    url
}

impl From<Route> for Address {
    fn from(route: Route) -> Address {
        Address {
            route,
            lang: None,
            mode: None,
            idle: None,
        }
    }
}

/// A query string's parameters, decoded, in order.
struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `a=1&b=x%20y` (a leading `?` is skipped) as browsers do: `+` is a space,
    /// `%XX` a byte, a pair without `=` has an empty value.
    fn parse(query: &str) -> Query {
        Query(
            query
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(name, true), decode(value, true))
                })
                .collect(),
        )
    }

    /// The first value of a parameter.
    fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a parameter, in order.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A `geo:` link that opens a point in the device's map app, labelled with a name.
pub fn geo_uri(at: &Coordinates, name: &str) -> String {
    format!(
        "geo:{lat},{lon}?q={lat},{lon}({})",
        encode(name),
        lat = fixed(at.lat, 5),
        lon = fixed(at.lon, 5)
    )
}

/// A `data:` link holding a GPX document, so a tour can be saved with no network.
pub fn gpx_data_uri(gpx: &str) -> String {
    format!("data:application/gpx+xml;charset=utf-8,{}", encode(gpx))
}

/// Percent-encodes a path segment or query value exactly as `encodeURIComponent` does: every
/// byte of the UTF-8 except `A–Z a–z 0–9 - _ . ! ~ * ' ( )`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and, in a query, `+` as a space); an escape that is not two hex
/// digits is kept as written, and bytes that are not UTF-8 become U+FFFD, as browsers do.
pub(crate) fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CraftGroup;

    /// One of every page, with parameters that need encoding.
    fn every_route() -> Vec<Route> {
        vec![
            Route::Home,
            Route::Search {
                text: "bát tràng & co +".into(),
                filters: vec![
                    Filter {
                        dimension: Dimension::Kind,
                        value: "village".into(),
                    },
                    Filter {
                        dimension: Dimension::District,
                        value: "Gia Lâm".into(),
                    },
                    Filter {
                        dimension: Dimension::District,
                        value: "Thạch Thất".into(),
                    },
                ],
            },
            Route::Search {
                text: String::new(),
                filters: vec![],
            },
            Route::Villages,
            Route::Crafts,
            Route::tours(),
            Route::Tours {
                filter: TourFilter {
                    transport: Some(Transport::Motorbike),
                    length: Some(LengthBand::Long),
                    audience: Some(Audience::Schools),
                },
            },
            Route::Tours {
                filter: TourFilter {
                    length: Some(LengthBand::Short),
                    ..Default::default()
                },
            },
            Route::Map { selected: None },
            Route::map_at("bat-trang"),
            Route::Plan,
            Route::About,
            Route::Learn,
            Route::LearnCraft {
                id: "giay-do".into(),
            },
            Route::Quiz {
                topic: Topic::Group(CraftGroup::Ceramics),
                code: QuizCode::new("42"),
            },
            Route::Quiz {
                topic: Topic::Tour("gom-go".into()),
                code: QuizCode::new("Lớp 6A & 6B: tuần #3 +"),
            },
            Route::Quiz {
                topic: Topic::All,
                code: QuizCode::default(),
            },
            Route::record(Kind::Village, "bat-trang"),
            Route::record(Kind::Craft, "gom-su"),
            Route::record(Kind::Product, "bo-bat-dia"),
            Route::record(Kind::Tour, "gom-go-bac-song-hong"),
            Route::NotFound {
                path: "/khong-co-trang".into(),
            },
        ]
    }

    fn parse_href(href: &str) -> Route {
        let (path, query) = href.split_once('?').unwrap_or((href, ""));
        Route::parse(path, query)
    }

    #[test]
    fn every_route_round_trips() {
        for route in every_route() {
            let href = route.href();
            assert_eq!(parse_href(&href), route, "{href}");
        }
    }

    #[test]
    fn addresses_round_trip_with_their_settings() {
        for route in every_route() {
            let address = Address {
                route,
                lang: Some(Lang::En),
                mode: Some(Mode::Kiosk),
                idle: Some(30),
            };
            let href = address.href();
            let (path, query) = href.split_once('?').unwrap();
            assert_eq!(Address::parse(path, query), address, "{href}");
        }
    }

    #[test]
    fn links_are_the_ones_the_app_has_always_written() {
        assert_eq!(
            Route::Quiz {
                topic: Topic::Group(CraftGroup::Ceramics),
                code: QuizCode::new("42")
            }
            .href(),
            "/learn/quiz?topic=group%3Aceramics&seed=42"
        );
        assert_eq!(Route::tours().href(), "/tours");
        assert_eq!(
            Route::Tours {
                filter: TourFilter {
                    transport: Some(Transport::Bicycle),
                    length: None,
                    audience: Some(Audience::Tourists),
                }
            }
            .href(),
            "/tours?transport=bicycle&audience=tourists"
        );
        assert_eq!(
            Route::Search {
                text: "bat trang".into(),
                filters: vec![]
            }
            .href(),
            "/search?q=bat%20trang"
        );
        assert_eq!(Route::map_at("bat-trang").href(), "/map?v=bat-trang");
        assert_eq!(
            Route::record(Kind::Village, "bat-trang").href(),
            "/village/bat-trang"
        );
    }

    #[test]
    fn links_carry_the_language_after_the_pages_own_parameters() {
        assert_eq!(
            Route::record(Kind::Village, "bat-trang").href_in(Lang::En),
            "/village/bat-trang?lang=en"
        );
        assert_eq!(Route::Home.href_in(Lang::Vi), "/?lang=vi");
        assert_eq!(
            Route::Tours {
                filter: TourFilter {
                    transport: Some(Transport::Bicycle),
                    ..Default::default()
                }
            }
            .href_in(Lang::En),
            "/tours?transport=bicycle&lang=en"
        );
        for route in every_route() {
            for lang in Lang::ALL {
                let href = route.href_in(lang);
                // The same format as the language button's and the QR codes'.
                let address = Address {
                    route: route.clone(),
                    lang: Some(lang),
                    mode: None,
                    idle: None,
                };
                assert_eq!(href, address.href());
                let (path, query) = href.split_once('?').unwrap();
                assert_eq!(Address::parse(path, query), address, "{href}");
            }
        }
    }

    #[test]
    fn encoding_matches_encode_uri_component() {
        assert_eq!(encode("Gia Lâm"), "Gia%20L%C3%A2m");
        assert_eq!(encode("a-z_A.Z!~*'()0"), "a-z_A.Z!~*'()0");
        assert_eq!(encode("&=?/#+:"), "%26%3D%3F%2F%23%2B%3A");
    }

    #[test]
    fn queries_decode_as_browsers_do() {
        let route = Route::parse(
            "/search",
            "?q=v%E1%BA%A1n+ph%C3%BAc&group=&group=ceramics&x",
        );
        assert_eq!(
            route,
            Route::Search {
                text: "vạn phúc".into(),
                filters: vec![Filter {
                    dimension: Dimension::Group,
                    value: "ceramics".into()
                }]
            }
        );
        assert_eq!(decode("100%", true), "100%");
        assert_eq!(decode("%zz%4", true), "%zz%4");
        assert_eq!(decode("%ff", true), "\u{fffd}");
    }

    #[test]
    fn unreadable_parameters_fall_back_as_the_pages_do() {
        assert_eq!(
            Route::parse("/learn/quiz", "topic=nonsense&seed=abc"),
            Route::Quiz {
                topic: Topic::All,
                code: QuizCode::new("abc")
            }
        );
        assert_eq!(
            Route::parse("/learn/quiz", "seed=%2012%20"),
            Route::Quiz {
                topic: Topic::All,
                code: QuizCode::new("12")
            }
        );
        assert_eq!(
            Route::parse(
                "/tours",
                "transport=boat&length=&audience=schools&length=huge"
            ),
            Route::Tours {
                filter: TourFilter {
                    audience: Some(Audience::Schools),
                    ..Default::default()
                }
            }
        );
        assert_eq!(Route::parse("/map", "v="), Route::Map { selected: None });
        let address = Address::parse("/", "lang=fr&mode=museum&idle=-3");
        assert_eq!(
            (address.lang, address.mode, address.idle),
            (None, None, None)
        );
    }

    #[test]
    fn outside_links_encode_their_text() {
        let at = Coordinates {
            lat: 20.97654,
            lon: 105.9123,
            precision: Default::default(),
        };
        assert_eq!(
            geo_uri(&at, "Bát Tràng"),
            "geo:20.97654,105.91230?q=20.97654,105.91230(B%C3%A1t%20Tr%C3%A0ng)"
        );
        assert_eq!(
            gpx_data_uri("<a b=\"1\"/>"),
            "data:application/gpx+xml;charset=utf-8,%3Ca%20b%3D%221%22%2F%3E"
        );
    }

    #[test]
    fn unknown_paths_are_not_found() {
        for path in [
            "/khong-co-trang",
            "/person/x",
            "/village/",
            "/learn/craft",
            "/a/b/c",
        ] {
            assert!(
                matches!(Route::parse(path, ""), Route::NotFound { .. }),
                "{path}"
            );
        }
        assert_eq!(Route::parse("/villages/", ""), Route::Villages);
    }
}
