//! Writing the bundle and its manifest so that readers never see a half-written output: each
//! file is written under a temporary name and renamed into place, the bundle and the names list
//! ([`NAMES_FILE`]) before the manifest that names the bundle. A failed build leaves the
//! previous output untouched.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use handbook_search::build::Built;
use handbook_search::bundle::{Manifest, MANIFEST_NAME};
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

/// Writes a built bundle, its names list and its manifest into `dir`, then removes bundles older than the
/// previous one (kept so that a client midway through an update can still fetch it).
pub fn write(dir: &Path, built: &Built) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let previous = read_manifest(dir).ok().map(|m| m.bundle);
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
    Ok(())
}
