//! `/`: the search box first (in the header), then featured villages and ways in.

use handbook_search::ask::Question;
use handbook_search::page_data::{Card, HomePage as HomeData};
use handbook_search::route::Route;
use handbook_search::{Kind, Lang};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::show;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::kiosk::use_kiosk;
use crate::lang;

/// Seconds each village stays in the kiosk's spotlight while nobody is using the screen.
const SPOTLIGHT_SECONDS: u32 = 6;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data::<HomeData>(|| Some(Question::Home));
    let counts = move || {
        let home = data.get()?.ok()?;
        let n = |kind| home.counts.of(kind);
        Some(
            td_string!(
                i18n.get_locale(),
                count_summary,
                villages = n(Kind::Village),
                crafts = n(Kind::Craft),
                products = n(Kind::Product),
                tours = n(Kind::Tour)
            )
            .to_string(),
        )
    };
    let featured = move || {
        let lang = lang::of(i18n.get_locale());
        show(data.get(), |home| {
            home.featured
                .iter()
                .map(|card| {
                    let (name, summary) = in_lang(card, lang);
                    view! {
                        <li class="card">
                            <a href=card.link.route().href_in(lang)><strong>{name}</strong></a>
                            <p>{summary}</p>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <section class="page home">
            <Title text=move || t_string!(i18n, app_title).to_string() />
            <h1>{t!(i18n, app_title)}</h1>
            <p class="lead">{t!(i18n, home_lead)}</p>
            <p class="muted">{counts}</p>
            <Spotlight data=data />
            <h2>{t!(i18n, home_explore)}</h2>
            <ul class="entry-points">
                <li><a href=lang::href(Route::Villages)>{t!(i18n, nav_villages)}</a></li>
                <li><a href=lang::href(Route::Crafts)>{t!(i18n, nav_crafts)}</a></li>
                <li><a href=lang::href(Route::tours())>{t!(i18n, nav_tours)}</a></li>
                <li><a href=lang::href(Route::Map { selected: None })>{t!(i18n, nav_map)}</a></li>
                <li><a href=lang::href(Route::Plan)>{t!(i18n, nav_plan)}</a></li>
            </ul>
            <h2>{t!(i18n, home_featured)}</h2>
            <ul class="cards">{featured}</ul>
        </section>
    }
}

/// A card's name and summary for a reader of `lang`.
fn in_lang(card: &Card, lang: Lang) -> (String, String) {
    (
        card.link.name.in_lang(lang).to_string(),
        card.summary.in_lang(lang).to_string(),
    )
}

/// The kiosk's attract loop: while nobody touches the screen the spotlight moves through the
/// featured villages and crafts, driven by the kiosk's one timer; a touch brings it back to
/// the first, and it waits on the first while the start screen shows.
#[component]
fn Spotlight(
    /// The start page's data.
    data: Signal<Option<Result<HomeData, String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    move || {
        if !kiosk.on.get() {
            return None;
        }
        // Paused behind the start screen, where nobody sees it: it stays on its first card and,
        // not reading the clock, is not redrawn every second.
        let quiet = if kiosk.welcome.get() {
            0
        } else {
            kiosk.quiet()
        };
        let home = data.get()?.ok()?;
        let cards: Vec<&Card> = home.featured.iter().chain(&home.crafts).collect();
        if cards.is_empty() {
            return None;
        }
        let index = (quiet / SPOTLIGHT_SECONDS) as usize % cards.len();
        let card = cards[index];
        let lang = lang::of(i18n.get_locale());
        let (name, summary) = in_lang(card, lang);
        Some(view! {
            <section class="spotlight" data-testid="spotlight" data-index=index aria-live="off">
                <a href=card.link.route().href_in(lang)><strong class="spotlight-name">{name}</strong></a>
                <p>{summary}</p>
                {(quiet >= SPOTLIGHT_SECONDS).then(|| view! { <p class="attract">{t!(i18n, attract_hint)}</p> })}
            </section>
        })
    }
}
