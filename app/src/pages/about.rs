//! `/about`: what the handbook is, where the data comes from, what OCOP means, the city's
//! craft-village plan (its page, `/plan`, is reached from here), reading offline (the button that
//! keeps the whole handbook), the data version and date.

use handbook_search::route::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_handbook;
use crate::components::keep::KeepOffline;
use crate::components::loading::human_bytes;
use crate::i18n::{t, t_string, td_string, use_i18n};

/// The about page.
#[component]
pub fn About() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let facts = move || {
        let manifest = handbook.manifest.get()?;
        let locale = i18n.get_locale();
        Some(view! {
            <dl class="facts">
                <dt>{td_string!(locale, data_version)}</dt>
                <dd><code>{manifest.bundle.clone()}</code>" (format "{manifest.format_version}", tantivy "{manifest.tantivy_version.clone()}")"</dd>
                <dt>{td_string!(locale, data_updated)}</dt>
                <dd>{manifest.data_updated.clone()}</dd>
                <dt>{td_string!(locale, bundle_size)}</dt>
                <dd>{human_bytes(manifest.bytes, crate::lang::of(locale))}</dd>
            </dl>
        })
    };
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, about_title).to_string() />
            <h1>{t!(i18n, about_title)}</h1>
            <p class="lead">{t!(i18n, about_lead)}</p>
            <p>{t!(i18n, about_data)}</p>
            <h2>{t!(i18n, about_ocop_title)}</h2>
            <p data-testid="ocop-explained">{t!(i18n, about_ocop)}</p>
            <h2>{t!(i18n, about_plan_title)}</h2>
            <p>{t!(i18n, about_plan)}</p>
            <p><a class="button" href=crate::lang::href(Route::Plan)>{t!(i18n, about_plan_link)}</a></p>
            <h2 id="offline">{t!(i18n, offline_title)}</h2>
            <p>{t!(i18n, offline_text)}</p>
            <p><KeepOffline /></p>
            {facts}
        </section>
    }
}
