//! `indexer import` against hostile and unlucky sheets (issue 11: imports that can't destroy
//! seeds). Each refused sheet must name the right row and column, and leave every path and
//! byte under the seeds folder as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{copy_seeds, indexer, repo};

/// Every path under `dir` (folders too, so a new empty folder counts) with the bytes of each
/// file.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push((path.clone(), None));
            out.extend(tree(&path));
        } else {
            let bytes = fs::read(&path).unwrap();
            out.push((path, Some(bytes)));
        }
    }
    out.sort();
    out
}

/// A copy of the tiny seeds in a temp dir, and the tree as it was.
struct Seeds {
    tmp: tempfile::TempDir,
    path: PathBuf,
    before: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl Seeds {
    fn new() -> Seeds {
        Seeds::prepared(|_| {})
    }

    /// The tiny seeds, changed by `prepare` before the tree is recorded.
    fn prepared(prepare: impl FnOnce(&Path)) -> Seeds {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("seeds");
        copy_seeds(&repo("tests/fixtures/tiny-seeds"), &path);
        prepare(&path);
        let before = tree(&path);
        Seeds { tmp, path, before }
    }

    /// A file beside the seeds folder (a sheet).
    fn sheet(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.tmp.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&self, sheet: &Path, kind: &str) -> std::process::Output {
        indexer(&[
            "import",
            "--from",
            sheet.to_str().unwrap(),
            "--kind",
            kind,
            "--seeds",
            self.path.to_str().unwrap(),
        ])
    }

    /// Imports a sheet that must be accepted; returns stdout.
    fn imported(&self, sheet: &Path, kind: &str) -> String {
        let out = self.import(sheet, kind);
        assert!(
            out.status.success(),
            "the import must succeed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Imports a sheet that must be refused; returns stderr after checking that it names each
    /// of `expected` (`row: column: start of the message`) and that nothing under the seeds
    /// changed.
    fn refused(&self, sheet: &Path, kind: &str, expected: &[&str]) -> String {
        let out = self.import(sheet, kind);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "the import must fail:\n{stderr}");
        for want in expected {
            let want = format!("{}:{want}", sheet.display());
            assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
        }
        self.assert_untouched();
        stderr
    }

    fn assert_untouched(&self) {
        let after = tree(&self.path);
        let changed: Vec<_> = after
            .iter()
            .filter(|entry| !self.before.contains(entry))
            .chain(self.before.iter().filter(|entry| !after.contains(entry)))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            changed.is_empty(),
            "the seeds must be untouched; changed: {changed:#?}"
        );
    }
}

/// A CSV sheet (fields quoted where needed).
fn csv<S: AsRef<str>>(headers: &[&str], rows: &[Vec<S>]) -> String {
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        cells
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = line(&mut headers.iter().copied());
    for row in rows {
        out.push('\n');
        out.push_str(&line(&mut row.iter().map(AsRef::as_ref)));
    }
    out.push('\n');
    out
}

const VILLAGE_HEADERS: [&str; 11] = [
    "Mã",
    "Tên làng",
    "Nghề",
    "Tóm tắt",
    "Quận/huyện cũ",
    "Xã/phường cũ",
    "Xã/phường mới",
    "Mã đơn vị mới",
    "Vĩ độ",
    "Kinh độ",
    "Độ chính xác",
];

/// A summary that meets the seed standard (specific, and not shared in shape with another row's,
/// which the checker would call a template).
fn summary(id: &str) -> &'static str {
    const SUMMARIES: [&str; 6] = [
        "Làng nung bát đĩa men lam trong lò củi, bán ở chợ huyện.",
        "Nhiều hộ nặn chum vại bằng tay, phơi ngoài sân gạch.",
        "Thợ vẽ hoa sen lên lọ gốm rồi tráng men rạn.",
        "Xưởng đổ khuôn thạch cao làm tượng gốm nhỏ.",
        "Người già dạy trẻ chuốt ấm trà trên bàn xoay.",
        "Cả xóm làm gạch nung đỏ cho đình chùa quanh vùng.",
    ];
    let n: usize = id.bytes().map(usize::from).sum();
    SUMMARIES[n % SUMMARIES.len()]
}

/// A village row under [`VILLAGE_HEADERS`] (a real former commune and its 2025 unit from the
/// fixture's admin tables), then `more` cells.
fn village(id: &str, name: &str, more: &[&str]) -> Vec<String> {
    let mut row: Vec<String> = [
        id,
        name,
        "gom-su",
        summary(id),
        "Mỹ Đức",
        "Phùng Xá",
        "Xã Hồng Sơn",
        "10465",
        "20.722257",
        "105.762346",
        "xã",
    ]
    .map(String::from)
    .to_vec();
    row.extend(more.iter().map(|c| c.to_string()));
    row
}

/// [`VILLAGE_HEADERS`], then `more`.
fn village_headers<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut headers = VILLAGE_HEADERS.to_vec();
    headers.extend(more);
    headers
}

#[test]
fn ids_that_are_not_slugs_are_refused_before_any_path_is_built() {
    let seeds = Seeds::new();
    // An absolute id was written even in the scratch phase, before the check.
    let absolute = seeds.tmp.path().join("outside");
    let absolute = absolute.to_str().unwrap();
    let sheet_rows = [
        village("../../Cargo", "Một", &[]),
        village(absolute, "Hai", &[]),
        village("..", "Ba", &[]),
        village("a.b", "Bốn", &[]),
        village("Bat-Trang", "Năm", &[]),
        village("", "!!!", &[]),
        village("kim-lan", "Kim Lan", &[]),
    ];
    let sheet = seeds.sheet("villages.csv", csv(&VILLAGE_HEADERS, &sheet_rows));
    let stderr = seeds.refused(
        &sheet,
        "villages",
        &[
            "2: Mã: `../../Cargo` is not an id",
            &format!("3: Mã: `{absolute}` is not an id"),
            "4: Mã: `..` is not an id",
            "5: Mã: `a.b` is not an id",
            "6: Mã: `Bat-Trang` is not an id",
            "7: Mã: `!!!` makes no id",
        ],
    );
    assert!(stderr.contains("6 problem(s)"), "{stderr}");
    for outside in [
        seeds.tmp.path().join("Cargo.toml"),
        seeds.tmp.path().join("outside.toml"),
    ] {
        assert!(!outside.exists(), "{} was written", outside.display());
    }
}

#[test]
fn a_product_whose_village_id_is_a_path_is_refused() {
    let seeds = Seeds::new();
    let sheet = seeds.sheet(
        "products.csv",
        csv(
            &["Mã", "Tên sản phẩm", "Mã làng", "Nghề", "Tóm tắt"],
            &[
                vec!["binh-gom", "Bình gốm", "../../evil", "gom-su", "Bình."],
                vec!["../x", "Chén", "bat-trang", "gom-su", "Chén."],
            ],
        ),
    );
    seeds.refused(
        &sheet,
        "products",
        &[
            "2: Mã làng: `../../evil` is not an id",
            "3: Mã: `../x` is not an id",
        ],
    );
    assert!(!seeds.tmp.path().join("evil.toml").exists());
}

#[test]
fn an_existing_products_file_that_does_not_parse_is_an_error_not_an_empty_list() {
    let broken = "[[product]]\nid = \"kept\"\nname = \"unterminated\n";
    let seeds = Seeds::prepared(|seeds| {
        fs::write(seeds.join("products/bat-trang.toml"), broken).unwrap();
    });
    let sheet = seeds.sheet(
        "products.csv",
        csv(
            &["Tên sản phẩm", "Mã làng", "Nghề", "Tóm tắt"],
            &[vec!["Bình gốm", "bat-trang", "gom-su", "Bình gốm."]],
        ),
    );
    let out = seeds.import(&sheet, "products");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let file = seeds.path.join("products/bat-trang.toml");
    let want = format!("{}:3: -: ", file.display());
    assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
    assert!(
        stderr.contains("fix this file before importing products into it"),
        "{stderr}"
    );
    seeds.assert_untouched();
}

#[test]
fn a_failed_write_leaves_no_file_and_no_temporary() {
    // Something already sits where the second file's temporary copy goes, so the import fails
    // after writing the first one's.
    let seeds = Seeds::prepared(|seeds| {
        fs::create_dir(seeds.join("villages/.zzz-lang.toml.import")).unwrap();
    });
    let sheet_rows = [
        village("aaa-lang", "Làng A", &[]),
        village("zzz-lang", "Làng Z", &[]),
    ];
    let sheet = seeds.sheet("villages.csv", csv(&VILLAGE_HEADERS, &sheet_rows));
    let out = seeds.import(&sheet, "villages");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    seeds.assert_untouched();
}

#[test]
fn only_web_addresses_are_accepted_as_source_links() {
    let seeds = Seeds::new();
    let headers = village_headers(&["Nguồn", "Đơn vị đưa tin", "Đường dẫn"]);
    let source = |url| ["Báo", "Báo Hà Nội", url];
    let sheet_rows = [
        village(
            "lang-a",
            "Làng A",
            &source("javascript:alert(document.domain)"),
        ),
        village("lang-b", "Làng B", &source("//evil.example/x")),
        village("lang-c", "Làng C", &source("https://hanoimoi.vn/lang-c")),
    ];
    let sheet = seeds.sheet("villages.csv", csv(&headers, &sheet_rows));
    seeds.refused(
        &sheet,
        "villages",
        &[
            "2: Đường dẫn: `javascript:alert(document.domain)` is not a web address",
            "3: Đường dẫn: `//evil.example/x` is not a web address",
        ],
    );
}

#[test]
fn the_documented_verification_column_is_accepted_and_checked() {
    let seeds = Seeds::new();
    let headers = village_headers(&["Nguồn", "Đơn vị đưa tin", "Đường dẫn", "Ngày", "Kiểm chứng"]);
    let row = |id, check| {
        village(
            id,
            id,
            &[
                "Làng gốm bên sông",
                "Báo Hà Nội",
                "https://hanoimoi.vn/lang-gom-ben-song-12345.html",
                "2024-05-06",
                check,
            ],
        )
    };
    let bad = [row("lang-a", "chưa kiểm chứng"), row("lang-b", "có lẽ")];
    let sheet = seeds.sheet("bad.csv", csv(&headers, &bad));
    seeds.refused(
        &sheet,
        "villages",
        &["3: Kiểm chứng: `có lẽ` is not `đã kiểm chứng` or `chưa kiểm chứng`"],
    );

    let good = [
        row("lang-a", "Chưa kiểm chứng"),
        row("lang-c", "đã kiểm chứng"),
    ];
    let sheet = seeds.sheet("good.csv", csv(&headers, &good));
    seeds.imported(&sheet, "villages");
    let a = fs::read_to_string(seeds.path.join("villages/lang-a.toml")).unwrap();
    assert!(a.contains("verification = \"unverified\""), "{a}");
    let c = fs::read_to_string(seeds.path.join("villages/lang-c.toml")).unwrap();
    assert!(c.contains("verification = \"sourced\""), "{c}");
}

#[test]
fn dates_that_are_not_dates_are_refused_with_their_row() {
    let seeds = Seeds::new();
    let headers = village_headers(&[
        "Nguồn",
        "Đơn vị đưa tin",
        "Ngày",
        "Danh hiệu",
        "Năm công nhận",
    ]);
    let row = |id, date, year| village(id, id, &["Báo", "Báo Hà Nội", date, "LN", year]);
    let sheet_rows = [
        row("lang-a", "01/02/2024", "2020"),
        row("lang-b", "45292", "2020"),
        row("lang-c", "2024-02-30", "2020"),
        row("lang-d", "2024-01-01", "43831"),
    ];
    let sheet = seeds.sheet("villages.csv", csv(&headers, &sheet_rows));
    seeds.refused(
        &sheet,
        "villages",
        &[
            "2: Ngày: `01/02/2024` is not a date",
            "3: Ngày: `45292` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (a day count",
            "4: Ngày: `2024-02-30` is not a date",
            "5: Năm công nhận: `43831` is not a year",
        ],
    );
}

/// One cell of a hand-written XLSX sheet.
enum Cell<'a> {
    Text(&'a str),
    /// A number shown with Excel's built-in date format (style 1 below).
    Date(u32),
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The name of a 0-based column (`A`, …, `Z`, `AA`, …).
fn column_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

/// The `<sheetData>` rows of a sheet, from row 1.
fn sheet_data(rows: &[Vec<Cell>]) -> String {
    let mut xml = String::new();
    for (r, cells) in rows.iter().enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in cells.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            match cell {
                Cell::Text(t) => xml.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    xml_text(t)
                )),
                Cell::Date(serial) => {
                    xml.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{serial}</v></c>"))
                }
            }
        }
        xml.push_str("</row>");
    }
    xml
}

/// A minimal XLSX workbook whose one sheet has `dimension` (if any) and `data`, plus `extra`
/// parts.
fn xlsx(dimension: Option<&str>, data: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let dimension = dimension
        .map(|d| format!("<dimension ref=\"{d}\"/>"))
        .unwrap_or_default();
    let parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>".into(),
        ),
        (
            "_rels/.rels",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ),
        (
            "xl/workbook.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"Làng\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/styles\" Target=\"styles.xml\"/></Relationships>"),
        ),
        (
            "xl/styles.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{MAIN}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\">{dimension}<sheetData>{data}</sheetData></worksheet>"),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in &parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    for (name, bytes) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn excel_date_cells_read_as_dates_and_years() {
    let seeds = Seeds::new();
    use Cell::{Date, Text};
    let mut header = VILLAGE_HEADERS.to_vec();
    header.extend([
        "Danh hiệu",
        "Năm công nhận",
        "Nguồn",
        "Đơn vị đưa tin",
        "Đường dẫn",
        "Ngày",
    ]);
    let village = village("lang-ngay", "Làng Ngày", &[]);
    let data = sheet_data(&[
        header.iter().map(|h| Text(h)).collect(),
        village
            .iter()
            .map(|c| Text(c.as_str()))
            .chain([
                Text("LN"),
                // 2020-01-01, in a year column: the year.
                Date(43831),
                Text("Làng gốm bên sông"),
                Text("Báo Hà Nội"),
                Text("https://hanoimoi.vn/lang-gom-ben-song-12345.html"),
                // 2024-01-01.
                Date(45292),
            ])
            .collect(),
    ]);
    let sheet = seeds.sheet("dates.xlsx", xlsx(Some("A1:Q2"), &data, &[]));
    seeds.imported(&sheet, "villages");
    let text = fs::read_to_string(seeds.path.join("villages/lang-ngay.toml")).unwrap();
    assert!(text.contains("date = \"2024-01-01\""), "{text}");
    assert!(text.contains("year = 2020"), "{text}");
}

/// Header and one good village row, as XLSX `<row>`s.
fn good_rows() -> String {
    use Cell::Text;
    sheet_data(&[
        VILLAGE_HEADERS.iter().map(|h| Text(h)).collect(),
        village("lang-a", "Làng A", &[])
            .iter()
            .map(|c| Text(c.as_str()))
            .collect(),
    ])
}

#[test]
fn a_sheet_whose_used_range_is_huge_is_refused_quickly() {
    let seeds = Seeds::new();
    let far = "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let data = format!("{}{far}", good_rows());
    for (name, dimension, message) in [
        (
            "declared.xlsx",
            Some("A1:XFD1048576"),
            "the sheet's used range A1:XFD1048576 is 1048576 rows × 16384 columns",
        ),
        ("undeclared.xlsx", None, "cell XFD1048576 lies beyond"),
    ] {
        let sheet = seeds.sheet(name, xlsx(dimension, &data, &[]));
        let started = Instant::now();
        let out = seeds.import(&sheet, "villages");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
        let want = format!("{}: {message}", sheet.display());
        assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
        assert!(stderr.contains("10000 rows × 64 columns"), "{stderr}");
        seeds.assert_untouched();
    }
}

#[test]
fn a_sheet_that_unpacks_to_too_much_is_refused() {
    let seeds = Seeds::new();
    // 70 MiB of spaces pack into a few hundred KiB.
    let padding = vec![b' '; 70 << 20];
    let sheet = seeds.sheet(
        "bomb.xlsx",
        xlsx(
            Some("A1:K2"),
            &good_rows(),
            &[("docProps/padding.xml", &padding)],
        ),
    );
    assert!(fs::metadata(&sheet).unwrap().len() < 4 << 20);
    let out = seeds.import(&sheet, "villages");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let want = format!("{}: unpacks to more than 64 MiB", sheet.display());
    assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
    seeds.assert_untouched();
}

#[test]
fn the_hand_written_xlsx_imports_when_it_is_sane() {
    // The sheets above are refused for what they add, not for how they are written.
    let seeds = Seeds::new();
    let sheet = seeds.sheet("good.xlsx", xlsx(Some("A1:K2"), &good_rows(), &[]));
    let out = seeds.imported(&sheet, "villages");
    assert!(out.contains("villages/lang-a.toml"), "{out}");
}
