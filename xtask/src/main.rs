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

const USAGE: &str = "usage: cargo xtask bench [--quick] [--no-build] | cargo xtask report
  bench        build the release site, run the browser benchmark, write docs/benchmarks.md
  --quick      one run per measure, real scale only
  --no-build   measure the site already in dist/ (no build)
  report       render target/bench/report.json into docs/benchmarks.md";

/// What the command line asks for: a task and its options, or the usage when it is asked for
/// or not understood (so that `--help` prints it rather than starting a build of several
/// minutes).
fn parse(args: &[String]) -> Result<(&str, Vec<&str>), bool> {
    let Some((task, options)) = args.split_first() else {
        return Err(false);
    };
    let options: Vec<&str> = options.iter().map(String::as_str).collect();
    let known: &[&str] = match task.as_str() {
        "bench" => &["--quick", "--no-build"],
        "report" => &[],
        "help" | "--help" | "-h" => return Err(true),
        _ => return Err(false),
    };
    if options.iter().any(|o| *o == "--help" || *o == "-h") {
        return Err(true);
    }
    if options.iter().any(|o| !known.contains(o)) {
        return Err(false);
    }
    Ok((task.as_str(), options))
}

fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, options) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(asked) => {
            eprintln!("{USAGE}");
            return Ok(if asked {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
    };
    let root = root();
    let report_path = root.join("target/bench/report.json");
    match task {
        "bench" => {
            let quick = options.contains(&"--quick");
            let runs = if quick { 1 } else { 3 };
            if !options.contains(&"--no-build") {
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
        _ => render(&root, &report_path),
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

#[cfg(test)]
mod tests {
    use super::parse;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn asking_for_help_prints_the_usage_instead_of_building() {
        for line in [
            "bench --help",
            "bench -h",
            "--help",
            "help",
            "report --help",
        ] {
            assert_eq!(parse(&args(line)), Err(true), "{line}");
        }
    }

    #[test]
    fn an_option_not_understood_is_refused_before_anything_runs() {
        for line in [
            "",
            "bench --quik",
            "bench --no-build --runs",
            "report --quick",
            "build",
        ] {
            assert_eq!(parse(&args(line)), Err(false), "{line:?}");
        }
    }

    #[test]
    fn known_options_are_passed_on() {
        assert_eq!(
            parse(&args("bench --no-build --quick")),
            Ok(("bench", vec!["--no-build", "--quick"]))
        );
        assert_eq!(parse(&args("report")), Ok(("report", vec![])));
    }
}
