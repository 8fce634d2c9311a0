//! Renders a benchmark report as `docs/benchmarks.md` (tables) and `docs/bench-chart.svg`
//! (Recall@3 per query category, the handbook against the peers, drawn with plotters).

use std::fmt::Write;

use plotters::prelude::*;
use serde_json::Value;

use crate::budgets::{phone_profile, quality_sets, Check};

const ENGINES: [&str; 4] = ["handbook", "MiniSearch", "FlexSearch", "Pagefind"];
const COLOURS: [RGBColor; 4] = [
    RGBColor(122, 46, 26),
    RGBColor(47, 111, 159),
    RGBColor(95, 122, 31),
    RGBColor(106, 63, 160),
];

fn categories(engines: &Value) -> Vec<String> {
    engines["handbook"]["categories"]
        .as_object()
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default()
}

/// The chart file of a gold set: `bench-chart.svg` for the names, `bench-chart-<set>.svg` else.
pub fn chart_file(set: &str) -> String {
    if set == "names" {
        "bench-chart.svg".into()
    } else {
        format!("bench-chart-{set}.svg")
    }
}

/// The chart of one gold set (`engines`: its engines' scores): for each query category, one bar
/// per engine with its Recall@3.
pub fn chart_svg(set: &str, engines: &Value) -> anyhow::Result<String> {
    let cats = categories(engines);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("Recall@3 by query category ({set} gold set, real seeds)"),
                ("sans-serif", 20),
            )
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..(cats.len() as f64), 0.0..1.05)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(cats.len() * 2 + 1)
            .x_label_formatter(&|x| {
                let i = x.floor() as usize;
                if (x - i as f64 - 0.5).abs() < 1e-6 {
                    cats.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_desc("Recall@3")
            .draw()?;
        let width = 0.8 / ENGINES.len() as f64;
        for (e, (engine, colour)) in ENGINES.iter().zip(COLOURS).enumerate() {
            let bars = cats.iter().enumerate().filter_map(|(i, cat)| {
                let r = engines[engine]["categories"][cat]["recall_at_3"].as_f64()?;
                let x0 = i as f64 + 0.1 + e as f64 * width;
                Some(Rectangle::new(
                    [(x0, 0.0), (x0 + width * 0.9, r)],
                    colour.filled(),
                ))
            });
            chart
                .draw_series(bars)?
                .label(*engine)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled())
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

fn kib(v: &Value) -> String {
    v.as_f64()
        .map_or("–".into(), |b| format!("{:.1}", b / 1024.0))
}

fn ms(v: &Value) -> String {
    v.as_f64().map_or("–".into(), |m| format!("{m:.1}"))
}

fn pct(v: &Value) -> String {
    v.as_f64().map_or("–".into(), |r| format!("{:.3}", r))
}

/// A size in MiB with one decimal, or `–`.
fn mib(v: &Value) -> String {
    v.as_f64()
        .map_or("–".into(), |b| format!("{:.1}", b / 1048576.0))
}

/// The Markdown page: how it was measured, then one section per table.
pub fn markdown(report: &Value, checks: &[Check]) -> String {
    let mut md = String::new();
    intro(&mut md, report);
    budgets(&mut md, checks);
    assets(&mut md, report);
    app_runs(&mut md, report);
    scales(&mut md, report);
    peers(&mut md, report);
    phone(&mut md, report);
    for (set, engines) in quality_sets(report) {
        categories_table(&mut md, report, &set, engines);
    }
    md
}

fn intro(md: &mut String, report: &Value) {
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Measured by `cargo xtask bench` on {} — {} cores ({}), {} GiB, {}; medians of {} runs. \
         The release site is served on loopback with brotli, as a CDN would serve it: the \
         build's quality-11 copies (`scripts/precompress.mjs`; the peers' sites get theirs), \
         other files compressed per response at quality 9; CPU throttling is Chrome DevTools' `Emulation.setCPUThrottlingRate`.\n",
        report["date"].as_str().unwrap_or("?"),
        report["machine"]["cpus"],
        report["machine"]["model"].as_str().unwrap_or("?"),
        report["machine"]["memory_gb"],
        report["browser"].as_str().unwrap_or("?"),
        report["runs"],
    );
    // Other work on the machine slows every figure (a loaded 2-core machine once doubled the
    // keystroke times): the load says whether two reports can be compared.
    let load = &report["machine"]["load"];
    if let (Some(start), Some(end)) = (load["start"].as_f64(), load["end"].as_f64()) {
        let _ = writeln!(
            md,
            "The machine's load average (1 minute) was {start:.2} when the run started and \
             {end:.2} when it ended; a figure is comparable only with one measured at a similar \
             load.\n",
        );
    }
}

fn budgets(md: &mut String, checks: &[Check]) {
    let _ = writeln!(md, "## Budgets\n\n| | budget | measured |\n|---|---|---|");
    for c in checks {
        let verdict = match c.pass {
            Some(true) => "PASS",
            Some(false) => "**FAIL**",
            None => "n/a",
        };
        let _ = writeln!(
            md,
            "| {verdict} {} | {} | {} |",
            c.name,
            c.limit,
            c.measured.as_deref().unwrap_or("–")
        );
    }
}

fn assets(md: &mut String, report: &Value) {
    let _ = writeln!(md, "\n## First visit, per asset (bytes)\n\n| asset | file | raw | gzip | brotli |\n|---|---|---:|---:|---:|");
    for asset in ["html", "js", "css", "wasm", "names", "bundle"] {
        let a = &report["assets"][asset];
        let _ = writeln!(
            md,
            "| {asset} | `{}` | {} | {} | {} |",
            a["file"].as_str().unwrap_or("?"),
            a["raw"],
            a["gzip"],
            a["brotli"]
        );
    }
    let files = report["assets"]["wasm_files"].as_array();
    if let Some(files) = files {
        let _ = writeln!(md, "\nEach wasm file (`page`: loaded by the page itself; the others are the engine worker's, and the later pages' second module, fetched when one of them is first shown and kept by the service worker):\n\n| wasm | page | raw | brotli |\n|---|---|---:|---:|");
        for f in files {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} |",
                f["file"].as_str().unwrap_or("?"),
                if f["page"] == true { "yes" } else { "no" },
                f["raw"],
                f["brotli"]
            );
        }
    }
}

fn app_runs(md: &mut String, report: &Value) {
    let _ = writeln!(md, "\n## The handbook: start-up, keystrokes, memory\n\n| scale | CPU | start | wasm init (ms) | bundle fetch (ms) | bundle open (ms) | first result (ms) | bytes to first result | keystroke p50 / p95 / p99 (ms) | engine's wasm memory after open / after 1,000 queries (MiB) | page's wasm memory after 1,000 queries (MiB) | JS heap after 1,000 queries (MiB) |\n|---|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|");
    for run in report["app"].as_array().into_iter().flatten() {
        for start in ["cold", "cached"] {
            let m = &run[format!("{start}_median")];
            let k = &run["keystroke_ms"];
            let wasm = |key: &str| mib(&run[key]["wasm_memory_bytes"]);
            let _ = writeln!(
                md,
                "| {} | {}× | {start} | {} | {} | {} | {} | {} | {} / {} / {} | {} / {} | {} | {} |",
                run["scale"].as_str().unwrap_or("?"),
                run["throttle"],
                ms(&m["wasm_init_ms"]),
                ms(&m["bundle_fetch_ms"]),
                ms(&m["bundle_open_ms"]),
                ms(&m["first_result_ms"]),
                m["bytes_to_first_result"],
                ms(&k["p50"]),
                ms(&k["p95"]),
                ms(&k["p99"]),
                wasm("memory_after_open"),
                wasm("memory_after_1000_queries"),
                mib(&run["memory_after_1000_queries"]["page_wasm_memory_bytes"]),
                mib(&run["memory_after_1000_queries"]["js_heap_bytes"]),
            );
        }
    }
}

fn scales(md: &mut String, report: &Value) {
    let _ = writeln!(
        md,
        "\n## Scales\n\n| scale | records | bundle (KiB) | index build (s) |\n|---|---:|---:|---:|"
    );
    for s in report["scales"].as_array().into_iter().flatten() {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            s["name"].as_str().unwrap_or("?"),
            s["records"],
            kib(&s["bundle_bytes"]),
            s["build_seconds"]
                .as_f64()
                .map_or("–".into(), |v| format!("{v:.2}"))
        );
    }
}

/// One engine's row in the table against the peers: `run` holds its cold-start figures and
/// keystroke times; then its overall Recall@1 / Recall@3 on each gold set.
fn peer_row(md: &mut String, report: &Value, name: &str, run: &Value, cold: &Value) {
    let recalls: Vec<String> = quality_sets(report)
        .iter()
        .map(|(_, engines)| {
            let q = &engines[name]["overall"];
            format!("{} / {}", pct(&q["recall_at_1"]), pct(&q["recall_at_3"]))
        })
        .collect();
    let _ = writeln!(
        md,
        "| {name} | {}× | {} | {} | {} / {} | {} |",
        run["throttle"],
        cold["bytes_to_first_result"],
        ms(&cold["first_result_ms"]),
        ms(&run["keystroke_ms"]["p50"]),
        ms(&run["keystroke_ms"]["p99"]),
        recalls.join(" | "),
    );
}

fn peers(md: &mut String, report: &Value) {
    let sets = quality_sets(report);
    let _ = writeln!(
        md,
        "\n## Against the peers (real seeds, same records, same queries)\n\n| engine | CPU | bytes to first result | first result (ms) | keystroke p50 / p99 (ms) | {} |\n|---|---|---:|---:|---|{}",
        sets.iter()
            .map(|(set, _)| format!("{set}: Recall@1 / @3"))
            .collect::<Vec<_>>()
            .join(" | "),
        "---:|".repeat(sets.len())
    );
    for run in report["app"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["scale"] == "real")
    {
        peer_row(md, report, "handbook", run, &run["cold_median"]);
    }
    for peer in report["peers"].as_array().into_iter().flatten() {
        let name = peer["name"].as_str().unwrap_or("?");
        for run in peer["results"].as_array().into_iter().flatten() {
            peer_row(md, report, name, run, run);
        }
    }
    let _ = writeln!(md, "\nBytes and times are from a cold start (no cache) to the first result of the query `bat trang`. Peers: MiniSearch (prefix + fuzzy 0.2, accents folded by NFD), FlexSearch (`forward` tokenizer, `LatinBalance` charset, indexed in the browser from the records), Pagefind (Node indexing API, language `vi`). Each is configured as its documentation suggests for search-as-you-type and left at its defaults otherwise; none is tuned on the gold sets.\n");
}

/// One gold set: Recall@1 and Recall@3 per category for every engine, over the whole set and,
/// for a split set, over its held-out half on its own.
fn categories_table(md: &mut String, report: &Value, set: &str, engines: &Value) {
    let file = report["quality"][set]["file"]
        .as_str()
        .map_or(String::new(), |f| format!(" (`{f}`)"));
    let _ = writeln!(
        md,
        "\n## Recall per query category: {set}{file}\n\n![Recall@3 by category, {set}]({})\n",
        chart_file(set)
    );
    recall_table(md, engines, |e| &engines[e]);
    let heldout = |e: &str| &engines[e]["splits"]["heldout"];
    if heldout("handbook").is_object() {
        let _ = writeln!(
            md,
            "\nThe held-out half of {set} alone (never looked at while tuning):\n"
        );
        recall_table(md, engines, heldout);
    }
}

/// Rows per category and overall: each engine's Recall@1 / Recall@3 in `scores(engine)`.
fn recall_table<'a>(md: &mut String, engines: &'a Value, scores: impl Fn(&str) -> &'a Value) {
    let _ = writeln!(
        md,
        "| category | n | {} |",
        ENGINES
            .iter()
            .map(|e| format!("{e} R@1 / R@3"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(md, "|---|---:|{}", "---:|".repeat(ENGINES.len()));
    let cell = |s: &Value| format!("{} / {}", pct(&s["recall_at_1"]), pct(&s["recall_at_3"]));
    let mut rows: Vec<(String, &str)> = categories(engines)
        .into_iter()
        .map(|c| (c, "categories"))
        .collect();
    rows.push(("overall".into(), "overall"));
    for (cat, kind) in rows {
        let of = |e: &str| {
            let s = scores(e);
            if kind == "overall" {
                &s["overall"]
            } else {
                &s["categories"][&cat]
            }
        };
        let cells: Vec<String> = ENGINES.iter().map(|e| cell(of(e))).collect();
        let label = if kind == "overall" {
            "**overall**".to_string()
        } else {
            cat.clone()
        };
        let _ = writeln!(
            md,
            "| {label} | {} | {} |",
            of("handbook")["queries"],
            cells.join(" | ")
        );
    }
}

/// A time in seconds with two decimals, or `–`.
fn secs(v: &Value) -> String {
    v.as_f64()
        .map_or("–".into(), |m| format!("{:.2}", m / 1000.0))
}

/// The phone profile (issue 13): per profile, the handbook and the peers where it applies.
fn phone(md: &mut String, report: &Value) {
    let p = &report["phone"];
    let Some(handbook) = p["handbook"].as_array() else {
        return;
    };
    let _ = writeln!(
        md,
        "\n## On a phone (deep link, search box, first result)\n\nThe phone profile is Lighthouse's mobile throttling through the DevTools protocol: {} ms round trip, {:.1} Mbps down, {:.0} kbps up, {}× CPU, a {}×{} screen, brotli. Cold: a fresh browser context per visit (no cache, no service worker). Repeat visit: the same context after a first visit has installed the service worker and cached the bundle. Desktop: no throttling, the default screen. Deep link: `{}` until the entity's name and summary are on screen (`main h1`, `main p.lead`), with the bytes transferred before then. Home: `/` until a search box on screen accepts typing, then `{}` typed at once (one input event) until its first result is on screen: on a first visit the names list answers (`ol.hits[data-early]`, names only) until the engine has arrived; the engine's first result (`ol.hits:not([data-early])`, with summaries, facets and every kind of match) is its own column. Times are from the navigation's start; medians of {} visits.\n",
        p["network"]["latency"],
        p["network"]["downloadThroughput"].as_f64().unwrap_or(0.0) * 8.0 / 1024.0 / 1024.0,
        p["network"]["uploadThroughput"].as_f64().unwrap_or(0.0) * 8.0 / 1024.0,
        p["cpu"],
        p["viewport"]["width"],
        p["viewport"]["height"],
        p["deep_link"].as_str().unwrap_or("?"),
        p["query"].as_str().unwrap_or("?"),
        report["runs"],
    );
    let _ = writeln!(md, "| profile | engine | deep link: name + summary (s) | transferred before it (KiB) | search box accepts typing (s) | first result (s) | transferred by then (KiB) | the engine's first result (s) |\n|---|---|---:|---:|---:|---:|---:|---:|");
    for run in handbook {
        let profile = run["profile"].as_str().unwrap_or("?");
        let _ = writeln!(
            md,
            "| {profile} | handbook | {} | {} | {} | {} | {} | {} |",
            secs(&run["deep_link"]["content_ms"]),
            kib(&run["deep_link"]["bytes_to_content"]),
            secs(&run["home"]["box_ms"]),
            secs(&run["home"]["first_result_ms"]),
            kib(&run["home"]["bytes_to_first_result"]),
            secs(&run["home"]["engine_result_ms"]),
        );
        for peer in p["peers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["profile"] == profile)
        {
            let _ = writeln!(
                md,
                "| {profile} | {} | {} | {} | {} | {} | {} | – |",
                peer["peer"].as_str().unwrap_or("?"),
                secs(&peer["content_ms"]),
                kib(&peer["bytes_to_content"]),
                secs(&peer["box_ms"]),
                secs(&peer["first_result_ms"]),
                kib(&peer["bytes_to_first_result"]),
            );
        }
    }
    let _ = writeln!(md, "\nThe deep link's peer is a static site as Pagefind is meant for: a plain HTML page per entity (the same record's name, texts and places) and a home page, each with the default Pagefind UI (`pagefind-ui.js`, default options, over the same Pagefind index as above). MiniSearch, FlexSearch and Pagefind's API have no pages of their own: for them, the first result is that of their benchmark page, which searches the query from its address as soon as it has loaded (no search box, so no box time). On a repeat visit the service worker answers the app's files, so the bytes are what the page reports for them, not what crossed the network.");
    if phone_profile(report, crate::budgets::PHONE_COLD).is_some() {
        let _ = writeln!(
            md,
            "\nThe phone budgets above are judged on the cold profile."
        );
    }
    first_visit(md, &p["first_visit"]);
}

/// A first visit in full as the server counted it: every response with a body, largest first,
/// and how many were revalidations without one.
fn first_visit(md: &mut String, visit: &Value) {
    let Some(responses) = visit["responses"].as_array() else {
        return;
    };
    let _ = writeln!(
        md,
        "\n### A first visit in full\n\nThe home page, the query typed, the engine's first result, then everything the service worker keeps on its own (its shell and the data: search and every record's card; the later pages' module and the records' details are kept on a later visit, on request, or at once in kiosk mode), until it holds all of it and no response is on its way; counted at the server, bodies as sent (the brotli copy where there is one). Not throttled: the bytes do not depend on the network's speed. {} B ({} KiB) in {} responses.\n\n| path | status | bytes |\n|---|---:|---:|",
        visit["bytes"],
        kib(&visit["bytes"]),
        responses.len(),
    );
    let mut with_body: Vec<&Value> = responses
        .iter()
        .filter(|r| r["bytes"].as_u64() > Some(0))
        .collect();
    with_body.sort_by_key(|r| std::cmp::Reverse(r["bytes"].as_u64()));
    for r in &with_body {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} |",
            r["path"].as_str().unwrap_or("?"),
            r["status"],
            r["bytes"],
        );
    }
    let empty = responses.len() - with_body.len();
    if empty > 0 {
        let _ = writeln!(
            md,
            "\n{empty} more without a body: the service worker's checks of files the page had just fetched (304), and the like."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budgets::check;
    use serde_json::json;

    fn scores(r1: f64, r3: f64) -> Value {
        json!({"queries": 4, "recall_at_1": r1, "recall_at_3": r3})
    }

    /// The handbook and MiniSearch on both sets; the questions' held-out half differs from the
    /// whole set, so a table drawn from the wrong one shows the wrong figures.
    fn report() -> Value {
        let engine = |whole: (f64, f64), half: Option<(f64, f64)>| {
            let mut e = json!({"categories": {"mixed": scores(whole.0, whole.1)}, "overall": scores(whole.0, whole.1)});
            if let Some((r1, r3)) = half {
                e["splits"] = json!({"heldout": {"categories": {"mixed": scores(r1, r3)}, "overall": scores(r1, r3)}});
            }
            e
        };
        json!({
            "runs": 3,
            "quality": {
                "names": {"file": "tests/search-quality/queries.tsv", "engines": {
                    "handbook": engine((0.9, 1.0), None), "MiniSearch": engine((0.5, 0.75), None)}},
                "questions": {"file": "tests/search-quality/questions.tsv", "engines": {
                    "handbook": engine((0.8, 0.95), Some((0.625, 0.875))),
                    "MiniSearch": engine((0.7, 0.85), Some((0.375, 0.5)))}}
            },
            "app": [{"scale": "real", "throttle": 1, "cold_median": {"bytes_to_first_result": 1000, "first_result_ms": 400.0}, "keystroke_ms": {"p50": 0.5, "p99": 1.0}}],
            "peers": [{"name": "MiniSearch", "results": [{"throttle": 1, "bytes_to_first_result": 500, "first_result_ms": 100.0, "keystroke_ms": {"p50": 0.1, "p99": 0.2}}]}],
            "phone": {
                "network": {"latency": 150, "downloadThroughput": 209715.2, "uploadThroughput": 96000.0},
                "cpu": 4, "viewport": {"width": 390, "height": 844},
                "deep_link": "/village/bat-trang", "query": "bat trang",
                "first_visit": {"bytes": 3300, "responses": [
                    {"path": "/", "status": 200, "bytes": 1000},
                    {"path": "/app_bg.wasm", "status": 304, "bytes": 0},
                    {"path": "/app_bg.wasm", "status": 200, "bytes": 2300}]},
                "handbook": [{"profile": "phone, cold",
                    "deep_link": {"content_ms": 1260.0, "bytes_to_content": 27238.4},
                    "home": {"box_ms": 1870.0, "first_result_ms": 9430.0, "bytes_to_first_result": 1453670.4}}],
                "peers": [
                    {"profile": "phone, cold", "peer": "Pagefind UI (static pages)", "content_ms": 2110.0, "bytes_to_content": 33280.0, "box_ms": 1380.0, "first_result_ms": 4310.0, "bytes_to_first_result": 57344.0},
                    {"profile": "desktop, cold", "peer": "MiniSearch", "first_result_ms": 580.0, "bytes_to_first_result": 115916.8}
                ]
            }
        })
    }

    fn section<'a>(md: &'a str, heading: &str) -> &'a str {
        let start = md.find(heading).unwrap_or_else(|| panic!("no {heading}"));
        let rest = &md[start + heading.len()..];
        &rest[..rest.find("\n## ").unwrap_or(rest.len())]
    }

    #[test]
    fn each_gold_set_has_its_table_and_the_questions_their_held_out_half() {
        let r = report();
        let md = markdown(&r, &check(&r));
        let names = section(&md, "## Recall per query category: names");
        assert!(
            names.contains("| mixed | 4 | 0.900 / 1.000 | 0.500 / 0.750 |"),
            "{names}"
        );
        assert!(!names.contains("held-out"), "{names}");
        let questions = section(&md, "## Recall per query category: questions");
        let (whole, half) = questions
            .split_once("The held-out half of questions alone")
            .expect("a held-out table");
        assert!(
            whole.contains("| mixed | 4 | 0.800 / 0.950 | 0.700 / 0.850 |"),
            "{whole}"
        );
        assert!(
            half.contains("| mixed | 4 | 0.625 / 0.875 | 0.375 / 0.500 |"),
            "{half}"
        );
        assert!(
            half.contains("| **overall** | 4 | 0.625 / 0.875 | 0.375 / 0.500 |"),
            "{half}"
        );
        assert!(questions.contains("(bench-chart-questions.svg)"));
    }

    #[test]
    fn the_peers_table_shows_both_sets_overall_recall() {
        let r = report();
        let md = markdown(&r, &check(&r));
        let peers = section(&md, "## Against the peers");
        assert!(peers.contains("| names: Recall@1 / @3 | questions: Recall@1 / @3 |"));
        assert!(
            peers.contains(
                "| handbook | 1× | 1000 | 400.0 | 0.5 / 1.0 | 0.900 / 1.000 | 0.800 / 0.950 |"
            ),
            "{peers}"
        );
        assert!(
            peers.contains(
                "| MiniSearch | 1× | 500 | 100.0 | 0.1 / 0.2 | 0.500 / 0.750 | 0.700 / 0.850 |"
            ),
            "{peers}"
        );
    }

    #[test]
    fn the_first_visit_lists_each_response_with_a_body_largest_first() {
        let r = report();
        let md = markdown(&r, &check(&r));
        let visit = section(&md, "### A first visit in full");
        assert!(visit.contains("3300 B (3.2 KiB) in 3 responses"), "{visit}");
        assert!(
            visit.contains("| `/app_bg.wasm` | 200 | 2300 |\n| `/` | 200 | 1000 |"),
            "{visit}"
        );
        assert!(visit.contains("1 more without a body"), "{visit}");
    }

    #[test]
    fn the_phone_section_lists_each_profile_with_its_own_peers() {
        let r = report();
        let md = markdown(&r, &check(&r));
        let phone = section(&md, "## On a phone");
        assert!(
            phone.contains(
                "150 ms round trip, 1.6 Mbps down, 750 kbps up, 4× CPU, a 390×844 screen"
            ),
            "{phone}"
        );
        assert!(
            phone.contains("| phone, cold | handbook | 1.26 | 26.6 | 1.87 | 9.43 | 1419.6 |"),
            "{phone}"
        );
        assert!(
            phone.contains(
                "| phone, cold | Pagefind UI (static pages) | 2.11 | 32.5 | 1.38 | 4.31 | 56.0 |"
            ),
            "{phone}"
        );
        // A peer measured only on the desktop profile is not listed under a profile the handbook
        // has no run in.
        assert!(!phone.contains("| desktop, cold | MiniSearch"), "{phone}");
        // The budgets table judges the cold phone profile.
        assert!(
            md.contains(
                "| PASS phone, cold: deep link, name and summary on screen | ≤ 1.5 s | 1.3 s |"
            ),
            "{md}"
        );
        assert!(md.contains("| **FAIL** phone, cold: home, first result of a query typed at once | ≤ 4.0 s | 9.4 s |"), "{md}");
    }

    #[test]
    fn the_intro_gives_the_machines_load_when_the_report_has_it() {
        let mut r = report();
        let md = markdown(&r, &check(&r));
        assert!(!md.contains("load average"), "{md}");
        r["machine"]["load"] = json!({"start": 0.25, "end": 3.5});
        let md = markdown(&r, &check(&r));
        let intro = &md[..md.find("## Budgets").expect("a budgets section")];
        assert!(
            intro.contains(
                "load average (1 minute) was 0.25 when the run started and 3.50 when it ended"
            ),
            "{intro}"
        );
    }

    #[test]
    fn one_chart_per_gold_set() {
        assert_eq!(chart_file("names"), "bench-chart.svg");
        assert_eq!(chart_file("questions"), "bench-chart-questions.svg");
        let r = report();
        let svg = chart_svg("questions", &r["quality"]["questions"]["engines"]).unwrap();
        assert!(svg.contains("questions gold set"));
        assert!(svg.contains("mixed"));
    }
}
