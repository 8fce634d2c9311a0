//! Synthetic datasets for the benchmark's larger scales: records made from the seeds' own
//! vocabulary (their names, summaries and places), so that lengths and syllables look like the
//! real handbook. Deterministic: the same seed and count give the same records.

use std::collections::BTreeSet;

use handbook_search::{Dataset, Entry, HistoricalAddress, Product, Verification, Village};

/// Words of the real seeds, and their places, to draw from.
struct Vocabulary {
    words: Vec<String>,
    names: Vec<String>,
    districts: Vec<String>,
    communes: Vec<String>,
}

impl Vocabulary {
    fn of(data: &Dataset) -> Vocabulary {
        let entries = (data.villages.iter().map(|v| v as &dyn Entry))
            .chain(data.products.iter().map(|p| p as &dyn Entry));
        let mut words = Vec::new();
        let mut names = Vec::new();
        for entry in entries {
            words.extend(entry.summary().split_whitespace().map(str::to_string));
            names.extend(entry.name().split_whitespace().map(str::to_string));
        }
        let places = |place: fn(&Village) -> Option<&String>| -> Vec<String> {
            let distinct: BTreeSet<&String> = data.villages.iter().filter_map(place).collect();
            distinct.into_iter().cloned().collect()
        };
        Vocabulary {
            words,
            names,
            districts: places(|v| Some(&v.historical.district)),
            communes: places(|v| v.historical.commune.as_ref()),
        }
    }

    fn pick<'a>(rng: &mut fastrand::Rng, from: &'a [String]) -> &'a str {
        &from[rng.usize(..from.len())]
    }

    fn phrase(&self, rng: &mut fastrand::Rng, from: &[String], min: usize, max: usize) -> String {
        let n = rng.usize(min..=max);
        (0..n)
            .map(|_| Self::pick(rng, from))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The real dataset grown to `records` records with synthetic villages (one in ten) and
/// products (the rest).
pub fn grow(data: &Dataset, records: usize, seed: u64) -> Dataset {
    let vocabulary = Vocabulary::of(data);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = data.clone();
    let existing = data.counts().total() as usize;
    let crafts: Vec<String> = data.crafts.iter().map(|c| c.id.clone()).collect();
    let mut n = 0usize;
    while existing + n < records {
        n += 1;
        if n % 10 == 1 || out.villages.len() <= data.villages.len() {
            let name = vocabulary.phrase(&mut rng, &vocabulary.names, 2, 3);
            out.villages.push(Village {
                id: format!("synth-village-{n}"),
                name,
                name_en: None,
                aliases: Vec::new(),
                crafts: vec![crafts[rng.usize(..crafts.len())].clone()],
                summary: vocabulary.phrase(&mut rng, &vocabulary.words, 12, 30),
                summary_en: None,
                recognition: Vec::new(),
                status: Default::default(),
                historical: HistoricalAddress {
                    district: Vocabulary::pick(&mut rng, &vocabulary.districts).to_string(),
                    commune: Some(Vocabulary::pick(&mut rng, &vocabulary.communes).to_string()),
                    code: None,
                },
                current: None,
                coordinates: None,
                history: None,
                artisans: Vec::new(),
                services: Default::default(),
                environment: None,
                visit: None,
                festivals: Vec::new(),
                shops: Vec::new(),
                verification: Verification::Unverified,
                sources: Vec::new(),
            });
        } else {
            let village = &out.villages[rng.usize(..out.villages.len())];
            let (village_id, craft) = (village.id.clone(), village.crafts[0].clone());
            out.products.push(Product {
                id: format!("synth-product-{n}"),
                name: vocabulary.phrase(&mut rng, &vocabulary.names, 2, 5),
                name_en: None,
                village: village_id,
                craft,
                producer: None,
                summary: vocabulary.phrase(&mut rng, &vocabulary.words, 8, 24),
                summary_en: None,
                ocop: None,
                ip: None,
                digitised: false,
                verification: Verification::Unverified,
                sources: Vec::new(),
            });
        }
    }
    out
}
