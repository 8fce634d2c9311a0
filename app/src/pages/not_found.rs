//! The page for links that lead nowhere: a search box, already holding the words of the
//! address, so a mistyped or outdated link is one tap from what it meant.

use handbook_search::route::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::search_box::use_set_search;
use crate::i18n::{t, t_string, use_i18n};
use crate::use_address;

/// The words of a path, to search for: `/vilage/bat-trang` → `bat trang`.
pub fn words_of(path: &str) -> String {
    path.rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .replace(['-', '_', '+'], " ")
}

/// "Not found", with a search box and a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let address = use_address();
    let guess = address.with_untracked(|a| match &a.route {
        Route::NotFound { path } => words_of(path),
        _ => String::new(),
    });
    let text = RwSignal::new(guess);
    let set_search = use_set_search();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_search.run(text.get_untracked());
    };
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, not_found).to_string() />
            <h1>{t!(i18n, not_found)}</h1>
            <form class="not-found-search" role="search" on:submit=submit>
                <label for="not-found-q">{t!(i18n, not_found_search)}</label>
                <div class="row">
                    <input
                        id="not-found-q"
                        type="search"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button">{t!(i18n, nav_search)}</button>
                </div>
            </form>
            <p><a href=crate::lang::href(Route::Home)>{t!(i18n, back_home)}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::words_of;

    #[test]
    fn a_path_gives_its_last_words() {
        assert_eq!(words_of("/vilage/bat-trang"), "bat trang");
        assert_eq!(words_of("/van-phuc/"), "van phuc");
        assert_eq!(words_of("/"), "");
        assert_eq!(words_of(""), "");
    }
}
