//! The result list and the facet filters of the search page.

use handbook_search::ask::{Found, FoundHit};
use handbook_search::facets::Filter;
use handbook_search::highlight::highlight;
use handbook_search::query::ParsedQuery;
use handbook_search::route::Route;
use handbook_search::Lang;
use leptos::prelude::*;

use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::{labels, lang};

/// Text with the words the query matched wrapped in `<mark>`.
pub fn highlighted(text: &str, query: &ParsedQuery) -> impl IntoView {
    highlight(text, query)
        .into_iter()
        .map(|segment| {
            if segment.matched {
                view! { <mark>{segment.text}</mark> }.into_any()
            } else {
                segment.text.into_any()
            }
        })
        .collect_view()
}

/// One hit, a link to its page. `whole_page`: the link loads the page from the host (a
/// prerendered page reads at once) rather than asking the app, whose engine has not opened yet.
fn hit_view(hit: FoundHit, query: &ParsedQuery, locale: Locale, whole_page: bool) -> impl IntoView {
    let lang = lang::of(locale);
    let href = Route::record(hit.kind, &hit.id).href_in(lang);
    let (name, summary) = (hit.name_in(lang), hit.summary_in(lang));
    // The Vietnamese name stays visible under an English title: it is what signs show.
    let vi_name = (lang == Lang::En && name != hit.name).then(|| hit.name.clone());
    view! {
        <li class="hit" data-kind=hit.kind.as_str() data-id=hit.id.clone()>
            <a href=href rel=whole_page.then_some("external")>
                <span class="kind">{labels::kind(locale, hit.kind)}</span>
                <span class="title">{highlighted(name, query)}</span>
                {vi_name.map(|n| view! { <span class="vi-name" lang="vi">{highlighted(&n, query)}</span> })}
                {(!summary.is_empty()).then(|| view! { <span class="summary">{highlighted(summary, query)}</span> })}
            </a>
        </li>
    }
}

/// The results of a search, best first.
#[component]
pub fn ResultList(
    /// The results to show.
    results: Found,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = results.query.clone().unwrap_or_default();
    let count = results.total;
    let hits = results.hits;
    view! {
        <p class="count" role="status">{move || td_string!(i18n.get_locale(), results_count, count = count).to_string()}</p>
        {(count == 0).then(|| view! { <p class="muted">{t!(i18n, no_results)}</p> })}
        <ol class="hits">
            {move || {
                let locale = i18n.get_locale();
                hits.iter().cloned().map(|hit| hit_view(hit, &query, locale, false)).collect_view()
            }}
        </ol>
    }
}

fn search_href(text: &str, filters: Vec<Filter>, locale: Locale) -> String {
    Route::Search {
        text: text.to_string(),
        filters,
    }
    .href_in(lang::of(locale))
}

/// Records found by their names alone ([`handbook_search::names`]) while the engine is still on
/// its way: listed as the engine's hits are, without summaries, under a line saying that the full
/// search comes next. The list is marked `data-early`. Its links load their pages from the host:
/// each is prerendered and reads at once, where the app would wait for the engine.
#[component]
pub fn EarlyList(
    /// The records found by name.
    hits: Vec<FoundHit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = ParsedQuery::default();
    view! {
        <p class="count" role="status">{t!(i18n, early_results)}</p>
        <ol class="hits" data-early="">
            {move || {
                let locale = i18n.get_locale();
                hits.iter().cloned().map(|hit| hit_view(hit, &query, locale, true)).collect_view()
            }}
        </ol>
    }
}

/// Facet counts, each value a link that adds or removes its filter.
#[component]
pub fn FacetPanel(
    /// The results whose counts to show.
    results: Found,
    /// The text searched.
    text: String,
    /// The filters in force.
    filters: Vec<Filter>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clear = (!filters.is_empty()).then(|| {
        let text = text.clone();
        let href = move || search_href(&text, Vec::new(), i18n.get_locale());
        view! { <a href=href class="clear-filters">{t!(i18n, clear_filters)}</a> }
    });
    let groups = move || {
        let locale = i18n.get_locale();
        results
            .facets
            .iter()
            .map(|(dimension, values)| {
                let dimension = *dimension;
                let items = values
                    .iter()
                    .map(|(value, count)| {
                        let count = *count;
                        let value = value.clone();
                        let filter = Filter { dimension, value: value.clone() };
                        let active = filters.contains(&filter);
                        let next: Vec<Filter> = if active {
                            filters.iter().filter(|f| **f != filter).cloned().collect()
                        } else {
                            filters.iter().cloned().chain([filter]).collect()
                        };
                        let href = search_href(&text, next, locale);
                        let label = labels::facet_value(locale, dimension, &value);
                        view! {
                            <li>
                                <a href=href aria-current=active.then_some("true") class="facet" data-dimension=dimension.as_str() data-value=value>
                                    <span>{label}</span>
                                    <span class="n">{count}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="facet-group">
                        <legend>{labels::dimension(locale, dimension)}</legend>
                        <ul>{items}</ul>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <aside class="facets" aria-labelledby="filters-heading">
            <h2 id="filters-heading">{t!(i18n, filters)}</h2>
            {clear}
            {groups}
        </aside>
    }
}
