//! `/tours`: the craft-tourism routes with their stops, distance and duration, each drawn on
//! the offline map, with a GPX file for offline map apps.

use handbook_search::page_data::ToursPage as ToursData;
use handbook_search::route::Route;
use handbook_search::Entry;
use leptos::prelude::*;

use crate::api::use_page_data;
use crate::components::bits::{show, UnverifiedBadge};
use crate::components::tour::TourDetails;
use crate::i18n::{t, use_i18n, Locale};
use crate::lang;

/// The tours page.
#[component]
pub fn ToursPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data(ToursData::load);
    view! {
        <section class="page">
            <h1>{t!(i18n, tours_title)}</h1>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |data| view! { <TourList data=data locale=locale /> }.into_any())
            }}
        </section>
    }
}

/// Every tour with its details.
#[component]
fn TourList(
    /// The tours.
    data: ToursData,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    data.tours
        .into_iter()
        .map(|page| {
            let tour = &page.tour;
            let (name, summary) = (
                tour.name_in(lang).to_string(),
                tour.summary_in(lang).to_string(),
            );
            let (id, href, verification) =
                (tour.id.clone(), Route::of(tour).href(), tour.verification);
            view! {
                <article class="tour" data-id=id>
                    <h2>
                        <a href=href>{name}</a>" "
                        <UnverifiedBadge verification=verification />
                    </h2>
                    <p>{summary}</p>
                    <TourDetails data=page locale=locale />
                </article>
            }
        })
        .collect_view()
}
