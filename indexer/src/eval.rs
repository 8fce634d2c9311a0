//! `indexer eval`: search quality on a gold set (`tests/search-quality/queries.tsv`), as
//! Recall@1, Recall@3 and MRR per category and overall.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{bail, Context};
use handbook_search::text::nfd;
use handbook_search::{Engine, Kind, SearchRequest};
use serde::Serialize;

/// Results looked at per query for MRR.
pub const DEPTH: usize = 10;

/// One query of the gold set.
#[derive(Debug, Clone)]
pub struct GoldQuery {
    /// Category (accentless, telex, english …).
    pub category: String,
    /// The text as typed.
    pub text: String,
    /// Results that count as right.
    pub acceptable: Vec<(Kind, String)>,
}

/// Reads a gold set; fails on the first malformed line with its number.
pub fn read(path: &Path) -> anyhow::Result<Vec<GoldQuery>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [category, query, ids] = cols.as_slice() else {
            bail!(
                "{}:{}: expected 3 tab-separated columns",
                path.display(),
                i + 1
            );
        };
        let mut acceptable = Vec::new();
        for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((kind, id)) = id.split_once('/') else {
                bail!("{}:{}: `{id}` is not kind/id", path.display(), i + 1);
            };
            let Some(kind) = Kind::parse(kind) else {
                bail!("{}:{}: unknown kind `{kind}`", path.display(), i + 1);
            };
            acceptable.push((kind, id.to_string()));
        }
        if acceptable.is_empty() {
            bail!("{}:{}: no acceptable result", path.display(), i + 1);
        }
        out.push(GoldQuery {
            category: category.to_string(),
            text: query.to_string(),
            acceptable,
        });
    }
    Ok(out)
}

/// Scores over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Queries.
    pub queries: usize,
    /// Share with an acceptable first result.
    pub recall_at_1: f64,
    /// Share with an acceptable result in the top three.
    pub recall_at_3: f64,
    /// Mean reciprocal rank of the first acceptable result (0 beyond [`DEPTH`]).
    pub mrr: f64,
}

/// A query that missed the top three.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Category.
    pub category: String,
    /// Query.
    pub query: String,
    /// Rank of the first acceptable result, if within [`DEPTH`].
    pub rank: Option<usize>,
    /// The top three results.
    pub got: Vec<String>,
}

/// The evaluation of a gold set.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Scores per category.
    pub categories: BTreeMap<String, Scores>,
    /// Scores over every query.
    pub overall: Scores,
    /// Queries outside the top three.
    pub misses: Vec<Miss>,
}

#[derive(Default)]
struct Tally {
    n: usize,
    r1: usize,
    r3: usize,
    rr: f64,
}

impl Tally {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.r1 += usize::from(r == 1);
            self.r3 += usize::from(r <= 3);
            self.rr += 1.0 / r as f64;
        }
    }

    fn scores(&self) -> Scores {
        let n = self.n.max(1) as f64;
        Scores {
            queries: self.n,
            recall_at_1: self.r1 as f64 / n,
            recall_at_3: self.r3 as f64 / n,
            mrr: self.rr / n,
        }
    }
}

/// Runs every query through the engine, as the app would.
pub fn run(engine: &Engine, queries: &[GoldQuery]) -> anyhow::Result<Report> {
    let mut categories: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut misses = Vec::new();
    for q in queries {
        let text = if q.category == "nfd" {
            nfd(&q.text)
        } else {
            q.text.clone()
        };
        let results = engine.search(&SearchRequest {
            text,
            limit: DEPTH,
            ..Default::default()
        })?;
        let rank = results
            .hits
            .iter()
            .position(|h| {
                q.acceptable
                    .iter()
                    .any(|(k, id)| *k == h.kind && *id == h.id)
            })
            .map(|p| p + 1);
        categories.entry(q.category.clone()).or_default().add(rank);
        overall.add(rank);
        if rank.is_none_or(|r| r > 3) {
            misses.push(Miss {
                category: q.category.clone(),
                query: q.text.clone(),
                rank,
                got: results
                    .hits
                    .iter()
                    .take(3)
                    .map(|h| format!("{}/{}", h.kind.as_str(), h.id))
                    .collect(),
            });
        }
    }
    Ok(Report {
        categories: categories
            .into_iter()
            .map(|(k, t)| (k, t.scores()))
            .collect(),
        overall: overall.scores(),
        misses,
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>5} {:>6} {:>6} {:>6}",
            "category", "n", "R@1", "R@3", "MRR"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Scores| {
            writeln!(
                f,
                "{:<12} {:>5} {:>6.3} {:>6.3} {:>6.3}",
                name, s.queries, s.recall_at_1, s.recall_at_3, s.mrr
            )
        };
        for (name, s) in &self.categories {
            row(f, name, s)?;
        }
        row(f, "overall", &self.overall)?;
        for m in &self.misses {
            writeln!(
                f,
                "miss [{}] {:?}: rank {} got {:?}",
                m.category,
                m.query,
                m.rank.map_or("-".to_string(), |r| r.to_string()),
                m.got
            )?;
        }
        Ok(())
    }
}
