//! Quizzes drawn from the real seeds for many codes: every question fair (one right answer,
//! no giveaway, no repeat), the same code the same quiz, different codes different quizzes
//! (issue 15: `seed=abc`, `xyz` and no code all gave quiz "#2025").

use handbook_search::lang::Lang;
use handbook_search::quiz::{answer_key, generate, Ask, Question, QuizCode, Topic, QUESTIONS};
use handbook_search::text::words;
use handbook_search::CraftGroup;
use proptest::prelude::*;

use crate::seeds::{self, Seeds};

fn topics(seeds: &Seeds) -> Vec<Topic> {
    let mut topics = vec![Topic::All];
    topics.extend(CraftGroup::ALL.map(Topic::Group));
    topics.extend(seeds.tours.iter().map(|t| Topic::Tour(t.id.clone())));
    topics
}

fn quiz(seeds: &Seeds, topic: &Topic, code: &str) -> Vec<Question> {
    generate(
        &seeds.villages,
        &seeds.crafts,
        &seeds.tours,
        topic,
        QuizCode::new(code).seed(),
        QUESTIONS,
    )
}

fn folded(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// Whether `inner`'s words appear together in `outer`'s.
fn holds(outer: &str, inner: &str) -> bool {
    let (outer, inner) = (folded(outer), folded(inner));
    !inner.is_empty() && outer.windows(inner.len()).any(|w| w == inner.as_slice())
}

/// Every rule a printed quiz must keep, with the question in the message when one breaks.
fn check(seeds: &Seeds, questions: &[Question]) {
    for (i, q) in questions.iter().enumerate() {
        for earlier in &questions[..i] {
            assert!(
                earlier.ask != q.ask || earlier.subject != q.subject,
                "asked twice: {q:?}"
            );
        }
        assert_eq!(q.choices.len(), 4, "{q:?}");
        let mut keys: Vec<Vec<String>> = q.choices.iter().map(|c| folded(&c.vi)).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(
            keys.len(),
            4,
            "choices alike once accents are dropped: {q:?}"
        );
        for lang in Lang::ALL {
            let stem = q.stem(lang);
            // "Phu Vinh rattan and bamboo village village" (issue 15). Vietnamese doubles some
            // words on purpose (chuồn chuồn, a dragonfly), but never the place word.
            let stem_words: Vec<String> = stem
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let doubled = stem_words.windows(2).find(|w| {
                w[0] == w[1] && (lang == Lang::En || ["làng", "village"].contains(&w[0].as_str()))
            });
            assert!(doubled.is_none(), "a doubled word in {stem:?}");
            let right = q.right().in_lang(lang);
            assert!(
                !holds(q.subject.in_lang(lang), right) && !holds(right, q.subject.in_lang(lang)),
                "the stem gives the answer away: {stem:?} → {right:?}"
            );
            for (j, choice) in q.choices.iter().enumerate() {
                let c = choice.in_lang(lang);
                assert!(
                    !holds(c, q.subject.in_lang(lang)),
                    "a choice echoes the stem: {stem:?} / {c:?}"
                );
                assert!(
                    j == q.answer || (!holds(c, right) && !holds(right, c)),
                    "a choice holds the answer or is held by it: {stem:?} / {c:?} → {right:?}"
                );
            }
        }
        let right = &q.right().vi;
        // A village by the name a quiz gives it: its own, or with its district when shared.
        let village = |label: &str| {
            let named: Vec<_> = seeds
                .villages
                .iter()
                .filter(|v| {
                    v.name == label || format!("{} ({})", v.name, v.historical.district) == label
                })
                .collect();
            assert_eq!(named.len(), 1, "{label:?} names {} villages", named.len());
            Some(named[0])
        };
        match q.ask {
            Ask::VillageOfCraft => {
                let craft = seeds
                    .crafts
                    .iter()
                    .find(|c| c.name.to_lowercase() == q.subject.vi)
                    .unwrap();
                assert!(village(right).unwrap().keeps(&craft.id), "{q:?}");
                for (j, choice) in q.choices.iter().enumerate() {
                    if j != q.answer {
                        assert!(
                            !village(&choice.vi).unwrap().keeps(&craft.id),
                            "a wrong choice keeps the craft: {q:?}"
                        );
                    }
                }
            }
            Ask::CraftOfVillage => {
                let v = village(&q.subject.vi).unwrap();
                let craft = seeds.crafts.iter().find(|c| &c.name == right).unwrap();
                assert_eq!(v.main_craft(), Some(craft.id.as_str()), "{q:?}");
            }
            Ask::DistrictOfVillage => {
                let v = village(&q.subject.vi).unwrap();
                assert_eq!(&v.historical.district, right, "{q:?}");
            }
            Ask::CraftOfMaterials => {
                let craft = seeds.crafts.iter().find(|c| &c.name == right).unwrap();
                assert_eq!(craft.materials.join(", "), q.subject.vi);
            }
        }
    }
    let key = answer_key(questions);
    assert_eq!(key.len(), questions.len());
}

#[test]
fn abc_xyz_and_no_code_give_different_quizzes_on_the_seeds() {
    let seeds = seeds::load();
    let [abc, xyz, none] = ["abc", "xyz", ""].map(|code| quiz(seeds, &Topic::All, code));
    assert_eq!(abc.len(), QUESTIONS);
    assert_ne!(abc, xyz);
    assert_ne!(abc, none);
    assert_ne!(xyz, none);
    assert_eq!(abc, quiz(seeds, &Topic::All, "abc"));
    assert_eq!(abc, quiz(seeds, &Topic::All, " ABC"));
}

#[test]
fn many_codes_give_many_quizzes() {
    let seeds = seeds::load();
    let mut quizzes: Vec<Vec<Question>> = (0..200)
        .map(|i| quiz(seeds, &Topic::All, &format!("lớp {i}")))
        .collect();
    let before = quizzes.len();
    quizzes.sort_by_key(|q| format!("{q:?}"));
    quizzes.dedup();
    assert_eq!(quizzes.len(), before, "two codes gave the same quiz");
}

#[test]
fn every_topic_gives_fair_quizzes() {
    let seeds = seeds::load();
    for topic in topics(seeds) {
        for code in ["", "abc", "6A", "Lớp 6A – tuần 3", "2025"] {
            check(seeds, &quiz(seeds, &topic, code));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_code_gives_a_fair_quiz_and_the_same_one_again(code in ".{0,24}") {
        let seeds = seeds::load();
        let first = quiz(seeds, &Topic::All, &code);
        prop_assert_eq!(first.len(), QUESTIONS);
        check(seeds, &first);
        prop_assert_eq!(&first, &quiz(seeds, &Topic::All, &code));
    }
}
