//! The performance budgets, checked against a benchmark report. The benchmark measures; this
//! judges, and prints PASS or FAIL per budget (CI times nothing).

use std::fmt;

use serde_json::Value;

/// One budget and how the report fares against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What is budgeted.
    pub name: String,
    /// The limit, in words.
    pub limit: String,
    /// The measured value, in words (`None` when the report lacks it).
    pub measured: Option<String>,
    /// Whether the budget holds (`None` when not measured).
    pub pass: Option<bool>,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.pass {
            Some(true) => "PASS",
            Some(false) => "FAIL",
            None => "N/A ",
        };
        write!(
            f,
            "{verdict}  {}: {} (budget {})",
            self.name,
            self.measured.as_deref().unwrap_or("not measured"),
            self.limit
        )
    }
}

const KIB: f64 = 1024.0;

fn app_run<'a>(report: &'a Value, scale: &str, throttle: u64) -> Option<&'a Value> {
    report["app"]
        .as_array()?
        .iter()
        .find(|r| r["scale"] == scale && r["throttle"] == throttle)
}

fn budget(
    name: &str,
    limit: String,
    measured: Option<f64>,
    unit: &str,
    ok: impl Fn(f64) -> bool,
) -> Check {
    Check {
        name: name.to_string(),
        limit,
        measured: measured.map(|m| format!("{m:.1} {unit}")),
        pass: measured.map(ok),
    }
}

/// Every budget of the performance issue, against a report.
pub fn check(report: &Value) -> Vec<Check> {
    let mut out = Vec::new();
    let brotli = |asset: &str| report["assets"][asset]["brotli"].as_f64();
    out.push(budget(
        "all .wasm, brotli",
        "≤ 600 KiB".into(),
        brotli("wasm").map(|b| b / KIB),
        "KiB",
        |v| v <= 600.0,
    ));
    let first_visit = ["html", "js", "wasm", "css", "bundle"]
        .iter()
        .map(|a| brotli(a))
        .sum::<Option<f64>>();
    out.push(budget(
        "first visit (HTML, JS, CSS, wasm, bundle), brotli",
        "≤ 1024 KiB".into(),
        first_visit.map(|b| b / KIB),
        "KiB",
        |v| v <= 1024.0,
    ));
    for (throttle, limit) in [(1, 250.0), (4, 700.0)] {
        let m = app_run(report, "real", throttle)
            .and_then(|r| r["cached_median"]["first_result_ms"].as_f64());
        out.push(budget(
            &format!("cached start to first result, real seeds, {throttle}×"),
            format!("≤ {limit} ms"),
            m,
            "ms",
            |v| v <= limit,
        ));
    }
    for (scale, throttle, limit) in [("real", 1, 4.0), ("real", 4, 16.0), ("100k", 1, 16.0)] {
        let m = app_run(report, scale, throttle).and_then(|r| r["keystroke_ms"]["p99"].as_f64());
        out.push(budget(
            &format!("keystroke p99, {scale}, {throttle}×"),
            format!("≤ {limit} ms"),
            m,
            "ms",
            |v| v <= limit,
        ));
    }
    let memory = app_run(report, "real", 1)
        .and_then(|r| r["memory_after_1000_queries"]["wasm_memory_bytes"].as_f64());
    out.push(budget(
        "wasm memory after 1,000 queries, real seeds",
        "≤ 48 MiB".into(),
        memory.map(|b| b / KIB / KIB),
        "MiB",
        |v| v <= 48.0,
    ));
    let build = report["scales"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "100k"))
        .and_then(|s| s["build_seconds"].as_f64());
    out.push(budget(
        "index build, 100,000 records",
        "≤ 60 s".into(),
        build,
        "s",
        |v| v <= 60.0,
    ));
    out.push(recall_check(report));
    out
}

/// Recall@3 of the handbook above every peer's in every category.
fn recall_check(report: &Value) -> Check {
    let quality = &report["quality"];
    let Some(ours) = quality["handbook"]["categories"].as_object() else {
        return Check {
            name: "Recall@3 above every peer in every category".into(),
            limit: "above".into(),
            measured: None,
            pass: None,
        };
    };
    let mut worst: Option<(String, String, f64)> = None;
    let mut pass = true;
    for (peer, scores) in quality.as_object().into_iter().flatten() {
        if peer == "handbook" {
            continue;
        }
        for (category, mine) in ours {
            let mine = mine["recall_at_3"].as_f64().unwrap_or(0.0);
            let theirs = scores["categories"][category]["recall_at_3"]
                .as_f64()
                .unwrap_or(0.0);
            // Where a peer is perfect too, equal is the best anyone can do.
            if theirs >= 1.0 && mine >= 1.0 {
                continue;
            }
            let margin = mine - theirs;
            if margin <= 0.0 {
                pass = false;
            }
            if worst.as_ref().is_none_or(|w| margin < w.2) {
                worst = Some((peer.clone(), category.clone(), margin));
            }
        }
    }
    Check {
        name: "Recall@3 above every peer in every category".into(),
        limit: "above (equal only where both are perfect)".into(),
        measured: worst.map(|(peer, category, margin)| {
            format!("smallest margin {margin:+.2} ({category}, vs {peer})")
        }),
        pass: Some(pass),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(wasm_brotli: u64, p99: f64, ours: f64, theirs: f64) -> Value {
        json!({
            "assets": {"wasm": {"brotli": wasm_brotli}, "html": {"brotli": 1000}, "js": {"brotli": 1000}, "css": {"brotli": 1000}, "bundle": {"brotli": 100000}},
            "app": [{"scale": "real", "throttle": 1, "keystroke_ms": {"p99": p99}, "cached_median": {"first_result_ms": 100.0}, "memory_after_1000_queries": {"wasm_memory_bytes": 4_000_000}}],
            "scales": [{"name": "100k", "build_seconds": 12.0}],
            "quality": {"handbook": {"categories": {"telex": {"recall_at_3": ours}}}, "Peer": {"categories": {"telex": {"recall_at_3": theirs}}}}
        })
    }

    fn verdict(checks: &[Check], name: &str) -> Option<bool> {
        checks
            .iter()
            .find(|c| c.name.starts_with(name))
            .and_then(|c| c.pass)
    }

    #[test]
    fn wasm_size_budget_passes_and_fails_at_600_kib() {
        assert_eq!(
            verdict(&check(&report(600 * 1024, 1.0, 1.0, 0.5)), "all .wasm"),
            Some(true)
        );
        assert_eq!(
            verdict(&check(&report(600 * 1024 + 1, 1.0, 1.0, 0.5)), "all .wasm"),
            Some(false)
        );
    }

    #[test]
    fn missing_measurements_are_not_passes() {
        let checks = check(&report(1, 1.0, 1.0, 0.5));
        assert_eq!(verdict(&checks, "keystroke p99, 100k"), None);
        assert_eq!(verdict(&checks, "keystroke p99, real, 1×"), Some(true));
    }

    #[test]
    fn recall_must_be_strictly_above_every_peer() {
        assert_eq!(
            verdict(&check(&report(1, 1.0, 1.0, 0.9)), "Recall@3"),
            Some(true)
        );
        assert_eq!(
            verdict(&check(&report(1, 1.0, 0.9, 0.9)), "Recall@3"),
            Some(false)
        );
        assert_eq!(
            verdict(&check(&report(1, 1.0, 1.0, 1.0)), "Recall@3"),
            Some(true)
        );
    }
}
