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
    fn field_line(&self, table: Option<&str>, index: usize, field: &str) -> usize {
        let start = self.record_line(table, index);
        let top = field.split(['.', '[']).next().unwrap_or(field);
        let header = table.map(|t| format!("[[{t}]]"));
        for (i, line) in self.text.lines().enumerate().skip(start) {
            let line = line.trim();
            if header.as_deref() == Some(line) {
                break;
            }
            let key = line.split(['=', ']']).next().unwrap_or("").trim();
            let key = key.trim_start_matches('[').trim_start_matches('[');
            let key = key.rsplit('.').next().unwrap_or(key).trim();
            if key == top
                || line.starts_with(&format!("{top} "))
                || line.starts_with(&format!("{top}="))
            {
                return i + 1;
            }
        }
        start
    }
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
        if nfc(&file.text) != file.text {
            let bad = file
                .text
                .lines()
                .position(|l| nfc(l) != l)
                .map_or(1, |i| i + 1);
            self.push(
                file,
                bad,
                "-",
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
            let mut seen = HashMap::new();
            for (i, ind) in h.indicator.iter().enumerate() {
                c.id(f, Some("indicator"), i, &ind.id, &mut seen);
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
            c.year(f, None, 0, "recognition", r.year);
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
                            c.push(
                                f,
                                f.field_line(t, i, "stops"),
                                "stops.village",
                                format!("unknown village `{v}`"),
                            );
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
