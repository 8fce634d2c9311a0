//! `/villages`: every village, grouped by craft group, each a link.

use handbook_search::{CraftGroup, Kind, Record};
use leptos::prelude::*;

use crate::api::use_handbook;
use crate::components::bits::UnverifiedBadge;
use crate::components::results::name_and_summary;
use crate::i18n::{t, td_string, use_i18n};
use crate::{labels, url};

/// The villages page.
#[component]
pub fn VillagesPage() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let listing = move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let villages = engine.all(Kind::Village).ok()?;
        let crafts = engine.all(Kind::Craft).ok()?;
        let group_of = |craft: &str| {
            crafts.iter().find_map(|c| match c {
                Record::Craft(c) if c.id == craft => Some(c.group),
                _ => None,
            })
        };
        let count = villages.len();
        let sections = CraftGroup::ALL
            .into_iter()
            .filter_map(|group| {
                let members: Vec<&Record> = villages
                    .iter()
                    .filter(|r| matches!(r, Record::Village(v) if v.crafts.first().and_then(|c| group_of(c)) == Some(group)))
                    .collect();
                if members.is_empty() {
                    return None;
                }
                let items = members
                    .into_iter()
                    .map(|r| {
                        let Record::Village(v) = r else { unreachable!("filtered to villages") };
                        let (name, _) = name_and_summary(r, english);
                        let district = v.historical.district.clone();
                        view! {
                            <li>
                                <a href=url::record(Kind::Village, &v.id)>{name}</a>
                                " · "<span class="muted">{district}</span>" "
                                <UnverifiedBadge verification=v.verification />
                            </li>
                        }
                    })
                    .collect_view();
                Some(view! {
                    <section class="group" id=group.as_str()>
                        <h2>{labels::group(locale, group)}</h2>
                        <ul class="columns">{items}</ul>
                    </section>
                })
            })
            .collect_view();
        Some(view! {
            <p class="muted">{td_string!(locale, all_villages_count, n = count).to_string()}</p>
            {sections}
        })
    };
    view! {
        <section class="page">
            <h1>{t!(i18n, villages_title)}</h1>
            {listing}
        </section>
    }
}
