//! Small pieces shared by the pages: the "unverified" badge, the sources list, links that
//! leave the app, links to records by name, and how a page shows its data or the error that
//! kept it from loading.

use handbook_search::directions::MapLink;
use handbook_search::links::safe_href;
use handbook_search::page_data::Link;
use handbook_search::{Lang, Source, Verification};
use leptos::prelude::*;

use crate::components::qr::qr_svg;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::kiosk::use_kiosk;

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

/// A record's sources. A source's address comes from the data (a spreadsheet cell, in the
/// end): only an `http(s)` address that [`safe_href`] accepts becomes a link or a QR code; any
/// other (`javascript:`, `data:` …) is shown as plain text, never followed.
#[component]
pub fn Sources(
    /// The sources to list.
    sources: Vec<Source>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = sources.is_empty();
    let items = sources
        .into_iter()
        .map(|s| {
            let mut parts = vec![s.title.clone()];
            parts.extend(s.publisher.clone());
            parts.extend(s.document.clone());
            parts.extend(s.date.clone());
            let text = parts.join(" — ");
            match s.url.as_deref().and_then(safe_href) {
                Some(href) => view! {
                    <li><OutboundLink href=href.to_string() text=text /></li>
                }
                .into_any(),
                None => {
                    let refused = s
                        .url
                        .map(|url| view! { " "<span class="muted small refused-url">{url}</span> });
                    view! { <li>{text}{refused}</li> }.into_any()
                }
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

/// A link that leaves the app (`http(s)`, `geo:`, `tel:`, `mailto:`), opened in a new tab. A
/// kiosk cannot follow it: there it is the text, the address and a QR code of the address, so
/// a visitor carries it away on their phone. `href` must already be safe to follow (checked
/// with [`safe_href`], or built by the app itself).
#[component]
pub fn OutboundLink(
    /// Where the link goes.
    href: String,
    /// What the link says.
    text: String,
) -> impl IntoView {
    if use_kiosk().on.get_untracked() {
        let svg = qr_svg(&href).unwrap_or_default();
        let (shown, label) = (href.clone(), href.clone());
        view! {
            <span class="outbound-qr" data-href=href>
                {text}" "<span class="muted small">{shown}</span>
                <span class="qr-code small" role="img" aria-label=label inner_html=svg></span>
            </span>
        }
        .into_any()
    } else {
        view! { <a href=href rel="noopener noreferrer" target="_blank" class="external">{text}</a> }
            .into_any()
    }
}

/// Map-app links in a row: `Google Maps · Apple Maps · OpenStreetMap`.
pub fn map_link_row(links: Vec<MapLink>) -> impl IntoView {
    links
        .into_iter()
        .map(|l| view! { <li><OutboundLink href=l.url text=l.app.name().to_string() /></li> })
        .collect_view()
}

/// `<li>` links to records, named in the reader's language.
pub fn record_links(links: &[Link], lang: Lang) -> impl IntoView {
    links
        .iter()
        .map(|link| {
            let (href, name) = (
                link.route().href_in(lang),
                link.name.in_lang(lang).to_string(),
            );
            view! { <li><a href=href>{name}</a></li> }
        })
        .collect_view()
}

/// What a page shows of its data: nothing while the handbook loads (the loading banner says
/// so), the error if the page's data could not be read, else `view` of the data.
pub fn show<T>(data: Option<Result<T, String>>, view: impl FnOnce(T) -> AnyView) -> AnyView {
    match data {
        None => ().into_any(),
        Some(Err(message)) => view! { <PageError message=message /> }.into_any(),
        Some(Ok(data)) => view(data),
    }
}

/// The page's data could not be read: says so, with the engine's message, instead of showing
/// an empty page.
#[component]
pub fn PageError(
    /// What went wrong, in the engine's words.
    message: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error page-error" role="alert" data-testid="page-error">
            <p><strong>{t!(i18n, page_failed)}</strong></p>
            <p class="detail">{message}</p>
        </div>
    }
}

/// A record's page, or a craft's lesson, shown from the record's card: its details file
/// (`handbook_search::details`) could not be fetched (offline before the handbook was kept).
/// Says what is missing, with a way to try again.
#[component]
pub fn CardOnly(
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="card-only">
            <p>{td_string!(locale, card_only)}</p>
            <button class="button" on:click=move |_| crate::browser::reload()>{td_string!(locale, try_again)}</button>
        </div>
    }
}

/// A page whose code (the page's second module) could not be fetched: offline before it was
/// ever kept. Says so, with a way to try again.
#[component]
pub fn PageNotDownloaded() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error page-error" role="alert" data-testid="page-error">
            <p><strong>{t!(i18n, page_failed)}</strong></p>
            <p class="detail">{t!(i18n, page_not_downloaded)}</p>
            <button class="button" on:click=move |_| crate::browser::reload()>{t!(i18n, try_again)}</button>
        </div>
    }
}
