//! School mode. `/learn`: the crafts to learn about and the quiz builder; `/learn/craft/<id>`: one
//! craft for a class (what it is, materials, steps, the villages that keep it); `/learn/quiz`: a
//! quiz drawn from the data, the same for everyone with the same topic and code, printable.

use handbook_search::quiz::{self, Ask, Question, Topic};
use handbook_search::{Craft, CraftGroup, Engine, Kind, Record, Status, Tour, Village};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::use_handbook;
use crate::components::bits::{Sources, UnverifiedBadge};
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::pages::crafts::by_group;
use crate::{labels, lang, url};

/// Questions per quiz.
const QUESTIONS: usize = 10;

/// The quiz code used when none is given.
const DEFAULT_SEED: u64 = 2025;

struct Data {
    villages: Vec<Village>,
    crafts: Vec<Craft>,
    tours: Vec<Tour>,
}

fn data(engine: &Engine) -> Data {
    let mut d = Data {
        villages: Vec::new(),
        crafts: Vec::new(),
        tours: Vec::new(),
    };
    for kind in [Kind::Village, Kind::Craft, Kind::Tour] {
        for record in engine.all(kind).unwrap_or_default() {
            match record {
                Record::Village(v) => d.villages.push(v),
                Record::Craft(c) => d.crafts.push(c),
                Record::Tour(t) => d.tours.push(t),
                Record::Product(_) => {}
            }
        }
    }
    d
}

/// Where the quiz on `topic` with code `seed` lives.
fn quiz_url(topic: &Topic, seed: u64) -> String {
    format!(
        "/learn/quiz?topic={}&seed={seed}",
        url::encode(&topic.as_param())
    )
}

/// The topics a teacher can pick, with their labels.
fn topics(d: &Data, locale: Locale) -> Vec<(Topic, String)> {
    let english = labels::english(locale);
    let mut out = vec![(Topic::All, td_string!(locale, quiz_all).to_string())];
    out.extend(
        CraftGroup::ALL
            .into_iter()
            .filter(|g| d.crafts.iter().any(|c| c.group == *g))
            .map(|g| (Topic::Group(g), labels::group(locale, g))),
    );
    out.extend(d.tours.iter().map(|t| {
        (
            Topic::Tour(t.id.clone()),
            lang::pick(english, &t.name, t.name_en.as_deref()),
        )
    }));
    out
}

/// `/learn`.
#[component]
pub fn LearnPage() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let topic = RwSignal::new(Topic::All.as_param());
    let seed = RwSignal::new(DEFAULT_SEED.to_string());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = Topic::parse(&topic.get_untracked()).unwrap_or(Topic::All);
        let code = seed.get_untracked().trim().parse().unwrap_or(DEFAULT_SEED);
        navigate(&quiz_url(&picked, code), Default::default());
    };
    let body = move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let d = data(&engine);
        let options = topics(&d, locale)
            .into_iter()
            .map(|(t, label)| view! { <option value=t.as_param()>{label}</option> })
            .collect_view();
        let crafts: Vec<&Craft> = d.crafts.iter().collect();
        let groups = by_group(&crafts, locale, true, |c| {
            let name = lang::pick(english, &c.name, Some(&c.name_en));
            view! { <li><a href=format!("/learn/craft/{}", c.id)>{name}</a></li> }.into_any()
        });
        Some(view! {
            <h2>{td_string!(locale, learn_quiz)}</h2>
            <form class="quiz-builder" on:submit=start.clone()>
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
            <h2>{td_string!(locale, learn_crafts)}</h2>
            {groups}
        })
    };
    view! {
        <section class="page learn">
            <h1>{t!(i18n, learn_title)}</h1>
            <p class="lead">{t!(i18n, learn_lead)}</p>
            {body}
        </section>
    }
}

/// `/learn/craft/<id>`.
#[component]
pub fn LearnCraftPage() -> impl IntoView {
    let handbook = use_handbook();
    let params = use_params_map();
    let i18n = use_i18n();
    move || {
        let engine = handbook.engine()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        let id = params.read().get("id").unwrap_or_default();
        let Some(Record::Craft(craft)) = engine.get(Kind::Craft, &id).ok().flatten() else {
            return Some(
                view! {
                    <section class="page">
                        <h1>{td_string!(locale, not_found)}</h1>
                        <p><a href="/learn">{td_string!(locale, learn_back)}</a></p>
                    </section>
                }
                .into_any(),
            );
        };
        let keepers: Vec<Village> = data(&engine)
            .villages
            .into_iter()
            .filter(|v| v.crafts.contains(&craft.id))
            .collect();
        let at_risk = keepers
            .iter()
            .any(|v| matches!(v.status, Status::Endangered | Status::Reviving));
        let villages = keepers
            .iter()
            .map(|v| {
                let name = lang::pick(english, &v.name, v.name_en.as_deref());
                let status = (v.status != Status::Active).then(|| {
                    view! { " "<span class="badge status">{labels::status(locale, v.status)}</span> }
                });
                view! { <li><a href=url::record(Kind::Village, &v.id)>{name}</a>{status}</li> }
            })
            .collect_view();
        let (process, process_en) = craft.process_in(english);
        let steps = if process.is_empty() {
            view! { <p class="muted">{td_string!(locale, learn_no_steps)}</p> }.into_any()
        } else {
            let items = process
                .iter()
                .map(|s| view! { <li>{s.clone()}</li> })
                .collect_view();
            view! { <ol class="steps" lang=lang::code(process_en)>{items}</ol> }.into_any()
        };
        let (materials, materials_en) = craft.materials_in(english);
        let materials = (!materials.is_empty()).then(|| {
            let list = materials.join(", ");
            view! {
                <p>
                    <strong>{td_string!(locale, materials)}": "</strong>
                    <span lang=lang::code(materials_en)>{list}</span>
                </p>
            }
        });
        let description = if english {
            craft
                .description_en
                .clone()
                .unwrap_or_else(|| craft.description.clone())
        } else {
            craft.description.clone()
        };
        let group_quiz = quiz_url(&Topic::Group(craft.group), DEFAULT_SEED);
        Some(
            view! {
                <article class="page learn-craft">
                    <p><a href="/learn">{td_string!(locale, learn_back)}</a></p>
                    <h1>
                        {lang::pick(english, &craft.name, Some(&craft.name_en))}" "
                        <UnverifiedBadge verification=craft.verification />
                    </h1>
                    <p class="muted">{labels::group(locale, craft.group)}</p>
                    <h2>{td_string!(locale, learn_about)}</h2>
                    <p>{description}</p>
                    {materials}
                    <h2>{td_string!(locale, learn_steps)}</h2>
                    {steps}
                    <h2>{td_string!(locale, learn_kept_by)}</h2>
                    {at_risk.then(|| view! { <p class="note">{td_string!(locale, learn_endangered)}</p> })}
                    <ul class="columns">{villages}</ul>
                    <p>
                        <a href=group_quiz>{td_string!(locale, learn_quiz)}</a>" · "
                        <a href=url::record(Kind::Craft, &craft.id)>{lang::pick(english, &craft.name, Some(&craft.name_en))}</a>
                    </p>
                    <Sources sources=craft.sources.clone() />
                </article>
            }
            .into_any(),
        )
    }
}

fn question_text(locale: Locale, q: &Question) -> String {
    let subject = if labels::english(locale) {
        &q.subject.1
    } else {
        &q.subject.0
    };
    let subject = subject.as_str();
    match q.ask {
        Ask::VillageOfCraft => td_string!(locale, q_village_of_craft, subject = subject),
        Ask::CraftOfVillage => td_string!(locale, q_craft_of_village, subject = subject),
        Ask::DistrictOfVillage => td_string!(locale, q_district_of_village, subject = subject),
        Ask::CraftOfMaterials => td_string!(locale, q_craft_of_materials, subject = subject),
    }
    .to_string()
}

/// `/learn/quiz?topic=&seed=`.
#[component]
pub fn QuizPage() -> impl IntoView {
    let handbook = use_handbook();
    let query = use_query_map();
    let i18n = use_i18n();
    let picked: RwSignal<Vec<Option<usize>>> = RwSignal::new(Vec::new());
    let submitted = RwSignal::new(false);
    let questions = Memo::new(move |_| {
        let engine = handbook.engine()?;
        let q = query.read();
        let topic = q
            .get("topic")
            .and_then(|t| Topic::parse(&t))
            .unwrap_or(Topic::All);
        let seed = q
            .get("seed")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(DEFAULT_SEED);
        let d = data(&engine);
        Some((
            topic.clone(),
            seed,
            quiz::generate(&d.villages, &d.crafts, &d.tours, &topic, seed, QUESTIONS),
        ))
    });
    // A new quiz starts blank.
    Effect::new(move |_| {
        let n = questions.with(|q| q.as_ref().map_or(0, |(_, _, qs)| qs.len()));
        picked.set(vec![None; n]);
        submitted.set(false);
    });
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let body = move || {
        let (topic, seed, qs) = questions.get()?;
        let locale = i18n.get_locale();
        let english = labels::english(locale);
        if qs.is_empty() {
            return Some(
                view! { <p class="muted">{td_string!(locale, quiz_empty)}</p> }.into_any(),
            );
        }
        let total = qs.len();
        let label = handbook
            .engine()
            .map(|e| topics(&data(&e), locale))
            .and_then(|all| all.into_iter().find(|(t, _)| *t == topic))
            .map_or_else(|| topic.as_param(), |(_, l)| l);
        let items = qs
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                let text = question_text(locale, &q);
                let answer = q.answer;
                let right_text = {
                    let c = &q.choices[answer];
                    if english { c.1.clone() } else { c.0.clone() }
                };
                let choices = q
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(j, c)| {
                        let shown = if english { c.1.clone() } else { c.0.clone() };
                        view! {
                            <li>
                                <label>
                                    <input
                                        type="radio"
                                        name=format!("q{i}")
                                        value=j.to_string()
                                        prop:checked=move || picked.with(|p| p.get(i).copied().flatten() == Some(j))
                                        prop:disabled=move || submitted.get()
                                        on:change=move |_| picked.update(|p| {
                                            if let Some(slot) = p.get_mut(i) {
                                                *slot = Some(j);
                                            }
                                        })
                                    />
                                    " "{shown}
                                </label>
                            </li>
                        }
                    })
                    .collect_view();
                let feedback = move || {
                    submitted.get().then(|| {
                        if picked.with(|p| p.get(i).copied().flatten() == Some(answer)) {
                            view! { <p class="feedback right">{td_string!(locale, quiz_right)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="feedback wrong">{td_string!(locale, quiz_wrong)}" "<strong>{right_text.clone()}</strong></p>
                            }
                            .into_any()
                        }
                    })
                };
                view! {
                    <li class="question">
                        <fieldset>
                            <legend>{format!("{}. {text}", i + 1)}</legend>
                            <ol class="choices" type="A">{choices}</ol>
                            {feedback}
                        </fieldset>
                    </li>
                }
            })
            .collect_view();
        let score = move || {
            submitted.get().then(|| {
                let right = questions.with(|q| {
                    q.as_ref()
                        .map_or(0, |(_, _, qs)| picked.with(|p| quiz::score(qs, p)))
                });
                view! {
                    <p class="score" role="status" data-testid="quiz-score" data-right=right data-total=total>
                        {td_string!(locale, quiz_score, right = right, total = total)}
                    </p>
                }
            })
        };
        Some(
            view! {
                <p class="muted">{format!("{label} · #{seed}")}</p>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    submitted.set(true);
                }>
                    <ol class="questions">{items}</ol>
                    {score}
                    <p class="actions">
                        <button type="submit" data-testid="quiz-submit">{td_string!(locale, quiz_check)}</button>
                        " "
                        <button type="button" class="print" on:click=print>{td_string!(locale, quiz_print)}</button>
                    </p>
                </form>
            }
            .into_any(),
        )
    };
    view! {
        <section class="page quiz">
            <p class="no-print"><a href="/learn">{t!(i18n, learn_back)}</a></p>
            <h1>{t!(i18n, quiz_title)}</h1>
            {body}
        </section>
    }
}
