//! Small pieces shared by the record pages: the sources list, the "unverified" badge, links to
//! other records by name.

use handbook_search::{Engine, Kind, Source, Verification};
use leptos::prelude::*;

use crate::components::qr::qr_svg;
use crate::components::results::name_and_summary;
use crate::i18n::{t, t_string, use_i18n};
use crate::kiosk::use_kiosk;
use crate::url;

/// The "unverified" badge, where the data says so.
#[component]
pub fn UnverifiedBadge(
    /// The record's verification state.
    verification: Verification,
) -> impl IntoView {
    let i18n = use_i18n();
    (verification == Verification::Unverified).then(|| {
        view! {
            <span class="badge unverified" title=move || t_string!(i18n, unverified_hint)>
                {t!(i18n, unverified)}
            </span>
        }
    })
}

/// A record's sources.
#[component]
pub fn Sources(
    /// The sources to list.
    sources: Vec<Source>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A kiosk cannot follow links out of the app: it shows each source's address as a QR code.
    let kiosk = use_kiosk().on.get_untracked();
    let empty = sources.is_empty();
    let items = sources
        .into_iter()
        .map(|s| {
            let mut parts = vec![s.title.clone()];
            parts.extend(s.publisher.clone());
            parts.extend(s.document.clone());
            parts.extend(s.date.clone());
            let text = parts.join(" — ");
            match s.url {
                Some(href) if kiosk => {
                    let svg = qr_svg(&href).unwrap_or_default();
                    view! {
                        <li class="source-qr">
                            {text}" "<span class="muted small">{href.clone()}</span>
                            <div class="qr-code small" role="img" aria-label=href inner_html=svg></div>
                        </li>
                    }
                    .into_any()
                }
                Some(href) => view! {
                    <li><a href=href rel="noopener noreferrer" target="_blank" class="external">{text}</a></li>
                }
                .into_any(),
                None => view! { <li>{text}</li> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section class="sources">
            <h2>{t!(i18n, sources)}</h2>
            {if empty {
                view! { <p class="muted">{t!(i18n, no_sources)}</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Links to records of a kind, by id, showing their names.
pub fn record_links(engine: &Engine, kind: Kind, ids: &[String], english: bool) -> impl IntoView {
    ids.iter()
        .map(|id| {
            let name = engine
                .get(kind, id)
                .ok()
                .flatten()
                .map_or_else(|| id.clone(), |r| name_and_summary(&r, english).0);
            view! { <li><a href=url::record(kind, id)>{name}</a></li> }
        })
        .collect_view()
}
