//! `/map`: every village on an offline SVG map, coloured by craft group. `?v=<id>` selects a
//! village: its card, the nearest villages, and (when online) links that open it in Google Maps, Apple Maps or OpenStreetMap.

use handbook_search::directions::{self, Place};
use handbook_search::page_data::{MapPage as MapData, Selection};
use handbook_search::route::Route;
use handbook_search::Kind;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::{map_link_row, show};
use crate::components::svg_map::{MapLegend, VillageMap};
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::kiosk::use_kiosk;
use crate::{browser, labels, lang, use_route_param};

fn select_href(id: &str) -> String {
    Route::map_at(id).href()
}

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let online = browser::online();
    let selected = use_route_param(|route| match route {
        Route::Map { selected } => Some(selected.clone()),
        _ => None,
    });
    let data =
        use_page_data(move |engine| MapData::load(engine, selected.get().flatten().as_deref()));
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, map_title).to_string() />
            <h1>{t!(i18n, map_title)}</h1>
            <p class="muted">{t!(i18n, map_hint)}</p>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |data| view! { <VillagesMap data=data locale=locale online=online /> }.into_any())
            }}
        </section>
    }
}

/// The map with its legend, and the selected village's card.
#[component]
fn VillagesMap(
    /// The pins and the selection.
    data: MapData,
    /// The interface language.
    locale: Locale,
    /// Whether the device is online (a map app's link is offered only then).
    online: bool,
) -> impl IntoView {
    let lang = lang::of(locale);
    let selected = data.selection.as_ref().map(|s| s.pin.id.clone());
    let card = data.selection.map(
        |selection| view! { <SelectionCard selection=selection locale=locale online=online /> },
    );
    let groups = data
        .groups
        .iter()
        .map(|g| (*g, labels::group(locale, *g)))
        .collect();
    let label = td_string!(locale, map_title).to_string();
    view! {
        <div class="map-layout">
            <div>
                <VillageMap pins=data.pins selected=selected.unwrap_or_default() href=select_href label=label lang=lang />
                <h2 class="small-heading">{td_string!(locale, map_legend)}</h2>
                <MapLegend groups=groups />
            </div>
            {card}
        </div>
    }
}

/// The selected village: its name, a link out to a map app, the nearest villages.
#[component]
fn SelectionCard(
    /// The selected village and its neighbours.
    selection: Selection,
    /// The interface language.
    locale: Locale,
    /// Whether the device is online.
    online: bool,
) -> impl IntoView {
    let lang = lang::of(locale);
    let Selection { pin, nearest } = selection;
    let name = pin.name.in_lang(lang).to_string();
    let close = nearest
        .into_iter()
        .map(|(p, km)| {
            let km = td_string!(locale, km, n = format!("{km:.1}")).to_string();
            let (href, name) = (select_href(&p.id), p.name.in_lang(lang).to_string());
            view! { <li><a href=href>{name}</a>" — "{km}</li> }
        })
        .collect_view();
    let geo = (online || use_kiosk().on.get_untracked()).then(|| {
        let links = directions::place(Place {
            name: &name,
            at: pin.at,
        });
        view! { <ul class="inline chips" data-testid="map-links">{map_link_row(links)}</ul> }
    });
    let href = Route::record(Kind::Village, &pin.id).href();
    view! {
        <aside class="map-card" aria-live="polite">
            <h2><a href=href>{name.clone()}</a></h2>
            {geo}
            <h3>{td_string!(locale, nearest)}</h3>
            <ol>{close}</ol>
        </aside>
    }
}
