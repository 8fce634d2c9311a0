//! `/map`: every village on an offline SVG map, coloured by craft group. `?v=<id>` selects a
//! village: its card, the nearest villages, and (when online) a link out to a map app.

use handbook_search::geo::nearest;
use handbook_search::{Coordinates, CraftGroup, Kind, Record};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::use_handbook;
use crate::components::results::name_and_summary;
use crate::components::svg_map::{MapLegend, Pin, VillageMap};
use crate::i18n::{t, td_string, use_i18n};
use crate::{labels, url};

/// How many nearest villages are listed.
const NEAREST: usize = 5;

fn select_href(id: &str) -> String {
    format!("/map?v={}", url::encode(id))
}

/// A `geo:` link for map apps.
pub fn geo_uri(at: &Coordinates, name: &str) -> String {
    format!(
        "geo:{lat:.5},{lon:.5}?q={lat:.5},{lon:.5}({})",
        url::encode(name),
        lat = at.lat,
        lon = at.lon
    )
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let query = use_query_map();
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(false);
    let content = move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let crafts = engine.all(Kind::Craft).ok()?;
        let group_of = |craft: &str| {
            crafts.iter().find_map(|c| match c {
                Record::Craft(c) if c.id == craft => Some(c.group),
                _ => None,
            })
        };
        let villages = engine.all(Kind::Village).ok()?;
        let pins: Vec<Pin> = villages
            .iter()
            .filter_map(|r| match r {
                Record::Village(v) => Some(Pin {
                    id: v.id.clone(),
                    name: name_and_summary(r, english).0,
                    at: v.coordinates?,
                    group: v.crafts.first().and_then(|c| group_of(c)),
                }),
                _ => None,
            })
            .collect();
        let selected = query.read().get("v");
        let card = selected.as_ref().and_then(|id| {
            let pin = pins.iter().find(|p| &p.id == id)?.clone();
            let others: Vec<(Pin, Coordinates)> = pins
                .iter()
                .filter(|p| p.id != pin.id)
                .map(|p| (p.clone(), p.at))
                .collect();
            let close = nearest(&pin.at, &others, NEAREST)
                .into_iter()
                .map(|(p, km)| {
                    let km = td_string!(locale, km, n = format!("{km:.1}")).to_string();
                    let (href, name) = (select_href(&p.id), p.name.clone());
                    view! { <li><a href=href>{name}</a>" — "{km}</li> }
                })
                .collect_view();
            let geo = online.then(|| {
                view! { <p><a class="external" href=geo_uri(&pin.at, &pin.name)>{td_string!(locale, open_in_map_app)}</a></p> }
            });
            let (href, name) = (url::record(Kind::Village, &pin.id), pin.name.clone());
            Some(view! {
                <aside class="map-card" aria-live="polite">
                    <h2><a href=href>{name}</a></h2>
                    {geo}
                    <h3>{td_string!(locale, nearest)}</h3>
                    <ol>{close}</ol>
                </aside>
            })
        });
        let groups: Vec<(CraftGroup, String)> = CraftGroup::ALL
            .into_iter()
            .filter(|g| pins.iter().any(|p| p.group == Some(*g)))
            .map(|g| (g, labels::group(locale, g)))
            .collect();
        let label = td_string!(locale, map_title).to_string();
        Some(view! {
            <div class="map-layout">
                <div>
                    <VillageMap pins=pins selected=selected.clone().unwrap_or_default() href=select_href label=label />
                    <h2 class="small-heading">{td_string!(locale, map_legend)}</h2>
                    <MapLegend groups=groups />
                </div>
                {card}
            </div>
        })
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, map_title)}</h1>
            <p class="muted">{t!(i18n, map_hint)}</p>
            {content}
        </section>
    }
}
