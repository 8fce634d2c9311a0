//! Reading and checking `seeds/`: every problem in every file is collected and reported at
//! once, as `file:line: field: what is wrong`, and nothing is built while any remains.
//!
//! ```text
//! seeds/handbook.toml          updated date and the plan's indicators ([[indicator]])
//! seeds/crafts.toml            [[craft]]
//! seeds/villages/<id>.toml     one village per file
//! seeds/products/<id>.toml     [[product]] of one village
//! seeds/tours.toml             [[tour]] with [[tour.stops]]
//! seeds/admin/*.csv            Hanoi's administrative units before and after July 2025
//! ```
//!
//! Checking runs in steps: read the files, parse and check each table's own structure (ids,
//! references, ranges), then hold the whole dataset to the standard ([`crate::standard`]) and
//! the villages' addresses to the reference tables ([`crate::admin`]).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use handbook_search::build::Dataset;
use handbook_search::geo::Commune;
use handbook_search::text::nfc;
use handbook_search::{Coordinates, Craft, PlanIndicator, Product, Tour, Village};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::admin::AdminTables;
use crate::standard::{self, Finding, Table};

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

/// Whether a TOML line opens a table (`[historical]`, `[[product.sources]]`).
pub(crate) fn is_header(line: &str) -> bool {
    line.trim_start().starts_with('[')
}

impl SeedFile {
    fn line_at(&self, byte: usize) -> usize {
        self.text[..byte.min(self.text.len())].matches('\n').count() + 1
    }

    /// 0-based lines `[start, end)` of the `index`-th `[[table]]` (the whole file for a file
    /// holding one record).
    fn record_span(&self, table: Option<&str>, index: usize) -> (usize, usize) {
        let count = self.text.lines().count();
        let Some(table) = table else {
            return (0, count);
        };
        let header = format!("[[{table}]]");
        let starts: Vec<usize> = self
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == header)
            .map(|(i, _)| i)
            .collect();
        match starts.get(index) {
            Some(&start) => (start, starts.get(index + 1).copied().unwrap_or(count)),
            None => (0, count),
        }
    }

    /// 1-based line of `field` within the `index`-th record. A path (`historical.commune`,
    /// `sources[2].url`) is followed part by part: `[n]` picks the n-th (0-based) table or key
    /// of that name, and a key after a table header is looked for in that table only. Falls
    /// back to the deepest part found (the record's first line at worst).
    fn field_line(&self, table: Option<&str>, index: usize, field: &str) -> usize {
        let lines: Vec<&str> = self.text.lines().collect();
        let (start, end) = self.record_span(table, index);
        let mut from = start;
        let mut found = start;
        let mut in_table = false;
        for part in field.split('.') {
            let (name, nth) = match part.split_once('[') {
                Some((name, rest)) => (name, rest.trim_end_matches(']').parse().unwrap_or(0)),
                None => (part, 0),
            };
            let mut seen = 0;
            let mut hit = None;
            for (i, line) in lines.iter().enumerate().take(end).skip(from) {
                if key_of(line) == Some(name) {
                    if seen == nth {
                        hit = Some(i);
                        break;
                    }
                    seen += 1;
                } else if in_table && is_header(line) {
                    break;
                }
            }
            match hit {
                Some(i) => {
                    found = i;
                    from = i + 1;
                    in_table = is_header(lines[i]);
                }
                None => break,
            }
        }
        found + 1
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

/// Where a record was read: its file and its place there.
#[derive(Debug, Clone, Copy)]
struct At {
    /// Index into the checker's files.
    file: usize,
    /// The `[[table]]` of a file holding several records; `None` for one record per file.
    table: Option<&'static str>,
    /// Which record of the file.
    index: usize,
}

/// The records of each table, where they were read (in the order of the dataset's vectors).
#[derive(Debug, Default)]
struct Places {
    indicators: Vec<At>,
    crafts: Vec<At>,
    villages: Vec<At>,
    products: Vec<At>,
    tours: Vec<At>,
}

impl Places {
    fn of(&self, table: Table) -> &[At] {
        match table {
            Table::Indicator => &self.indicators,
            Table::Craft => &self.crafts,
            Table::Village => &self.villages,
            Table::Product => &self.products,
            Table::Tour => &self.tours,
        }
    }
}

/// The seeds as read and checked: the dataset in file order, and every problem.
pub struct Checked {
    /// Every record that parsed, in the order read (not yet sorted by id).
    pub data: Dataset,
    /// Every problem, sorted by file and line.
    pub problems: Vec<Problem>,
    /// The administrative-unit tables, if they could be read.
    pub admin: Option<AdminTables>,
}

/// Collects problems while reading.
struct Checker {
    problems: Vec<Problem>,
    max_year: i32,
    files: Vec<SeedFile>,
}

/// Drops the positions from a field path: `sources[2].url` → `sources.url`.
fn field_name(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

impl Checker {
    fn push_line(&mut self, file: usize, line: usize, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.files[file].path.clone(),
            line,
            field: field_name(field),
            message: message.into(),
        });
    }

    /// A problem with a record's field, at the field's line.
    fn at(&mut self, at: At, field: &str, message: impl Into<String>) {
        let line = self.files[at.file].field_line(at.table, at.index, field);
        self.push_line(at.file, line, field, message);
    }

    /// Reads a TOML file into `T`, reporting a parse problem at its line.
    fn parse<T: DeserializeOwned>(&mut self, file: usize) -> Option<T> {
        let f = &self.files[file];
        let not_nfc = f
            .text
            .lines()
            .enumerate()
            .find(|(_, l)| nfc(l) != *l)
            .map(|(i, line)| {
                let field = line.split_once('=').map_or("-", |(key, _)| key.trim());
                (i + 1, field.to_string())
            });
        let parsed = toml::from_str(&f.text).map_err(|err| {
            let line = err.span().map_or(1, |s| f.line_at(s.start));
            let message = err.message().replace('\n', " ");
            (line, field_of(&message), message)
        });
        if let Some((line, field)) = not_nfc {
            self.push_line(
                file,
                line,
                &field,
                "text is not NFC-normalised (run `indexer fmt`)",
            );
        }
        match parsed {
            Ok(value) => Some(value),
            Err((line, field, message)) => {
                self.push_line(file, line, &field, message);
                None
            }
        }
    }

    fn year(&mut self, at: At, field: &str, year: Option<i32>) {
        match year {
            Some(y) if y > self.max_year => {
                let message = format!(
                    "year {y} is in the future (seeds updated {})",
                    self.max_year
                );
                self.at(at, field, message);
            }
            Some(y) if y < 1000 => self.at(at, field, format!("year {y} is not a year")),
            _ => {}
        }
    }

    fn source_dates(&mut self, at: At, sources: &[handbook_search::Source]) {
        for (n, source) in sources.iter().enumerate() {
            let year = source
                .date
                .as_deref()
                .and_then(|d| d.get(..4)?.parse().ok());
            self.year(at, &format!("sources[{n}].date"), year);
        }
    }

    fn coordinates(&mut self, at: At, field: &str, c: &Coordinates) {
        let (south, north, west, east) = HANOI_BOUNDS;
        if !(south..=north).contains(&c.lat) || !(west..=east).contains(&c.lon) {
            self.at(
                at,
                field,
                format!("({}, {}) is outside Hanoi", c.lat, c.lon),
            );
        }
    }

    fn id(&mut self, at: At, id: &str, seen: &mut HashMap<String, PathBuf>) {
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.at(at, "id", format!("`{id}` is not a slug (a-z, 0-9, -)"));
        }
        let path = self.files[at.file].path.clone();
        if let Some(first) = seen.insert(id.to_string(), path) {
            self.at(
                at,
                "id",
                format!("duplicate id `{id}` (also in {})", first.display()),
            );
        }
    }

    /// The standard's and the address tables' findings, placed at their lines.
    fn findings(&mut self, findings: Vec<Finding>, places: &Places) {
        for f in findings {
            let at = places.of(f.table)[f.index];
            self.at(at, &f.field, f.message);
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
    /// Refused: earlier versions published a kiosk PIN here. A PIN is now set by an operator
    /// on each kiosk and kept only there (README, "Kiosk mode"); a PIN in the seeds would be
    /// public, so its presence is an error rather than silently ignored.
    #[serde(default)]
    kiosk_pin: Option<toml::Value>,
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

/// The files of each table, as indices into [`Checker::files`].
struct Files {
    handbook: Option<usize>,
    crafts: Option<usize>,
    tours: Option<usize>,
    villages: Vec<usize>,
    products: Vec<usize>,
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

/// Step 1: reads every seed file (a file that cannot be read is a problem).
fn read_files(seeds: &Path) -> (Checker, Files) {
    let mut problems = Vec::new();
    let mut all = Vec::new();
    let mut take = |path: &Path, problems: &mut Vec<Problem>| {
        read(path, problems).map(|f| {
            all.push(f);
            all.len() - 1
        })
    };
    let handbook = take(&seeds.join("handbook.toml"), &mut problems);
    let crafts = take(&seeds.join("crafts.toml"), &mut problems);
    let tours = take(&seeds.join("tours.toml"), &mut problems);
    let villages = toml_files(&seeds.join("villages"))
        .iter()
        .filter_map(|p| take(p, &mut problems))
        .collect();
    let products = toml_files(&seeds.join("products"))
        .iter()
        .filter_map(|p| take(p, &mut problems))
        .collect();
    let checker = Checker {
        problems,
        max_year: FALLBACK_YEAR,
        files: all,
    };
    let files = Files {
        handbook,
        crafts,
        tours,
        villages,
        products,
    };
    (checker, files)
}

/// Step 2: `handbook.toml`: the data's date and the plan's indicators.
fn check_handbook(c: &mut Checker, file: usize, data: &mut Dataset, places: &mut Places) {
    let Some(h) = c.parse::<HandbookFile>(file) else {
        return;
    };
    let whole = At {
        file,
        table: None,
        index: 0,
    };
    let date = standard::date_fault(&h.updated);
    match h.updated.get(..4).and_then(|y| y.parse::<i32>().ok()) {
        Some(year) if h.updated.len() == 10 && date.is_none() => c.max_year = year,
        _ => c.at(whole, "updated", "must be a date, YYYY-MM-DD"),
    }
    data.updated = h.updated;
    if h.kiosk_pin.is_some() {
        c.at(
            whole,
            "kiosk_pin",
            "is no longer read: the data is public, so an operator sets the PIN on each \
             kiosk instead (README, \"Kiosk mode\"); remove this line",
        );
    }
    let mut seen = HashMap::new();
    for (i, ind) in h.indicator.iter().enumerate() {
        let at = At {
            file,
            table: Some("indicator"),
            index: i,
        };
        places.indicators.push(at);
        c.id(at, &ind.id, &mut seen);
        if let Some(m) = &ind.measure {
            if !crate::plan::MEASURES.contains(&m.as_str()) {
                let known = crate::plan::MEASURES.join(", ");
                c.at(
                    at,
                    "measure",
                    format!("unknown measure `{m}` (one of: {known})"),
                );
            }
        }
        c.source_dates(at, &ind.sources);
    }
    data.plan = h.indicator;
}

/// Step 3: `crafts.toml`.
fn check_crafts(c: &mut Checker, file: usize, data: &mut Dataset, places: &mut Places) {
    let Some(crafts) = c.parse::<CraftsFile>(file) else {
        return;
    };
    let mut seen = HashMap::new();
    for (i, craft) in crafts.craft.iter().enumerate() {
        let at = At {
            file,
            table: Some("craft"),
            index: i,
        };
        places.crafts.push(at);
        c.id(at, &craft.id, &mut seen);
        c.source_dates(at, &craft.sources);
    }
    data.crafts = crafts.craft;
}

/// Step 4: `villages/*.toml`, one village per file.
fn check_villages(c: &mut Checker, files: &[usize], data: &mut Dataset, places: &mut Places) {
    let craft_ids: BTreeSet<String> = data.crafts.iter().map(|c| c.id.clone()).collect();
    let mut seen = HashMap::new();
    for &file in files {
        let Some(v) = c.parse::<Village>(file) else {
            continue;
        };
        let at = At {
            file,
            table: None,
            index: 0,
        };
        c.id(at, &v.id, &mut seen);
        let path = &c.files[file].path;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != v.id {
            let message = format!("id `{}` must match the file name `{stem}.toml`", v.id);
            c.at(at, "id", message);
        }
        if v.crafts.is_empty() {
            c.at(at, "crafts", "a village needs at least one craft");
        }
        for craft in &v.crafts {
            if !craft_ids.contains(craft) {
                c.at(at, "crafts", format!("unknown craft `{craft}`"));
            }
        }
        for (n, r) in v.recognition.iter().enumerate() {
            c.year(at, &format!("recognition[{n}].year"), r.year);
        }
        if let Some(coords) = &v.coordinates {
            c.coordinates(at, "coordinates", coords);
        }
        c.source_dates(at, &v.sources);
        places.villages.push(at);
        data.villages.push(v);
    }
}

/// Step 5: `products/*.toml`.
fn check_products(c: &mut Checker, files: &[usize], data: &mut Dataset, places: &mut Places) {
    let craft_ids: BTreeSet<&str> = data.crafts.iter().map(|c| c.id.as_str()).collect();
    let village_ids: BTreeSet<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
    let mut seen = HashMap::new();
    for &file in files {
        let Some(products) = c.parse::<ProductsFile>(file) else {
            continue;
        };
        for (i, p) in products.product.into_iter().enumerate() {
            let at = At {
                file,
                table: Some("product"),
                index: i,
            };
            c.id(at, &p.id, &mut seen);
            if !village_ids.contains(p.village.as_str()) {
                c.at(at, "village", format!("unknown village `{}`", p.village));
            }
            if !craft_ids.contains(p.craft.as_str()) {
                c.at(at, "craft", format!("unknown craft `{}`", p.craft));
            }
            if let Some(ocop) = &p.ocop {
                if !(3..=5).contains(&ocop.stars) {
                    let message = format!("{} stars: OCOP ratings are 3 to 5", ocop.stars);
                    c.at(at, "ocop.stars", message);
                }
                if ocop.potential_five_star && ocop.stars != 4 {
                    c.at(
                        at,
                        "ocop.potential_five_star",
                        "only a 4-star product can carry the potential-5-star label",
                    );
                }
                c.year(at, "ocop.year", ocop.year);
            }
            if let Some(ip) = &p.ip {
                c.year(at, "ip.year", ip.year);
            }
            c.source_dates(at, &p.sources);
            places.products.push(at);
            data.products.push(p);
        }
    }
}

/// Step 6: `tours.toml`.
fn check_tours(c: &mut Checker, file: usize, data: &mut Dataset, places: &mut Places) {
    let Some(tours) = c.parse::<ToursFile>(file) else {
        return;
    };
    let village_ids: BTreeSet<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
    let mut seen = HashMap::new();
    for (i, tour) in tours.tour.iter().enumerate() {
        let at = At {
            file,
            table: Some("tour"),
            index: i,
        };
        places.tours.push(at);
        c.id(at, &tour.id, &mut seen);
        if tour.stops.len() < 2 {
            c.at(at, "stops", "a tour needs at least two stops");
        }
        for (n, stop) in tour.stops.iter().enumerate() {
            let field = |key: &str| format!("stops[{n}].{key}");
            match (&stop.village, &stop.place) {
                (Some(v), None) if !village_ids.contains(v.as_str()) => {
                    c.at(at, &field("village"), format!("unknown village `{v}`"));
                }
                (None, Some(_)) if stop.coordinates.is_none() => c.at(
                    at,
                    &field("coordinates"),
                    "a place that is not a village needs coordinates",
                ),
                (Some(_), None) | (None, Some(_)) => {}
                _ => c.at(
                    at,
                    &format!("stops[{n}]"),
                    "a stop names either a village or a place",
                ),
            }
            if let Some(coords) = &stop.coordinates {
                c.coordinates(at, &field("coordinates"), coords);
            }
        }
        c.source_dates(at, &tour.sources);
    }
    data.tours = tours.tour;
}

/// Reads and checks the whole seeds folder, keeping every record that parsed and every
/// problem (for `check --report`, which shows the records even while problems remain).
pub fn check(seeds: &Path) -> Checked {
    let (mut c, files) = read_files(seeds);
    let mut data = Dataset::default();
    let mut places = Places::default();
    if let Some(f) = files.handbook {
        check_handbook(&mut c, f, &mut data, &mut places);
    }
    if let Some(f) = files.crafts {
        check_crafts(&mut c, f, &mut data, &mut places);
    }
    check_villages(&mut c, &files.villages, &mut data, &mut places);
    check_products(&mut c, &files.products, &mut data, &mut places);
    if let Some(f) = files.tours {
        check_tours(&mut c, f, &mut data, &mut places);
    }
    c.findings(standard::check(&data), &places);
    data.communes = communes(seeds, &mut c.problems);
    let admin = match AdminTables::load(seeds) {
        Ok(tables) => {
            c.findings(crate::admin::check(&data, &tables), &places);
            Some(tables)
        }
        Err(problems) => {
            c.problems.extend(problems);
            None
        }
    };
    let mut problems = c.problems;
    problems.sort();
    problems.dedup();
    Checked {
        data,
        problems,
        admin,
    }
}

/// Reads and checks the whole seeds folder. Returns the dataset, or every problem found.
pub fn load(seeds: &Path) -> Result<Dataset, Vec<Problem>> {
    let checked = check(seeds);
    if checked.problems.is_empty() {
        let mut data = checked.data;
        data.villages.sort_by(|a, b| a.id.cmp(&b.id));
        data.products.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(data)
    } else {
        Err(checked.problems)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SeedFile {
        SeedFile {
            path: "x.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn field_paths_find_the_line_of_the_nth_table_and_stay_inside_it() {
        let f = file(
            "id = \"a\"\nname = \"A\"\n\n[historical]\ndistrict = \"D\"\n\n[current]\nname = \"X\"\n\
             \n[current.source]\ntitle = \"S\"\nurl = \"u\"\n\n[[sources]]\ntitle = \"one\"\n\
             \n[[sources]]\ntitle = \"two\"\nurl = \"https://x.vn/a\"\n",
        );
        assert_eq!(f.field_line(None, 0, "name"), 2);
        assert_eq!(f.field_line(None, 0, "historical.district"), 5);
        assert_eq!(f.field_line(None, 0, "current.name"), 8);
        assert_eq!(f.field_line(None, 0, "current.source.url"), 12);
        assert_eq!(f.field_line(None, 0, "sources[1].url"), 19);
        // The first source has no url: its table's line, not the second source's url.
        assert_eq!(f.field_line(None, 0, "sources[0].url"), 14);
        assert_eq!(f.field_line(None, 0, "sources[1].title"), 18);
        assert_eq!(f.field_line(None, 0, "historical.commune"), 4);
    }

    #[test]
    fn field_paths_within_the_nth_record_of_a_table() {
        let f = file(
            "[[product]]\nid = \"a\"\n\n[[product]]\nid = \"b\"\n\n[product.ocop]\nstars = 4\n\
             \n[[product.sources]]\ntitle = \"t\"\n",
        );
        assert_eq!(f.field_line(Some("product"), 1, "id"), 5);
        assert_eq!(f.field_line(Some("product"), 1, "ocop.stars"), 8);
        assert_eq!(f.field_line(Some("product"), 1, "sources[0].title"), 11);
        assert_eq!(f.field_line(Some("product"), 0, "ocop"), 1);
        assert_eq!(field_name("sources[1].url"), "sources.url");
    }
}
