//! `/crafts`: every craft by group, with how many villages keep it.

use handbook_search::ask::Question;
use handbook_search::page_data::{CraftItem, CraftsPage as CraftsData};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::show;
use crate::components::groups::grouped;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::lang;

/// The crafts page.
#[component]
pub fn CraftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data::<CraftsData>(|| Some(Question::Crafts));
    view! {
        <section class="page">
            <Title text=move || t_string!(i18n, crafts_title).to_string() />
            <h1>{t!(i18n, crafts_title)}</h1>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |data| view! { <CraftList data=data locale=locale /> }.into_any())
            }}
        </section>
    }
}

/// Every craft under its group, with how many villages keep it.
#[component]
fn CraftList(
    /// The crafts.
    data: CraftsData,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let item = move |c: &CraftItem| {
        view! {
            <li>
                <a href=c.link.route().href_in(lang)>{c.link.name.in_lang(lang).to_string()}</a>
                " "<span class="muted">{format!("({})", c.villages)}</span>
            </li>
        }
        .into_any()
    };
    grouped(&data.groups, locale, false, item)
}
