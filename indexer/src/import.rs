//! `indexer import`: turns a spreadsheet kept by a city office (one row per village or product,
//! Vietnamese column headers, CSV or XLSX) into seed files.
//!
//! Every row problem is reported at once as `file:row: column: problem`. The new seeds are then
//! written into a copy of the seeds folder and checked as a whole (references to crafts and
//! villages included); only if that copy is clean are the files copied into `seeds/`. A bad
//! sheet therefore changes nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use calamine::{open_workbook_auto, Reader};
use handbook_search::text::{nfc, slug};
use handbook_search::{
    Coordinates, CurrentUnit, HistoricalAddress, IpKind, IpRight, Ocop, Precision, Product,
    Recognition, Services, Source, Status, Title, Verification, Village,
};
use serde::Serialize;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetKind {
    /// One row per village.
    Villages,
    /// One row per product.
    Products,
}

/// The columns of a village sheet, in the order the README documents them.
pub const VILLAGE_COLUMNS: [&str; 26] = [
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
];

/// The columns of a product sheet.
pub const PRODUCT_COLUMNS: [&str; 19] = [
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
];

/// One problem in a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The sheet.
    pub file: PathBuf,
    /// Spreadsheet row (the header is row 1).
    pub row: usize,
    /// Column header.
    pub column: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.row,
            self.column,
            self.message
        )
    }
}

/// A sheet read into rows of cells keyed by header.
struct Sheet {
    file: PathBuf,
    rows: Vec<(usize, BTreeMap<String, String>)>,
}

fn read_sheet(path: &Path) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_path(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let headers = reader
                .headers()
                .with_context(|| format!("reading the header row of {}", path.display()))?
                .iter()
                .map(str::to_string)
                .collect();
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.with_context(|| format!("reading {}", path.display()))?;
                rows.push(record.iter().map(str::to_string).collect());
            }
            Ok((headers, rows))
        }
        Some("xlsx" | "xls" | "ods") => {
            let mut workbook = open_workbook_auto(path)
                .with_context(|| format!("opening spreadsheet {}", path.display()))?;
            let range = workbook
                .worksheet_range_at(0)
                .with_context(|| format!("{} has no sheet", path.display()))?
                .with_context(|| format!("reading the first sheet of {}", path.display()))?;
            let mut rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect());
            let headers = rows.next().unwrap_or_default();
            Ok((headers, rows.collect()))
        }
        _ => bail!(
            "{}: unsupported file type (use .csv or .xlsx)",
            path.display()
        ),
    }
}

fn load_sheet(path: &Path, columns: &[&str]) -> anyhow::Result<Result<Sheet, Vec<RowProblem>>> {
    let (headers, rows) = read_sheet(path)?;
    let headers: Vec<String> = headers.iter().map(|h| nfc(h.trim())).collect();
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && !columns.contains(&h.as_str()) {
            problems.push(RowProblem {
                file: path.to_path_buf(),
                row: 1,
                column: h.clone(),
                message: format!(
                    "unknown column {} (expected one of: {})",
                    i + 1,
                    columns.join(", ")
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            let map = headers
                .iter()
                .zip(cells)
                .map(|(h, c)| (h.clone(), nfc(c.trim())))
                .filter(|(_, c)| !c.is_empty())
                .collect::<BTreeMap<_, _>>();
            (i + 2, map)
        })
        .filter(|(_, map)| !map.is_empty())
        .collect();
    Ok(Ok(Sheet {
        file: path.to_path_buf(),
        rows,
    }))
}

/// Reads the cells of one row, collecting problems.
struct Row<'a> {
    file: &'a Path,
    number: usize,
    cells: &'a BTreeMap<String, String>,
    problems: &'a mut Vec<RowProblem>,
}

impl Row<'_> {
    fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.problems.push(RowProblem {
            file: self.file.to_path_buf(),
            row: self.number,
            column: column.to_string(),
            message: message.into(),
        });
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
        // Spreadsheets store whole numbers as floats ("2020.0").
        let cleaned = raw.strip_suffix(".0").unwrap_or(&raw).replace(',', ".");
        match cleaned.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                self.problem(column, format!("`{raw}` is not a number"));
                None
            }
        }
    }

    fn yes(&mut self, column: &str) -> bool {
        match self.opt(column).map(|v| handbook_search::text::fold(&v)) {
            None => false,
            Some(v) if ["co", "x", "yes", "1", "true", "da co"].contains(&v.as_str()) => true,
            Some(v) if ["khong", "no", "0", "false"].contains(&v.as_str()) => false,
            Some(v) => {
                self.problem(column, format!("`{v}` is not có/không"));
                false
            }
        }
    }

    fn verification(&mut self) -> Verification {
        match self
            .opt("Kiểm chứng")
            .map(|v| handbook_search::text::fold(&v))
        {
            Some(v) if v.contains("chua") || v.contains("unverified") => Verification::Unverified,
            _ if self.opt("Nguồn").is_some() => Verification::Sourced,
            _ => Verification::Unverified,
        }
    }

    fn sources(&mut self) -> Vec<Source> {
        let Some(title) = self.opt("Nguồn") else {
            return Vec::new();
        };
        vec![Source {
            title,
            publisher: self.opt("Đơn vị đưa tin"),
            url: self.opt("Đường dẫn"),
            document: None,
            date: self.opt("Ngày"),
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
    match handbook_search::text::fold(&raw).as_str() {
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

fn village_from(row: &mut Row, crafts_by_name: &BTreeMap<String, String>) -> Village {
    let name = row.required("Tên làng");
    let id = row.opt("Mã").unwrap_or_else(|| slug(&name));
    let crafts = row
        .list("Nghề")
        .into_iter()
        .map(|c| {
            crafts_by_name
                .get(&handbook_search::text::fold(&c))
                .cloned()
                .unwrap_or(c)
        })
        .collect();
    let recognition = row
        .opt("Danh hiệu")
        .and_then(|t| parse_title(row, &t))
        .map(|title| {
            vec![Recognition {
                title,
                decision: row.opt("Số quyết định"),
                year: row.number("Năm công nhận"),
            }]
        })
        .unwrap_or_default();
    let status = parse_status(row);
    let coordinates = match (row.number::<f64>("Vĩ độ"), row.number::<f64>("Kinh độ")) {
        (Some(lat), Some(lon)) => Some(Coordinates {
            lat,
            lon,
            precision: match row
                .opt("Độ chính xác")
                .map(|p| handbook_search::text::fold(&p))
            {
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
    Village {
        id,
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
    }
}

fn product_from(row: &mut Row, crafts_by_name: &BTreeMap<String, String>) -> Product {
    let name = row.required("Tên sản phẩm");
    let id = row.opt("Mã").unwrap_or_else(|| slug(&name));
    let craft = row.required("Nghề");
    let craft = crafts_by_name
        .get(&handbook_search::text::fold(&craft))
        .cloned()
        .unwrap_or(craft);
    let ocop = row.number::<u8>("Số sao OCOP").map(|stars| Ocop {
        stars,
        potential_five_star: row.yes("Tiềm năng 5 sao"),
        decision: row.opt("Số quyết định OCOP"),
        year: row.number("Năm OCOP"),
        expired: false,
    });
    let ip = row
        .opt("Sở hữu trí tuệ")
        .and_then(|kind| match handbook_search::text::fold(&kind).as_str() {
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
    Product {
        id,
        name,
        name_en: row.opt("Tên tiếng Anh"),
        village: row.required("Mã làng"),
        craft,
        producer: row.opt("Chủ thể"),
        summary: row.required("Tóm tắt"),
        summary_en: row.opt("Tóm tắt tiếng Anh"),
        ocop,
        ip,
        digitised: row.yes("Đã số hóa"),
        verification: row.verification(),
        sources: row.sources(),
    }
}

#[derive(Serialize)]
struct ProductsFile<'a> {
    product: &'a [Product],
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
) -> anyhow::Result<Result<Writes, Vec<RowProblem>>> {
    let data_crafts = crate::seeds::craft_names(seeds);
    let mut problems = Vec::new();
    let mut writes = Writes::new();
    match kind {
        SheetKind::Villages => {
            for (number, cells) in &sheet.rows {
                let mut row = Row {
                    file: &sheet.file,
                    number: *number,
                    cells,
                    problems: &mut problems,
                };
                let village = village_from(&mut row, &data_crafts);
                let text = toml::to_string(&village).context("writing a village as TOML")?;
                let path = PathBuf::from("villages").join(format!("{}.toml", village.id));
                if writes.insert(path, text).is_some() {
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
                let mut row = Row {
                    file: &sheet.file,
                    number: *number,
                    cells,
                    problems: &mut problems,
                };
                let product = product_from(&mut row, &data_crafts);
                by_village
                    .entry(product.village.clone())
                    .or_default()
                    .push(product);
            }
            for (village, products) in by_village {
                let rel = PathBuf::from("products").join(format!("{village}.toml"));
                // Keep the products already in the file that the sheet does not replace.
                let mut merged = crate::seeds::products_in(&seeds.join(&rel));
                merged.retain(|p| !products.iter().any(|n| n.id == p.id));
                merged.extend(products);
                merged.sort_by(|a, b| a.id.cmp(&b.id));
                let text = toml::to_string(&ProductsFile { product: &merged })
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

/// Imports a sheet into `seeds`. Returns the files written, or fails having written nothing.
pub fn import(kind: SheetKind, from: &Path, seeds: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let columns: &[&str] = match kind {
        SheetKind::Villages => &VILLAGE_COLUMNS,
        SheetKind::Products => &PRODUCT_COLUMNS,
    };
    let report = |problems: Vec<RowProblem>| -> anyhow::Result<Vec<PathBuf>> {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!(
            "{} problem(s) in {}; nothing was written",
            problems.len(),
            from.display()
        )
    };
    let sheet = match load_sheet(from, columns)? {
        Ok(sheet) => sheet,
        Err(problems) => return report(problems),
    };
    let writes = match plan_writes(kind, &sheet, seeds)? {
        Ok(writes) => writes,
        Err(problems) => return report(problems),
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
        for p in &problems {
            let shown = p
                .file
                .strip_prefix(&trial)
                .map_or(p.file.clone(), |rel| seeds.join(rel));
            eprintln!("{}:{}: {}: {}", shown.display(), p.line, p.field, p.message);
        }
        bail!(
            "the imported seeds would have {} problem(s); nothing was written",
            problems.len()
        );
    }
    let mut written = Vec::new();
    for (rel, text) in writes {
        let path = seeds.join(&rel);
        fs::create_dir_all(path.parent().expect("seed files live in folders"))?;
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
