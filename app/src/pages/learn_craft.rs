//! `/learn/craft/<id>`: one craft for a class: what it is, its materials and steps, the
//! villages that keep it (and whether some are at risk of losing it), a quiz on its group.

use handbook_search::ask::Question;
use handbook_search::page_data::{Keeper, LearnCraftPage as LearnCraftData};
use handbook_search::quiz::{QuizCode, Topic};
use handbook_search::route::Route;
use handbook_search::{Entry, Status};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::{show, CardOnly, Sources, UnverifiedBadge};
use crate::i18n::{td_string, use_i18n, Locale};
use crate::{labels, lang, use_route_param};

/// `/learn/craft/<id>`.
#[component]
pub fn LearnCraftPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_route_param(|route| match route {
        Route::LearnCraft { id } => Some(id.clone()),
        _ => None,
    });
    let data = use_page_data::<Option<LearnCraftData>>(move || {
        id.get().map(|id| Question::LearnCraft { id })
    });
    move || {
        let locale = i18n.get_locale();
        show(data.get(), |page| {
            match page {
            Some(page) => view! { <LearnCraft page=page locale=locale /> }.into_any(),
            None => view! {
                <section class="page">
                    <Title text=td_string!(locale, not_found) />
                    <h1>{td_string!(locale, not_found)}</h1>
                    <p><a href=Route::Learn.href_in(lang::of(locale))>{td_string!(locale, learn_back)}</a></p>
                </section>
            }
            .into_any(),
        }
        })
    }
}

/// A village keeping the craft, with its status where the craft is not simply active.
fn keeper_item(keeper: &Keeper, locale: Locale) -> impl IntoView {
    let lang = lang::of(locale);
    let name = keeper.link.name.in_lang(lang).to_string();
    let status = (keeper.status != Status::Active).then(|| {
        view! { " "<span class="badge status">{labels::status(locale, keeper.status)}</span> }
    });
    view! { <li><a href=keeper.link.route().href_in(lang)>{name}</a>{status}</li> }
}

/// The craft's learning page.
#[component]
fn LearnCraft(
    /// The craft and the villages keeping it.
    page: LearnCraftData,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let craft = &page.craft;
    let process = craft.process_in(lang);
    let steps = if process.text.is_empty() {
        view! { <p class="muted">{td_string!(locale, learn_no_steps)}</p> }.into_any()
    } else {
        let items = process
            .text
            .iter()
            .map(|s| view! { <li>{s.clone()}</li> })
            .collect_view();
        view! { <ol class="steps" lang=process.lang.code()>{items}</ol> }.into_any()
    };
    let materials = craft.materials_in(lang);
    let materials = (!materials.text.is_empty()).then(|| {
        let list = materials.text.join(", ");
        view! {
            <p>
                <strong>{td_string!(locale, materials)}": "</strong>
                <span lang=materials.lang.code()>{list}</span>
            </p>
        }
    });
    let name = craft.name_in(lang).to_string();
    let group_quiz = Route::Quiz {
        topic: Topic::Group(craft.group),
        code: QuizCode::default(),
    }
    .href_in(lang);
    let villages = page
        .keepers
        .iter()
        .map(|k| keeper_item(k, locale))
        .collect_view();
    view! {
        <article class="page learn-craft">
            <Title text=name.clone() />
            <p><a href=Route::Learn.href_in(lang)>{td_string!(locale, learn_back)}</a></p>
            <h1>
                {name.clone()}" "
                <UnverifiedBadge verification=craft.verification />
            </h1>
            <p class="muted">{labels::group(locale, craft.group)}</p>
            {page.card_only.then(|| view! { <CardOnly locale=locale /> })}
            <h2>{td_string!(locale, learn_about)}</h2>
            <p>{craft.summary_in(lang).to_string()}</p>
            {materials}
            <h2>{td_string!(locale, learn_steps)}</h2>
            {steps}
            <h2>{td_string!(locale, learn_kept_by)}</h2>
            {page.at_risk().then(|| view! { <p class="note">{td_string!(locale, learn_endangered)}</p> })}
            <ul class="columns">{villages}</ul>
            <p>
                <a href=group_quiz>{td_string!(locale, learn_quiz)}</a>" · "
                <a href=Route::of(craft).href_in(lang)>{name}</a>
            </p>
            {(!page.card_only).then(|| view! { <Sources sources=craft.sources.clone() /> })}
        </article>
    }
}
