//! `/about`: what the handbook is, where the data comes from, the data version and date.

use leptos::prelude::*;

use crate::api::use_handbook;
use crate::components::loading::human_bytes;
use crate::i18n::{t, td_string, use_i18n};

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
                <dd>{human_bytes(manifest.bytes)}</dd>
            </dl>
        })
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, about_title)}</h1>
            <p class="lead">{t!(i18n, about_lead)}</p>
            <p>{t!(i18n, about_data)}</p>
            {facts}
        </section>
    }
}
