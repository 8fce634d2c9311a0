//! Quizzes generated from the data for school mode: multiple-choice questions such as "Which
//! village is famous for dó paper?", drawn deterministically from a seed so that a whole class
//! gets the same quiz, on a topic a teacher picks (a craft group or a tour).

use serde::{Deserialize, Serialize};

use crate::lang::Bilingual;
use crate::model::{Craft, CraftGroup, Tour, Village};

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
    /// The subject (a craft name, a village name, a list of materials).
    pub subject: Bilingual,
    /// The choices, [`CHOICES`] of them.
    pub choices: Vec<Bilingual>,
    /// Index of the right choice.
    pub answer: usize,
}

/// Choices per question.
pub const CHOICES: usize = 4;

/// Questions per quiz in the app.
pub const QUESTIONS: usize = 10;

/// The quiz code used when an address gives none.
pub const DEFAULT_SEED: u64 = 2025;

fn main_craft<'a>(crafts: &'a [Craft], village: &Village) -> Option<&'a Craft> {
    let main = village.main_craft()?;
    crafts.iter().find(|c| c.id == main)
}

fn village_name(village: &Village) -> Bilingual {
    Bilingual {
        vi: village.name.clone(),
        en: village.name_en.clone(),
    }
}

fn craft_name(craft: &Craft) -> Bilingual {
    Bilingual::new(&craft.name, &craft.name_en)
}

/// A question before its choices are drawn: the subject, the right answer, and every wrong
/// answer it could offer.
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
}

impl Data<'_> {
    /// The question of kind `ask` about a village and its main craft.
    fn draft(&self, ask: Ask, village: &Village, craft: &Craft) -> Draft {
        match ask {
            Ask::VillageOfCraft => Draft {
                subject: Bilingual::new(craft.name.to_lowercase(), craft.name_en.to_lowercase()),
                right: village_name(village),
                wrong: self
                    .villages
                    .iter()
                    .filter(|v| !v.keeps(&craft.id) && v.name != village.name)
                    .map(village_name)
                    .collect(),
            },
            Ask::CraftOfVillage => Draft {
                subject: village_name(village),
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
                subject: village_name(village),
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

impl Draft {
    /// The question with [`CHOICES`] choices drawn, the right one at a drawn place; `None`
    /// when there are not enough distinct wrong answers.
    fn into_question(self, ask: Ask, rng: &mut fastrand::Rng) -> Option<Question> {
        let Draft {
            subject,
            right,
            mut wrong,
        } = self;
        wrong.sort();
        wrong.dedup();
        if wrong.len() < CHOICES - 1 {
            return None;
        }
        rng.shuffle(&mut wrong);
        let mut choices: Vec<Bilingual> = wrong.into_iter().take(CHOICES - 1).collect();
        let answer = rng.usize(..CHOICES);
        choices.insert(answer, right);
        Some(Question {
            ask,
            subject,
            choices,
            answer,
        })
    }
}

/// Draws `count` questions on `topic` from the data, the same ones for the same seed.
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
    rng.shuffle(&mut pool);
    let mut districts: Vec<&str> = villages
        .iter()
        .map(|v| v.historical.district.as_str())
        .collect();
    districts.sort();
    districts.dedup();
    let data = Data {
        villages,
        crafts,
        districts,
    };
    let mut out = Vec::new();
    for (turn, village) in pool.iter().enumerate() {
        if out.len() == count {
            break;
        }
        let Some(craft) = main_craft(crafts, village) else {
            continue;
        };
        let ask = Ask::for_turn(turn, craft);
        out.extend(data.draft(ask, village, craft).into_question(ask, &mut rng));
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
            name_en: None,
            aliases: vec![],
            crafts: vec![craft.into()],
            summary: "x".into(),
            summary_en: None,
            recognition: vec![],
            status: Default::default(),
            historical: HistoricalAddress {
                district: district.into(),
                commune: None,
                code: None,
            },
            current: None,
            coordinates: None,
            history: None,
            artisans: vec![],
            services: Default::default(),
            environment: None,
            visit: None,
            festivals: vec![],
            shops: vec![],
            verification: Verification::Sourced,
            sources: vec![],
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
    fn score_counts_right_answers() {
        let (v, c) = data();
        let qs = generate(&v, &c, &[], &Topic::All, 5, 4);
        let right: Vec<Option<usize>> = qs.iter().map(|q| Some(q.answer)).collect();
        assert_eq!(score(&qs, &right), 4);
        let none = vec![None; 4];
        assert_eq!(score(&qs, &none), 0);
    }
}
