//! `/search?q=…&group=…`: results as you type, with facet counts and filters from the URL.

use handbook_search::ask::{Found, Question};
use handbook_search::route::Route;
use handbook_search::SearchRequest;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{use_handbook, use_page_data};
use crate::components::bits::PageError;
use crate::components::results::{EarlyList, FacetPanel, ResultList};
use crate::components::search_box::use_search_text;
use crate::i18n::{t, t_string, use_i18n};
use crate::use_route_param;

/// Most results listed.
const LIMIT: usize = 30;

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let search = use_search_text();
    let i18n = use_i18n();
    let filters = use_route_param(|route| match route {
        Route::Search { filters, .. } => Some(filters.clone()),
        _ => None,
    });
    let results = use_page_data::<Found>(move || {
        Some(Question::Search(SearchRequest {
            text: search.text.get(),
            filters: filters.get().unwrap_or_default(),
            limit: LIMIT,
        }))
    });
    // Until the engine opens, a first visit answers by name from the names list
    // (`handbook_search::names`), and the app's page takes the prerendered one's place as soon
    // as it has something to show.
    let handbook = use_handbook();
    let early = Memo::new(move |_| {
        if handbook.is_ready() {
            return None;
        }
        let names = handbook.early_names.get()?;
        let hits = search.text.with(|text| names.find(text, LIMIT));
        (!hits.is_empty()).then_some(hits)
    });
    Effect::new(move |_| {
        if !handbook.is_ready() && search.text.with(|text| !text.trim().is_empty()) {
            handbook.want_early_names();
        }
    });
    Effect::new(move |_| {
        if early.with(Option::is_some) {
            crate::browser::show_app_early();
        }
    });
    view! {
        <section class="page search-page">
            <Title text=move || t_string!(i18n, nav_search).to_string() />
            <h1 class="visually-hidden">{t!(i18n, nav_search)}</h1>
            {move || match results.get() {
                None => match early.get() {
                    Some(hits) => view! {
                        <div class="search-layout">
                            <div class="results"><EarlyList hits=hits /></div>
                        </div>
                    }
                    .into_any(),
                    None => ().into_any(),
                },
                Some(Err(message)) => view! { <PageError message=message /> }.into_any(),
                Some(Ok(results)) if results.query.as_ref().is_some_and(|q| q.is_empty()) && filters.with(|f| f.as_ref().is_none_or(Vec::is_empty)) => {
                    view! { <p class="muted">{t!(i18n, search_hint)}</p> }.into_any()
                }
                Some(Ok(results)) => {
                    let text = search.text.get_untracked();
                    view! {
                        <div class="search-layout">
                            <div class="results">
                                <ResultList results=results.clone() />
                            </div>
                            <FacetPanel results=results text=text filters=filters.get().unwrap_or_default() />
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
