//! Writing the bundle and its manifest so that readers never see a half-written output: each
//! file is written under a temporary name and renamed into place, the bundle and the names list
//! ([`NAMES_FILE`]) and the records' details files (`details/`, named by their contents) before
//! the manifest that names the bundle. A failed build leaves the
//! previous output untouched.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use handbook_search::build::Built;
use handbook_search::bundle::{Manifest, MANIFEST_NAME};
use handbook_search::details::{digest_of_name, file_name, DETAILS_DIR};
use handbook_search::names::NAMES_FILE;

/// Writes `data` to `path` atomically (temporary file in the same folder, then rename).
fn write_atomic(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(data)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

/// Reads the manifest in `dir`.
pub fn read_manifest(dir: &Path) -> anyhow::Result<Manifest> {
    let path = dir.join(MANIFEST_NAME);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Writes a built bundle, its names list, its details files and its manifest into `dir`, then
/// removes the bundles and details files older than the previous build's (kept so that a client
/// midway through an update can still fetch them).
pub fn write(dir: &Path, built: &Built) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let previous = read_manifest(dir).ok().map(|m| m.bundle);
    let details = dir.join(DETAILS_DIR);
    let kept_details = previous
        .as_deref()
        .and_then(|bundle| details_named_by(&dir.join(bundle)));
    fs::create_dir_all(&details).with_context(|| format!("creating {}", details.display()))?;
    // Named by their contents: a file already there holds these bytes.
    for (name, bytes) in &built.details {
        let path = details.join(name);
        if !path.exists() {
            write_atomic(&path, bytes)?;
        }
    }
    write_atomic(&dir.join(&built.manifest.bundle), &built.bytes)?;
    write_atomic(&dir.join(NAMES_FILE), &built.names)?;
    let manifest = serde_json::to_vec_pretty(&built.manifest)?;
    write_atomic(&dir.join(MANIFEST_NAME), &manifest)?;
    let keep = [Some(built.manifest.bundle.clone()), previous];
    for entry in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().to_string();
        let is_bundle = name.starts_with("handbook.") && name.ends_with(".bundle");
        if is_bundle && !keep.iter().flatten().any(|k| *k == name) {
            fs::remove_file(dir.join(&name)).with_context(|| format!("removing old {name}"))?;
        }
    }
    // The details that neither this bundle nor the previous one names; all are kept when the
    // previous bundle cannot be read.
    if let Some(previous) = kept_details {
        for entry in
            fs::read_dir(&details).with_context(|| format!("listing {}", details.display()))?
        {
            let name = entry?.file_name().to_string_lossy().to_string();
            let ours = digest_of_name(&name).is_some();
            if ours && !built.details.contains_key(&name) && !previous.contains(&name) {
                fs::remove_file(details.join(&name))
                    .with_context(|| format!("removing old {DETAILS_DIR}/{name}"))?;
            }
        }
    }
    Ok(())
}

/// The names of the details files the bundle at `path` names, if it opens.
fn details_named_by(path: &Path) -> Option<BTreeSet<String>> {
    let engine = handbook_search::Engine::open(fs::read(path).ok()?).ok()?;
    let digests = engine.details_missing().ok()?;
    Some(digests.iter().map(file_name).collect())
}
