//! `/`: the search box first (in the header), then featured villages and ways in.

use handbook_search::{Kind, Record};
use leptos::prelude::*;

use crate::api::use_handbook;
use crate::components::results::name_and_summary;
use crate::i18n::{t, td_string, use_i18n};
use crate::kiosk::use_kiosk;
use crate::{labels, url};

/// How many villages are featured.
const FEATURED: usize = 6;

/// How many crafts join the kiosk's spotlight.
const FEATURED_CRAFTS: usize = 4;

/// Seconds each village stays in the kiosk's spotlight while nobody is using the screen.
const SPOTLIGHT_SECONDS: u32 = 6;

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
    // Kiosk attract loop: while nobody touches the screen the spotlight moves through the
    // featured villages, driven by the kiosk's one timer; a touch brings it back to the first.
    let kiosk = use_kiosk();
    let crafts = Memo::new(move |_| {
        let mut crafts = handbook.engine()?.all(Kind::Craft).ok()?;
        crafts.truncate(FEATURED_CRAFTS);
        Some(crafts)
    });
    let spotlight = move || {
        if !kiosk.on.get() {
            return None;
        }
        let quiet = kiosk.quiet.get();
        let mut records = featured.get()?;
        records.extend(crafts.get().unwrap_or_default());
        if records.is_empty() {
            return None;
        }
        let english = labels::english(i18n.get_locale());
        let index = (quiet / SPOTLIGHT_SECONDS) as usize % records.len();
        let record = &records[index];
        let (name, summary) = name_and_summary(record, english);
        let href = url::record(record.kind(), record.id());
        Some(view! {
            <section class="spotlight" data-testid="spotlight" data-index=index aria-live="off">
                <a href=href><strong class="spotlight-name">{name}</strong></a>
                <p>{summary}</p>
                {(quiet >= SPOTLIGHT_SECONDS).then(|| view! { <p class="attract">{t!(i18n, attract_hint)}</p> })}
            </section>
        })
    };
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
            {spotlight}
            <h2>{t!(i18n, home_explore)}</h2>
            <ul class="entry-points">
                <li><a href="/villages">{t!(i18n, nav_villages)}</a></li>
                <li><a href="/crafts">{t!(i18n, nav_crafts)}</a></li>
                <li><a href="/tours">{t!(i18n, nav_tours)}</a></li>
                <li><a href="/map">{t!(i18n, nav_map)}</a></li>
                <li><a href="/plan">{t!(i18n, nav_plan)}</a></li>
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
                                    <a href=href><strong>{name}</strong></a>
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
