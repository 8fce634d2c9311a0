//! `/tours?transport=&length=&audience=`: the craft-tourism routes as summary cards a visitor
//! compares at a glance (how it travels, how long, for whom, how many stops, about how many
//! hours), with the filters first, so they are on screen before the results on a phone. Each
//! card opens the tour's own page (stops, map, directions, GPX).

use handbook_search::ask::Question;
use handbook_search::decimal::{fixed, for_reader};
use handbook_search::page_data::ToursPage as ToursData;
use handbook_search::route::Route;
use handbook_search::tours::{LengthBand, TourFilter, TourSummary};
use handbook_search::{Audience, Kind, Transport};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::{show, UnverifiedBadge};
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::{labels, lang, use_route_param};

/// The tours page.
#[component]
pub fn ToursPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data::<ToursData>(|| Some(Question::Tours));
    let filter = use_route_param(|route| match route {
        Route::Tours { filter } => Some(*filter),
        _ => None,
    });
    view! {
        <section class="page tours">
            <Title text=move || t_string!(i18n, tours_title).to_string() />
            <h1>{t!(i18n, tours_title)}</h1>
            {move || {
                let locale = i18n.get_locale();
                let filter = filter.get().unwrap_or_default();
                show(data.get(), |data| view! {
                    <TourFilters filter=filter locale=locale />
                    <TourCards data=data filter=filter locale=locale />
                }.into_any())
            }}
        </section>
    }
}

/// The address of the list with `filter`, in `locale`'s language.
fn tours_href(filter: TourFilter, locale: Locale) -> String {
    Route::Tours { filter }.href_in(lang::of(locale))
}

/// One row of filter chips: "all", then each value; the chosen one is marked current.
fn chip_row<T: Copy + PartialEq>(
    locale: Locale,
    label: &'static str,
    all: &'static str,
    chosen: Option<T>,
    values: &[T],
    name: impl Fn(T) -> String,
    with: impl Fn(Option<T>) -> TourFilter,
) -> impl IntoView {
    let chip = |value: Option<T>, text: String| {
        let current = (value == chosen).then_some("true");
        view! { <li><a href=tours_href(with(value), locale) aria-current=current>{text}</a></li> }
    };
    let mut chips = vec![chip(None, all.to_string())];
    chips.extend(values.iter().map(|v| chip(Some(*v), name(*v))));
    view! {
        <div class="filter-row">
            <span class="filter-label">{label}</span>
            <ul class="inline chips">{chips}</ul>
        </div>
    }
}

/// The filters: transport, length, audience.
#[component]
fn TourFilters(
    /// The filters set now.
    filter: TourFilter,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let all = td_string!(locale, filter_any);
    view! {
        <nav class="tour-filters" aria-label=td_string!(locale, filters)>
            {chip_row(locale, td_string!(locale, transport), all, filter.transport, &Transport::ALL,
                move |t| labels::transport(locale, t),
                move |transport| TourFilter { transport, ..filter })}
            {chip_row(locale, td_string!(locale, tour_length), all, filter.length, &LengthBand::ALL,
                move |l| labels::length_band(locale, l),
                move |length| TourFilter { length, ..filter })}
            {chip_row(locale, td_string!(locale, audience), all, filter.audience, &Audience::ALL,
                move |a| labels::audience(locale, a),
                move |audience| TourFilter { audience, ..filter })}
        </nav>
    }
}

/// The cards of the tours that pass the filters, or what to do when none does.
#[component]
fn TourCards(
    /// Every tour.
    data: ToursData,
    /// The filters set now.
    filter: TourFilter,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let shown = data.shown(&filter);
    if shown.is_empty() {
        return view! {
            <div class="empty" data-testid="tours-empty">
                <p>{td_string!(locale, no_tours_match)}</p>
                <p><a class="button" href=tours_href(TourFilter::default(), locale)>{td_string!(locale, clear_filters)}</a></p>
            </div>
        }
        .into_any();
    }
    let count = td_string!(locale, tours_count, n = shown.len()).to_string();
    let cards = shown
        .into_iter()
        .map(|card| view! { <TourCard card=card.clone() locale=locale /> })
        .collect_view();
    view! {
        <p class="muted" aria-live="polite">{count}</p>
        <ul class="cards tour-cards">{cards}</ul>
    }
    .into_any()
}

/// A tour's summary card; the whole card opens the tour.
#[component]
fn TourCard(
    /// The tour's summary.
    card: TourSummary,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let href = Route::record(Kind::Tour, &card.id).href_in(lang);
    let audience = card
        .audience
        .iter()
        .map(|a| labels::audience(locale, *a))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = lang.pick(card.summary.vi.as_str(), card.summary.en.as_deref());
    let facts = [
        labels::transport(locale, card.transport),
        td_string!(locale, stop_count, n = card.stops).to_string(),
        td_string!(locale, km, n = fixed(card.road_km, 0).to_string()).to_string(),
        td_string!(locale, about_hours, n = for_reader(card.hours(), 1, lang)).to_string(),
    ]
    .join(" · ");
    view! {
        <li class="card tour-card" data-id=card.id.clone()>
            <h2>
                <a class="card-link" href=href>{card.name.in_lang(lang).to_string()}</a>" "
                <UnverifiedBadge verification=card.verification />
            </h2>
            <p class="tour-facts">{facts}</p>
            {(!audience.is_empty()).then(|| view! { <p class="small">{td_string!(locale, audience)}": "{audience}</p> })}
            <p class="small" lang=summary.lang.code()>{summary.text.to_string()}</p>
        </li>
    }
}
