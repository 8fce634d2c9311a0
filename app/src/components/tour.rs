//! A tour's details, on its own page and in the list of tours: its stops, estimated distance
//! and time, the route on the offline map, and a GPX file for offline map apps.

use handbook_search::decimal::{fixed, for_reader};
use handbook_search::geo::gpx;
use handbook_search::page_data::{Pin, TourPage};
use handbook_search::route::{gpx_data_uri, Route};
use handbook_search::{Coordinates, CraftGroup, Entry, Kind, Lang};
use leptos::prelude::*;

use crate::components::bits::map_link_row;
use crate::components::svg_map::VillageMap;
use crate::components::zoom_map::MapLegend;
use crate::i18n::{td_string, Locale};
use crate::{labels, lang};

fn pin_href(id: &str, lang: Lang) -> String {
    Route::record(Kind::Village, id).href_in(lang)
}

/// A tour's stops, route figures, map and GPX link.
#[component]
pub fn TourDetails(
    /// The tour and its placed stops.
    data: TourPage,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let directions = data.directions(lang);
    let TourPage {
        tour, stops, route, ..
    } = data;
    let pins: Vec<Pin> = stops
        .iter()
        .filter_map(|s| {
            Some(Pin {
                id: s.stop.village.clone()?,
                name: s.name.clone(),
                at: s.at?,
                group: s.group,
            })
        })
        .collect();
    // The legend names the groups of this tour's pins, in the groups' order.
    let mut groups: Vec<CraftGroup> = pins.iter().filter_map(|p| p.group).collect();
    groups.sort();
    groups.dedup();
    let legend: Vec<(CraftGroup, String)> = groups
        .into_iter()
        .map(|g| (g, labels::group(locale, g)))
        .collect();
    let named: Vec<(String, Option<Coordinates>)> = stops
        .iter()
        .map(|s| (s.name.in_lang(lang).to_string(), s.at))
        .collect();
    let gpx_href = gpx_data_uri(&gpx(&tour, &named));
    let placed = stops.iter().filter(|s| s.at.is_some()).count();
    let items = stops
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = s.name.in_lang(lang).to_string();
            let place = match &s.stop.village {
                Some(id) => view! { <a href=pin_href(id, lang)>{name}</a> }.into_any(),
                None => name.into_any(),
            };
            let activity = lang
                .pick(s.stop.activity.as_str(), s.stop.activity_en.as_deref())
                .text
                .to_string();
            let minutes = td_string!(locale, minutes, n = s.stop.minutes).to_string();
            let leg = directions
                .legs
                .iter()
                .find(|(_, to, _)| *to == i)
                .map(|(_, _, links)| {
                    view! {
                        <span class="small">{td_string!(locale, leg_directions)}</span>
                        <ul class="inline chips">{map_link_row(links.clone())}</ul>
                    }
                });
            view! { <li>{place}" — "{minutes}": "{activity}{leg}</li> }
        })
        .collect_view();
    let km = td_string!(locale, km, n = fixed(route.distance_km, 0).to_string()).to_string();
    let hours = route.total_minutes() as f64 / 60.0;
    let duration = td_string!(locale, hours, n = for_reader(hours, 1, lang)).to_string();
    let audience = tour
        .audience
        .iter()
        .map(|a| labels::audience(locale, *a))
        .collect::<Vec<_>>()
        .join(", ");
    let file = format!("{}.gpx", tour.id);
    let label = tour.name_in(lang).to_string();
    let positions: Vec<Coordinates> = stops.iter().filter_map(|s| s.at).collect();
    let whole = directions.route.map(|r| {
        let partial = (r.google_stops < placed).then(|| {
            view! { <p class="small">{td_string!(locale, google_partial, n = r.google_stops).to_string()}</p> }
        });
        view! {
            <h3>{td_string!(locale, tour_directions)}</h3>
            <ul class="inline chips" data-testid="tour-directions">{map_link_row(r.links)}</ul>
            {partial}
        }
    });
    view! {
        <dl class="facts">
            <dt>{td_string!(locale, theme)}</dt>
            <dd>{tour.theme.clone()}</dd>
            <dt>{td_string!(locale, audience)}</dt>
            <dd>{audience}</dd>
            <dt>{td_string!(locale, transport)}</dt>
            <dd>{labels::transport(locale, tour.transport)}</dd>
            <dt>{td_string!(locale, distance)}</dt>
            <dd data-testid="distance">{km}</dd>
            <dt>{td_string!(locale, duration)}</dt>
            <dd data-testid="duration">{duration}</dd>
        </dl>
        <p class="muted small">{td_string!(locale, route_note)}</p>
        <h3>{td_string!(locale, stops)}</h3>
        <ol class="stops">{items}</ol>
        <VillageMap pins=pins route=positions href=pin_href label=label lang=lang />
        <MapLegend groups=legend />
        {whole}
        <p>
            <a class="button" href=gpx_href download=file>{td_string!(locale, export_gpx)}</a>
        </p>
    }
}
