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
use clap::{Parser, Subcommand};

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

/// Project tasks.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, PartialEq, Subcommand)]
enum Task {
    /// Build the release site, run the browser benchmark, write docs/benchmarks.md
    Bench {
        /// One run per measure, real scale only
        #[arg(long)]
        quick: bool,
        /// Measure the site already in dist/ (no build)
        #[arg(long)]
        no_build: bool,
    },
    /// Render target/bench/report.json into docs/benchmarks.md
    Report,
}

fn run() -> anyhow::Result<ExitCode> {
    // `--help` prints the usage, and an option not understood is refused, before anything runs
    // (a build takes minutes).
    let cli = Cli::parse();
    let root = root();
    let report_path = root.join("target/bench/report.json");
    match cli.task {
        Task::Bench { quick, no_build } => {
            let runs = if quick { 1 } else { 3 };
            if !no_build {
                sh(
                    "source scripts/setup.sh --browser && ./scripts/build-site.sh",
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
        Task::Report => render(&root, &report_path),
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
    use clap::error::ErrorKind;
    use clap::{CommandFactory, Parser};

    use super::{Cli, Task};

    fn parse(line: &str) -> Result<Task, ErrorKind> {
        Cli::try_parse_from(std::iter::once("xtask").chain(line.split_whitespace()))
            .map(|cli| cli.task)
            .map_err(|e| e.kind())
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
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
            assert_eq!(parse(line), Err(ErrorKind::DisplayHelp), "{line}");
        }
    }

    #[test]
    fn an_option_not_understood_is_refused_before_anything_runs() {
        for line in [
            "bench --quik",
            "bench --no-build --runs",
            "report --quick",
            "build",
        ] {
            assert!(parse(line).is_err(), "{line:?} was accepted");
        }
        assert!(parse("").is_err(), "no task was accepted");
    }

    #[test]
    fn known_options_are_passed_on() {
        assert_eq!(
            parse("bench --no-build --quick"),
            Ok(Task::Bench {
                quick: true,
                no_build: true
            })
        );
        assert_eq!(parse("report"), Ok(Task::Report));
    }
}
