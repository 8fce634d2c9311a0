//! The tour map: the villages of a tour drawn as pins on an SVG canvas from their coordinates
//! (no tile server), and its stops numbered and joined in order. A pin is its craft group's
//! marker, the same shape and colour as on the `/map` page's zoomable map (`zoom_map`, whose
//! legend goes with it).

use handbook_search::decimal::fixed;
use handbook_search::geo::Projection;
use handbook_search::map::{pin_marker, spread, MARKER_OUTLINE};
use handbook_search::page_data::Pin;
use handbook_search::{Coordinates, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::i18n::{t, use_i18n};

/// The radius, in the map's units, of the disc a tap on a pin can land on: about 46 px across at
/// the narrowest phone layout (the 800-unit map drawn about 356 px wide).
const HIT_RADIUS: &str = "52";

/// The map's greatest height, in its units (800 wide): stops spread north to south widen the
/// view instead of making a canvas many times taller than wide, which the page shrank to a
/// sliver (a river tour was once 800 × 6465, drawn 83 px wide on a phone).
const MAX_HEIGHT: f64 = 640.0;

/// How far apart, in the map's units, pins that share one point are drawn around it
/// ([`spread`]): twice [`HIT_RADIUS`], so each keeps a whole 44 px target of its own on a phone
/// and a tap on a marker opens that marker's village.
const APART: f64 = 104.0;

/// Points on the canvas, in the map's units.
type Points = Vec<(f64, f64)>;

/// Where points of a canvas `height` units high are drawn: spread where they share one point,
/// and kept a stop number's radius inside the canvas.
fn drawn(points: &[(f64, f64)], height: f64) -> Vec<(f64, f64)> {
    spread(points, APART)
        .into_iter()
        .map(|(x, y)| {
            (
                x.clamp(13.0, 800.0 - 13.0),
                y.clamp(13.0, (height - 13.0).max(13.0)),
            )
        })
        .collect()
}

/// Where a stop's number (13 units in radius) is drawn for a stop at `x`, `y`: 18 units up and
/// to the right, clear of the pin's marker (9 units in radius, 12 when selected), inside the
/// canvas.
fn badge_at(x: f64, y: f64, height: f64) -> (f64, f64) {
    (
        (x + 18.0).clamp(13.0, 800.0 - 13.0),
        (y - 18.0).clamp(13.0, (height - 13.0).max(13.0)),
    )
}

/// The map of pins. A pin's link goes to `href(id, lang)`; `selected` is drawn larger; `route`
/// joins the given points in order (a tour).
#[component]
pub fn VillageMap(
    /// The pins.
    pins: Vec<Pin>,
    /// The pin drawn as selected.
    #[prop(optional)]
    selected: Option<String>,
    /// Points joined by a line, in order, numbered.
    #[prop(optional)]
    route: Vec<Coordinates>,
    /// Where a pin links to, in the language given.
    href: fn(&str, Lang) -> String,
    /// The language pins are named in.
    lang: Lang,
    /// Accessible label of the whole map.
    label: String,
) -> impl IntoView {
    let navigate = use_navigate();
    let kiosk = crate::kiosk::use_kiosk();
    let mut points: Vec<Coordinates> = pins.iter().map(|p| p.at).collect();
    points.extend(route.iter().copied());
    let fit = |pad: f64| Projection::fit_at_most(&points, 800.0, pad, MAX_HEIGHT);
    let Some(mut projection) = fit(24.0) else {
        return ().into_any();
    };
    let moved = |drawn: &[(f64, f64)], raw: &[(f64, f64)]| {
        drawn
            .iter()
            .zip(raw)
            .any(|(a, b)| (a.0 - b.0).abs() > 0.5 || (a.1 - b.1).abs() > 0.5)
    };
    let raw = |projection: &Projection| -> (Points, Points) {
        (
            route.iter().map(|c| projection.xy(c)).collect(),
            pins.iter().map(|p| projection.xy(&p.at)).collect(),
        )
    };
    let (mut stops_raw, mut pins_raw) = raw(&projection);
    let spreads = moved(&spread(&stops_raw, APART), &stops_raw)
        || moved(&spread(&pins_raw, APART), &pins_raw);
    // Pins spread around a point at the canvas's edge need room to spread into.
    if spreads {
        if let Some(roomier) = fit(24.0 + APART / 2.0) {
            projection = roomier;
            (stops_raw, pins_raw) = raw(&projection);
        }
    }
    let height = projection.height;
    let stops_at = drawn(&stops_raw, height);
    let pins_at = drawn(&pins_raw, height);
    // A thin leg from the shared point to each pin drawn away from it.
    let legs = pins_raw
        .iter()
        .zip(&pins_at)
        .filter(|(a, b)| (a.0 - b.0).abs() > 0.5 || (a.1 - b.1).abs() > 0.5)
        .map(|(&(x1, y1), &(x2, y2))| {
            view! {
                <line
                    class="leg"
                    x1=fixed(x1, 1).to_string()
                    y1=fixed(y1, 1).to_string()
                    x2=fixed(x2, 1).to_string()
                    y2=fixed(y2, 1).to_string()
                    stroke=MARKER_OUTLINE
                    stroke-width="1.5"
                />
            }
        })
        .collect_view();
    // Said under the map when a point was drawn away from where it is.
    let spread_note = spreads.then(|| {
        let i18n = use_i18n();
        view! { <p class="muted small" data-testid="map-spread">{t!(i18n, map_spread)}</p> }
    });
    let line = stops_at
        .iter()
        .map(|&(x, y)| format!("{},{}", fixed(x, 1), fixed(y, 1)))
        .collect::<Vec<_>>()
        .join(" ");
    let route_view = (route.len() >= 2).then(|| {
        view! { <polyline class="route" points=line fill="none" stroke="#1f5fbf" stroke-width="3" stroke-dasharray="6 4" /> }
    });
    let numbers = stops_at
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            // Beside the stop's pin, up and to the right, so the pin's marker (its craft group,
            // which the legend explains) stays in sight; taps go through to the pin.
            let (x, y) = badge_at(x, y, height);
            view! {
                <g class="stop-number" pointer-events="none">
                    <circle cx=fixed(x, 1).to_string() cy=fixed(y, 1).to_string() r="13" fill="#1f5fbf" />
                    <text x=fixed(x, 1).to_string() y=fixed(y + 5.0, 1).to_string() text-anchor="middle" fill="#fff" font-size="14" font-weight="700">{(i + 1).to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let pins_view = pins
        .into_iter()
        .zip(pins_at)
        .map(|(pin, (x, y))| {
            let is_selected = selected.as_deref() == Some(pin.id.as_str());
            let marker = pin_marker(pin.group);
            let name = pin.name.in_lang(lang).to_string();
            let link = href(&pin.id, lang);
            let go = link.clone();
            let navigate = navigate.clone();
            let navigate_key = navigate.clone();
            let go_key = go.clone();
            view! {
                // An SVG group acting as a link: `<a>` in `view!` is the HTML element, which
                // would hide the circle inside the SVG.
                <g
                    class="pin"
                    role="link"
                    tabindex="0"
                    data-id=pin.id.clone()
                    data-href=link
                    aria-label=name
                    on:click=move |_| navigate(&go, kiosk.navigate_options())
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            navigate_key(&go_key, Default::default());
                        }
                    }
                >
                    <title>{name.clone()}</title>
                    // The map is drawn 800 units wide and shrinks to the screen: on a 390 px
                    // phone a unit is about 0.45 px, so the marker alone would be a 4 px target.
                    // An unpainted disc around it makes the pin a 44 px target there (wider on
                    // larger screens, which is harmless).
                    <circle
                        class="hit"
                        cx=fixed(x, 1).to_string()
                        cy=fixed(y, 1).to_string()
                        r=HIT_RADIUS
                        fill="transparent"
                    />
                    <path
                        class="marker"
                        d=marker.shape.path(x, y, if is_selected { 12.0 } else { 9.0 })
                        fill=marker.colour
                        stroke=MARKER_OUTLINE
                        stroke-width=if is_selected { "3" } else { "1.5" }
                    />
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="map" viewBox=format!("0 0 800 {}", fixed(height, 0)) role="group" aria-label=label>
            <rect x="0" y="0" width="800" height=fixed(height, 0).to_string() fill="#f3efe6" />
            {route_view}
            {legs}
            {pins_view}
            {numbers}
        </svg>
        {spread_note}
    }
    .into_any()
}
