//! The loading banner: progress in bytes while the data downloads, and a clear message with a
//! retry button if it cannot be loaded or opened.

use handbook_search::decimal::for_reader;
use handbook_search::Lang;
use leptos::prelude::*;

use crate::api::{use_handbook, Load};
use crate::i18n::{t, use_i18n};

/// Formats a byte count for people, in the language's way: `512 B`, `34.2 KB`, `1.3 MB`
/// (`34,2 KB` in Vietnamese).
pub fn human_bytes(bytes: u64, lang: Lang) -> String {
    match bytes {
        0..=1023 => format!("{bytes} B"),
        1024..=1_048_575 => format!("{} KB", for_reader(bytes as f64 / 1024.0, 1, lang)),
        _ => format!("{} MB", for_reader(bytes as f64 / 1_048_576.0, 1, lang)),
    }
}

/// Shows loading progress or a loading error; nothing once the data is ready.
#[component]
pub fn LoadingBanner() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    move || match handbook.state.get() {
        Load::Ready => ().into_any(),
        Load::Manifest => view! {
            <div class="banner" role="status" data-state="loading">{t!(i18n, loading)}</div>
        }
        .into_any(),
        Load::Bundle { received, total } => {
            let lang = crate::lang::of(i18n.get_locale());
            let text = format!(
                "{} / {}",
                human_bytes(received, lang),
                human_bytes(total, lang)
            );
            view! {
                <div class="banner" role="status" data-state="loading">
                    <label>
                        {t!(i18n, loading_data)}" "
                        <progress max=total.max(1) value=received></progress>
                        " "{text}
                    </label>
                </div>
            }
            .into_any()
        }
        Load::Opening => view! {
            <div class="banner" role="status" data-state="opening">{t!(i18n, opening)}</div>
        }
        .into_any(),
        Load::Failed(message) => view! {
            <div class="banner error" role="alert" data-state="failed">
                <p><strong>{t!(i18n, load_failed)}</strong></p>
                // The engine's own words are English: marked as such, not passed off as the
                // page's language.
                <p class="detail">
                    {t!(i18n, technical_detail)}": "<span lang="en">{message}</span>
                </p>
                <button on:click=move |_| handbook.reload()>{t!(i18n, try_again)}</button>
            </div>
        }
        .into_any(),
    }
}
