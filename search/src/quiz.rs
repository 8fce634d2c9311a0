//! Quizzes generated from the data for school mode: multiple-choice questions such as "Which
//! village is known for dó paper?", drawn from a quiz code so that a whole class gets the same
//! quiz, on a topic a teacher picks (a craft group or a tour), with an answer key to print on a
//! separate page.
//!
//! A code is any text the teacher writes on the board ([`QuizCode`]); its stable hash seeds the
//! draw, and every draw uses 32-bit arithmetic, so the same code gives the same quiz natively
//! (prerendering, tests) and in the browser's wasm32. A quiz never asks the same question twice,
//! and drops any question whose stem holds its answer (a village named like its district) and
//! any choice that gives the answer away (a name that is the stem's, the answer's with other
//! accents, or one that holds the answer or is held by it: `Gốm` beside `Gốm sứ`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::lang::{Bilingual, Lang};
use crate::model::{Craft, CraftGroup, Tour, Village};
use crate::text::{fold, nfc, words};

/// A quiz code: any text, as typed (`6A`, `lớp 6a – tuần 3`, or nothing). Codes that differ
/// only in case, accents' encoding or spacing give the same quiz.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct QuizCode(String);

impl QuizCode {
    /// The code as typed, without surrounding spaces.
    pub fn new(text: &str) -> QuizCode {
        QuizCode(text.trim().to_string())
    }

    /// The code as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The seed of the code's quiz: 64-bit FNV-1a of the code in NFC, lower case, with runs of
    /// spaces as one, then a SplitMix64 finaliser to spread similar codes apart. Fixed by
    /// definition, unlike `std`'s randomly keyed hasher.
    pub fn seed(&self) -> u64 {
        let normal = nfc(&self.0.to_lowercase());
        let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in normal.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash ^= hash >> 30;
        hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        hash ^= hash >> 27;
        hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
        hash ^ (hash >> 31)
    }
}

/// What a quiz is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    /// Every village.
    All,
    /// Villages whose main craft is in this group.
    Group(CraftGroup),
    /// Villages a tour stops at.
    Tour(String),
}

impl Topic {
    /// Parses `all`, `group:<group>` or `tour:<id>` (an empty text is `all`).
    pub fn parse(text: &str) -> Option<Topic> {
        match text.split_once(':') {
            None if text == "all" || text.is_empty() => Some(Topic::All),
            Some(("group", g)) => CraftGroup::parse(g).map(Topic::Group),
            Some(("tour", id)) if !id.is_empty() => Some(Topic::Tour(id.to_string())),
            _ => None,
        }
    }

    /// The form [`Topic::parse`] reads.
    pub fn as_param(&self) -> String {
        match self {
            Topic::All => "all".into(),
            Topic::Group(g) => format!("group:{}", g.as_str()),
            Topic::Tour(id) => format!("tour:{id}"),
        }
    }

    /// Whether a village belongs to the topic.
    fn covers(&self, village: &Village, crafts: &[Craft], tours: &[Tour]) -> bool {
        match self {
            Topic::All => true,
            Topic::Group(g) => main_craft(crafts, village).is_some_and(|c| c.group == *g),
            Topic::Tour(id) => tours
                .iter()
                .find(|t| &t.id == id)
                .is_some_and(|t| t.stops_at(&village.id)),
        }
    }
}

/// The kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ask {
    /// "Which village is famous for \<craft\>?"
    VillageOfCraft,
    /// "Which craft does \<village\> practise?"
    CraftOfVillage,
    /// "Which district was \<village\> in before 2025?"
    DistrictOfVillage,
    /// "Which craft works with \<materials\>?" (only for crafts whose materials are sourced)
    CraftOfMaterials,
}

impl Ask {
    /// The kinds in the order questions take turns.
    const TURNS: [Ask; 4] = [
        Ask::VillageOfCraft,
        Ask::CraftOfVillage,
        Ask::DistrictOfVillage,
        Ask::CraftOfMaterials,
    ];

    /// The kind of the `turn`-th question, about a village whose main craft is `craft`: each
    /// kind in turn, but never materials the sources do not give.
    fn for_turn(turn: usize, craft: &Craft) -> Ask {
        let ask = Ask::TURNS[turn % Ask::TURNS.len()];
        if ask == Ask::CraftOfMaterials && craft.materials.is_empty() {
            Ask::TURNS[turn % (Ask::TURNS.len() - 1)]
        } else {
            ask
        }
    }
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// What is asked.
    pub ask: Ask,
    /// The subject (a craft name, a village name, a list of materials). Villages go by their
    /// Vietnamese name in both languages: their English names often name the craft ("Bat Trang
    /// pottery village"), which would give answers away.
    pub subject: Bilingual,
    /// The choices, [`CHOICES`] of them.
    pub choices: Vec<Bilingual>,
    /// Index of the right choice.
    pub answer: usize,
}

/// Words a village name may start with that already say what it is (`Làng Vạn Phúc`): the
/// Vietnamese stem then does not add `làng` again.
const PLACE_WORDS: [&str; 5] = ["lang", "xa", "phuong", "pho", "thon"];

/// Of [`PLACE_WORDS`], the generic ones: in mid-sentence they are written in lower case, as the
/// `làng` the stem would have added ("Trước tháng 7/2025, làng Đông thuộc …"). `Xã`, `Phường`
/// and `Phố` name an administrative unit or a street and keep their capital.
const GENERIC_PLACE_WORDS: [&str; 2] = ["lang", "thon"];

impl Question {
    /// The question as a reader of `lang` reads it, the subject in its language.
    pub fn stem(&self, lang: Lang) -> String {
        let subject = self.subject.in_lang(lang);
        let first = words(subject).into_iter().next();
        let opens_with = |list: &[&str]| {
            first
                .as_ref()
                .is_some_and(|w| list.contains(&w.folded.as_str()))
        };
        // The village as it reads in mid-sentence.
        let village = if opens_with(&GENERIC_PLACE_WORDS[..]) {
            lower_cased_first(subject)
        } else if opens_with(&PLACE_WORDS[..]) {
            subject.to_string()
        } else {
            format!("làng {subject}")
        };
        match (self.ask, lang) {
            (Ask::VillageOfCraft, Lang::Vi) => format!("Làng nào nổi tiếng với nghề {subject}?"),
            (Ask::VillageOfCraft, Lang::En) => format!("Which village is known for {subject}?"),
            (Ask::CraftOfVillage, Lang::Vi) => format!("{} làm nghề gì?", capitalised(&village)),
            (Ask::CraftOfVillage, Lang::En) => format!("Which craft is practised in {subject}?"),
            (Ask::DistrictOfVillage, Lang::Vi) => {
                format!("Trước tháng 7/2025, {village} thuộc quận, huyện hay thị xã nào?")
            }
            (Ask::DistrictOfVillage, Lang::En) => {
                format!("Which district was {subject} in before July 2025?")
            }
            (Ask::CraftOfMaterials, Lang::Vi) => {
                format!("Nghề nào dùng những nguyên liệu này: {subject}?")
            }
            (Ask::CraftOfMaterials, Lang::En) => {
                format!("Which craft uses these materials: {subject}?")
            }
        }
    }

    /// The right choice.
    pub fn right(&self) -> &Bilingual {
        &self.choices[self.answer]
    }
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The text with its first letter in lower case.
fn lower_cased_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// The letter of the `i`-th choice: `A`, `B`, `C`, `D`.
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// One line of an answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyEntry {
    /// The question's number, from 1.
    pub number: usize,
    /// The right choice's letter.
    pub letter: char,
    /// The right choice.
    pub answer: Bilingual,
}

/// The answer key of a quiz, for a page printed apart from the questions.
pub fn answer_key(questions: &[Question]) -> Vec<KeyEntry> {
    questions
        .iter()
        .enumerate()
        .map(|(i, q)| KeyEntry {
            number: i + 1,
            letter: letter(q.answer),
            answer: q.right().clone(),
        })
        .collect()
}

/// Choices per question.
pub const CHOICES: usize = 4;

/// Questions per quiz in the app.
pub const QUESTIONS: usize = 10;

fn main_craft<'a>(crafts: &'a [Craft], village: &Village) -> Option<&'a Craft> {
    let main = village.main_craft()?;
    crafts.iter().find(|c| c.id == main)
}

fn craft_name(craft: &Craft) -> Bilingual {
    Bilingual::new(&craft.name, &craft.name_en)
}

/// A question before its choices are drawn: the subject, the right answer, and every wrong
/// answer it could offer.
#[derive(Clone)]
struct Draft {
    subject: Bilingual,
    right: Bilingual,
    wrong: Vec<Bilingual>,
}

/// What questions are drawn from.
struct Data<'a> {
    villages: &'a [Village],
    crafts: &'a [Craft],
    /// Every former district, once, sorted.
    districts: Vec<&'a str>,
    /// Village names (folded) that more than one village has.
    shared_names: HashSet<String>,
}

impl Data<'_> {
    /// A village as a quiz names it: by its Vietnamese name (see [`Question::subject`]), with
    /// its former district when another village has the same name (`Phùng Xá (Mỹ Đức)`), so
    /// no question is about two villages at once. (Asked for that district, such a village's
    /// name gives the answer away, and the question is dropped.)
    fn village_name(&self, village: &Village) -> Bilingual {
        Bilingual::vi_only(if self.shared_names.contains(&fold(&village.name)) {
            format!("{} ({})", village.name, village.historical.district)
        } else {
            village.name.clone()
        })
    }

    /// The question of kind `ask` about a village and its main craft.
    fn draft(&self, ask: Ask, village: &Village, craft: &Craft) -> Draft {
        match ask {
            Ask::VillageOfCraft => Draft {
                subject: Bilingual::new(craft.name.to_lowercase(), craft.name_en.to_lowercase()),
                right: self.village_name(village),
                wrong: self
                    .villages
                    .iter()
                    .filter(|v| !v.keeps(&craft.id))
                    .map(|v| self.village_name(v))
                    .collect(),
            },
            Ask::CraftOfVillage => Draft {
                subject: self.village_name(village),
                right: craft_name(craft),
                wrong: self
                    .crafts
                    .iter()
                    .filter(|c| !village.keeps(&c.id))
                    .map(craft_name)
                    .collect(),
            },
            Ask::CraftOfMaterials => Draft {
                subject: Bilingual {
                    vi: craft.materials.join(", "),
                    en: (!craft.materials_en.is_empty()).then(|| craft.materials_en.join(", ")),
                },
                right: craft_name(craft),
                wrong: self
                    .crafts
                    .iter()
                    .filter(|c| c.id != craft.id)
                    .map(craft_name)
                    .collect(),
            },
            Ask::DistrictOfVillage => Draft {
                subject: self.village_name(village),
                right: Bilingual::vi_only(&village.historical.district),
                wrong: self
                    .districts
                    .iter()
                    .filter(|d| **d != village.historical.district)
                    .map(|d| Bilingual::vi_only(*d))
                    .collect(),
            },
        }
    }
}

/// The folded words of a text (`Mê Linh` → `me`, `linh`).
fn folded_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// Whether `inner`'s words appear, in order and together, among `outer`'s.
fn contains_words(outer: &str, inner: &str) -> bool {
    let (outer, inner) = (folded_words(outer), folded_words(inner));
    !inner.is_empty() && outer.windows(inner.len()).any(|w| w == inner.as_slice())
}

/// Words too common to give an answer away.
const COMMON_WORDS: [&str; 10] = [
    "and", "of", "the", "va", "cac", "nghe", "lang", "craft", "village", "making",
];

/// Whether two texts share a word that is not a common one.
fn share_a_word(a: &str, b: &str) -> bool {
    let b = folded_words(b);
    folded_words(a)
        .iter()
        .any(|w| !COMMON_WORDS.contains(&w.as_str()) && b.contains(w))
}

/// Whether one of two texts, in either language, holds the other: a choice that is (or is
/// part of) the subject reads as the answer.
fn overlaps(a: &Bilingual, b: &Bilingual) -> bool {
    let pairs = [
        (a.vi.as_str(), b.vi.as_str()),
        (a.in_lang(Lang::En), b.in_lang(Lang::En)),
    ];
    pairs
        .iter()
        .any(|(x, y)| contains_words(x, y) || contains_words(y, x))
}

impl Draft {
    /// Whether the stem gives the right answer away: the subject holds it or it holds the
    /// subject (a village named like its district); for materials, also a shared word
    /// (`mây, tre` for rattan and bamboo weaving).
    fn gives_away(&self, ask: Ask) -> bool {
        overlaps(&self.subject, &self.right)
            || (ask == Ask::CraftOfMaterials
                && (share_a_word(&self.subject.vi, &self.right.vi)
                    || share_a_word(self.subject.in_lang(Lang::En), self.right.in_lang(Lang::En))))
    }

    /// The question with [`CHOICES`] choices drawn, the right one at a drawn place; `None`
    /// when the stem gives the answer away or there are not enough fair wrong answers: each
    /// differs from the right one and from the others once accents are dropped, and none
    /// overlaps the subject or the right answer (a choice inside another reads as a hint).
    fn into_question(self, ask: Ask, rng: &mut fastrand::Rng) -> Option<Question> {
        if self.gives_away(ask) {
            return None;
        }
        let Draft {
            subject,
            right,
            mut wrong,
        } = self;
        wrong.sort();
        wrong.dedup();
        shuffle(rng, &mut wrong);
        // Take the first fair ones in the drawn order: checking all would cost a hundred
        // times more for the same choices.
        let mut seen = vec![folded_words(&right.vi)];
        let mut choices: Vec<Bilingual> = Vec::with_capacity(CHOICES);
        for w in wrong {
            if choices.len() == CHOICES - 1 {
                break;
            }
            let key = folded_words(&w.vi);
            if !seen.contains(&key) && !overlaps(&w, &subject) && !overlaps(&w, &right) {
                seen.push(key);
                choices.push(w);
            }
        }
        if choices.len() < CHOICES - 1 {
            return None;
        }
        let answer = below(rng, CHOICES);
        choices.insert(answer, right);
        Some(Question {
            ask,
            subject,
            choices,
            answer,
        })
    }
}

/// A number below `n`, the same on every platform (fastrand's `usize` draws 64 bits on 64-bit
/// targets and 32 on wasm32).
fn below(rng: &mut fastrand::Rng, n: usize) -> usize {
    rng.u32(..u32::try_from(n).unwrap_or(u32::MAX)) as usize
}

/// Fisher–Yates with [`below`], for the same reason.
fn shuffle<T>(rng: &mut fastrand::Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, below(rng, i + 1));
    }
}

/// Draws `count` questions on `topic` from the data, the same ones for the same seed (see
/// [`QuizCode::seed`]); no two ask the same thing. Fewer when the topic has too little data.
pub fn generate(
    villages: &[Village],
    crafts: &[Craft],
    tours: &[Tour],
    topic: &Topic,
    seed: u64,
    count: usize,
) -> Vec<Question> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut pool: Vec<&Village> = villages
        .iter()
        .filter(|v| topic.covers(v, crafts, tours))
        .collect();
    pool.sort_by(|a, b| a.id.cmp(&b.id));
    shuffle(&mut rng, &mut pool);
    let mut districts: Vec<&str> = villages
        .iter()
        .map(|v| v.historical.district.as_str())
        .collect();
    districts.sort();
    districts.dedup();
    let mut seen = HashSet::new();
    let shared_names = villages
        .iter()
        .map(|v| fold(&v.name))
        .filter(|name| !seen.insert(name.clone()))
        .collect();
    let data = Data {
        villages,
        crafts,
        districts,
        shared_names,
    };
    let mut out: Vec<Question> = Vec::new();
    for (turn, village) in pool.iter().enumerate() {
        if out.len() == count {
            break;
        }
        let Some(craft) = main_craft(crafts, village) else {
            continue;
        };
        let ask = Ask::for_turn(turn, craft);
        let draft = data.draft(ask, village, craft);
        // Two villages of one craft would ask "which village is known for it?" twice.
        if out
            .iter()
            .any(|q| q.ask == ask && q.subject == draft.subject)
        {
            continue;
        }
        out.extend(draft.into_question(ask, &mut rng));
    }
    out
}

/// Number of right answers.
pub fn score(questions: &[Question], picked: &[Option<usize>]) -> usize {
    questions
        .iter()
        .zip(picked)
        .filter(|(q, p)| **p == Some(q.answer))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HistoricalAddress, Verification};

    fn village(id: &str, craft: &str, district: &str) -> Village {
        Village {
            id: id.into(),
            name: id.to_uppercase(),
            crafts: vec![craft.into()],
            summary: "x".into(),
            historical: HistoricalAddress {
                district: district.into(),
                ..HistoricalAddress::default()
            },
            verification: Verification::Sourced,
            ..Village::default()
        }
    }

    fn craft(id: &str, group: CraftGroup) -> Craft {
        Craft {
            id: id.into(),
            name: format!("Nghề {id}"),
            name_en: format!("Craft {id}"),
            group,
            description: "x".into(),
            description_en: None,
            materials: vec![],
            materials_en: vec![],
            process: vec![],
            process_en: vec![],
            verification: Verification::Sourced,
            sources: vec![],
        }
    }

    fn data() -> (Vec<Village>, Vec<Craft>) {
        let mut gom = craft("gom", CraftGroup::Ceramics);
        gom.materials = vec!["Đất sét".into(), "Men".into()];
        gom.materials_en = vec!["Clay".into(), "Glaze".into()];
        let crafts = vec![
            gom,
            craft("lua", CraftGroup::Textiles),
            craft("moc", CraftGroup::Woodwork),
            craft("non", CraftGroup::Weaving),
            craft("ren", CraftGroup::Metalwork),
        ];
        let villages = (0..12)
            .map(|i| village(&format!("v{i}"), &crafts[i % 5].id, &format!("D{}", i % 6)))
            .collect();
        (villages, crafts)
    }

    #[test]
    fn same_seed_same_quiz_other_seed_other_quiz() {
        let (v, c) = data();
        let a = generate(&v, &c, &[], &Topic::All, 7, 6);
        let b = generate(&v, &c, &[], &Topic::All, 7, 6);
        let other = generate(&v, &c, &[], &Topic::All, 8, 6);
        assert_eq!(a.len(), 6);
        assert_eq!(a, b);
        assert_ne!(a, other);
    }

    #[test]
    fn every_question_has_one_right_answer_among_distinct_choices() {
        let (v, c) = data();
        for q in generate(&v, &c, &[], &Topic::All, 3, 9) {
            assert_eq!(q.choices.len(), CHOICES);
            let mut names: Vec<_> = q.choices.iter().map(|x| &x.vi).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), CHOICES, "{q:?}");
            let right = &q.choices[q.answer].vi;
            match q.ask {
                Ask::CraftOfVillage => {
                    let village = v.iter().find(|x| x.name == q.subject.vi).unwrap();
                    let craft = c.iter().find(|x| &x.name == right).unwrap();
                    assert_eq!(village.crafts[0], craft.id);
                }
                Ask::DistrictOfVillage => {
                    let village = v.iter().find(|x| x.name == q.subject.vi).unwrap();
                    assert_eq!(&village.historical.district, right);
                }
                Ask::CraftOfMaterials => {
                    let craft = c.iter().find(|x| &x.name == right).unwrap();
                    assert_eq!(craft.materials.join(", "), q.subject.vi);
                    assert_eq!(Some(craft.materials_en.join(", ")), q.subject.en);
                }
                Ask::VillageOfCraft => {
                    let village = v.iter().find(|x| &x.name == right).unwrap();
                    let craft = c
                        .iter()
                        .find(|x| x.name.to_lowercase() == q.subject.vi)
                        .unwrap();
                    assert!(village.crafts.contains(&craft.id));
                }
            }
        }
    }

    #[test]
    fn topic_limits_the_villages_asked_about() {
        let (v, c) = data();
        let qs = generate(&v, &c, &[], &Topic::Group(CraftGroup::Ceramics), 1, 10);
        assert!(!qs.is_empty());
        for q in &qs {
            if q.ask == Ask::CraftOfMaterials {
                assert_eq!(q.choices[q.answer].vi, "Nghề gom");
            } else if q.ask != Ask::VillageOfCraft {
                let village = v.iter().find(|x| x.name == q.subject.vi).unwrap();
                assert_eq!(village.crafts[0], "gom");
            }
        }
        assert_eq!(
            Topic::parse("group:ceramics"),
            Some(Topic::Group(CraftGroup::Ceramics))
        );
        assert_eq!(Topic::parse("tour:x"), Some(Topic::Tour("x".into())));
        assert_eq!(Topic::parse("nonsense:1"), None);
    }

    #[test]
    fn materials_are_asked_only_about_crafts_that_have_them() {
        let (v, c) = data();
        let mut asked = 0;
        for seed in 0..20 {
            for q in generate(&v, &c, &[], &Topic::All, seed, 12) {
                if q.ask == Ask::CraftOfMaterials {
                    asked += 1;
                    assert_eq!(q.choices[q.answer].vi, "Nghề gom", "{q:?}");
                }
            }
        }
        assert!(asked > 0, "some quiz asks about materials");
    }

    #[test]
    fn codes_hash_to_their_own_fixed_seeds() {
        let seed = |text: &str| QuizCode::new(text).seed();
        // Pinned: a code must give the same quiz next year and on every platform.
        assert_eq!(seed("abc"), 996_580_060_897_260_808);
        assert_eq!(seed(""), 17_665_956_581_633_026_203);
        assert_eq!(seed("Lớp 6A"), 5_491_879_595_027_700_690);
        assert_ne!(seed("abc"), seed("xyz"));
        // Case, surrounding or doubled spaces and the accents' encoding do not matter.
        assert_eq!(seed("  ABC "), seed("abc"));
        assert_eq!(seed("lớp  6a"), seed("Lớp 6A"));
        assert_eq!(seed("Lơ\u{301}p 6A"), seed("Lớp 6A"));
        assert_eq!(QuizCode::new("  6A ").as_str(), "6A");
    }

    #[test]
    fn abc_xyz_and_no_code_give_three_different_quizzes() {
        let (v, c) = data();
        let quiz = |code: &str| generate(&v, &c, &[], &Topic::All, QuizCode::new(code).seed(), 6);
        let (abc, xyz, none) = (quiz("abc"), quiz("xyz"), quiz(""));
        assert_ne!(abc, xyz);
        assert_ne!(abc, none);
        assert_ne!(xyz, none);
        assert_eq!(abc, quiz("abc"));
    }

    #[test]
    fn a_quiz_is_the_same_on_every_platform() {
        // The draws use 32-bit numbers only, so wasm32 (tests/web.rs pins the same) and 64-bit
        // targets agree.
        let (v, c) = data();
        let quiz = generate(&v, &c, &[], &Topic::All, QuizCode::new("abc").seed(), 6);
        let fingerprint: Vec<(&str, usize)> = quiz
            .iter()
            .map(|q| (q.subject.vi.as_str(), q.answer))
            .collect();
        assert_eq!(fingerprint, PINNED_ABC);
    }

    /// The quiz of code `abc` on [`data`]: each question's subject and the right choice's place.
    const PINNED_ABC: [(&str, usize); 6] = [
        ("nghề non", 0),
        ("V8", 2),
        ("V11", 1),
        ("nghề ren", 2),
        ("nghề gom", 1),
        ("V5", 1),
    ];

    #[test]
    fn no_question_is_asked_twice() {
        // Twelve villages of five crafts: "which village is known for X?" could come up twice.
        let (v, c) = data();
        for seed in 0..200 {
            let quiz = generate(&v, &c, &[], &Topic::All, seed, 12);
            for (i, a) in quiz.iter().enumerate() {
                for b in &quiz[i + 1..] {
                    assert!(
                        a.ask != b.ask || a.subject != b.subject,
                        "seed {seed}: {a:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_village_named_like_its_district_is_not_asked_its_district() {
        let (mut v, c) = data();
        v[0].name = "Mê Linh".into();
        v[0].historical.district = "Mê Linh".into();
        let data = Data {
            villages: &v,
            crafts: &c,
            districts: vec!["D1", "D2", "D3", "Mê Linh"],
            shared_names: HashSet::new(),
        };
        let draft = data.draft(Ask::DistrictOfVillage, &v[0], &c[0]);
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(draft.into_question(Ask::DistrictOfVillage, &mut rng), None);
        // Another village is asked, and "Mê Linh" can be a wrong choice only where it does not
        // echo the subject.
        let other = data.draft(Ask::DistrictOfVillage, &v[1], &c[1]);
        assert!(other
            .into_question(Ask::DistrictOfVillage, &mut rng)
            .is_some());
    }

    #[test]
    fn a_generic_lang_or_thon_opening_a_name_is_lower_case_in_mid_sentence() {
        let ask = |ask: Ask, name: &str| Question {
            ask,
            subject: Bilingual::vi_only(name),
            choices: Vec::new(),
            answer: 0,
        };
        assert_eq!(
            ask(Ask::DistrictOfVillage, "Làng Đông").stem(Lang::Vi),
            "Trước tháng 7/2025, làng Đông thuộc quận, huyện hay thị xã nào?"
        );
        assert_eq!(
            ask(Ask::DistrictOfVillage, "Thôn Vạn Phúc").stem(Lang::Vi),
            "Trước tháng 7/2025, thôn Vạn Phúc thuộc quận, huyện hay thị xã nào?"
        );
        // At the start of the sentence it keeps its capital.
        assert_eq!(
            ask(Ask::CraftOfVillage, "Làng Đông").stem(Lang::Vi),
            "Làng Đông làm nghề gì?"
        );
        // Other names are as before: `làng` added, or a unit's name kept as written.
        assert_eq!(
            ask(Ask::DistrictOfVillage, "Bát Tràng").stem(Lang::Vi),
            "Trước tháng 7/2025, làng Bát Tràng thuộc quận, huyện hay thị xã nào?"
        );
        assert_eq!(
            ask(Ask::DistrictOfVillage, "Phố Hàng Mã").stem(Lang::Vi),
            "Trước tháng 7/2025, Phố Hàng Mã thuộc quận, huyện hay thị xã nào?"
        );
    }

    #[test]
    fn a_choice_that_echoes_the_subject_or_the_answer_is_dropped() {
        let subject = Bilingual::vi_only("Canh Hoạch");
        let draft = Draft {
            subject: subject.clone(),
            right: Bilingual::vi_only("Thanh Oai"),
            wrong: [
                "Canh Hoạch",
                "Thanh Oai",
                "thanh oài",
                "Hà Đông",
                "Gia Lâm",
                "Sơn Tây",
            ]
            .iter()
            .map(|d| Bilingual::vi_only(*d))
            .collect(),
        };
        let mut rng = fastrand::Rng::with_seed(3);
        let q = draft
            .into_question(Ask::DistrictOfVillage, &mut rng)
            .unwrap();
        let mut shown: Vec<&str> = q.choices.iter().map(|c| c.vi.as_str()).collect();
        shown.sort();
        assert_eq!(shown, ["Gia Lâm", "Hà Đông", "Sơn Tây", "Thanh Oai"]);
    }

    #[test]
    fn a_choice_that_holds_the_answer_or_is_held_by_it_is_dropped() {
        let draft = Draft {
            subject: Bilingual::vi_only("Bát Tràng"),
            right: Bilingual::new("Gốm sứ", "Ceramics"),
            wrong: ["Gốm", "Gốm sứ men lam", "Dệt lụa", "Mây tre đan", "Sơn mài"]
                .iter()
                .map(|c| Bilingual::vi_only(*c))
                .collect(),
        };
        for seed in 0..20 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let q = draft
                .clone()
                .into_question(Ask::CraftOfVillage, &mut rng)
                .unwrap();
            let mut shown: Vec<&str> = q.choices.iter().map(|c| c.vi.as_str()).collect();
            shown.sort();
            assert_eq!(
                shown,
                ["Dệt lụa", "Gốm sứ", "Mây tre đan", "Sơn mài"],
                "seed {seed}"
            );
        }
    }

    #[test]
    fn materials_that_name_the_craft_give_it_away() {
        let draft = |materials: &str| Draft {
            subject: Bilingual::new(materials, "Rattan, bamboo"),
            right: Bilingual::new("Mây tre đan", "Rattan and bamboo weaving"),
            wrong: vec![],
        };
        assert!(draft("Mây, tre").gives_away(Ask::CraftOfMaterials));
        let other = Draft {
            subject: Bilingual::new("Đất sét, men", "Clay, glaze"),
            ..draft("")
        };
        assert!(!other.gives_away(Ask::CraftOfMaterials));
    }

    #[test]
    fn stems_name_villages_once() {
        let q = |ask: Ask, subject: &str| Question {
            ask,
            subject: Bilingual::vi_only(subject),
            choices: vec![Bilingual::vi_only("x"); CHOICES],
            answer: 0,
        };
        for (ask, subject, lang, stem) in [
            (
                Ask::CraftOfVillage,
                "Phú Vinh",
                Lang::En,
                "Which craft is practised in Phú Vinh?",
            ),
            (
                Ask::CraftOfVillage,
                "Phú Vinh",
                Lang::Vi,
                "Làng Phú Vinh làm nghề gì?",
            ),
            (
                Ask::CraftOfVillage,
                "Làng Vạn Phúc",
                Lang::Vi,
                "Làng Vạn Phúc làm nghề gì?",
            ),
            (
                Ask::DistrictOfVillage,
                "Bát Tràng",
                Lang::Vi,
                "Trước tháng 7/2025, làng Bát Tràng thuộc quận, huyện hay thị xã nào?",
            ),
        ] {
            assert_eq!(q(ask, subject).stem(lang), stem, "{ask:?} {subject}");
        }
        let materials = Question {
            subject: Bilingual::new("Đất sét, men", "Clay, glaze"),
            ..q(Ask::CraftOfMaterials, "")
        };
        assert_eq!(
            materials.stem(Lang::En),
            "Which craft uses these materials: Clay, glaze?"
        );
    }

    #[test]
    fn the_answer_key_lists_each_right_letter() {
        let (v, c) = data();
        let quiz = generate(&v, &c, &[], &Topic::All, 9, 5);
        let key = answer_key(&quiz);
        assert_eq!(key.len(), quiz.len());
        for (entry, q) in key.iter().zip(&quiz) {
            assert_eq!(entry.letter, letter(q.answer));
            assert_eq!(&entry.answer, q.right());
        }
        assert_eq!(key[0].number, 1);
        assert_eq!((letter(0), letter(3)), ('A', 'D'));
        let json = serde_json::to_value(&key[0]).unwrap();
        assert!(json["letter"].is_string());
    }

    #[test]
    fn score_counts_right_answers() {
        let (v, c) = data();
        let qs = generate(&v, &c, &[], &Topic::All, 5, 4);
        let right: Vec<Option<usize>> = qs.iter().map(|q| Some(q.answer)).collect();
        assert_eq!(score(&qs, &right), 4);
        let none = vec![None; 4];
        assert_eq!(score(&qs, &none), 0);
    }
}
