//! `/crafts`: every craft by group, with how many villages keep it.

use crate::i18n::Locale;
use handbook_search::{Craft, CraftGroup, Kind, Record};
use leptos::prelude::*;

use crate::api::use_handbook;
use crate::i18n::{t, use_i18n};
use crate::{labels, lang, url};

/// The crafts page.
#[component]
pub fn CraftsPage() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let listing = move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let crafts = engine.all(Kind::Craft).ok()?;
        let villages = engine.all(Kind::Village).ok()?;
        let keepers = |id: &str| {
            villages
                .iter()
                .filter(|r| matches!(r, Record::Village(v) if v.crafts.iter().any(|c| c == id)))
                .count()
        };
        let crafts: Vec<&Craft> = crafts
            .iter()
            .filter_map(|r| match r {
                Record::Craft(c) => Some(c),
                _ => None,
            })
            .collect();
        Some(by_group(&crafts, locale, false, |c| {
            let name = lang::pick(english, &c.name, Some(&c.name_en));
            let n = keepers(&c.id);
            view! {
                <li>
                    <a href=url::record(Kind::Craft, &c.id)>{name}</a>
                    " "<span class="muted">{format!("({n})")}</span>
                </li>
            }
            .into_any()
        }))
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, crafts_title)}</h1>
            {listing}
        </section>
    }
}

/// Crafts listed under their groups' headings (`<h2>`, or `<h3>` when `nested`), each item
/// drawn by `item`; empty groups are left out. Used by `/crafts` and `/learn`.
pub fn by_group(
    crafts: &[&Craft],
    locale: Locale,
    nested: bool,
    item: impl Fn(&Craft) -> AnyView,
) -> AnyView {
    CraftGroup::ALL
        .into_iter()
        .filter_map(|group| {
            let items: Vec<_> = crafts
                .iter()
                .filter(|c| c.group == group)
                .map(|c| item(c))
                .collect();
            let heading = labels::group(locale, group);
            (!items.is_empty()).then(|| {
                let heading = if nested {
                    view! { <h3>{heading}</h3> }.into_any()
                } else {
                    view! { <h2>{heading}</h2> }.into_any()
                };
                view! {
                    <section class="group">
                        {heading}
                        <ul class="columns">{items}</ul>
                    </section>
                }
            })
        })
        .collect_view()
        .into_any()
}
