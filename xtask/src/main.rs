//! Project tasks. `cargo xtask bench` builds the release site (every page prerendered, as
//! `scripts/serve.sh` does), runs the browser benchmark
//! (tests/e2e/bench) and writes the report; `--no-build` measures the site already in `dist/`
//! with the indexer already in `target/release/`. `cargo xtask report` renders an existing
//! `target/bench/report.json` into `docs/benchmarks.md` and one chart per gold set
//! (`docs/bench-chart.svg`, `docs/bench-chart-questions.svg`).

mod budgets;
mod report;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn sh(command: &str, dir: &Path) -> anyhow::Result<()> {
    eprintln!("+ {command}");
    let status = Command::new("bash")
        .args(["-c", command])
        .current_dir(dir)
        .status()
        .with_context(|| format!("running {command}"))?;
    if !status.success() {
        bail!("`{command}` failed with {status}");
    }
    Ok(())
}

fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    let report_path = root.join("target/bench/report.json");
    match args.first().map(String::as_str) {
        Some("bench") => {
            let quick = args.iter().any(|a| a == "--quick");
            let runs = if quick { 1 } else { 3 };
            if !args.iter().any(|a| a == "--no-build") {
                sh(
                    "source scripts/setup.sh --browser \
                     && cargo build --release -p indexer \
                     && target/release/indexer build --seeds seeds --out target/handbook-data \
                     && trunk build --release --offline \
                     && cargo run -p app --features ssr --bin prerender -- --data target/handbook-data --dist dist",
                    &root,
                )?;
            }
            sh(
                &format!(
                    "source scripts/setup.sh --browser && cd tests/e2e && node bench/bench.mjs --root {} --out {} --runs {runs}{}",
                    root.display(),
                    root.join("target/bench").display(),
                    if quick { " --quick" } else { "" }
                ),
                &root,
            )?;
            render(&root, &report_path)
        }
        Some("report") => render(&root, &report_path),
        _ => {
            eprintln!("usage: cargo xtask bench [--quick] [--no-build] | cargo xtask report");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn render(root: &Path, report_path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(report_path)
        .with_context(|| format!("reading {}", report_path.display()))?;
    let report: serde_json::Value = serde_json::from_str(&text).context("parsing the report")?;
    let checks = budgets::check(&report);
    for check in &checks {
        println!("{check}");
    }
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs)?;
    for (set, engines) in budgets::quality_sets(&report) {
        let chart = report::chart_svg(&set, engines).context("drawing the chart")?;
        std::fs::write(docs.join(report::chart_file(&set)), chart)?;
    }
    std::fs::write(
        docs.join("benchmarks.md"),
        report::markdown(&report, &checks),
    )?;
    println!("wrote docs/benchmarks.md and the charts in docs/");
    Ok(ExitCode::SUCCESS)
}
