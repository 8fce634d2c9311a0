//! What `check` counts and what `check --report` shows a curator: every record scored against
//! the standard, weakest first, with what it lacks, so the work goes where it matters.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use handbook_search::{Precision, Source, Verification};
use serde_json::{json, Value};

use crate::seeds::Checked;
use crate::standard::{self, has_article, placeholder_fault, url_fault, SummaryFaults, Table};

/// One record's standing.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The record's table.
    pub table: Table,
    /// Its id.
    pub id: String,
    /// 100 for a record that meets the standard in full, less for each weakness (never below 0).
    pub score: u32,
    /// What it lacks, weightiest first.
    pub weaknesses: Vec<String>,
}

/// Weakness points: (what, points).
type Weaknesses = Vec<(String, u32)>;

fn source_weaknesses(out: &mut Weaknesses, verification: Verification, sources: &[Source]) {
    if sources.is_empty() {
        out.push(("no source".into(), 40));
    } else if !sources.iter().any(|s| s.url.is_some()) {
        out.push(("no source with a URL".into(), 30));
    } else if !has_article(sources) {
        out.push(("no article source (http(s) URL + date)".into(), 20));
    }
    let rejected = sources
        .iter()
        .filter(|s| s.url.as_deref().is_some_and(|u| url_fault(u).is_some()))
        .count();
    if rejected > 0 {
        out.push((
            format!("{rejected} rejected URL(s) (listing, home page, document site, farm)"),
            (10 * rejected as u32).min(20),
        ));
    }
    let placeholders = sources
        .iter()
        .filter(|s| placeholder_fault(s).is_some())
        .count();
    if placeholders > 0 {
        out.push((
            format!("{placeholders} placeholder source(s)"),
            (5 * placeholders as u32).min(15),
        ));
    }
    if verification == Verification::Unverified {
        out.push(("unverified".into(), 10));
    }
}

fn summary_weaknesses(out: &mut Weaknesses, faults: &SummaryFaults, table: Table, i: usize) {
    let fields: Vec<&str> = faults
        .range((table, i, "")..)
        .take_while(|((t, n, _), _)| *t == table && *n == i)
        .map(|((_, _, f), _)| *f)
        .collect();
    if !fields.is_empty() {
        out.push((format!("template or names-only {}", fields.join(", ")), 25));
    }
}

/// What every record is weighed on: its sources, its summary, its English.
fn common(
    faults: &SummaryFaults,
    (table, i): (Table, usize),
    verification: Verification,
    sources: &[Source],
    english: &[(&str, bool)],
) -> Weaknesses {
    let mut w = Weaknesses::new();
    source_weaknesses(&mut w, verification, sources);
    summary_weaknesses(&mut w, faults, table, i);
    let missing: Vec<&str> = english
        .iter()
        .filter_map(|(field, absent)| absent.then_some(*field))
        .collect();
    if !missing.is_empty() {
        w.push((format!("no English {}", missing.join(", ")), 5));
    }
    w
}

fn standing((table, _): (Table, usize), id: &str, mut w: Weaknesses, problems: usize) -> Standing {
    if problems > 0 {
        w.push((
            format!("{problems} problem(s) in `check`"),
            5 * problems as u32,
        ));
    }
    w.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let lost: u32 = w.iter().map(|(_, p)| p).sum();
    Standing {
        table,
        id: id.to_string(),
        score: 100u32.saturating_sub(lost),
        weaknesses: w.into_iter().map(|(what, _)| what).collect(),
    }
}

/// Every record's standing, weakest first (then by kind and id).
pub fn standings(checked: &Checked) -> Vec<Standing> {
    let data = &checked.data;
    let faults = standard::summary_faults(data);
    let mut problems: BTreeMap<(Table, usize), usize> = BTreeMap::new();
    let mut findings = standard::check(data);
    if let Some(admin) = &checked.admin {
        findings.extend(crate::admin::check(data, admin));
    }
    for f in findings {
        *problems.entry((f.table, f.index)).or_default() += 1;
    }
    let problems_of = |at: (Table, usize)| problems.get(&at).copied().unwrap_or(0);
    let mut out = Vec::new();

    for (i, ind) in data.plan.iter().enumerate() {
        let at = (Table::Indicator, i);
        let w = common(&faults, at, ind.verification, &ind.sources, &[]);
        out.push(standing(at, &ind.id, w, problems_of(at)));
    }
    for (i, c) in data.crafts.iter().enumerate() {
        let at = (Table::Craft, i);
        let english = [("description_en", c.description_en.is_none())];
        let w = common(&faults, at, c.verification, &c.sources, &english);
        out.push(standing(at, &c.id, w, problems_of(at)));
    }
    for (i, v) in data.villages.iter().enumerate() {
        let at = (Table::Village, i);
        let english = [
            ("name_en", v.name_en.is_none()),
            ("summary_en", v.summary_en.is_none()),
        ];
        let mut w = common(&faults, at, v.verification, &v.sources, &english);
        match &v.current {
            None => w.push(("no 2025 unit".into(), 15)),
            Some(c) if c.code.is_none() => w.push(("no 2025 unit code".into(), 15)),
            Some(c) if c.uncertain => w.push(("2025 unit uncertain (divided commune)".into(), 3)),
            Some(_) => {}
        }
        match v.coordinates.map(|c| c.precision) {
            None => w.push(("no coordinates".into(), 10)),
            Some(Precision::District) => w.push(("coordinates: district only".into(), 5)),
            Some(Precision::Commune) => w.push(("coordinates: commune only".into(), 3)),
            Some(Precision::Village) => {}
        }
        out.push(standing(at, &v.id, w, problems_of(at)));
    }
    for (i, p) in data.products.iter().enumerate() {
        let at = (Table::Product, i);
        let english = [
            ("name_en", p.name_en.is_none()),
            ("summary_en", p.summary_en.is_none()),
        ];
        let mut w = common(&faults, at, p.verification, &p.sources, &english);
        if !standard::is_complete_profile(data, &faults, i, p) {
            w.push(("not a complete profile".into(), 5));
        }
        out.push(standing(at, &p.id, w, problems_of(at)));
    }
    for (i, t) in data.tours.iter().enumerate() {
        let at = (Table::Tour, i);
        let english = [
            ("name_en", t.name_en.is_none()),
            ("summary_en", t.summary_en.is_none()),
        ];
        let w = common(&faults, at, t.verification, &t.sources, &english);
        out.push(standing(at, &t.id, w, problems_of(at)));
    }
    out.sort_by(|a, b| (a.score, a.table, &a.id).cmp(&(b.score, b.table, &b.id)));
    out
}

/// The report as text: one line per record below 100, weakest first, then how many are whole.
pub fn render(checked: &Checked) -> String {
    let standings = standings(checked);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "score  kind       id                                    weaknesses"
    );
    for s in standings.iter().filter(|s| s.score < 100) {
        let _ = writeln!(
            out,
            "{:>5}  {:<9}  {:<36}  {}",
            s.score,
            s.table.as_str(),
            s.id,
            s.weaknesses.join("; ")
        );
    }
    let whole = standings.iter().filter(|s| s.score == 100).count();
    let _ = writeln!(
        out,
        "{whole} of {} records meet the standard in full",
        standings.len()
    );
    out
}

/// The counts `check` prints: records of each kind, and how far the data is from the standard.
pub fn counts(checked: &Checked) -> Value {
    let data = &checked.data;
    let faults = standard::summary_faults(data);
    let with_unit = data
        .villages
        .iter()
        .filter(|v| {
            let code = v.current.as_ref().and_then(|c| c.code.as_deref());
            match (&checked.admin, code) {
                (Some(admin), Some(code)) => admin.units.contains_key(code),
                (None, Some(_)) => true,
                _ => false,
            }
        })
        .count();
    let complete = data
        .products
        .iter()
        .enumerate()
        .filter(|(i, p)| standard::is_complete_profile(data, &faults, *i, p))
        .count();
    let records: Vec<(Verification, &[Source])> = data
        .plan
        .iter()
        .map(|r| (r.verification, r.sources.as_slice()))
        .chain(
            data.crafts
                .iter()
                .map(|r| (r.verification, r.sources.as_slice())),
        )
        .chain(
            data.villages
                .iter()
                .map(|r| (r.verification, r.sources.as_slice())),
        )
        .chain(
            data.products
                .iter()
                .map(|r| (r.verification, r.sources.as_slice())),
        )
        .chain(
            data.tours
                .iter()
                .map(|r| (r.verification, r.sources.as_slice())),
        )
        .collect();
    let sourced_without_article = records
        .iter()
        .filter(|(v, s)| *v == Verification::Sourced && !has_article(s))
        .count();
    let unverified = records
        .iter()
        .filter(|(v, _)| *v == Verification::Unverified)
        .count();
    let mut counts = serde_json::Map::new();
    let per_kind = data.counts();
    for kind in handbook_search::Kind::ALL {
        counts.insert(format!("{}s", kind.as_str()), per_kind.of(kind).into());
    }
    counts.insert("indicators".into(), data.plan.len().into());
    let extra = json!({
        "villages_with_2025_unit": with_unit,
        "villages_recognised": crate::plan::recognised_villages(data),
        "products_complete": complete,
        "products_digitised": crate::plan::digitised_products(data),
        "template_summaries": standard::template_records(&faults).len(),
        "sourced_without_article": sourced_without_article,
        "unverified": unverified,
        "tours_published": data.tours.iter().filter(|t| t.origin == handbook_search::TourOrigin::Published).count(),
        "problems": checked.problems.len(),
    });
    if let Value::Object(extra) = extra {
        counts.extend(extra);
    }
    Value::Object(counts)
}
