//! `/villages`: every village, grouped by craft group, each a link.

use handbook_search::ask::Question;
use handbook_search::page_data::{VillageItem, VillagesPage as VillagesData};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::{show, UnverifiedBadge};
use crate::components::groups::grouped;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::lang;

/// The villages page.
#[component]
pub fn VillagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data::<VillagesData>(|| Some(Question::Villages));
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, villages_title).to_string() />
            <h1>{t!(i18n, villages_title)}</h1>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |data| view! { <VillageList data=data locale=locale /> }.into_any())
            }}
        </section>
    }
}

/// Every village under the group of its main craft.
#[component]
fn VillageList(
    /// The villages.
    data: VillagesData,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let item = move |v: &VillageItem| {
        view! {
            <li>
                <a href=v.link.route().href_in(lang)>{v.link.name.in_lang(lang).to_string()}</a>
                " · "<span class="muted">{v.district.clone()}</span>" "
                <UnverifiedBadge verification=v.verification />
            </li>
        }
        .into_any()
    };
    view! {
        <p class="muted">{td_string!(locale, all_villages_count, n = data.count).to_string()}</p>
        {grouped(&data.groups, locale, false, item)}
    }
}
