//! `indexer units`: what the administrative-unit tables say about each village — its former
//! commune's code, the 2025 unit it went into (or the units, where it was divided) and the
//! commune's centroid — and, with `--write`, those filled into the village files where absent.
//!
//! Writing only adds fields that are absent (`historical.code`, `[current]` or its `code`,
//! `[coordinates]` at the commune's centre with `precision = "commune"`); it never changes a
//! field that is present. It is all or nothing: every new file is computed and re-read first,
//! written under a temporary name, and renamed into place only when all are ready.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use handbook_search::text::nfc;
use handbook_search::{Coordinates, CurrentUnit, Precision, Village};

use crate::admin::{commune_key, name_without_type, AdminTables, Suggestion};

/// What `--write` adds to one village file.
#[derive(Debug, Default, Clone, PartialEq)]
struct Fill {
    historical_code: Option<String>,
    /// The former commune's name without its type, where only its code is given.
    historical_commune: Option<String>,
    /// A whole `[current]` table: name, code, uncertain.
    current: Option<(String, String, bool)>,
    /// Only the code (and `uncertain`) of an existing `[current]`.
    current_code: Option<(String, bool)>,
    coordinates: Option<(String, String)>,
}

impl Fill {
    fn is_empty(&self) -> bool {
        *self == Fill::default()
    }

    /// The village as it will read once filled.
    fn apply(&self, v: &Village) -> anyhow::Result<Village> {
        let mut v = v.clone();
        if let Some(code) = &self.historical_code {
            v.historical.code = Some(code.clone());
        }
        if let Some(commune) = &self.historical_commune {
            v.historical.commune = Some(commune.clone());
        }
        if let Some((name, code, uncertain)) = &self.current {
            v.current = Some(CurrentUnit {
                name: name.clone(),
                code: Some(code.clone()),
                uncertain: *uncertain,
                source: None,
            });
        }
        if let (Some((code, uncertain)), Some(current)) = (&self.current_code, &mut v.current) {
            current.code = Some(code.clone());
            current.uncertain |= *uncertain;
        }
        if let Some((lat, lon)) = &self.coordinates {
            v.coordinates = Some(Coordinates {
                lat: lat.parse().context("centroid latitude")?,
                lon: lon.parse().context("centroid longitude")?,
                precision: Precision::Commune,
            });
        }
        Ok(v)
    }
}

/// What can be filled in `v` from the tables, and notes on what cannot.
fn plan(v: &Village, s: &Suggestion<'_>) -> (Fill, Vec<String>) {
    let mut fill = Fill::default();
    let mut notes = Vec::new();
    let divided = s.row.divided();
    if v.historical.code.is_none() {
        fill.historical_code = Some(s.row.code.clone());
    }
    if v.historical.commune.is_none() {
        fill.historical_commune = Some(name_without_type(&s.row.commune).to_string());
    }
    match &v.current {
        None => {
            fill.current = Some((s.default.name.clone(), s.default.code.clone(), divided));
        }
        Some(current) if current.code.is_none() => {
            let named = s
                .units
                .iter()
                .find(|u| commune_key(&u.name) == commune_key(&current.name));
            match named {
                Some(u) => {
                    let is_default = u.code == s.default.code;
                    if divided && !is_default && current.source.is_none() {
                        notes.push(format!(
                            "`current.name = \"{}\"` is not the conversion's default ({}): \
                             cite a [current.source], or use the default with uncertain = true",
                            current.name, s.default.name
                        ));
                    }
                    let uncertain = divided && is_default && current.source.is_none();
                    fill.current_code = Some((u.code.clone(), uncertain && !current.uncertain));
                }
                None => notes.push(format!(
                    "`current.name = \"{}\"` is none of {}: fix it by hand",
                    current.name,
                    s.units_text()
                )),
            }
        }
        Some(_) => {}
    }
    if v.coordinates.is_none() {
        fill.coordinates = Some((s.row.lat.clone(), s.row.lon.clone()));
    }
    (fill, notes)
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(nfc(s)).to_string()
}

/// Index of the `[name]` header line, and the index just after its last key line.
fn block(lines: &[String], name: &str) -> Option<(usize, usize)> {
    let header = format!("[{name}]");
    let start = lines.iter().position(|l| l.trim() == header)?;
    let mut end = start + 1;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if crate::seeds::is_header(line) {
            break;
        }
        let t = line.trim();
        if !t.is_empty() && !t.starts_with('#') {
            end = i + 1;
        }
    }
    Some((start, end))
}

/// Where a new table goes: after the block of the last of `after` present, else at the end.
fn insert_table(lines: &mut Vec<String>, after: &[&str], table: Vec<String>) {
    let at = after
        .iter()
        .rev()
        .find_map(|name| block(lines, name).map(|(_, end)| end))
        .unwrap_or(lines.len());
    let mut new = vec![String::new()];
    new.extend(table);
    lines.splice(at..at, new);
}

/// The village file's text with `fill` added, or an error if a table it needs is written in a
/// form this does not edit (an inline table).
fn edit(text: &str, fill: &Fill) -> anyhow::Result<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let historical: Vec<String> = [
        ("commune", &fill.historical_commune),
        ("code", &fill.historical_code),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some(format!("{key} = {}", toml_string(value.as_ref()?))))
    .collect();
    if !historical.is_empty() {
        let Some((_, end)) = block(&lines, "historical") else {
            bail!("`historical` is not a [historical] table");
        };
        lines.splice(end..end, historical);
    }
    if let Some((code, uncertain)) = &fill.current_code {
        let Some((_, end)) = block(&lines, "current") else {
            bail!("`current` is not a [current] table");
        };
        let mut new = vec![format!("code = {}", toml_string(code))];
        if *uncertain {
            new.push("uncertain = true".into());
        }
        lines.splice(end..end, new);
    }
    if let Some((name, code, uncertain)) = &fill.current {
        let mut table = vec![
            "[current]".to_string(),
            format!("name = {}", toml_string(name)),
            format!("code = {}", toml_string(code)),
        ];
        if *uncertain {
            table.push("uncertain = true".into());
        }
        insert_table(&mut lines, &["historical"], table);
    }
    if let Some((lat, lon)) = &fill.coordinates {
        let table = vec![
            "[coordinates]".to_string(),
            format!("lat = {lat}"),
            format!("lon = {lon}"),
            "precision = \"commune\"".to_string(),
        ];
        insert_table(&mut lines, &["historical", "current"], table);
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn describe(id: &str, v: &Village, s: &Suggestion<'_>, notes: &[String]) -> String {
    let mark = |present: bool| if present { "present" } else { "to fill" };
    let row = s.row;
    let mut out = format!("{id}: {}, {} ({})", row.district, row.commune, row.code);
    if row.divided() {
        out += &format!(
            " → divided between {}; default {} ({})",
            s.units_text(),
            s.default.name,
            s.default.code
        );
    } else {
        out += &format!(" → {}", s.units_text());
    }
    if v.historical.commune.is_none() {
        out += &format!(
            "\n  [historical] commune = {}  (to fill)",
            toml_string(name_without_type(&row.commune))
        );
    }
    out += &format!(
        "\n  [historical] code = {}  ({})",
        toml_string(&row.code),
        mark(v.historical.code.is_some())
    );
    let uncertain = if row.divided() {
        "\n  uncertain = true  (unless a [current.source] says which unit)"
    } else {
        ""
    };
    out += &format!(
        "\n  [current] name = {}, code = {}  ({}){uncertain}",
        toml_string(&s.default.name),
        toml_string(&s.default.code),
        mark(v.current.as_ref().is_some_and(|c| c.code.is_some()))
    );
    out += &format!(
        "\n  centroid lat = {}, lon = {}, precision = \"commune\"  ({})",
        row.lat,
        row.lon,
        if v.coordinates.is_some() {
            "coordinates present"
        } else {
            "to fill"
        }
    );
    for note in notes {
        out += &format!("\n  note: {note}");
    }
    out
}

/// Writes every `(path, text)` all or nothing: each to a temporary file first; then, if none
/// of the originals changed meanwhile, renames them all into place.
fn write_all(changes: &[(PathBuf, String, String)]) -> anyhow::Result<()> {
    let mut temps = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for (path, _, text) in changes {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("seed");
            let tmp = path.with_file_name(format!(".{name}.units.tmp"));
            temps.push(tmp.clone());
            let mut file =
                fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        for (path, before, _) in changes {
            let now =
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            if now != *before {
                bail!("{} changed while filling it; run again", path.display());
            }
        }
        Ok(())
    })();
    if let Err(err) = result {
        for tmp in &temps {
            let _ = fs::remove_file(tmp);
        }
        return Err(err);
    }
    for ((path, _, _), tmp) in changes.iter().zip(&temps) {
        fs::rename(tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
    }
    Ok(())
}

/// Runs the command: prints what the tables say about each village (all, or those in `ids`),
/// and with `write` fills the absent fields.
pub fn run(seeds: &Path, ids: &[String], write: bool) -> anyhow::Result<()> {
    let tables = match AdminTables::load(seeds) {
        Ok(t) => t,
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            bail!(
                "the administrative-unit tables in {} are unreadable",
                seeds.display()
            );
        }
    };
    let dir = seeds.join("villages");
    let mut paths: Vec<PathBuf> = Vec::new();
    if ids.is_empty() {
        paths = crate::seeds::all_files(seeds)
            .into_iter()
            .filter(|p| p.parent() == Some(dir.as_path()))
            .collect();
    } else {
        for id in ids {
            let path = dir.join(format!("{id}.toml"));
            if !path.is_file() {
                bail!("no village `{id}` ({} does not exist)", path.display());
            }
            paths.push(path);
        }
    }
    let mut changes = Vec::new();
    let mut skipped = 0;
    for path in &paths {
        let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let text =
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let v: Village = match toml::from_str(&text) {
            Ok(v) => v,
            Err(err) => {
                println!("{id}: does not parse ({}); skipped", err.message());
                skipped += 1;
                continue;
            }
        };
        let suggestion = match tables.suggest(&v) {
            Ok(s) => s,
            Err(why) => {
                println!("{id}: {why}; skipped");
                skipped += 1;
                continue;
            }
        };
        let (fill, notes) = plan(&v, &suggestion);
        println!("{}", describe(id, &v, &suggestion, &notes));
        if write && !fill.is_empty() {
            let new = edit(&text, &fill).with_context(|| format!("filling {}", path.display()))?;
            let reread: Village = toml::from_str(&new)
                .with_context(|| format!("{} would no longer parse", path.display()))?;
            if reread != fill.apply(&v)? {
                bail!(
                    "filling {} would change more than the absent fields; nothing was written",
                    path.display()
                );
            }
            changes.push((path.clone(), text, new));
        }
    }
    if write {
        write_all(&changes)?;
        eprintln!(
            "filled {} village file(s); {skipped} skipped (see above)",
            changes.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VILLAGE: &str = "id = \"x\"\nname = \"X\"\ncrafts = [\"gom-su\"]\nsummary = \"s\"\n\n\
                           [historical]\ndistrict = \"Gia Lâm\"\ncommune = \"Bát Tràng\"\n\n\
                           [[sources]]\ntitle = \"t\"\n";

    #[test]
    fn filling_adds_tables_after_historical_and_keeps_the_rest() {
        let fill = Fill {
            historical_code: Some("00583".into()),
            historical_commune: None,
            current: Some(("Xã Bát Tràng".into(), "00577".into(), true)),
            current_code: None,
            coordinates: Some(("20.985507".into(), "105.914729".into())),
        };
        let out = edit(VILLAGE, &fill).unwrap();
        assert_eq!(
            out,
            "id = \"x\"\nname = \"X\"\ncrafts = [\"gom-su\"]\nsummary = \"s\"\n\n\
             [historical]\ndistrict = \"Gia Lâm\"\ncommune = \"Bát Tràng\"\ncode = \"00583\"\n\n\
             [current]\nname = \"Xã Bát Tràng\"\ncode = \"00577\"\nuncertain = true\n\n\
             [coordinates]\nlat = 20.985507\nlon = 105.914729\nprecision = \"commune\"\n\n\
             [[sources]]\ntitle = \"t\"\n"
        );
        let v: Village = toml::from_str(VILLAGE).unwrap();
        let filled: Village = toml::from_str(&out).unwrap();
        assert_eq!(filled, fill.apply(&v).unwrap());
    }

    #[test]
    fn a_code_goes_into_an_existing_current_table() {
        let text = VILLAGE.replace(
            "\n[[sources]]",
            "\n[current]\nname = \"Xã Bát Tràng\"\n\n[current.source]\ntitle = \"a\"\n\n[[sources]]",
        );
        let fill = Fill {
            current_code: Some(("00577".into(), false)),
            ..Fill::default()
        };
        let out = edit(&text, &fill).unwrap();
        assert!(
            out.contains(
                "[current]\nname = \"Xã Bát Tràng\"\ncode = \"00577\"\n\n[current.source]"
            ),
            "{out}"
        );
    }
}
