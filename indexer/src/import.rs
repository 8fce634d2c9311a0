//! `indexer import`: turns a spreadsheet kept by a city office (one row per village or product,
//! Vietnamese column headers, CSV or XLSX) into seed files.
//!
//! Every row problem is reported at once as `file:row: column: problem`. The new seeds are then
//! written into a copy of the seeds folder and checked as a whole (references to crafts and
//! villages included); only if that copy is clean are the files moved into `seeds/`, all or
//! nothing. A bad sheet therefore changes nothing.
//!
//! A sheet is not trusted (issue 11): ids become file names only once they are slugs, an
//! existing products file that does not parse stops the import instead of being replaced, an
//! XLSX is read cell by cell within [`MAX_ROWS`] × [`MAX_COLUMNS`] and [`MAX_UNPACKED_BYTES`],
//! and only web addresses become source links.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context};
use calamine::{DataRef, Reader, Xlsx};
use handbook_search::links::safe_href;
use handbook_search::text::{fold, nfc, slug};
use handbook_search::wire;
use handbook_search::{
    Coordinates, CurrentUnit, HistoricalAddress, IpKind, IpRight, Ocop, Precision, Product,
    Recognition, Services, Source, Status, Title, Verification, Village,
};
use serde::{Deserialize, Serialize};

use crate::seeds::Problem;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetKind {
    /// One row per village.
    Villages,
    /// One row per product.
    Products,
}

/// Most rows a sheet may use, the header included. Hanoi has a few hundred craft villages; the
/// limit is there so that one stray cell far down a sheet cannot make the reader allocate a
/// grid of millions of rows.
pub const MAX_ROWS: u32 = 10_000;
/// Most columns a sheet may use (the widest sheet has 27).
pub const MAX_COLUMNS: u32 = 64;
/// Largest sheet file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// Most bytes the parts of an XLSX file may unpack to, all together: a small zip can unpack to
/// gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 64 << 20;
/// Longest id, in bytes (ids become file names).
const MAX_ID_LEN: usize = 100;

/// The columns of a village sheet, in the order the README documents them.
pub const VILLAGE_COLUMNS: [&str; 27] = [
    "Mã",
    "Tên làng",
    "Tên tiếng Anh",
    "Tên khác",
    "Nghề",
    "Tóm tắt",
    "Tóm tắt tiếng Anh",
    "Danh hiệu",
    "Số quyết định",
    "Năm công nhận",
    "Tình trạng",
    "Quận/huyện cũ",
    "Xã/phường cũ",
    "Xã/phường mới",
    "Mã đơn vị mới",
    "Vĩ độ",
    "Kinh độ",
    "Độ chính xác",
    "Nghệ nhân",
    "Phòng trưng bày",
    "Thương mại điện tử",
    "Du lịch",
    "Nguồn",
    "Đơn vị đưa tin",
    "Đường dẫn",
    "Ngày",
    "Kiểm chứng",
];

/// The columns of a product sheet.
pub const PRODUCT_COLUMNS: [&str; 20] = [
    "Mã",
    "Tên sản phẩm",
    "Tên tiếng Anh",
    "Mã làng",
    "Nghề",
    "Chủ thể",
    "Tóm tắt",
    "Tóm tắt tiếng Anh",
    "Số sao OCOP",
    "Tiềm năng 5 sao",
    "Số quyết định OCOP",
    "Năm OCOP",
    "Sở hữu trí tuệ",
    "Số văn bằng",
    "Đã số hóa",
    "Nguồn",
    "Đơn vị đưa tin",
    "Đường dẫn",
    "Ngày",
    "Kiểm chứng",
];

/// A problem in a sheet: the sheet as `file`, its row (the header is row 1) as `line`, the
/// column header as `field`.
fn sheet_problem(file: &Path, row: usize, column: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_path_buf(),
        line: row,
        field: column.to_string(),
        message: message.into(),
    }
}

/// A sheet's used cells as text: the header row and the rows below it, each with its
/// spreadsheet row number (1-based) and its cells by column.
struct Grid {
    header: (usize, Vec<String>),
    rows: Vec<(usize, Vec<String>)>,
}

/// Reads a sheet file's bytes, refusing one larger than [`MAX_FILE_BYTES`].
fn read_capped(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "{}: larger than {} MiB; the import reads smaller sheets",
            path.display(),
            MAX_FILE_BYTES >> 20
        );
    }
    Ok(bytes)
}

/// The `A1` name of a 0-based (row, column) position.
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

fn read_csv(path: &Path) -> anyhow::Result<Grid> {
    let bytes = read_capped(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("reading {}", path.display()))?;
        if i >= MAX_ROWS as usize {
            bail!(
                "{}: more than {MAX_ROWS} rows; the import reads at most {MAX_ROWS}",
                path.display()
            );
        }
        if record.len() > MAX_COLUMNS as usize {
            bail!(
                "{}:{}: {} columns; the import reads at most {MAX_COLUMNS}",
                path.display(),
                i + 1,
                record.len()
            );
        }
        rows.push((i + 1, record.iter().map(str::to_string).collect()));
    }
    let mut rows = rows.into_iter();
    let header = rows.next().unwrap_or((1, Vec::new()));
    Ok(Grid {
        header,
        rows: rows.collect(),
    })
}

/// Refuses an XLSX whose parts unpack to more than [`MAX_UNPACKED_BYTES`], counting the bytes
/// actually inflated (the sizes a zip declares can lie).
fn check_unpacked_size(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut zip = zip::ZipArchive::new(io::Cursor::new(bytes))
        .with_context(|| format!("{}: not an XLSX file (not a zip archive)", path.display()))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .with_context(|| format!("{}: reading part {i} of the archive", path.display()))?;
        let left = MAX_UNPACKED_BYTES - total;
        let name = String::from_utf8_lossy(part.name_raw()).to_string();
        total += io::copy(&mut (&mut part).take(left + 1), &mut io::sink())
            .with_context(|| format!("{}: unpacking {name}", path.display()))?;
        if total > MAX_UNPACKED_BYTES {
            bail!(
                "{}: unpacks to more than {} MiB; the import reads smaller sheets",
                path.display(),
                MAX_UNPACKED_BYTES >> 20
            );
        }
    }
    Ok(())
}

/// A cell's text. A date cell (a serial day count with a date format, 45292 for 2024-01-01)
/// becomes `YYYY-MM-DD`, and a whole number stored as a float (`2020.0`) loses its `.0`.
fn cell_text(value: &DataRef) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// Reads the first sheet of an XLSX cell by cell, never as a dense grid: the used range a sheet
/// declares, and every cell's position, must lie within [`MAX_ROWS`] × [`MAX_COLUMNS`].
fn read_xlsx(path: &Path) -> anyhow::Result<Grid> {
    let bytes = read_capped(path)?;
    check_unpacked_size(path, &bytes)?;
    let mut workbook = Xlsx::new(io::Cursor::new(bytes))
        .with_context(|| format!("opening spreadsheet {}", path.display()))?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .with_context(|| format!("{} has no sheet", path.display()))?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .with_context(|| format!("reading the first sheet of {}", path.display()))?;
    let declared = cells.dimensions();
    let too_far = |(row, column): (u32, u32)| row >= MAX_ROWS || column >= MAX_COLUMNS;
    if too_far(declared.end) {
        bail!(
            "{}: the sheet's used range {}:{} is {} rows × {} columns; the import reads at most \
             {MAX_ROWS} rows × {MAX_COLUMNS} columns (delete the cells beyond)",
            path.display(),
            cell_name(declared.start),
            cell_name(declared.end),
            u64::from(declared.end.0) + 1,
            u64::from(declared.end.1) + 1,
        );
    }
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells
        .next_cell()
        .with_context(|| format!("reading the first sheet of {}", path.display()))?
    {
        let position = cell.get_position();
        if too_far(position) {
            bail!(
                "{}: cell {} lies beyond the {MAX_ROWS} rows × {MAX_COLUMNS} columns the import \
                 reads (delete it)",
                path.display(),
                cell_name(position)
            );
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = (position.0, position.1 as usize);
        let cells = rows.entry(row).or_default();
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    let mut rows = rows
        .into_iter()
        .map(|(row, cells)| (row as usize + 1, cells));
    let header = rows.next().unwrap_or((1, Vec::new()));
    Ok(Grid {
        header,
        rows: rows.collect(),
    })
}

fn read_sheet(path: &Path) -> anyhow::Result<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => read_csv(path),
        Some("xlsx") => read_xlsx(path),
        _ => bail!(
            "{}: unsupported file type (use .csv or .xlsx)",
            path.display()
        ),
    }
}

/// A sheet read into rows of cells keyed by header.
struct Sheet {
    file: PathBuf,
    rows: Vec<(usize, BTreeMap<String, String>)>,
}

fn load_sheet(path: &Path, columns: &[&str]) -> anyhow::Result<Result<Sheet, Vec<Problem>>> {
    let grid = read_sheet(path)?;
    let (header_row, headers) = grid.header;
    let headers: Vec<String> = headers.iter().map(|h| nfc(h.trim())).collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if !columns.contains(&h.as_str()) {
            problems.push(sheet_problem(
                path,
                header_row,
                h,
                format!(
                    "unknown column {} (expected one of: {})",
                    i + 1,
                    columns.join(", ")
                ),
            ));
        } else if !seen.insert(h) {
            problems.push(sheet_problem(path, header_row, h, "column appears twice"));
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let rows = grid
        .rows
        .into_iter()
        .map(|(number, cells)| {
            let map = headers
                .iter()
                .zip(cells)
                .filter(|(h, _)| !h.is_empty())
                .map(|(h, c)| (h.clone(), nfc(c.trim())))
                .filter(|(_, c)| !c.is_empty())
                .collect::<BTreeMap<_, _>>();
            (number, map)
        })
        .filter(|(_, map)| !map.is_empty())
        .collect();
    Ok(Ok(Sheet {
        file: path.to_path_buf(),
        rows,
    }))
}

/// Whether `id` can name a seed file: a slug of `a`–`z`, `0`–`9` and `-`, as the checker
/// requires of every id. Nothing else may reach a path: `../../Cargo`, `/etc/x` or `..` from a
/// sheet would otherwise write outside the seeds folder.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A date as the seeds write it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if `text` is one.
fn iso_date(text: &str) -> Option<&str> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.split('-');
    let year = parts.next().filter(|y| digits(y, 4))?;
    let month = match parts.next() {
        None => return Some(text),
        Some(m) if digits(m, 2) && (1..=12).contains(&m.parse::<u32>().ok()?) => m,
        Some(_) => return None,
    };
    match parts.next() {
        None => Some(text),
        Some(d) if digits(d, 2) && parts.next().is_none() => {
            let leap = year
                .parse::<u32>()
                .ok()
                .is_some_and(|y| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
            let days = match month {
                "02" if leap => 29,
                "02" => 28,
                "04" | "06" | "09" | "11" => 30,
                _ => 31,
            };
            (1..=days).contains(&d.parse::<u32>().ok()?).then_some(text)
        }
        Some(_) => None,
    }
}

/// Reads the cells of one row, collecting problems.
struct Row<'a> {
    file: &'a Path,
    number: usize,
    cells: &'a BTreeMap<String, String>,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Row<'a> {
    /// Row `number` of `sheet`, whose problems go to `problems`.
    fn of(
        sheet: &'a Sheet,
        number: usize,
        cells: &'a BTreeMap<String, String>,
        problems: &'a mut Vec<Problem>,
    ) -> Self {
        Row {
            file: &sheet.file,
            number,
            cells,
            problems,
        }
    }

    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems
            .push(sheet_problem(self.file, self.number, column, message));
    }

    fn opt(&self, column: &str) -> Option<String> {
        self.cells.get(column).cloned()
    }

    fn required(&mut self, column: &str) -> String {
        match self.opt(column) {
            Some(v) => v,
            None => {
                self.problem(column, "required, but empty");
                String::new()
            }
        }
    }

    /// The id in `column`, or else the slug of `name`; `None` (with a problem) unless it is a
    /// slug, so that no path is ever built from it.
    fn id(&mut self, column: &str, name: &str) -> Option<String> {
        let id = match self.opt(column) {
            Some(id) => id,
            // The name's own problem is reported already.
            None if name.is_empty() => return None,
            None => {
                let id = slug(name);
                if !is_slug(&id) {
                    self.problem(column, format!("`{name}` makes no id: write one here"));
                    return None;
                }
                id
            }
        };
        if !is_slug(&id) {
            self.problem(
                column,
                format!(
                    "`{id}` is not an id: use a–z, 0–9 and - only (like bat-trang), at most \
                     {MAX_ID_LEN} characters"
                ),
            );
            return None;
        }
        Some(id)
    }

    fn list(&self, column: &str) -> Vec<String> {
        self.opt(column)
            .map(|v| {
                v.split([';', '\n'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn number<T: std::str::FromStr>(&mut self, column: &str) -> Option<T> {
        let raw = self.opt(column)?;
        // Whole numbers written by a spreadsheet into a CSV can end in `.0`.
        let cleaned = raw.strip_suffix(".0").unwrap_or(&raw).replace(',', ".");
        match cleaned.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                self.problem(column, format!("`{raw}` is not a number"));
                None
            }
        }
    }

    /// A year: a number, or the year of a date (a date cell reads as `YYYY-MM-DD`).
    fn year(&mut self, column: &str) -> Option<i32> {
        let raw = self.opt(column)?;
        let year = match iso_date(&raw) {
            Some(date) => date[..4].parse().ok(),
            None => self.number::<i32>(column)?.into(),
        };
        match year {
            Some(y) if (1000..=9999).contains(&y) => Some(y),
            _ => {
                self.problem(column, format!("`{raw}` is not a year"));
                None
            }
        }
    }

    fn yes(&mut self, column: &str) -> bool {
        let Some(raw) = self.opt(column) else {
            return false;
        };
        match fold(&raw).as_str() {
            "co" | "x" | "yes" | "1" | "true" | "da co" => true,
            "khong" | "no" | "0" | "false" => false,
            _ => {
                self.problem(column, format!("`{raw}` is not có/không"));
                false
            }
        }
    }

    fn verification(&mut self) -> Verification {
        let sourced = self.opt("Nguồn").is_some();
        let Some(raw) = self.opt("Kiểm chứng") else {
            return if sourced {
                Verification::Sourced
            } else {
                Verification::Unverified
            };
        };
        match fold(&raw).as_str() {
            "chua kiem chung" | "unverified" | "khong" | "no" => Verification::Unverified,
            "da kiem chung" | "kiem chung" | "sourced" | "verified" | "co" | "yes" => {
                if !sourced {
                    self.problem("Kiểm chứng", "a checked row needs its source in Nguồn");
                }
                Verification::Sourced
            }
            _ => {
                self.problem(
                    "Kiểm chứng",
                    format!("`{raw}` is not `đã kiểm chứng` or `chưa kiểm chứng`"),
                );
                Verification::Unverified
            }
        }
    }

    /// The source's address: only a web address ([`safe_href`]) may become a link in the app.
    fn url(&mut self) -> Option<String> {
        let raw = self.opt("Đường dẫn")?;
        match safe_href(&raw) {
            Some(href) => Some(href.to_string()),
            None => {
                self.problem(
                    "Đường dẫn",
                    format!("`{raw}` is not a web address: only http:// and https:// links"),
                );
                None
            }
        }
    }

    fn date(&mut self) -> Option<String> {
        let raw = self.opt("Ngày")?;
        if let Some(date) = iso_date(&raw) {
            return Some(date.to_string());
        }
        let hint = if raw.len() > 4 && raw.bytes().all(|b| b.is_ascii_digit()) {
            " (a day count from a spreadsheet: format the cell as a date)"
        } else {
            ""
        };
        self.problem(
            "Ngày",
            format!("`{raw}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY{hint}"),
        );
        None
    }

    fn sources(&mut self) -> Vec<Source> {
        let publisher = self.opt("Đơn vị đưa tin");
        let url = self.url();
        let date = self.date();
        let Some(title) = self.opt("Nguồn") else {
            if publisher.is_some() || url.is_some() || date.is_some() {
                self.problem("Nguồn", "the row describes a source but does not name it");
            }
            return Vec::new();
        };
        vec![Source {
            title,
            publisher,
            url,
            document: None,
            date,
        }]
    }
}

fn parse_title(row: &mut Row, raw: &str) -> Option<Title> {
    match raw.to_ascii_uppercase().as_str() {
        "LN" => Some(Title::Ln),
        "LNTT" => Some(Title::Lntt),
        "NTT" => Some(Title::Ntt),
        _ => {
            row.problem("Danh hiệu", format!("`{raw}` is not LN, LNTT or NTT"));
            None
        }
    }
}

fn parse_status(row: &mut Row) -> Status {
    let Some(raw) = row.opt("Tình trạng") else {
        return Status::Active;
    };
    match fold(&raw).as_str() {
        "dang hoat dong" | "active" => Status::Active,
        "co nguy co mai mot" | "endangered" => Status::Endangered,
        "dang phuc hoi" | "reviving" => Status::Reviving,
        "de xuat rut danh hieu" | "proposed for delisting" => Status::ProposedForDelisting,
        _ => {
            row.problem(
                "Tình trạng",
                format!("`{raw}` is not one of: đang hoạt động, có nguy cơ mai một, đang phục hồi, đề xuất rút danh hiệu"),
            );
            Status::Active
        }
    }
}

/// The village a row describes; `None` if its id cannot name a file (the problem is recorded).
fn village_from(row: &mut Row, crafts_by_name: &BTreeMap<String, String>) -> Option<Village> {
    let name = row.required("Tên làng");
    let id = row.id("Mã", &name);
    let crafts = row
        .list("Nghề")
        .into_iter()
        .map(|c| crafts_by_name.get(&fold(&c)).cloned().unwrap_or(c))
        .collect();
    let recognition = row
        .opt("Danh hiệu")
        .and_then(|t| parse_title(row, &t))
        .map(|title| {
            vec![Recognition {
                title,
                decision: row.opt("Số quyết định"),
                year: row.year("Năm công nhận"),
            }]
        })
        .unwrap_or_default();
    let status = parse_status(row);
    let coordinates = match (row.number::<f64>("Vĩ độ"), row.number::<f64>("Kinh độ")) {
        (Some(lat), Some(lon)) => Some(Coordinates {
            lat,
            lon,
            precision: match row.opt("Độ chính xác").map(|p| fold(&p)) {
                Some(p) if p == "lang" || p == "village" => Precision::Village,
                Some(p) if p.contains("huyen") || p == "district" => Precision::District,
                _ => Precision::Commune,
            },
        }),
        (None, None) => None,
        _ => {
            row.problem("Vĩ độ", "give both latitude and longitude, or neither");
            None
        }
    };
    let current = row.opt("Xã/phường mới").map(|name| CurrentUnit {
        name,
        code: row.opt("Mã đơn vị mới"),
        uncertain: false,
        source: None,
    });
    let services = Services {
        showroom: row.yes("Phòng trưng bày"),
        ecommerce: row.yes("Thương mại điện tử"),
        tourism: row.yes("Du lịch"),
        notes: None,
    };
    let village = Village {
        id: id.clone().unwrap_or_default(),
        name,
        name_en: row.opt("Tên tiếng Anh"),
        aliases: row.list("Tên khác"),
        crafts,
        summary: row.required("Tóm tắt"),
        summary_en: row.opt("Tóm tắt tiếng Anh"),
        recognition,
        status,
        historical: HistoricalAddress {
            district: row.required("Quận/huyện cũ"),
            commune: row.opt("Xã/phường cũ"),
            code: None,
        },
        current,
        coordinates,
        history: None,
        artisans: row.list("Nghệ nhân"),
        services,
        environment: None,
        visit: None,
        festivals: Vec::new(),
        shops: Vec::new(),
        verification: row.verification(),
        sources: row.sources(),
    };
    id.map(|_| village)
}

/// The product a row describes; `None` if its id or its village's cannot name a file.
fn product_from(row: &mut Row, crafts_by_name: &BTreeMap<String, String>) -> Option<Product> {
    let name = row.required("Tên sản phẩm");
    let id = row.id("Mã", &name);
    let craft = row.required("Nghề");
    let craft = crafts_by_name.get(&fold(&craft)).cloned().unwrap_or(craft);
    let ocop = row.number::<u8>("Số sao OCOP").map(|stars| Ocop {
        stars,
        potential_five_star: row.yes("Tiềm năng 5 sao"),
        decision: row.opt("Số quyết định OCOP"),
        year: row.year("Năm OCOP"),
        expired: false,
    });
    let ip = row
        .opt("Sở hữu trí tuệ")
        .and_then(|kind| match fold(&kind).as_str() {
            "nhan hieu tap the" => Some(IpKind::CollectiveMark),
            "nhan hieu chung nhan" => Some(IpKind::CertificationMark),
            "chi dan dia ly" => Some(IpKind::GeographicalIndication),
            _ => {
                row.problem(
                    "Sở hữu trí tuệ",
                    format!(
                        "`{kind}` is not nhãn hiệu tập thể, nhãn hiệu chứng nhận or chỉ dẫn địa lý"
                    ),
                );
                None
            }
        })
        .map(|kind| IpRight {
            kind,
            holder: None,
            certificate: row.opt("Số văn bằng"),
            year: None,
        });
    let village = row.required("Mã làng");
    // An empty cell is reported as required; anything else must be an id.
    let village = row.id("Mã làng", &village);
    let product = Product {
        id: id.clone().unwrap_or_default(),
        name,
        name_en: row.opt("Tên tiếng Anh"),
        village: village.clone().unwrap_or_default(),
        craft,
        producer: row.opt("Chủ thể"),
        summary: row.required("Tóm tắt"),
        summary_en: row.opt("Tóm tắt tiếng Anh"),
        ocop,
        ip,
        digitised: row.yes("Đã số hóa"),
        verification: row.verification(),
        sources: row.sources(),
    };
    id.and(village).map(|_| product)
}

#[derive(Serialize)]
struct ProductsFile<'a> {
    product: &'a [Product],
}

/// A products file as the checker reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExistingProducts {
    #[serde(default)]
    product: Vec<Product>,
}

/// The products already in a seeds products file (none if there is no such file). A file that
/// cannot be read or parsed is a problem, never an empty list: the merge would otherwise
/// replace that village's products with the sheet's.
fn existing_products(path: &Path) -> Result<Vec<Product>, Problem> {
    let problem = |line, message: String| Problem {
        file: path.to_path_buf(),
        line,
        field: "-".into(),
        message: format!("{message}; fix this file before importing products into it"),
    };
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(problem(1, format!("cannot read: {err}"))),
    };
    toml::from_str::<ExistingProducts>(&text)
        .map(|file| file.product)
        .map_err(|err| {
            let line = err.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            problem(line, err.message().replace('\n', " "))
        })
}

/// A seed file's path within the seeds folder, from an id [`is_slug`] has accepted.
fn seed_file(folder: &str, id: &str) -> PathBuf {
    assert!(is_slug(id), "ids are checked before any path is built");
    Path::new(folder).join(format!("{id}.toml"))
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("listing {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The seed files an import writes: path relative to the seeds folder, and contents.
type Writes = BTreeMap<PathBuf, String>;

fn plan_writes(
    kind: SheetKind,
    sheet: &Sheet,
    seeds: &Path,
) -> anyhow::Result<Result<Writes, Vec<Problem>>> {
    let data_crafts = crate::seeds::craft_names(seeds);
    let mut problems = Vec::new();
    let mut writes = Writes::new();
    match kind {
        SheetKind::Villages => {
            for (number, cells) in &sheet.rows {
                let mut row = Row::of(sheet, *number, cells, &mut problems);
                let Some(village) = village_from(&mut row, &data_crafts) else {
                    continue;
                };
                let text = wire::leaving_out_absent(|| toml::to_string(&village))
                    .context("writing a village as TOML")?;
                if writes
                    .insert(seed_file("villages", &village.id), text)
                    .is_some()
                {
                    row.problem(
                        "Mã",
                        format!("id `{}` appears twice in the sheet", village.id),
                    );
                }
            }
        }
        SheetKind::Products => {
            let mut by_village: BTreeMap<String, Vec<Product>> = BTreeMap::new();
            for (number, cells) in &sheet.rows {
                let mut row = Row::of(sheet, *number, cells, &mut problems);
                if let Some(product) = product_from(&mut row, &data_crafts) {
                    by_village
                        .entry(product.village.clone())
                        .or_default()
                        .push(product);
                }
            }
            for (village, products) in by_village {
                let rel = seed_file("products", &village);
                // Keep the products already in the file that the sheet does not replace.
                let mut merged = match existing_products(&seeds.join(&rel)) {
                    Ok(existing) => existing,
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                };
                merged.retain(|p| !products.iter().any(|n| n.id == p.id));
                merged.extend(products);
                merged.sort_by(|a, b| a.id.cmp(&b.id));
                let text = wire::leaving_out_absent(|| {
                    toml::to_string(&ProductsFile { product: &merged })
                })
                .context("writing products as TOML")?;
                writes.insert(rel, text);
            }
        }
    }
    Ok(if problems.is_empty() {
        Ok(writes)
    } else {
        Err(problems)
    })
}

/// One file of an import on its way into the seeds folder.
struct Staged {
    target: PathBuf,
    temporary: PathBuf,
    /// A copy of the file the import replaces, kept until every rename has succeeded.
    backup: Option<PathBuf>,
}

/// `.<name>.<suffix>` beside `path`: in the same folder, so a rename is atomic.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{suffix}"))
}

fn write_synced(path: &Path, text: &str) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Writes every file of an import into `seeds`, all or nothing: each file is written and
/// synced under a temporary name in its own folder, the files it replaces are copied aside,
/// then all are renamed into place. If any step fails, the renamed files are put back, every
/// temporary file is removed, and the seeds are as they were. `rename` is [`fs::rename`] except
/// in tests, which make it fail.
fn commit(
    seeds: &Path,
    writes: &Writes,
    rename: impl Fn(&Path, &Path) -> io::Result<()>,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut staged: Vec<Staged> = Vec::new();
    let mut created_dirs = Vec::new();
    let cleanup = |staged: &[Staged], created_dirs: &[PathBuf]| {
        for file in staged {
            let _ = fs::remove_file(&file.temporary);
            if let Some(backup) = &file.backup {
                let _ = fs::remove_file(backup);
            }
        }
        for dir in created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    };

    let stage = |staged: &mut Vec<Staged>, created_dirs: &mut Vec<PathBuf>| {
        for (rel, text) in writes {
            // Ids are slugs by now; this keeps a future change from ever writing elsewhere.
            let mut parts = rel.components();
            let inside = matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some(Component::Normal(_)), Some(Component::Normal(_)), None)
            );
            if !inside {
                bail!(
                    "refusing to write {} outside the seeds folder",
                    rel.display()
                );
            }
            let target = seeds.join(rel);
            let dir = target.parent().expect("seed files live in folders");
            if !dir.is_dir() {
                fs::create_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
                created_dirs.push(dir.to_path_buf());
            }
            let temporary = beside(&target, "import");
            staged.push(Staged {
                target: target.clone(),
                temporary: temporary.clone(),
                backup: None,
            });
            write_synced(&temporary, text)
                .with_context(|| format!("writing {}", temporary.display()))?;
            if target.exists() {
                let backup = beside(&target, "before-import");
                staged.last_mut().expect("just pushed").backup = Some(backup.clone());
                fs::copy(&target, &backup)
                    .with_context(|| format!("copying {} aside", target.display()))?;
            }
        }
        Ok(())
    };
    if let Err(err) = stage(&mut staged, &mut created_dirs) {
        cleanup(&staged, &created_dirs);
        return Err(err.context("nothing was written"));
    }

    for (done, file) in staged.iter().enumerate() {
        if let Err(err) = rename(&file.temporary, &file.target) {
            let mut unrestored = Vec::new();
            for earlier in &staged[..done] {
                let restored = match &earlier.backup {
                    Some(backup) => rename(backup, &earlier.target),
                    None => fs::remove_file(&earlier.target),
                };
                if restored.is_err() {
                    unrestored.push(earlier);
                }
            }
            if unrestored.is_empty() {
                cleanup(&staged, &created_dirs);
                return Err(anyhow::Error::new(err).context(format!(
                    "moving {} into place; nothing was written",
                    file.target.display()
                )));
            }
            let kept: Vec<String> = unrestored
                .iter()
                .map(|f| match &f.backup {
                    Some(backup) => format!(
                        "{} (its previous text is in {})",
                        f.target.display(),
                        backup.display()
                    ),
                    None => format!("{} (new)", f.target.display()),
                })
                .collect();
            return Err(anyhow::Error::new(err).context(format!(
                "moving {} into place; could not undo: {}",
                file.target.display(),
                kept.join(", ")
            )));
        }
    }
    for file in &staged {
        if let Some(backup) = &file.backup {
            let _ = fs::remove_file(backup);
        }
    }
    // The renames are durable once their folders are synced (where the platform allows it).
    let dirs: BTreeSet<&Path> = staged.iter().filter_map(|f| f.target.parent()).collect();
    for dir in dirs {
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(staged.into_iter().map(|f| f.target).collect())
}

/// Prints every problem and returns the error that ends the import.
fn report(problems: &[Problem], what: std::fmt::Arguments) -> anyhow::Error {
    for p in problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "{} problem(s) in {what}; nothing was written",
        problems.len()
    )
}

/// Imports a sheet into `seeds`. Returns the files written, or fails having written nothing.
pub fn import(kind: SheetKind, from: &Path, seeds: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let columns: &[&str] = match kind {
        SheetKind::Villages => &VILLAGE_COLUMNS,
        SheetKind::Products => &PRODUCT_COLUMNS,
    };
    let sheet = match load_sheet(from, columns)? {
        Ok(sheet) => sheet,
        Err(problems) => return Err(report(&problems, format_args!("{}", from.display()))),
    };
    let writes = match plan_writes(kind, &sheet, seeds)? {
        Ok(writes) => writes,
        Err(problems) => return Err(report(&problems, format_args!("{}", from.display()))),
    };

    // Check the seeds as they would be after the import, in a scratch copy.
    let scratch = tempfile::tempdir().context("creating a scratch folder")?;
    let trial = scratch.path().join("seeds");
    copy_dir(seeds, &trial)?;
    for (rel, text) in &writes {
        let path = trial.join(rel);
        fs::create_dir_all(path.parent().expect("seed files live in folders"))?;
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Err(problems) = crate::seeds::load(&trial) {
        let shown: Vec<Problem> = problems
            .into_iter()
            .map(|p| Problem {
                file: p
                    .file
                    .strip_prefix(&trial)
                    .map_or(p.file.clone(), |rel| seeds.join(rel)),
                ..p
            })
            .collect();
        return Err(report(
            &shown,
            format_args!("the seeds as {} would leave them", from.display()),
        ));
    }
    commit(seeds, &writes, |from, to| fs::rename(from, to))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn ids_are_slugs_and_nothing_else() {
        for id in ["bat-trang", "van-phuc-ha-dong", "a", "2024"] {
            assert!(is_slug(id), "{id}");
        }
        let long = "a".repeat(MAX_ID_LEN + 1);
        for id in [
            "",
            ".",
            "..",
            "../../Cargo",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "a.b",
            "Bat-Trang",
            "bát-tràng",
            "a b",
            long.as_str(),
        ] {
            assert!(!is_slug(id), "{id:?}");
        }
    }

    #[test]
    fn iso_dates_are_checked_to_the_day() {
        for date in ["2024", "2024-01", "2024-01-01", "2024-02-29", "2000-02-29"] {
            assert_eq!(iso_date(date), Some(date));
        }
        for date in [
            "24",
            "2024-1",
            "2024-13",
            "2024-00",
            "2024-02-30",
            "1900-02-29",
            "2023-02-29",
            "2024-04-31",
            "2024-01-01-01",
            "2024-01-01T00:00",
            "01/02/2024",
            "45292",
        ] {
            assert_eq!(iso_date(date), None, "{date}");
        }
    }

    #[test]
    fn cell_names_count_columns_like_a_spreadsheet() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((1, 25)), "Z2");
        assert_eq!(cell_name((0, 26)), "AA1");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
    }

    /// Every path under `dir` with the text of each file.
    fn listing(dir: &Path) -> Vec<(PathBuf, Option<String>)> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(listing(&path));
                out.push((path, None));
            } else {
                let text = fs::read_to_string(&path).unwrap();
                out.push((path, Some(text)));
            }
        }
        out.sort();
        out
    }

    /// Seeds with one village file, and an import that replaces it and adds two files, one in
    /// a folder that does not exist yet.
    fn setup() -> (tempfile::TempDir, PathBuf, Writes) {
        let tmp = tempfile::tempdir().unwrap();
        let seeds = tmp.path().join("seeds");
        fs::create_dir_all(seeds.join("villages")).unwrap();
        fs::write(seeds.join("villages/a.toml"), "old a").unwrap();
        let writes = Writes::from([
            (PathBuf::from("villages/a.toml"), "new a".to_string()),
            (PathBuf::from("villages/b.toml"), "new b".to_string()),
            (PathBuf::from("products/c.toml"), "new c".to_string()),
        ]);
        (tmp, seeds, writes)
    }

    /// `fs::rename`, failing on the calls (counted from 1) that `fails` picks.
    fn failing_rename(fails: impl Fn(usize) -> bool) -> impl Fn(&Path, &Path) -> io::Result<()> {
        let calls = Cell::new(0);
        move |from, to| {
            calls.set(calls.get() + 1);
            if fails(calls.get()) {
                return Err(io::Error::other("disk full"));
            }
            fs::rename(from, to)
        }
    }

    #[test]
    fn commit_writes_every_file_and_leaves_nothing_else() {
        let (_tmp, seeds, writes) = setup();
        let written = commit(&seeds, &writes, |a, b| fs::rename(a, b)).unwrap();
        assert_eq!(written.len(), 3);
        assert_eq!(
            listing(&seeds),
            [
                (seeds.join("products"), None),
                (seeds.join("products/c.toml"), Some("new c".into())),
                (seeds.join("villages"), None),
                (seeds.join("villages/a.toml"), Some("new a".into())),
                (seeds.join("villages/b.toml"), Some("new b".into())),
            ]
        );
    }

    /// Issue 11: the final writes were `fs::write` in a loop, so a failure halfway left half an
    /// import. A rename that fails after others succeeded must put them all back.
    #[test]
    fn a_rename_that_fails_halfway_puts_every_file_back() {
        let (_tmp, seeds, writes) = setup();
        let before = listing(&seeds);
        // products/c.toml is renamed first, then villages/a.toml; villages/b.toml fails.
        let err = commit(&seeds, &writes, failing_rename(|call| call == 3)).unwrap_err();
        assert!(
            format!("{err:#}").contains("nothing was written"),
            "{err:#}"
        );
        assert_eq!(listing(&seeds), before);
    }

    #[test]
    fn a_failed_undo_says_where_the_previous_text_is() {
        let (_tmp, seeds, mut writes) = setup();
        writes.remove(Path::new("products/c.toml"));
        // villages/a.toml is renamed, villages/b.toml fails, and putting a back fails too.
        let err = commit(&seeds, &writes, failing_rename(|call| call >= 2)).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("could not undo"), "{message}");
        let backup = seeds.join("villages/.a.toml.before-import");
        assert!(message.contains(&backup.display().to_string()), "{message}");
        assert_eq!(fs::read_to_string(backup).unwrap(), "old a");
    }
}
