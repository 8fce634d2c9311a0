//! The indexer's commands. `main` only calls [`run`], which hands each command to one
//! function.

pub mod admin;
pub mod eval;
pub mod import;
pub mod output;
pub mod plan;
pub mod report;
pub mod seeds;
pub mod standard;
pub mod synth;
pub mod units;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use handbook_search::build::build;
use handbook_search::{Dataset, Engine, Kind, SearchRequest};

/// Builds, checks and queries the Hanoi craft-village handbook's search bundle.
#[derive(Parser)]
#[command(name = "indexer", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the seeds and write the bundle and its manifest into OUT.
    Build {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// The output folder (the bundle and manifest.json).
        #[arg(long)]
        out: PathBuf,
    },
    /// Build a bundle of the seeds grown to RECORDS records with synthetic ones (benchmark).
    Synth {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Total records wanted.
        #[arg(long)]
        records: usize,
        /// The output folder.
        #[arg(long)]
        out: PathBuf,
        /// Also write the searchable texts as JSON here (for other engines).
        #[arg(long)]
        export: Option<PathBuf>,
    },
    /// Write the searchable texts of the seeds as JSON (for other engines in the benchmark).
    Export {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// The JSON file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check the seeds against the standard and print the counts as JSON.
    Check {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Also print every record's score against the standard, weakest first.
        #[arg(long)]
        report: bool,
    },
    /// Show each village's former commune code, 2025 unit and commune centroid from
    /// seeds/admin/, and with --write fill those that are absent.
    Units {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
        /// Fill absent `historical.code`, `[current]` and `[coordinates]` (never changes a
        /// present field; all files or none).
        #[arg(long)]
        write: bool,
        /// Villages to show (all if none).
        villages: Vec<String>,
    },
    /// Rewrite every seed file in Unicode NFC (as some keyboards type NFD).
    Fmt {
        /// The seeds folder.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
    },
    /// Import a spreadsheet (CSV or XLSX, Vietnamese headers) into seed files.
    Import {
        /// The sheet to read.
        #[arg(long)]
        from: PathBuf,
        /// What the sheet holds.
        #[arg(long, value_enum)]
        kind: import::SheetKind,
        /// The seeds folder to write into.
        #[arg(long, default_value = "seeds")]
        seeds: PathBuf,
    },
    /// Measure search quality on gold sets: Recall@1, Recall@3 and MRR per category, and per
    /// half (tune, held-out) of a split set.
    Eval {
        /// The folder holding manifest.json and the bundle.
        #[arg(long)]
        index: PathBuf,
        /// Print the report as JSON (for several sets, an object keyed by file stem).
        #[arg(long)]
        json: bool,
        /// Instead of quality, time every prefix of every query natively (a quick check; the
        /// budget is measured in the browser by the benchmark). Labels are not checked.
        #[arg(long)]
        keystrokes: bool,
        /// The gold sets (TSV: category, query, acceptable kind/id list, optional split).
        #[arg(required = true)]
        sets: Vec<PathBuf>,
    },
    /// Search a built bundle, the way the app does.
    Query {
        /// The folder holding manifest.json and the bundle.
        #[arg(long)]
        index: PathBuf,
        /// Print one JSON object per result.
        #[arg(long)]
        json: bool,
        /// Most results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Instead of the results, print why the record `kind/id` scores what it scores (the
        /// query's explanation, before the kind and standing factors), for tuning the ranking.
        #[arg(long, value_name = "KIND/ID")]
        explain: Option<String>,
        /// The text to search for.
        text: String,
    },
}

/// Parses the arguments and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<ExitCode> {
    match Cli::parse_from(args).command {
        Command::Build { seeds, out } => build_bundle(&seeds, &out)?,
        Command::Synth {
            seeds,
            records,
            out,
            export,
        } => build_synthetic(&seeds, records, &out, export.as_deref())?,
        Command::Export { seeds, out } => write_export(&out, &load_seeds(&seeds)?)?,
        Command::Check { seeds, report } => check(&seeds, report)?,
        Command::Units {
            seeds,
            write,
            villages,
        } => units::run(&seeds, &villages, write)?,
        Command::Fmt { seeds } => {
            for path in seeds::normalise(&seeds)? {
                println!("normalised {}", path.display());
            }
        }
        Command::Import { from, kind, seeds } => {
            let written = import::import(kind, &from, &seeds)?;
            for path in &written {
                println!("wrote {}", path.display());
            }
            eprintln!(
                "imported {} file(s); run `indexer check` to review",
                written.len()
            );
        }
        Command::Eval {
            index,
            json,
            keystrokes,
            sets,
        } => evaluate(&open(&index)?, &sets, json, keystrokes)?,
        Command::Query {
            index,
            explain: Some(key),
            text,
            ..
        } => print_explanation(&open(&index)?, &text, &key)?,
        Command::Query {
            index,
            json,
            limit,
            explain: None,
            text,
        } => print_query(&open(&index)?, text, limit, json)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `build`: checks the seeds, writes the bundle and its manifest, and prints what was written.
fn build_bundle(seeds: &Path, out: &Path) -> anyhow::Result<()> {
    let data = load_seeds(seeds)?;
    let built = build(&data, plan::figures(&data)).context("building the index")?;
    output::write(out, &built)?;
    let summary = serde_json::json!({
        "bundle": built.manifest.bundle,
        "bytes": built.manifest.bytes,
        "counts": built.manifest.counts,
    });
    println!("{summary}");
    Ok(())
}

/// `synth`: builds the seeds grown to `records` records, timing the build for the benchmark.
fn build_synthetic(
    seeds: &Path,
    records: usize,
    out: &Path,
    export: Option<&Path>,
) -> anyhow::Result<()> {
    let data = synth::grow(&load_seeds(seeds)?, records, 2025);
    let started = std::time::Instant::now();
    let built = build(&data, plan::figures(&data)).context("building the index")?;
    let seconds = started.elapsed().as_secs_f64();
    output::write(out, &built)?;
    if let Some(path) = export {
        write_export(path, &data)?;
    }
    let summary = serde_json::json!({
        "records": data.counts().total(),
        "bundle": built.manifest.bundle,
        "bytes": built.manifest.bytes,
        "build_seconds": seconds,
    });
    println!("{summary}");
    Ok(())
}

/// `eval`: a text report per set, or JSON (one set's report, or an object of them by stem);
/// or, with `keystrokes`, the time per keystroke over all the sets.
fn evaluate(engine: &Engine, sets: &[PathBuf], json: bool, keystrokes: bool) -> anyhow::Result<()> {
    if keystrokes {
        let sets = sets
            .iter()
            .map(|p| eval::read(p))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let timings = eval::time_keystrokes(engine, &sets)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&timings)?);
        } else {
            print!("{timings}");
        }
        return Ok(());
    }
    let mut reports = serde_json::Map::new();
    for path in sets {
        let report = eval::run(engine, &eval::read(path)?)?;
        if json {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            reports.insert(stem.into_owned(), serde_json::to_value(&report)?);
        } else {
            println!("== {}", path.display());
            print!("{report}");
        }
    }
    if json {
        let value = match (reports.len(), reports.values().next()) {
            (1, Some(only)) => only.clone(),
            _ => serde_json::Value::Object(reports),
        };
        println!("{}", serde_json::to_string_pretty(&value)?);
    }
    Ok(())
}

/// `query`: one line per hit, as JSON or as a table.
fn print_query(engine: &Engine, text: String, limit: usize, json: bool) -> anyhow::Result<()> {
    let results = engine.search(&SearchRequest {
        text,
        limit,
        ..Default::default()
    })?;
    if !json {
        // What decided the results: how many records matched, and how each word counted.
        let words: Vec<String> = results
            .query
            .iter()
            .flat_map(|q| &q.words)
            .map(|w| {
                let role = if w.selective { "selects" } else { "scores" };
                format!("{} ({role}, weight {:.2})", w.literal.folded, w.weight)
            })
            .collect();
        println!("{} results; {}", results.total, words.join(", "));
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        if json {
            let line = serde_json::json!({
                "rank": rank + 1,
                "kind": hit.kind.as_str(),
                "id": hit.id,
                "title": hit.record.name(),
                "score": hit.score,
            });
            println!("{line}");
        } else {
            println!(
                "{:>2}. {:<8} {:<32} {:.3}",
                rank + 1,
                hit.kind.as_str(),
                hit.record.name(),
                hit.score
            );
        }
    }
    Ok(())
}

/// `query --explain`: the explanation of one record's score, or a line saying it does not match.
fn print_explanation(engine: &Engine, text: &str, key: &str) -> anyhow::Result<()> {
    let (kind, id) = key
        .split_once('/')
        .and_then(|(kind, id)| Some((Kind::parse(kind)?, id)))
        .with_context(|| format!("{key:?} is not kind/id (village/bat-trang)"))?;
    match engine.explain(text, kind, id)? {
        Some(explanation) => println!("{explanation}"),
        None => println!("{key} does not match {text:?}"),
    }
    Ok(())
}

fn write_export(path: &Path, data: &Dataset) -> anyhow::Result<()> {
    let texts = handbook_search::build::searchable_texts(data);
    let json = serde_json::to_vec(&texts)?;
    std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))
}

/// `check`: the report (if asked) on stdout; the counts on stdout when the seeds pass, else
/// every problem and then the counts on stderr.
fn check(seeds: &Path, report: bool) -> anyhow::Result<()> {
    if !seeds.is_dir() {
        bail!("seeds folder {} does not exist", seeds.display());
    }
    let checked = seeds::check(seeds);
    if report {
        print!("{}", report::render(&checked));
    }
    let counts = serde_json::to_string(&report::counts(&checked))?;
    if checked.problems.is_empty() {
        println!("{counts}");
        return Ok(());
    }
    for p in &checked.problems {
        eprintln!("{p}");
    }
    eprintln!("counts: {counts}");
    bail!(
        "{} problem(s) in {}; nothing was written",
        checked.problems.len(),
        seeds.display()
    )
}

/// Loads and checks the seeds, printing every problem to stderr if there are any.
pub fn load_seeds(seeds: &Path) -> anyhow::Result<Dataset> {
    if !seeds.is_dir() {
        bail!("seeds folder {} does not exist", seeds.display());
    }
    match seeds::load(seeds) {
        Ok(data) => Ok(data),
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            bail!(
                "{} problem(s) in {}; nothing was written",
                problems.len(),
                seeds.display()
            )
        }
    }
}

/// Opens the bundle named by the manifest in `dir`, with its records' details.
pub fn open(dir: &Path) -> anyhow::Result<Engine> {
    let manifest = output::read_manifest(dir)?;
    let path = dir.join(&manifest.bundle);
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let engine = Engine::open(bytes).with_context(|| format!("opening {}", path.display()))?;
    engine.add_details_from(dir).map_err(anyhow::Error::msg)?;
    Ok(engine)
}
