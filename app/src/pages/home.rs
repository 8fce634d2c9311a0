//! `/`: the search box first (in the header), then featured villages and ways in.

use handbook_search::{Kind, Record};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_handbook;
use crate::components::results::name_and_summary;
use crate::i18n::{t, td_string, use_i18n};
use crate::{labels, url};

/// How many villages are featured.
const FEATURED: usize = 6;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let featured = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let villages = engine.all(Kind::Village).ok()?;
        // Villages that receive visitors first, then the rest, in name order.
        let (mut visit, rest): (Vec<_>, Vec<_>) = villages
            .into_iter()
            .partition(|r| matches!(r, Record::Village(v) if v.services.tourism));
        visit.extend(rest);
        visit.truncate(FEATURED);
        Some(visit)
    });
    let counts = move || {
        handbook.engine().map(|e| {
            let c = &e.info().counts;
            let n = |k: &str| c.get(k).copied().unwrap_or(0);
            td_string!(
                i18n.get_locale(),
                count_summary,
                villages = n("village"),
                crafts = n("craft"),
                products = n("product"),
                tours = n("tour")
            )
            .to_string()
        })
    };
    view! {
        <section class="page home">
            <h1>{t!(i18n, app_title)}</h1>
            <p class="lead">{t!(i18n, home_lead)}</p>
            <p class="muted">{counts}</p>
            <h2>{t!(i18n, home_explore)}</h2>
            <ul class="entry-points">
                <li><A href="/villages">{t!(i18n, nav_villages)}</A></li>
                <li><A href="/crafts">{t!(i18n, nav_crafts)}</A></li>
                <li><A href="/tours">{t!(i18n, nav_tours)}</A></li>
                <li><A href="/map">{t!(i18n, nav_map)}</A></li>
                <li><A href="/plan">{t!(i18n, nav_plan)}</A></li>
            </ul>
            <h2>{t!(i18n, home_featured)}</h2>
            <ul class="cards">
                {move || {
                    let english = labels::english(i18n.get_locale());
                    featured
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|record| {
                            let href = url::record(record.kind(), record.id());
                            let (name, summary) = name_and_summary(&record, english);
                            view! {
                                <li class="card">
                                    <A href=href><strong>{name}</strong></A>
                                    <p>{summary}</p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
