//! `/learn/quiz?topic=&seed=`: a quiz drawn from the data, the same for everyone with the same
//! topic and code, checked on the page and printable as a worksheet: ten questions on one A4
//! sheet under name, class and date lines, and, when the teacher asks for it, the answer key
//! on a page of its own (the stylesheet's print rules).

use handbook_search::ask::Question as Ask;
use handbook_search::page_data::QuizPage as QuizData;
use handbook_search::quiz::{self, KeyEntry, Question, QuizCode, Topic};
use handbook_search::route::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::use_page_data;
use crate::components::bits::show;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::{browser, labels, lang, use_route_param};

/// What the class has answered: the choice picked for each question, whether the answers have
/// been checked, and whether the teacher asked for the answer key.
#[derive(Clone, Copy)]
struct Answers {
    picked: RwSignal<Vec<Option<usize>>>,
    checked: RwSignal<bool>,
    key_shown: RwSignal<bool>,
}

impl Answers {
    /// Whether question `i` has choice `j` picked (tracked).
    fn is_picked(self, i: usize, j: usize) -> bool {
        self.picked.with(|p| p.get(i).copied().flatten() == Some(j))
    }
}

/// `/learn/quiz?topic=&seed=`.
#[component]
pub fn QuizPage() -> impl IntoView {
    let i18n = use_i18n();
    let asked = use_route_param(|route| match route {
        Route::Quiz { topic, code } => Some((topic.clone(), code.clone())),
        _ => None,
    });
    let data = use_page_data::<QuizData>(move || {
        let (topic, code) = asked.get().unwrap_or((Topic::All, QuizCode::default()));
        Some(Ask::Quiz { topic, code })
    });
    let answers = Answers {
        picked: RwSignal::new(Vec::new()),
        checked: RwSignal::new(false),
        key_shown: RwSignal::new(false),
    };
    // A new quiz starts blank, its key hidden.
    Effect::new(move |_| {
        let n = data.with(|d| {
            d.as_ref()
                .and_then(|d| d.as_ref().ok())
                .map_or(0, |q| q.questions.len())
        });
        answers.picked.set(vec![None; n]);
        answers.checked.set(false);
        answers.key_shown.set(false);
    });
    view! {
        <section class="page quiz">
            <p class="no-print"><a href=lang::href(Route::Learn)>{t!(i18n, learn_back)}</a></p>
            <Title text=move || t_string!(i18n, quiz_title).to_string() />
            <h1>{t!(i18n, quiz_title)}</h1>
            {move || {
                let locale = i18n.get_locale();
                show(data.get(), |quiz| view! { <QuizSheet quiz=quiz answers=answers locale=locale /> }.into_any())
            }}
        </section>
    }
}

/// The quiz's heading, the worksheet's name, class and date lines (printed only), questions,
/// score once checked, the check, print and answer-key buttons, and the key once asked for.
#[component]
fn QuizSheet(
    /// The quiz.
    quiz: QuizData,
    /// What has been answered.
    answers: Answers,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    if quiz.questions.is_empty() {
        return view! { <p class="muted">{td_string!(locale, quiz_empty)}</p> }.into_any();
    }
    let label = quiz
        .choice
        .as_ref()
        .map_or_else(|| quiz.topic.as_param(), |c| labels::topic(locale, c));
    let total = quiz.questions.len();
    let questions = StoredValue::new(quiz.questions.clone());
    let key = quiz.answer_key.clone();
    let heading = format!("{label} · {}", quiz.code.as_str());
    let key_heading = heading.clone();
    let items = quiz
        .questions
        .into_iter()
        .enumerate()
        .map(|(i, question)| view! { <QuestionItem index=i question=question answers=answers locale=locale /> })
        .collect_view();
    let score = move || {
        answers.checked.get().then(|| {
            let right = questions.with_value(|qs| answers.picked.with(|p| quiz::score(qs, p)));
            view! {
                <p class="score" role="status" data-testid="quiz-score" data-right=right data-total=total>
                    {td_string!(locale, quiz_score, right = right, total = total)}
                </p>
            }
        })
    };
    let answer_key = move || {
        answers.key_shown.get().then(|| {
            view! { <AnswerKey key=key.clone() heading=key_heading.clone() locale=locale /> }
        })
    };
    view! {
        <p class="muted quiz-topic">{heading}</p>
        <div class="worksheet-lines print-only" data-testid="worksheet-lines">
            <span>{td_string!(locale, quiz_name)}<span class="fill"></span></span>
            <span>{td_string!(locale, quiz_class)}<span class="fill"></span></span>
            <span>{td_string!(locale, quiz_date)}<span class="fill"></span></span>
        </div>
        <form on:submit=move |ev| {
            ev.prevent_default();
            answers.checked.set(true);
        }>
            <ol class="questions">{items}</ol>
            {score}
            <p class="actions">
                <button type="submit" data-testid="quiz-submit">{td_string!(locale, quiz_check)}</button>
                " "
                <button type="button" class="print" on:click=|_| browser::print()>{td_string!(locale, quiz_print)}</button>
                " "
                <button
                    type="button"
                    data-testid="quiz-key-toggle"
                    aria-expanded=move || answers.key_shown.get().to_string()
                    on:click=move |_| answers.key_shown.update(|shown| *shown = !*shown)
                >
                    {move || if answers.key_shown.get() { td_string!(locale, quiz_key_hide) } else { td_string!(locale, quiz_key_show) }}
                </button>
            </p>
        </form>
        {answer_key}
    }
    .into_any()
}

/// The answer key, for the teacher: in the page only once asked for, and printed on a page of
/// its own after the questions.
#[component]
fn AnswerKey(
    /// The right answers, question by question.
    key: Vec<KeyEntry>,
    /// The quiz's topic and code, to match the key to its worksheets.
    heading: String,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let entries = key
        .into_iter()
        .map(|entry| {
            view! {
                <li>
                    <strong>{format!("{}. {}", entry.number, entry.letter)}</strong>
                    " — "{entry.answer.in_lang(lang).to_string()}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="answer-key" aria-labelledby="answer-key-heading" data-testid="answer-key">
            <h2 id="answer-key-heading">{td_string!(locale, quiz_key_title)}</h2>
            <p class="muted">{heading}</p>
            <ol class="key-entries">{entries}</ol>
        </section>
    }
}

/// One question: its choices as radio buttons and, once checked, whether the pick was right
/// (the right answer is in the page only then).
#[component]
fn QuestionItem(
    /// Its place in the quiz, from 0.
    index: usize,
    /// The question.
    question: Question,
    /// What has been answered.
    answers: Answers,
    /// The interface language.
    locale: Locale,
) -> impl IntoView {
    let lang = lang::of(locale);
    let i = index;
    let answer = question.answer;
    let right_text = question.choices[answer].in_lang(lang).to_string();
    let choices = question
        .choices
        .iter()
        .enumerate()
        .map(|(j, choice)| {
            let shown = choice.in_lang(lang).to_string();
            view! {
                <li>
                    <label>
                        <input
                            type="radio"
                            name=format!("q{i}")
                            value=j.to_string()
                            prop:checked=move || answers.is_picked(i, j)
                            prop:disabled=move || answers.checked.get()
                            on:change=move |_| answers.picked.update(|p| {
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
        answers.checked.get().then(|| {
            if answers.is_picked(i, answer) {
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
                <legend>{format!("{}. {}", i + 1, question.stem(lang))}</legend>
                <ol class="choices" type="A">{choices}</ol>
                {feedback}
            </fieldset>
        </li>
    }
}
