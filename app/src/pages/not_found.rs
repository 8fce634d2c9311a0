//! The page for links that lead nowhere.

use handbook_search::route::Route;
use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// "Not found", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{t!(i18n, not_found)}</h1>
            <p><a href=Route::Home.href()>{t!(i18n, back_home)}</a></p>
        </section>
    }
}
