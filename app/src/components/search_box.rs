//! The search box. It lives in the page header, outside the routes, so typing on any page keeps
//! focus while the app moves to `/search?q=…`, and every keystroke searches.

use handbook_search::facets::{Dimension, Filter};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::i18n::{t, t_string, use_i18n};
use crate::url;

/// The text being searched, shared by the box and the results page.
#[derive(Clone, Copy)]
pub struct SearchText {
    /// What is in the box.
    pub text: RwSignal<String>,
    /// The last `q` this app wrote into the URL, to tell our own updates from back/forward.
    written: StoredValue<String>,
}

impl SearchText {
    /// Creates the shared state and provides it as context.
    pub fn provide() -> SearchText {
        let state = SearchText {
            text: RwSignal::new(String::new()),
            written: StoredValue::new(String::new()),
        };
        provide_context(state);
        state
    }
}

/// The search state from context.
pub fn use_search_text() -> SearchText {
    expect_context::<SearchText>()
}

/// The filters in a URL's query (`group=ceramics&district=Gia%20Lâm`).
pub fn filters_from(query: &ParamsMap) -> Vec<Filter> {
    let mut filters = Vec::new();
    for dimension in Dimension::ALL {
        for value in query.get_all(dimension.as_str()).unwrap_or_default() {
            if !value.is_empty() {
                filters.push(Filter { dimension, value });
            }
        }
    }
    filters
}

/// Sets the text searched, as typing in the box does: the text, then the URL (`/search?q=…`,
/// keeping the filters when already searching). Used by the box and the kiosk keyboard.
pub fn use_set_search() -> Callback<String> {
    let state = use_search_text();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    Callback::new(move |text: String| {
        state.text.set(text.clone());
        let on_search = location.pathname.get_untracked() == "/search";
        let filters = if on_search {
            filters_from(&query.get_untracked())
        } else {
            Vec::new()
        };
        state.written.set_value(text.clone());
        navigate(
            &url::search(&text, &filters),
            NavigateOptions {
                replace: on_search,
                scroll: false,
                ..Default::default()
            },
        );
    })
}

/// The search box (an `<input type="search">`).
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_search_text();
    let query = use_query_map();
    let location = use_location();
    let i18n = use_i18n();

    // The URL is the source of truth on load and on back/forward; our own writes are skipped.
    Effect::new(move |_| {
        if location.pathname.get() != "/search" {
            return;
        }
        let q = query.read().get("q").unwrap_or_default();
        if q != state.written.get_value() {
            state.written.set_value(q.clone());
            state.text.set(q);
        }
    });

    let set_search = use_set_search();
    let on_input = move |ev| set_search.run(event_target_value(&ev));

    view! {
        <form class="search-form" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="q" class="visually-hidden">{t!(i18n, search_label)}</label>
            <input
                id="q"
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                placeholder=move || t_string!(i18n, search_placeholder)
                prop:value=move || state.text.get()
                on:input=on_input
            />
        </form>
    }
}
