//! `/search?q=…&group=…`: results as you type, with facet counts and filters from the URL.

use handbook_search::SearchRequest;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::use_handbook;
use crate::components::results::{FacetPanel, ResultList};
use crate::components::search_box::{filters_from, use_search_text};
use crate::i18n::{t, use_i18n};

/// Most results listed.
const LIMIT: usize = 30;

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let handbook = use_handbook();
    let search = use_search_text();
    let query = use_query_map();
    let i18n = use_i18n();
    let filters = Memo::new(move |_| filters_from(&query.read()));
    let results = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let request = SearchRequest {
            text: search.text.get(),
            filters: filters.get(),
            limit: LIMIT,
        };
        Some(engine.search(&request).map_err(|e| e.to_string()))
    });
    view! {
        <section class="page search-page">
            <h1 class="visually-hidden">{t!(i18n, nav_search)}</h1>
            {move || match results.get() {
                None => ().into_any(),
                Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                Some(Ok(results)) if results.query.as_ref().is_some_and(|q| q.is_empty()) && filters.read().is_empty() => {
                    view! { <p class="muted">{t!(i18n, search_hint)}</p> }.into_any()
                }
                Some(Ok(results)) => {
                    let text = search.text.get_untracked();
                    view! {
                        <div class="search-layout">
                            <div class="results">
                                <ResultList results=results.clone() />
                            </div>
                            <FacetPanel results=results text=text filters=filters.get() />
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
