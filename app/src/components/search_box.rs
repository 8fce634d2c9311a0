//! The search box. It lives in the page header, outside the routes, so typing on any page keeps
//! focus while the app moves to `/search?q=…`, and every keystroke searches.

use handbook_search::route::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{t, t_string, use_i18n};
use crate::use_address;

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

/// Sets the text searched, as typing in the box does: the text, then the URL (`/search?q=…`,
/// keeping the filters when already searching). Used by the box and the kiosk keyboard.
pub fn use_set_search() -> Callback<String> {
    let state = use_search_text();
    let address = use_address();
    let navigate = use_navigate();
    Callback::new(move |text: String| {
        state.text.set(text.clone());
        let filters = address.with_untracked(|a| match &a.route {
            Route::Search { filters, .. } => Some(filters.clone()),
            _ => None,
        });
        let on_search = filters.is_some();
        state.written.set_value(text.clone());
        let route = Route::Search {
            text,
            filters: filters.unwrap_or_default(),
        };
        navigate(
            &route.href(),
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
    let address = use_address();
    let i18n = use_i18n();

    // The URL is the source of truth on load and on back/forward; our own writes are skipped.
    Effect::new(move |_| {
        let Route::Search { text, .. } = &address.read().route else {
            return;
        };
        if *text != state.written.get_value() {
            state.written.set_value(text.clone());
            state.text.set(text.clone());
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
