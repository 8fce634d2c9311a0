//! `/crafts`: every craft by group, with how many villages keep it.

use handbook_search::{CraftGroup, Kind, Record};
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
        Some(
            CraftGroup::ALL
                .into_iter()
                .filter_map(|group| {
                    let items: Vec<_> = crafts
                        .iter()
                        .filter_map(|r| match r {
                            Record::Craft(c) if c.group == group => Some(c),
                            _ => None,
                        })
                        .map(|c| {
                            let name = lang::pick(english, &c.name, Some(&c.name_en));
                            let n = keepers(&c.id);
                            view! {
                                <li>
                                    <a href=url::record(Kind::Craft, &c.id)>{name}</a>
                                    " "<span class="muted">{format!("({n})")}</span>
                                </li>
                            }
                        })
                        .collect();
                    (!items.is_empty()).then(|| {
                        view! {
                            <section class="group">
                                <h2>{labels::group(locale, group)}</h2>
                                <ul class="columns">{items}</ul>
                            </section>
                        }
                    })
                })
                .collect_view(),
        )
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, crafts_title)}</h1>
            {listing}
        </section>
    }
}
