//! `/map`: every village on an offline map of Hanoi that zooms and pans, with Hoàn Kiếm Lake,
//! distance rings and a scale for bearings. `?v=<id>` selects a village: its sheet (a bottom
//! sheet on a phone, a panel beside the map on a wider screen) with its crafts, its distance
//! from the lake, a link to its page, the nearest villages and (when online) links that open it
//! in Google Maps, Apple Maps or OpenStreetMap.
//!
//! The map's data is loaded once and the sheet's at each selection, so choosing a village does
//! not redraw the map or lose its zoom.

use handbook_search::ask::Question;
use handbook_search::decimal::for_reader;
use handbook_search::directions::{self, Place};
use handbook_search::map_scene::MapStyle;
use handbook_search::page_data::{MapPage as MapData, Pin, Selection};
use handbook_search::route::Route;
use handbook_search::Kind;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::use_page_data;
use crate::components::bits::{map_link_row, record_links, show};
use crate::components::zoom_map::{MapLegend, ZoomMap};
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::kiosk::use_kiosk;
use crate::pages::entity::distance_text;
use crate::{browser, labels, lang, use_route_param};

/// The map page.
#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    let online = browser::online();
    let navigate = use_navigate();
    let selected = use_route_param(|route| match route {
        Route::Map { selected } => Some(selected.clone()),
        _ => None,
    });
    let selected_id = Signal::derive(move || selected.get().flatten());
    let map = use_page_data::<MapData>(|| Some(Question::Map));
    let sheet = use_page_data::<Option<Selection>>(move || {
        Some(match selected_id.get() {
            Some(id) => Question::MapSelection { id },
            None => return None,
        })
    });
    // Villages that share one point on the map, listed when their cluster is tapped.
    let listed = RwSignal::new(None::<Vec<String>>);
    let frame = NodeRef::<leptos::html::Div>::new();
    // The app's own navigations between villages on the map: no scroll to the top (the sheet
    // is on screen wherever the page is), and a kiosk adds no history.
    let options = move || NavigateOptions {
        scroll: false,
        ..kiosk.navigate_options()
    };
    let go = {
        let navigate = navigate.clone();
        move |to: Route| {
            let lang = lang::of(i18n.get_locale_untracked());
            navigate(&to.href_in(lang), options())
        }
    };
    let on_pin = {
        let go = go.clone();
        Callback::new(move |id: String| {
            listed.set(None);
            go(Route::map_at(&id));
        })
    };
    let on_list = Callback::new(move |ids: Vec<String>| listed.set(Some(ids)));
    let close = {
        let go = go.clone();
        move || {
            listed.set(None);
            if selected_id.get_untracked().is_some() {
                go(Route::Map { selected: None });
            }
            if let Some(frame) = frame.get_untracked() {
                browser::focus(&frame);
            }
        }
    };
    let close_key = close.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape"
            && (listed.get_untracked().is_some() || selected_id.get_untracked().is_some())
        {
            ev.prevent_default();
            close_key();
        }
    };
    let style = if kiosk.on.get_untracked() {
        MapStyle::KIOSK
    } else {
        MapStyle::STANDARD
    };
    // The village the address names when the page opens: the map starts around it.
    let focus = selected_id.get_untracked();
    let map_view = move || {
        let locale = i18n.get_locale();
        let focus = focus.clone();
        show(map.get(), move |data| {
            let lang = lang::of(locale);
            let groups = data
                .groups
                .iter()
                .map(|g| (*g, labels::group(locale, *g)))
                .collect();
            view! {
                <ZoomMap
                    pins=data.pins
                    communes=data.communes
                    selected=selected_id
                    focus=focus
                    on_pin=on_pin
                    on_list=on_list
                    lang=lang
                    style=style
                    frame=frame
                />
                <h2 class="small-heading">{td_string!(locale, map_legend)}</h2>
                <MapLegend groups=groups />
            }
            .into_any()
        })
    };
    let close_sheet = close.clone();
    let sheet_view = move || {
        let locale = i18n.get_locale();
        let close = close_sheet.clone();
        if let Some(ids) = listed.get() {
            let pins: Vec<Pin> = map.with(|m| match m {
                Some(Ok(data)) => data
                    .pins
                    .iter()
                    .filter(|p| ids.contains(&p.id))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            });
            return view! { <ListSheet pins=pins locale=locale on_close=close frame=frame /> }
                .into_any();
        }
        show(sheet.get(), move |selection| {
            match selection {
            Some(selection) => view! {
                <SelectionSheet selection=selection locale=locale online=online on_close=close frame=frame />
            }
            .into_any(),
            None => ().into_any(),
        }
        })
    };
    view! {
        <section class="page map-page" on:keydown=on_keydown>
            <Title text=move || t_string!(i18n, map_title).to_string() />
            <h1>{t!(i18n, map_title)}</h1>
            <p class="muted">{t!(i18n, map_hint)}</p>
            <div class="map-layout">
                <div class="map-main">{map_view}</div>
                {sheet_view}
            </div>
        </section>
    }
}

/// The selected village's sheet: its name, crafts, distance from the lake, a link to its page,
/// links out to a map app, the nearest villages.
#[component]
fn SelectionSheet(
    /// The selected village and its neighbours.
    selection: Selection,
    /// The interface language.
    locale: Locale,
    /// Whether the device is online.
    online: bool,
    /// Closes the sheet.
    on_close: impl Fn() + Clone + Send + Sync + 'static,
    /// The map's frame, scrolled to on a phone.
    frame: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let lang = lang::of(locale);
    let Selection {
        pin,
        crafts,
        from_hoan_kiem,
        nearest,
    } = selection;
    let name = pin.name.in_lang(lang).to_string();
    let close = nearest
        .into_iter()
        .map(|(p, km)| {
            let km = td_string!(locale, km, n = for_reader(km, 1, lang)).to_string();
            let (href, name) = (
                Route::map_at(&p.id).href_in(lang),
                p.name.in_lang(lang).to_string(),
            );
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
    let crafts = (!crafts.is_empty()).then(|| {
        view! {
            <h3>{td_string!(locale, map_crafts)}</h3>
            <ul class="inline chips" data-testid="sheet-crafts">{record_links(&crafts, lang)}</ul>
        }
    });
    let distance = td_string!(
        locale,
        from_hoan_kiem,
        distance = distance_text(&from_hoan_kiem, locale)
    )
    .to_string();
    let href = Route::record(Kind::Village, &pin.id).href_in(lang);
    let sheet = NodeRef::<leptos::html::Aside>::new();
    focus_when_shown(sheet, frame);
    view! {
        <aside class="map-card sheet" role="dialog" aria-labelledby="sheet-title" tabindex="-1" node_ref=sheet data-id=pin.id.clone()>
            <button type="button" class="sheet-close" on:click=move |_| on_close() aria-label=td_string!(locale, map_close)>"×"</button>
            <h2 id="sheet-title">{name}</h2>
            <p data-testid="sheet-distance">{distance}</p>
            {crafts}
            <p><a class="button" href=href>{td_string!(locale, map_open_village)}</a></p>
            {geo}
            <h3>{td_string!(locale, nearest)}</h3>
            <ol>{close}</ol>
        </aside>
    }
}

/// The villages of a cluster that no zoom can part: one link each.
#[component]
fn ListSheet(
    /// The villages.
    pins: Vec<Pin>,
    /// The interface language.
    locale: Locale,
    /// Closes the sheet.
    on_close: impl Fn() + Clone + Send + Sync + 'static,
    /// The map's frame, scrolled to on a phone.
    frame: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let lang = lang::of(locale);
    let items = pins
        .iter()
        .map(|p| {
            let (href, name) = (
                Route::map_at(&p.id).href_in(lang),
                p.name.in_lang(lang).to_string(),
            );
            view! { <li><a href=href>{name}</a></li> }
        })
        .collect_view();
    let sheet = NodeRef::<leptos::html::Aside>::new();
    focus_when_shown(sheet, frame);
    view! {
        <aside class="map-card sheet" role="dialog" aria-labelledby="sheet-title" tabindex="-1" node_ref=sheet>
            <button type="button" class="sheet-close" on:click=move |_| on_close() aria-label=td_string!(locale, map_close)>"×"</button>
            <h2 id="sheet-title">{td_string!(locale, map_same_place, n = pins.len()).to_string()}</h2>
            <ul class="chips">{items}</ul>
        </aside>
    }
}

/// Below this width (60rem) the sheet is a bottom sheet over the map, not a panel beside it.
const PHONE_LAYOUT_PX: f64 = 960.0;

/// Moves the keyboard focus to a sheet once it is on the page, so Escape and Tab start there.
/// On a phone, the page also scrolls to the map's top: the bottom sheet then covers the map's
/// lower part only, not the whole of it under the page's heading.
fn focus_when_shown(sheet: NodeRef<leptos::html::Aside>, frame: NodeRef<leptos::html::Div>) {
    Effect::new(move |_| {
        if let Some(sheet) = sheet.get() {
            if browser::narrower_than(PHONE_LAYOUT_PX) {
                if let Some(frame) = frame.get_untracked() {
                    browser::scroll_to_top_of(&frame);
                }
            }
            browser::focus(&sheet);
        }
    });
}
