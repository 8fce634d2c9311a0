//! Renders a benchmark report as `docs/benchmarks.md` (tables) and `docs/bench-chart.svg`
//! (Recall@3 per query category, the handbook against the peers, drawn with plotters).

use std::fmt::Write;

use plotters::prelude::*;
use serde_json::Value;

use crate::budgets::Check;

const ENGINES: [&str; 4] = ["handbook", "MiniSearch", "FlexSearch", "Pagefind"];
const COLOURS: [RGBColor; 4] = [
    RGBColor(122, 46, 26),
    RGBColor(47, 111, 159),
    RGBColor(95, 122, 31),
    RGBColor(106, 63, 160),
];

fn categories(report: &Value) -> Vec<String> {
    report["quality"]["handbook"]["categories"]
        .as_object()
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default()
}

/// The chart: for each query category, one bar per engine with its Recall@3.
pub fn chart_svg(report: &Value) -> anyhow::Result<String> {
    let cats = categories(report);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Recall@3 by query category (gold set, real seeds)",
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
                let r = report["quality"][engine]["categories"][cat]["recall_at_3"].as_f64()?;
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
    categories_table(&mut md, report);
    md
}

fn intro(md: &mut String, report: &Value) {
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Measured by `cargo xtask bench` on {} — {} cores ({}), {} GiB, {}; medians of {} runs. \
         The release site is served on loopback with brotli, as a CDN would serve it; CPU \
         throttling is Chrome DevTools' `Emulation.setCPUThrottlingRate`.\n",
        report["date"].as_str().unwrap_or("?"),
        report["machine"]["cpus"],
        report["machine"]["model"].as_str().unwrap_or("?"),
        report["machine"]["memory_gb"],
        report["browser"].as_str().unwrap_or("?"),
        report["runs"],
    );
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
    for asset in ["html", "js", "css", "wasm", "bundle"] {
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
}

fn app_runs(md: &mut String, report: &Value) {
    let _ = writeln!(md, "\n## The handbook: start-up, keystrokes, memory\n\n| scale | CPU | start | wasm init (ms) | bundle fetch (ms) | bundle open (ms) | first result (ms) | bytes to first result | keystroke p50 / p95 / p99 (ms) | wasm memory after open / after 1,000 queries (MiB) | JS heap after 1,000 queries (MiB) |\n|---|---|---|---:|---:|---:|---:|---:|---|---|---:|");
    for run in report["app"].as_array().into_iter().flatten() {
        for start in ["cold", "cached"] {
            let m = &run[format!("{start}_median")];
            let k = &run["keystroke_ms"];
            let wasm = |key: &str| mib(&run[key]["wasm_memory_bytes"]);
            let _ = writeln!(
                md,
                "| {} | {}× | {start} | {} | {} | {} | {} | {} | {} / {} / {} | {} / {} | {} |",
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
/// keystroke times, `quality` its overall recall.
fn peer_row(md: &mut String, name: &str, run: &Value, cold: &Value, quality: &Value) {
    let _ = writeln!(
        md,
        "| {name} | {}× | {} | {} | {} / {} | {} | {} |",
        run["throttle"],
        cold["bytes_to_first_result"],
        ms(&cold["first_result_ms"]),
        ms(&run["keystroke_ms"]["p50"]),
        ms(&run["keystroke_ms"]["p99"]),
        pct(&quality["recall_at_1"]),
        pct(&quality["recall_at_3"]),
    );
}

fn peers(md: &mut String, report: &Value) {
    let _ = writeln!(md, "\n## Against the peers (real seeds, same records, same queries)\n\n| engine | CPU | bytes to first result | first result (ms) | keystroke p50 / p99 (ms) | Recall@1 | Recall@3 |\n|---|---|---:|---:|---|---:|---:|");
    let handbook = &report["quality"]["handbook"]["overall"];
    for run in report["app"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["scale"] == "real")
    {
        peer_row(md, "handbook", run, &run["cold_median"], handbook);
    }
    for peer in report["peers"].as_array().into_iter().flatten() {
        let name = peer["name"].as_str().unwrap_or("?");
        let quality = &report["quality"][name]["overall"];
        for run in peer["results"].as_array().into_iter().flatten() {
            peer_row(md, name, run, run, quality);
        }
    }
    let _ = writeln!(md, "\nBytes and times are from a cold start (no cache) to the first result of the query `bat trang`. Peers: MiniSearch (prefix + fuzzy 0.2, accents folded by NFD), FlexSearch (`forward` tokenizer, `LatinBalance` charset, indexed in the browser from the records), Pagefind (Node indexing API, language `vi`).\n");
}

fn categories_table(md: &mut String, report: &Value) {
    let _ = writeln!(
        md,
        "## Recall@3 per query category\n\n![Recall@3 by category](bench-chart.svg)\n"
    );
    let _ = writeln!(md, "| category | {} |", ENGINES.join(" | "));
    let _ = writeln!(md, "|---|{}", "---:|".repeat(ENGINES.len()));
    for cat in &categories(report) {
        let cells: Vec<String> = ENGINES
            .iter()
            .map(|e| pct(&report["quality"][e]["categories"][cat]["recall_at_3"]))
            .collect();
        let _ = writeln!(md, "| {cat} | {} |", cells.join(" | "));
    }
}
