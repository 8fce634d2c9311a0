//! Reading and checking `seeds/`: every problem in every file is collected and reported at
//! once, as `file:line: field: what is wrong`, and nothing is built while any remains.
//!
//! ```text
//! seeds/handbook.toml          updated date and the plan's indicators ([[indicator]])
//! seeds/crafts.toml            [[craft]]
//! seeds/villages/<id>.toml     one village per file
//! seeds/products/<id>.toml     [[product]] of one village
//! seeds/tours.toml             [[tour]] with [[tour.stops]]
//! ```

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use handbook_search::build::Dataset;
use handbook_search::geo::Commune;
use handbook_search::text::nfc;
use handbook_search::{
    Coordinates, Craft, PlanIndicator, Product, Source, Tour, Verification, Village,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Hanoi's bounding box, degrees: (south, north, west, east), with a small margin.
pub const HANOI_BOUNDS: (f64, f64, f64, f64) = (20.53, 21.40, 105.28, 106.03);
/// Latest year a record may carry: the year of the seeds' `updated` date.
const FALLBACK_YEAR: i32 = 2026;

/// One problem found in the seeds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// File, relative to the seeds folder's parent as given.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The field at fault (`crafts`, `ocop.stars`), or `-` for the whole file.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// A seed file's text, kept to find the line of a field.
struct SeedFile {
    path: PathBuf,
    text: String,
}

impl SeedFile {
    fn line_at(&self, byte: usize) -> usize {
        self.text[..byte.min(self.text.len())].matches('\n').count() + 1
    }

    /// Line where the `index`-th `[[table]]` starts (line 1 for a file holding one record).
    fn record_line(&self, table: Option<&str>, index: usize) -> usize {
        let Some(table) = table else { return 1 };
        let header = format!("[[{table}]]");
        self.text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == header)
            .nth(index)
            .map_or(1, |(i, _)| i + 1)
    }

    /// Line of `field` within the `index`-th record (falls back to the record's first line).
    /// A dotted field (`recognition.year`) is looked for after the line of its first part.
    fn field_line(&self, table: Option<&str>, index: usize, field: &str) -> usize {
        let start = self.record_line(table, index);
        let header = table.map(|t| format!("[[{t}]]"));
        let mut from = start;
        let mut found = start;
        for part in field.split('.') {
            let part = part.split('[').next().unwrap_or(part);
            let hit = self
                .text
                .lines()
                .enumerate()
                .skip(from)
                .take_while(|(_, l)| header.as_deref() != Some(l.trim()))
                .find(|(_, l)| key_of(l) == Some(part));
            match hit {
                Some((i, _)) => {
                    found = i + 1;
                    from = i + 1;
                }
                None => break,
            }
        }
        found
    }
}

impl SeedFile {
    /// Line of `key = …value…` within the `index`-th record, for a reference that can repeat
    /// (a tour's stops); falls back to [`SeedFile::field_line`].
    fn value_line(&self, table: Option<&str>, index: usize, key: &str, value: &str) -> usize {
        let start = self.record_line(table, index);
        let header = table.map(|t| format!("[[{t}]]"));
        self.text
            .lines()
            .enumerate()
            .skip(start)
            .take_while(|(_, l)| header.as_deref() != Some(l.trim()))
            .find(|(_, l)| key_of(l) == Some(key) && l.contains(value))
            .map_or_else(|| self.field_line(table, index, key), |(i, _)| i + 1)
    }
}

/// The key a TOML line sets or opens: `name` for `name = …`, `ocop` for `[product.ocop]`.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim();
    if let Some(inner) = line.strip_prefix('[') {
        let inner = inner
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches(']');
        return inner.rsplit('.').next().map(str::trim);
    }
    line.split_once('=')
        .map(|(k, _)| k.trim().rsplit('.').next().unwrap_or("").trim())
}

/// Collects problems while reading.
struct Checker {
    problems: Vec<Problem>,
    max_year: i32,
}

impl Checker {
    fn push(&mut self, file: &SeedFile, line: usize, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.path.clone(),
            line,
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Reads a TOML file into `T`, reporting a parse problem at its line.
    fn parse<T: DeserializeOwned>(&mut self, file: &SeedFile) -> Option<T> {
        if let Some((i, line)) = file.text.lines().enumerate().find(|(_, l)| nfc(l) != *l) {
            let field = match line.split_once('=') {
                Some((key, _)) => key.trim(),
                None => "-",
            };
            self.push(
                file,
                i + 1,
                field,
                "text is not NFC-normalised (run `indexer fmt`)",
            );
        }
        match toml::from_str(&file.text) {
            Ok(value) => Some(value),
            Err(err) => {
                let line = err.span().map_or(1, |s| file.line_at(s.start));
                let message = err.message().replace('\n', " ");
                let field = field_of(&message);
                self.push(file, line, &field, message);
                None
            }
        }
    }

    /// An English list must translate its Vietnamese list item for item (or be absent).
    fn translation(&mut self, f: &SeedFile, i: usize, field: &str, vi: &[String], en: &[String]) {
        if !en.is_empty() && en.len() != vi.len() {
            let line = f.field_line(Some("craft"), i, field);
            let vi_field = field.trim_end_matches("_en");
            self.push(
                f,
                line,
                field,
                format!(
                    "has {} items but `{vi_field}` has {}: translate item for item",
                    en.len(),
                    vi.len()
                ),
            );
        }
    }

    fn sources(&mut self, f: &SeedFile, t: Option<&str>, i: usize, v: Verification, s: &[Source]) {
        if v == Verification::Sourced && s.is_empty() {
            let line = f.field_line(t, i, "verification");
            self.push(
                f,
                line,
                "sources",
                "a `sourced` record needs at least one source",
            );
        }
        for source in s {
            if source.url.is_none() && source.document.is_none() && source.publisher.is_none() {
                let line = f.field_line(t, i, "sources");
                self.push(
                    f,
                    line,
                    "sources",
                    format!(
                        "source `{}` needs a url, document or publisher",
                        source.title
                    ),
                );
            }
            if let Some(date) = &source.date {
                self.year(
                    f,
                    t,
                    i,
                    "sources.date",
                    date.get(..4).and_then(|y| y.parse().ok()),
                );
            }
        }
    }

    fn year(&mut self, f: &SeedFile, t: Option<&str>, i: usize, field: &str, year: Option<i32>) {
        match year {
            Some(y) if y > self.max_year => {
                let line = f.field_line(t, i, field);
                self.push(
                    f,
                    line,
                    field,
                    format!(
                        "year {y} is in the future (seeds updated {})",
                        self.max_year
                    ),
                );
            }
            Some(y) if y < 1000 => {
                let line = f.field_line(t, i, field);
                self.push(f, line, field, format!("year {y} is not a year"));
            }
            None if field.ends_with("date") => {
                let line = f.field_line(t, i, field);
                self.push(f, line, field, "date must start with a four-digit year");
            }
            _ => {}
        }
    }

    fn coordinates(&mut self, f: &SeedFile, t: Option<&str>, i: usize, c: &Coordinates) {
        let (south, north, west, east) = HANOI_BOUNDS;
        if !(south..=north).contains(&c.lat) || !(west..=east).contains(&c.lon) {
            let line = f.field_line(t, i, "coordinates");
            self.push(
                f,
                line,
                "coordinates",
                format!("({}, {}) is outside Hanoi", c.lat, c.lon),
            );
        }
    }

    fn id(
        &mut self,
        f: &SeedFile,
        t: Option<&str>,
        i: usize,
        id: &str,
        seen: &mut HashMap<String, PathBuf>,
    ) {
        let line = f.field_line(t, i, "id");
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.push(f, line, "id", format!("`{id}` is not a slug (a-z, 0-9, -)"));
        }
        if let Some(first) = seen.insert(id.to_string(), f.path.clone()) {
            self.push(
                f,
                line,
                "id",
                format!("duplicate id `{id}` (also in {})", first.display()),
            );
        }
    }
}

/// Guesses the field a serde message names (`missing field `name``).
fn field_of(message: &str) -> String {
    for marker in ["unknown field `", "missing field `", "duplicate key `"] {
        if let Some(rest) = message.split(marker).nth(1) {
            return rest.split('`').next().unwrap_or("-").to_string();
        }
    }
    "-".to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandbookFile {
    /// Date of the last edit of the seeds, `YYYY-MM-DD`.
    updated: String,
    /// Digits an operator types to leave kiosk mode.
    #[serde(default)]
    kiosk_pin: Option<String>,
    #[serde(default)]
    indicator: Vec<PlanIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CraftsFile {
    #[serde(default)]
    craft: Vec<Craft>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductsFile {
    #[serde(default)]
    product: Vec<Product>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ToursFile {
    #[serde(default)]
    tour: Vec<Tour>,
}

fn read(path: &Path, problems: &mut Vec<Problem>) -> Option<SeedFile> {
    match fs::read_to_string(path) {
        Ok(text) => Some(SeedFile {
            path: path.to_path_buf(),
            text,
        }),
        Err(err) => {
            problems.push(Problem {
                file: path.to_path_buf(),
                line: 1,
                field: "-".into(),
                message: format!("cannot read: {err}"),
            });
            None
        }
    }
}

/// Every seed file, in a fixed order.
pub fn all_files(seeds: &Path) -> Vec<PathBuf> {
    let mut files = toml_files(seeds);
    files.extend(toml_files(&seeds.join("villages")));
    files.extend(toml_files(&seeds.join("products")));
    files
}

/// Rewrites every seed file in NFC; returns the files that changed.
pub fn normalise(seeds: &Path) -> anyhow::Result<Vec<PathBuf>> {
    use anyhow::Context;
    let mut changed = Vec::new();
    for path in all_files(seeds) {
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let normal = nfc(&text);
        if normal != text {
            fs::write(&path, normal).with_context(|| format!("writing {}", path.display()))?;
            changed.push(path);
        }
    }
    Ok(changed)
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The communes and wards since July 2025, for the map's labels: `admin/units-2025.csv` (see
/// `seeds/admin/README.md`). A seeds folder without the table has no commune labels.
fn communes(seeds: &Path, problems: &mut Vec<Problem>) -> Vec<Commune> {
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name: String,
        lat: f64,
        lon: f64,
    }
    let path = seeds.join("admin/units-2025.csv");
    if !path.exists() {
        return Vec::new();
    }
    let problem = |line: usize, message: String| Problem {
        file: path.clone(),
        line,
        field: "-".into(),
        message,
    };
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(reader) => reader,
        Err(err) => {
            problems.push(problem(1, err.to_string()));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, row) in reader.deserialize::<Row>().enumerate() {
        match row {
            Ok(r) => out.push(Commune {
                code: r.code,
                name: nfc(&r.name),
                lat: r.lat,
                lon: r.lon,
            }),
            Err(err) => problems.push(problem(i + 2, err.to_string())),
        }
    }
    out
}

/// Reads and checks the whole seeds folder. Returns the dataset, or every problem found.
pub fn load(seeds: &Path) -> Result<Dataset, Vec<Problem>> {
    let mut early = Vec::new();
    let handbook = read(&seeds.join("handbook.toml"), &mut early);
    let crafts = read(&seeds.join("crafts.toml"), &mut early);
    let tours = read(&seeds.join("tours.toml"), &mut early);
    let villages: Vec<SeedFile> = toml_files(&seeds.join("villages"))
        .iter()
        .filter_map(|p| read(p, &mut early))
        .collect();
    let products: Vec<SeedFile> = toml_files(&seeds.join("products"))
        .iter()
        .filter_map(|p| read(p, &mut early))
        .collect();

    let mut c = Checker {
        problems: early,
        max_year: FALLBACK_YEAR,
    };
    let mut data = Dataset::default();

    if let Some(f) = &handbook {
        if let Some(h) = c.parse::<HandbookFile>(f) {
            match h.updated.get(..4).and_then(|y| y.parse::<i32>().ok()) {
                Some(year) if h.updated.len() == 10 => c.max_year = year,
                _ => c.push(
                    f,
                    f.field_line(None, 0, "updated"),
                    "updated",
                    "must be a date, YYYY-MM-DD",
                ),
            }
            data.updated = h.updated;
            if let Some(pin) = &h.kiosk_pin {
                if pin.len() < 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
                    let line = f.field_line(None, 0, "kiosk_pin");
                    c.push(f, line, "kiosk_pin", "must be at least four digits");
                }
            }
            data.kiosk_pin = h.kiosk_pin;
            let mut seen = HashMap::new();
            for (i, ind) in h.indicator.iter().enumerate() {
                c.id(f, Some("indicator"), i, &ind.id, &mut seen);
                if let Some(m) = &ind.measure {
                    if !crate::plan::MEASURES.contains(&m.as_str()) {
                        let line = f.field_line(Some("indicator"), i, "measure");
                        let known = crate::plan::MEASURES.join(", ");
                        c.push(
                            f,
                            line,
                            "measure",
                            format!("unknown measure `{m}` (one of: {known})"),
                        );
                    }
                }
            }
            data.plan = h.indicator;
        }
    }

    if let Some(f) = &crafts {
        if let Some(file) = c.parse::<CraftsFile>(f) {
            let mut seen = HashMap::new();
            for (i, craft) in file.craft.iter().enumerate() {
                c.id(f, Some("craft"), i, &craft.id, &mut seen);
                c.sources(f, Some("craft"), i, craft.verification, &craft.sources);
                c.translation(f, i, "materials_en", &craft.materials, &craft.materials_en);
                c.translation(f, i, "process_en", &craft.process, &craft.process_en);
            }
            data.crafts = file.craft;
        }
    }
    let craft_ids: BTreeSet<&str> = data.crafts.iter().map(|c| c.id.as_str()).collect();

    let mut seen = HashMap::new();
    for f in &villages {
        let Some(v) = c.parse::<Village>(f) else {
            continue;
        };
        c.id(f, None, 0, &v.id, &mut seen);
        let stem = f.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != v.id {
            c.push(
                f,
                f.field_line(None, 0, "id"),
                "id",
                format!("id `{}` must match the file name `{stem}.toml`", v.id),
            );
        }
        if v.crafts.is_empty() {
            c.push(
                f,
                f.field_line(None, 0, "crafts"),
                "crafts",
                "a village needs at least one craft",
            );
        }
        for craft in &v.crafts {
            if !craft_ids.contains(craft.as_str()) {
                c.push(
                    f,
                    f.field_line(None, 0, "crafts"),
                    "crafts",
                    format!("unknown craft `{craft}`"),
                );
            }
        }
        for r in &v.recognition {
            c.year(f, None, 0, "recognition.year", r.year);
        }
        if let Some(coords) = &v.coordinates {
            c.coordinates(f, None, 0, coords);
        }
        c.sources(f, None, 0, v.verification, &v.sources);
        data.villages.push(v);
    }
    let village_ids: BTreeSet<String> = data.villages.iter().map(|v| v.id.clone()).collect();

    let mut seen = HashMap::new();
    for f in &products {
        let Some(file) = c.parse::<ProductsFile>(f) else {
            continue;
        };
        for (i, p) in file.product.into_iter().enumerate() {
            let t = Some("product");
            c.id(f, t, i, &p.id, &mut seen);
            if !village_ids.contains(&p.village) {
                c.push(
                    f,
                    f.field_line(t, i, "village"),
                    "village",
                    format!("unknown village `{}`", p.village),
                );
            }
            if !craft_ids.contains(p.craft.as_str()) {
                c.push(
                    f,
                    f.field_line(t, i, "craft"),
                    "craft",
                    format!("unknown craft `{}`", p.craft),
                );
            }
            if let Some(ocop) = &p.ocop {
                if !(3..=5).contains(&ocop.stars) {
                    c.push(
                        f,
                        f.field_line(t, i, "stars"),
                        "ocop.stars",
                        format!("{} stars: OCOP ratings are 3 to 5", ocop.stars),
                    );
                }
                if ocop.potential_five_star && ocop.stars != 4 {
                    c.push(
                        f,
                        f.field_line(t, i, "potential_five_star"),
                        "ocop.potential_five_star",
                        "only a 4-star product can carry the potential-5-star label",
                    );
                }
                c.year(f, t, i, "ocop.year", ocop.year);
                if p.sources.is_empty() {
                    c.push(
                        f,
                        f.field_line(t, i, "ocop"),
                        "ocop",
                        "an OCOP rating needs a source",
                    );
                }
            }
            if let Some(ip) = &p.ip {
                c.year(f, t, i, "ip.year", ip.year);
            }
            c.sources(f, t, i, p.verification, &p.sources);
            data.products.push(p);
        }
    }

    if let Some(f) = &tours {
        if let Some(file) = c.parse::<ToursFile>(f) {
            let mut seen = HashMap::new();
            for (i, tour) in file.tour.iter().enumerate() {
                let t = Some("tour");
                c.id(f, t, i, &tour.id, &mut seen);
                if tour.stops.len() < 2 {
                    c.push(
                        f,
                        f.field_line(t, i, "stops"),
                        "stops",
                        "a tour needs at least two stops",
                    );
                }
                for stop in &tour.stops {
                    match (&stop.village, &stop.place) {
                        (Some(v), None) if !village_ids.contains(v) => {
                            let line = f.value_line(t, i, "village", &format!("\"{v}\""));
                            c.push(f, line, "stops.village", format!("unknown village `{v}`"));
                        }
                        (Some(_), None) => {}
                        (None, Some(_)) if stop.coordinates.is_none() => {
                            c.push(
                                f,
                                f.field_line(t, i, "stops"),
                                "stops.coordinates",
                                "a place that is not a village needs coordinates",
                            );
                        }
                        (None, Some(_)) => {}
                        _ => c.push(
                            f,
                            f.field_line(t, i, "stops"),
                            "stops",
                            "a stop names either a village or a place",
                        ),
                    }
                    if let Some(coords) = &stop.coordinates {
                        c.coordinates(f, t, i, coords);
                    }
                }
                c.sources(f, t, i, tour.verification, &tour.sources);
            }
            data.tours = file.tour;
        }
    }
    data.communes = communes(seeds, &mut c.problems);

    if c.problems.is_empty() {
        data.villages.sort_by(|a, b| a.id.cmp(&b.id));
        data.products.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(data)
    } else {
        let mut problems = c.problems;
        problems.sort();
        Err(problems)
    }
}

/// Craft ids by folded id and folded Vietnamese and English name, for sheets that name crafts
/// in words. Empty if `crafts.toml` cannot be read (the check reports that).
pub fn craft_names(seeds: &Path) -> std::collections::BTreeMap<String, String> {
    let text = fs::read_to_string(seeds.join("crafts.toml")).unwrap_or_default();
    let crafts: Vec<Craft> = toml::from_str::<CraftsFile>(&text)
        .map(|f| f.craft)
        .unwrap_or_default();
    let fold = handbook_search::text::fold;
    crafts
        .into_iter()
        .flat_map(|c| {
            [fold(&c.id), fold(&c.name), fold(&c.name_en)]
                .into_iter()
                .map(move |key| (key, c.id.clone()))
        })
        .collect()
}

/// The products already in a products file (none if it does not exist or does not parse).
pub fn products_in(path: &Path) -> Vec<Product> {
    fs::read_to_string(path)
        .ok()
        .and_then(|text| toml::from_str::<ProductsFile>(&text).ok())
        .map(|f| f.product)
        .unwrap_or_default()
}
