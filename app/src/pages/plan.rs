//! `/plan`: the plan's 2030 and 2050 targets beside what the handbook's data shows, as a table
//! and a bar chart, with the sources of the targets.
//!
//! Both are read on a 390 px phone (issue 15: an 800-unit SVG drew its labels at 7 px, and the
//! table overflowed in English): the chart's words are page text and only its bars are drawn,
//! and the table turns into one card per indicator on a narrow screen (the stylesheet, with
//! each cell's column name in `data-label`).

use handbook_search::ask::Question;
use handbook_search::decimal::fixed;
use handbook_search::{Lang, PlanFigure};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::Sources;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::lang;

/// A target as written in the plan (`> 50 %`, `≥ 5`, `300`) read as a number, and whether
/// it is a share.
pub fn target_value(target: &str) -> Option<(f64, bool)> {
    let digits: String = target
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    // Whole and decimal part apart, each read as an integer: `str::parse::<f64>` would link
    // the standard library's float parser and its 10 KB table into the page's WebAssembly.
    let (whole, fraction) = digits.split_once([',', '.']).unwrap_or((&digits, ""));
    let mut value = whole.parse::<u64>().ok()? as f64;
    if !fraction.is_empty() {
        let places = i32::try_from(fraction.len()).ok()?;
        value += fraction.parse::<u64>().ok()? as f64 / 10f64.powi(places);
    }
    let share = target.contains('%');
    Some((if share { value / 100.0 } else { value }, share))
}

/// A measured figure as people read it: `12 %` or `12`.
pub fn show_measured(value: f64, target: Option<&str>) -> String {
    match target.and_then(target_value) {
        Some((_, true)) => format!("{} %", fixed(value * 100.0, 0)),
        _ => fixed(value, 0).to_string(),
    }
}

/// A horizontal bar per measurable indicator: how far the handbook's figure is towards the
/// 2030 target (the bar full at the target). Names and figures are text, so they keep the
/// page's size at any width; each bar is a stretched SVG.
fn chart(figures: &[PlanFigure], lang: Lang, title: String) -> impl IntoView {
    let bars = figures
        .iter()
        .filter_map(|f| {
            let measured = f.measured?;
            let target = f.indicator.target_2030.as_deref()?;
            let (goal, _) = target_value(target)?;
            let label = f.indicator.name_in(lang).to_string();
            let text = format!("{} / {}", show_measured(measured, Some(target)), target);
            let ratio = (measured / goal).clamp(0.0, 1.0);
            Some(view! {
                <li>
                    <span class="bar-label">{label}</span>
                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                        <rect x="0" y="0" width="100" height="10" fill="#e7dfd2" />
                        <rect x="0" y="0" width=fixed(ratio * 100.0, 1).to_string() height="10" fill="#7a2e1a" />
                    </svg>
                    <span class="bar-value">{text}</span>
                </li>
            })
        })
        .collect_view();
    view! {
        <figure class="chart">
            <ul class="bars">{bars}</ul>
            <figcaption>{title}</figcaption>
        </figure>
    }
}

/// The plan page.
#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let plan = use_page_data::<Vec<PlanFigure>>(|| Some(Question::Plan));
    let content = move || {
        let figures = plan.get()?.ok()?;
        let locale = i18n.get_locale();
        let lang = lang::of(locale);
        let rows = figures
            .iter()
            .map(|f| {
                let name = f.indicator.name_in(lang).to_string();
                let measured = match f.measured {
                    Some(v) => show_measured(v, f.indicator.target_2030.as_deref()),
                    None => td_string!(locale, not_measured).to_string(),
                };
                let method = f.method_in(lang).unwrap_or_default().to_string();
                let tooltip = method.clone();
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td data-label=td_string!(locale, target_2030)>{f.indicator.target_2030.clone()}</td>
                        <td data-label=td_string!(locale, target_2050)>{f.indicator.target_2050.clone()}</td>
                        <td data-label=td_string!(locale, measured) title=tooltip>{measured}<br /><span class="muted small">{method}</span></td>
                    </tr>
                }
            })
            .collect_view();
        let sources = figures
            .first()
            .map(|f| f.indicator.sources.clone())
            .unwrap_or_default();
        let title = td_string!(locale, plan_chart).to_string();
        Some(view! {
            {chart(&figures, lang, title)}
            <div class="table-scroll">
                <table class="plan-table">
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, indicator)}</th>
                            <th scope="col">{td_string!(locale, target_2030)}</th>
                            <th scope="col">{td_string!(locale, target_2050)}</th>
                            <th scope="col">{td_string!(locale, measured)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Sources sources=sources />
        })
    };
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, plan_title).to_string() />
            <h1>{t!(i18n, plan_title)}</h1>
            <p class="lead">{t!(i18n, plan_lead)}</p>
            {content}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_read_as_written() {
        assert_eq!(target_value("≥ 5"), Some((5.0, false)));
        assert_eq!(target_value("300"), Some((300.0, false)));
        assert_eq!(target_value("> 50 %"), Some((0.5, true)));
        assert_eq!(target_value("10 %/năm"), Some((0.1, true)));
        assert_eq!(target_value("≥ 1,5"), Some((1.5, false)));
        assert_eq!(target_value("2.25 %"), Some((0.0225, true)));
        assert_eq!(target_value("1.2.3"), None);
        assert_eq!(target_value("nhiều hơn"), None);
    }
}
