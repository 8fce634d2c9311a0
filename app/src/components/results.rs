//! The result list and the facet filters of the search page.

use handbook_search::facets::{Dimension, Filter};
use handbook_search::highlight::highlight;
use handbook_search::query::ParsedQuery;
use handbook_search::{CraftGroup, Hit, Kind, Record, SearchResults};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::url;

/// The Vietnamese name of a kind of record.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Village => "Làng nghề",
        Kind::Craft => "Nghề",
        Kind::Product => "Sản phẩm",
        Kind::Tour => "Tour",
    }
}

/// A record's one-line summary.
pub fn summary(record: &Record) -> &str {
    match record {
        Record::Village(v) => &v.summary,
        Record::Craft(c) => &c.description,
        Record::Product(p) => &p.summary,
        Record::Tour(t) => &t.summary,
    }
}

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

fn hit_view(hit: Hit, query: ParsedQuery) -> impl IntoView {
    let href = url::record(hit.kind, &hit.id);
    let title = highlighted(hit.record.name(), &query);
    let text = highlighted(summary(&hit.record), &query);
    view! {
        <li class="hit" data-kind=hit.kind.as_str() data-id=hit.id.clone()>
            <a href=href>
                <span class="kind">{kind_label(hit.kind)}</span>
                <span class="title">{title}</span>
                <span class="summary">{text}</span>
            </a>
        </li>
    }
}

/// The results of a search, best first.
#[component]
pub fn ResultList(
    /// The results to show.
    results: SearchResults,
) -> impl IntoView {
    let query = results.query.clone().unwrap_or(ParsedQuery {
        words: Vec::new(),
        last_is_prefix: false,
    });
    let count = results.total;
    view! {
        <p class="count" role="status">{format!("{count} kết quả")}</p>
        <ol class="hits">
            {results
                .hits
                .into_iter()
                .map(|hit| hit_view(hit, query.clone()))
                .collect_view()}
        </ol>
    }
}

/// The label of a facet value.
pub fn facet_value_label(dimension: Dimension, value: &str) -> String {
    match dimension {
        Dimension::Kind => Kind::parse(value)
            .map(kind_label)
            .unwrap_or(value)
            .to_string(),
        Dimension::Group => CraftGroup::ALL
            .into_iter()
            .find(|g| g.as_str() == value)
            .map_or(value, |g| g.name_vi())
            .to_string(),
        Dimension::Ocop => format!("{value} sao"),
        Dimension::Status => match value {
            "active" => "Đang hoạt động",
            "endangered" => "Có nguy cơ mai một",
            "reviving" => "Đang phục hồi",
            "proposed_for_delisting" => "Đề xuất rút danh hiệu",
            other => other,
        }
        .to_string(),
        Dimension::Tours => match value {
            "yes" => "Có tour",
            _ => "Chưa có tour",
        }
        .to_string(),
        _ => value.to_string(),
    }
}

/// The label of a dimension.
pub fn dimension_label(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Kind => "Loại",
        Dimension::Group => "Nhóm nghề",
        Dimension::Commune => "Xã/phường (từ 2025)",
        Dimension::District => "Quận/huyện (trước 2025)",
        Dimension::Title => "Danh hiệu",
        Dimension::Ocop => "OCOP",
        Dimension::Status => "Tình trạng",
        Dimension::Tours => "Tour",
    }
}

/// Facet counts, each value a link that adds or removes its filter.
#[component]
pub fn FacetPanel(
    /// The results whose counts to show.
    results: SearchResults,
    /// The text searched.
    text: String,
    /// The filters in force.
    filters: Vec<Filter>,
) -> impl IntoView {
    let groups = results
        .facets
        .into_iter()
        .map(|(dimension, values)| {
            let items = values
                .into_iter()
                .map(|(value, count)| {
                    let filter = Filter {
                        dimension,
                        value: value.clone(),
                    };
                    let active = filters.contains(&filter);
                    let next: Vec<Filter> = if active {
                        filters.iter().filter(|f| **f != filter).cloned().collect()
                    } else {
                        filters.iter().cloned().chain([filter]).collect()
                    };
                    let href = url::search(&text, &next);
                    let label = facet_value_label(dimension, &value);
                    view! {
                        <li>
                            <A href=href attr:aria-pressed=active.to_string() attr:class="facet" attr:data-dimension=dimension.as_str() attr:data-value=value>
                                {label}
                                " "
                                <span class="n">{count}</span>
                            </A>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="facet-group">
                    <legend>{dimension_label(dimension)}</legend>
                    <ul>{items}</ul>
                </fieldset>
            }
        })
        .collect_view();
    view! { <aside class="facets" aria-label="Bộ lọc">{groups}</aside> }
}
