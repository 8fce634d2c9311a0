//! `/tours`: the craft-tourism routes with their stops, distance and duration, each drawn on
//! the offline map, with a GPX file for offline map apps.

use handbook_search::geo::gpx;
use handbook_search::{Coordinates, Engine, Kind, Record, Tour};
use leptos::prelude::*;

use crate::api::use_handbook;
use crate::components::bits::UnverifiedBadge;
use crate::components::results::name_and_summary;
use crate::components::svg_map::{Pin, VillageMap};
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::{labels, lang, url};

/// Coordinates of a village by id.
pub fn village_position(engine: &Engine, id: &str) -> Option<Coordinates> {
    match engine.get(Kind::Village, id).ok().flatten()? {
        Record::Village(v) => v.coordinates,
        _ => None,
    }
}

/// The name of a tour stop (its village's name, or the place's).
fn stop_name(engine: &Engine, stop: &handbook_search::Stop, english: bool) -> String {
    match (&stop.village, &stop.place) {
        (Some(id), _) => engine
            .get(Kind::Village, id)
            .ok()
            .flatten()
            .map_or_else(|| id.clone(), |r| name_and_summary(&r, english).0),
        (None, Some(place)) => place.clone(),
        (None, None) => String::new(),
    }
}

/// A `data:` link holding the tour as GPX (works offline).
fn gpx_href(engine: &Engine, tour: &Tour, english: bool) -> String {
    let stops: Vec<(String, Option<Coordinates>)> = tour
        .stops
        .iter()
        .zip(tour.stop_positions(|id| village_position(engine, id)))
        .map(|(s, at)| (stop_name(engine, s, english), at))
        .collect();
    let doc = gpx(tour, &stops);
    format!(
        "data:application/gpx+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&doc))
    )
}

fn pin_href(id: &str) -> String {
    url::record(Kind::Village, id)
}

/// A tour's stops, route figures, map and GPX link.
pub fn tour_details(engine: &Engine, tour: &Tour, locale: Locale) -> impl IntoView {
    let english = labels::english(locale);
    let route = tour.route(|id| village_position(engine, id));
    let positions = tour.stop_positions(|id| village_position(engine, id));
    let pins: Vec<Pin> = tour
        .stops
        .iter()
        .zip(&positions)
        .filter_map(|(s, at)| {
            Some(Pin {
                id: s.village.clone()?,
                name: stop_name(engine, s, english),
                at: (*at)?,
                group: None,
            })
        })
        .collect();
    let stops = tour
        .stops
        .iter()
        .map(|s| {
            let name = stop_name(engine, s, english);
            let place = match &s.village {
                Some(id) => view! { <a href=url::record(Kind::Village, id)>{name}</a> }.into_any(),
                None => name.into_any(),
            };
            let activity = lang::pick(english, &s.activity, s.activity_en.as_deref());
            let minutes = td_string!(locale, minutes, n = s.minutes).to_string();
            view! { <li>{place}" — "{minutes}": "{activity}</li> }
        })
        .collect_view();
    let km = td_string!(locale, km, n = format!("{:.0}", route.distance_km)).to_string();
    let hours = route.total_minutes() as f64 / 60.0;
    let duration = format!("{hours:.1} h");
    let audience = tour
        .audience
        .iter()
        .map(|a| labels::audience(locale, *a))
        .collect::<Vec<_>>()
        .join(", ");
    let file = format!("{}.gpx", tour.id);
    let label = lang::pick(english, &tour.name, tour.name_en.as_deref());
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
        <ol class="stops">{stops}</ol>
        <VillageMap pins=pins route=positions.into_iter().flatten().collect() href=pin_href label=label />
        <p>
            <a class="button" href=gpx_href(engine, tour, english) download=file>{td_string!(locale, export_gpx)}</a>
        </p>
    }
}

/// The tours page.
#[component]
pub fn ToursPage() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let listing = move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let tours = engine.all(Kind::Tour).ok()?;
        Some(
            tours
                .into_iter()
                .filter_map(|r| match r {
                    Record::Tour(t) => Some(t),
                    _ => None,
                })
                .map(|tour| {
                    let name = lang::pick(english, &tour.name, tour.name_en.as_deref());
                    let summary = lang::pick(english, &tour.summary, tour.summary_en.as_deref());
                    view! {
                        <article class="tour" data-id=tour.id.clone()>
                            <h2>
                                <a href=url::record(Kind::Tour, &tour.id)>{name}</a>" "
                                <UnverifiedBadge verification=tour.verification />
                            </h2>
                            <p>{summary}</p>
                            {tour_details(&engine, &tour, locale)}
                        </article>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, tours_title)}</h1>
            {listing}
        </section>
    }
}
