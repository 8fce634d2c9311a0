//! Writes every page of the handbook as static HTML into the built site, from the app's own
//! components (see `app::prerender`):
//!
//!   cargo run -p app --features ssr --bin prerender -- [--data target/handbook-data]
//!       [--dist dist] [--origin http://127.0.0.1:8080]
//!
//! Run after `trunk build`: each page becomes `<dist>/<path>/index.html`, trunk's `index.html`
//! with the page inside. Trunk's page itself is kept as `<dist>/404.html`, the app for
//! addresses with no file of their own.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use app::i18n::Locale;
use app::lang;
use app::prerender::{self, Bilingual, PRERENDERED_ID};
use handbook_search::bundle::{Manifest, MANIFEST_NAME};
use handbook_search::Engine;

struct Options {
    data: PathBuf,
    dist: PathBuf,
    origin: String,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        data: PathBuf::from("target/handbook-data"),
        dist: PathBuf::from("dist"),
        origin: "http://127.0.0.1:8080".to_string(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data" => options.data = value.into(),
            "--dist" => options.dist = value.into(),
            "--origin" => options.origin = value.trim_end_matches('/').to_string(),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(options)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let options = options()?;
    let started = Instant::now();
    let manifest: Manifest = serde_json::from_slice(&read(&options.data.join(MANIFEST_NAME))?)
        .map_err(|e| format!("{MANIFEST_NAME}: {e}"))?;
    let engine = Engine::open(read(&options.data.join(&manifest.bundle))?)
        .map_err(|e| format!("{}: {e}", manifest.bundle))?;
    // Every page carries its record's details: a deep link reads whole without them.
    engine.add_details_from(&options.data)?;
    let engine = Arc::new(engine);

    // Trunk's page, or — when this already ran over this build — the copy kept of it.
    let index = options.dist.join("index.html");
    let fallback = options.dist.join("404.html");
    let mut shell = String::from_utf8_lossy(&read(&index)?).into_owned();
    if shell.contains(&format!("id=\"{PRERENDERED_ID}\"")) {
        shell = String::from_utf8_lossy(&read(&fallback)?).into_owned();
    }
    write(&fallback, &shell)?;

    prerender::init();
    let pages = prerender::pages(&engine, Locale::vi).map_err(|e| e.to_string())?;
    let english = prerender::pages(&engine, Locale::en).map_err(|e| e.to_string())?;
    let (mut count, mut bytes) = (0usize, 0usize);
    for (page, en) in pages.iter().zip(&english) {
        let render = |page: &prerender::Page, locale| {
            let href = page.route.href_in(lang::of(locale));
            prerender::render(engine.clone(), Some(manifest.clone()), &href, locale)
        };
        let (vi_body, en_body) = (render(page, Locale::vi), render(en, Locale::en));
        let both = Bilingual {
            vi: (page, &vi_body),
            en: (en, &en_body),
        };
        let html = prerender::document(&shell, &both, &options.origin)
            .ok_or("dist/index.html has no <title>, description or <body> to fill")?;
        let path = page.route.href();
        let folder = path.trim_start_matches('/');
        write(&options.dist.join(folder).join("index.html"), &html)?;
        count += 1;
        bytes += html.len();
    }
    println!(
        "prerendered {count} pages, {} KiB in all, in {:.2} s",
        bytes / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}
