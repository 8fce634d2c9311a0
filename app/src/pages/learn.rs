//! School mode's start, `/learn`: the quiz builder (a topic and a code) and the crafts to learn
//! about. One craft's page is [`super::learn_craft`], a quiz [`super::quiz`].

use handbook_search::ask::Question;
use handbook_search::page_data::{LearnPage as LearnData, Link, TopicChoice};
use handbook_search::quiz::{QuizCode, Topic};
use handbook_search::route::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::use_page_data;
use crate::components::bits::show;
use crate::components::groups::grouped;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::{labels, lang};

/// `/learn`.
#[component]
pub fn LearnPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_page_data::<LearnData>(|| Some(Question::Learn));
    view! {
        <section class="page learn">
            <Title text=move || t_string!(i18n, learn_title).to_string() />
            <h1>{t!(i18n, learn_title)}</h1>
            <p class="lead">{t!(i18n, learn_lead)}</p>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |data| view! {
                    <QuizBuilder topics=data.topics locale=locale />
                    <h2>{td_string!(locale, learn_crafts)}</h2>
                    {grouped(&data.crafts, locale, true, move |c: &Link| craft_item(c, locale))}
                }.into_any())
            }}
        </section>
    }
}

fn craft_item(craft: &Link, locale: Locale) -> AnyView {
    let lang = lang::of(locale);
    let href = Route::LearnCraft {
        id: craft.id.clone(),
    }
    .href_in(lang);
    let name = craft.name.in_lang(lang).to_string();
    view! { <li><a href=href>{name}</a></li> }.into_any()
}

/// The quiz builder: a topic and a code, then the quiz's address.
#[component]
fn QuizBuilder(
    /// The topics offered.
    topics: Vec<TopicChoice>,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let navigate = use_navigate();
    let kiosk = crate::kiosk::use_kiosk();
    let topic = RwSignal::new(Topic::All.as_param());
    let seed = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let quiz = Route::Quiz {
            topic: Topic::parse(&topic.get_untracked()).unwrap_or(Topic::All),
            code: QuizCode::new(&seed.get_untracked()),
        };
        navigate(&quiz.href_in(lang::of(locale)), kiosk.navigate_options());
    };
    let options = topics
        .iter()
        .map(|c| view! { <option value=c.topic.as_param()>{labels::topic(locale, c)}</option> })
        .collect_view();
    view! {
        <h2>{td_string!(locale, learn_quiz)}</h2>
        <form class="quiz-builder" on:submit=start>
            <label>
                {td_string!(locale, quiz_topic)}" "
                <select
                    name="topic"
                    prop:value=move || topic.get()
                    on:change=move |ev| topic.set(event_target_value(&ev))
                >
                    {options}
                </select>
            </label>
            <label>
                {td_string!(locale, quiz_seed)}" "
                <input
                    name="seed"
                    inputmode="numeric"
                    size="6"
                    prop:value=move || seed.get()
                    on:input=move |ev| seed.set(event_target_value(&ev))
                />
            </label>
            <button type="submit">{td_string!(locale, quiz_start)}</button>
        </form>
    }
}
