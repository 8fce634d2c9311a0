//! `indexer eval`: search quality on gold sets (`tests/search-quality/queries.tsv`, names as
//! typed; `questions.tsv`, questions and phrases), as Recall@1, Recall@3 and MRR per category
//! and overall, and per split where the set has one.
//!
//! A set with a split has a `tune` half, which may be looked at while tuning the ranking, and a
//! `heldout` half, which is only measured: its scores are reported on their own and its misses
//! are not listed in the text report, so nobody tunes against them by accident.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use handbook_search::text::nfd;
use handbook_search::{Engine, Kind, SearchRequest};
use serde::Serialize;

/// Results looked at per query for MRR.
pub const DEPTH: usize = 10;

/// Which half of a split gold set a query belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// May be looked at while tuning.
    Tune,
    /// Only measured, never tuned on.
    Heldout,
}

impl Split {
    /// The split as written in the gold set's fourth column.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Tune => "tune",
            Split::Heldout => "heldout",
        }
    }

    fn parse(text: &str) -> Option<Split> {
        [Split::Tune, Split::Heldout]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One query of a gold set.
#[derive(Debug, Clone)]
pub struct GoldQuery {
    /// Line number in the gold set's file (from 1).
    pub line: usize,
    /// Category (accentless, telex, english …).
    pub category: String,
    /// The text as typed.
    pub text: String,
    /// Results that count as right.
    pub acceptable: Vec<(Kind, String)>,
    /// The half it belongs to, for a split set.
    pub split: Option<Split>,
}

/// A gold set as read from its file.
#[derive(Debug, Clone)]
pub struct GoldSet {
    /// The file it was read from (for messages).
    pub path: PathBuf,
    /// Its queries, in file order.
    pub queries: Vec<GoldQuery>,
}

/// Reads a gold set: tab-separated lines of category, query, acceptable `kind/id`s
/// (comma-separated) and optionally the split (`tune` or `heldout`); `#` starts a comment
/// line. Fails on the first malformed line with its number.
pub fn read(path: &Path) -> anyhow::Result<GoldSet> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", path.display(), i + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let (category, query, ids, split) = match cols.as_slice() {
            [category, query, ids] => (category, query, ids, None),
            [category, query, ids, split] => {
                let Some(split) = Split::parse(split.trim()) else {
                    bail!("{}: split `{split}` is neither `tune` nor `heldout`", at());
                };
                (category, query, ids, Some(split))
            }
            _ => bail!(
                "{}: expected 3 or 4 tab-separated columns (category, query, ids, split)",
                at()
            ),
        };
        let mut acceptable = Vec::new();
        for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((kind, id)) = id.split_once('/') else {
                bail!("{}: `{id}` is not kind/id", at());
            };
            let Some(kind) = Kind::parse(kind) else {
                bail!("{}: unknown kind `{kind}`", at());
            };
            acceptable.push((kind, id.to_string()));
        }
        if acceptable.is_empty() {
            bail!("{}: no acceptable result", at());
        }
        queries.push(GoldQuery {
            line: i + 1,
            category: category.to_string(),
            text: query.to_string(),
            acceptable,
            split,
        });
    }
    Ok(GoldSet {
        path: path.to_path_buf(),
        queries,
    })
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
    /// The half of the split it belongs to, if the set has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    /// Rank of the first acceptable result, if within [`DEPTH`].
    pub rank: Option<usize>,
    /// The top three results.
    pub got: Vec<String>,
}

/// Scores per category and overall, for a whole set or one half of its split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Breakdown {
    /// Scores per category.
    pub categories: BTreeMap<String, Scores>,
    /// Scores over every query.
    pub overall: Scores,
}

/// The evaluation of a gold set.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Scores per category, over the whole set.
    pub categories: BTreeMap<String, Scores>,
    /// Scores over every query.
    pub overall: Scores,
    /// The same per half (`tune`, `heldout`), for a split set; empty otherwise.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub splits: BTreeMap<Split, Breakdown>,
    /// Queries outside the top three.
    pub misses: Vec<Miss>,
}

impl Report {
    /// The scores of one half of the split, if the set has it.
    pub fn split(&self, split: Split) -> Option<&Breakdown> {
        self.splits.get(&split)
    }
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

#[derive(Default)]
struct Tallies {
    categories: BTreeMap<String, Tally>,
    overall: Tally,
}

impl Tallies {
    fn add(&mut self, category: &str, rank: Option<usize>) {
        self.categories
            .entry(category.to_string())
            .or_default()
            .add(rank);
        self.overall.add(rank);
    }

    fn breakdown(&self) -> Breakdown {
        Breakdown {
            categories: self
                .categories
                .iter()
                .map(|(k, t)| (k.clone(), t.scores()))
                .collect(),
            overall: self.overall.scores(),
        }
    }
}

/// Fails, naming every line, if an acceptable result is not in the bundle: a label that
/// points nowhere would silently count as a miss (or hide one) after the data changed.
pub fn check_labels(engine: &Engine, set: &GoldSet) -> anyhow::Result<()> {
    let mut unknown = Vec::new();
    for q in &set.queries {
        for (kind, id) in &q.acceptable {
            if engine.get(*kind, id)?.is_none() {
                unknown.push(format!("  line {}: {}/{id}", q.line, kind.as_str()));
            }
        }
    }
    if !unknown.is_empty() {
        bail!(
            "{}: {} acceptable result(s) are not in the bundle; re-label them against the \
             data:\n{}",
            set.path.display(),
            unknown.len(),
            unknown.join("\n")
        );
    }
    Ok(())
}

/// Checks the labels ([`check_labels`]), then runs every query through the engine, as the app
/// would.
pub fn run(engine: &Engine, set: &GoldSet) -> anyhow::Result<Report> {
    check_labels(engine, set)?;
    let mut whole = Tallies::default();
    let mut splits: BTreeMap<Split, Tallies> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in &set.queries {
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
        whole.add(&q.category, rank);
        if let Some(split) = q.split {
            splits.entry(split).or_default().add(&q.category, rank);
        }
        if rank.is_none_or(|r| r > 3) {
            misses.push(Miss {
                category: q.category.clone(),
                query: q.text.clone(),
                split: q.split,
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
    let Breakdown {
        categories,
        overall,
    } = whole.breakdown();
    Ok(Report {
        categories,
        overall,
        splits: splits.iter().map(|(s, t)| (*s, t.breakdown())).collect(),
        misses,
    })
}

fn table(f: &mut fmt::Formatter<'_>, title: &str, b: &Breakdown) -> fmt::Result {
    writeln!(
        f,
        "{:<12} {:>5} {:>6} {:>6} {:>6}",
        title, "n", "R@1", "R@3", "MRR"
    )?;
    let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Scores| {
        writeln!(
            f,
            "{:<12} {:>5} {:>6.3} {:>6.3} {:>6.3}",
            name, s.queries, s.recall_at_1, s.recall_at_3, s.mrr
        )
    };
    for (name, s) in &b.categories {
        row(f, name, s)?;
    }
    row(f, "overall", &b.overall)
}

/// The text report: one table for the whole set, one per half of the split, then the misses
/// outside the held-out half (those are only counted).
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = Breakdown {
            categories: self.categories.clone(),
            overall: self.overall,
        };
        table(f, "category", &whole)?;
        for (split, b) in &self.splits {
            writeln!(f)?;
            table(f, split.as_str(), b)?;
        }
        let mut hidden = 0;
        for m in &self.misses {
            if m.split == Some(Split::Heldout) {
                hidden += 1;
                continue;
            }
            writeln!(
                f,
                "miss [{}] {:?}: rank {} got {:?}",
                m.category,
                m.query,
                m.rank.map_or("-".to_string(), |r| r.to_string()),
                m.got
            )?;
        }
        if hidden > 0 {
            writeln!(
                f,
                "{hidden} held-out miss(es) not listed (that half is only measured; --json lists \
                 them)"
            )?;
        }
        Ok(())
    }
}

/// Time per keystroke, natively: every prefix of every query, searched as the benchmark's
/// browser run searches them (ten hits), in milliseconds. Each keystroke is searched
/// [`REPEATS`] times and the least time counts: on a machine shared with other work, the
/// others only ever add time. A quick check, not a budget: the budget is measured in the
/// browser by `cargo xtask bench`.
#[derive(Debug, Clone, Serialize)]
pub struct Keystrokes {
    /// Keystrokes timed.
    pub searches: usize,
    /// Median.
    pub p50_ms: f64,
    /// 95th percentile.
    pub p95_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
    /// The slowest keystrokes, slowest first, with their times (ms).
    pub slowest: Vec<(String, f64)>,
}

/// Slowest keystrokes listed by [`time_keystrokes`].
pub const SLOWEST: usize = 10;

/// Times each keystroke is searched by [`time_keystrokes`].
pub const REPEATS: usize = 5;

/// Times every prefix of every query of the sets (see [`Keystrokes`]).
pub fn time_keystrokes(engine: &Engine, sets: &[GoldSet]) -> anyhow::Result<Keystrokes> {
    let mut times = Vec::new();
    for q in sets.iter().flat_map(|s| &s.queries) {
        let text = if q.category == "nfd" {
            nfd(&q.text)
        } else {
            q.text.clone()
        };
        let chars: Vec<char> = text.chars().collect();
        for end in 1..=chars.len() {
            let request = SearchRequest {
                text: chars[..end].iter().collect(),
                limit: 10,
                ..Default::default()
            };
            let mut least = f64::INFINITY;
            for _ in 0..REPEATS {
                let started = std::time::Instant::now();
                engine.search(&request)?;
                least = least.min(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.push((least, request.text));
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let slowest = times
        .iter()
        .rev()
        .take(SLOWEST)
        .map(|(t, q)| (q.clone(), *t))
        .collect();
    let times: Vec<f64> = times.into_iter().map(|(t, _)| t).collect();
    let at = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len().max(1)) - 1;
        times.get(i).copied().unwrap_or(0.0)
    };
    Ok(Keystrokes {
        searches: times.len(),
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        slowest,
    })
}

impl fmt::Display for Keystrokes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "keystrokes {} (least of {REPEATS} runs each): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} \
             ms, max {:.2} ms",
            self.searches, self.p50_ms, self.p95_ms, self.p99_ms, self.max_ms
        )?;
        for (query, ms) in &self.slowest {
            writeln!(f, "  {ms:>7.2} ms  {query:?}")?;
        }
        Ok(())
    }
}
