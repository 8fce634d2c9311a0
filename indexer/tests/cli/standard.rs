//! The standard a record must meet (issue 10), the administrative-unit check and the `units`
//! command, run on fixtures: each rule rejects its bad record at `file:line: field: problem`,
//! and records that meet the standard raise nothing.

use super::*;

/// 1-based line of the first line containing `needle` after the first line containing `after`.
fn line_after(path: &Path, after: &str, needle: &str) -> usize {
    let text = fs::read_to_string(path).unwrap();
    let start = text
        .lines()
        .position(|l| l.contains(after))
        .unwrap_or_else(|| panic!("{after:?} not in {}", path.display()));
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} after {after:?} not in {}", path.display()))
}

fn check_fails(seeds: &Path) -> String {
    let result = indexer(&["check", "--seeds", seeds.to_str().unwrap()]);
    assert!(
        !result.status.success(),
        "check must fail on {}",
        seeds.display()
    );
    assert!(result.stdout.is_empty(), "nothing is printed on stdout");
    String::from_utf8(result.stderr).unwrap()
}

#[test]
fn each_rule_of_the_standard_rejects_its_bad_record_at_its_line() {
    let seeds = repo("tests/fixtures/substandard-seeds");
    let stderr = check_fails(&seeds);
    let v = |f: &str| seeds.join("villages").join(format!("{f}.toml"));
    let products = seeds.join("products/good.toml");
    let tours = seeds.join("tours.toml");
    let bad = v("bad-sources");
    let expected: Vec<(PathBuf, usize, &str)> = vec![
        // A sourced record needs an article: http(s) url and date.
        (seeds.join("handbook.toml"), line_of(&seeds.join("handbook.toml"), "verification"),
         "verification: a `sourced` record needs at least one source that is an article"),
        (seeds.join("crafts.toml"), line_after(&seeds.join("crafts.toml"), "id = \"ren\"", "verification"),
         "verification: a `sourced` record needs at least one source that is an article"),
        (v("no-date"), line_of(&v("no-date"), "verification"),
         "verification: a `sourced` record needs at least one source that is an article"),
        (bad.clone(), line_of(&bad, "verification"),
         "verification: a `sourced` record needs at least one source that is an article"),
        // Addresses that are not articles, and unsafe ones.
        (seeds.join("crafts.toml"), line_of(&seeds.join("crafts.toml"), "javascript:"),
         "sources.url: `javascript:alert(1)` is not an http(s) address"),
        (bad.clone(), line_of(&bad, "data:text"), "sources.url: `data:text/html,hello` is not an http(s) address"),
        (bad.clone(), line_of(&bad, "/tag/"), "sources.url: `https://baomoi.com/tag/lang-nghe.epi` is a listing page (/tag/)"),
        (bad.clone(), line_of(&bad, "?page=6"), "sources.url: `https://nhipsonghanoi.hanoimoi.com.vn/tin-tuc/70/cat.html?page=6` is a listing page (?page=)"),
        (bad.clone(), line_of(&bad, "-ptag"), "sources.url: `https://kenh14.vn/lang-nghe-ptag.html` is a listing page (-ptag)"),
        (bad.clone(), line_of(&bad, "/tim-kiem/"), "sources.url: `https://dantri.com.vn/tim-kiem/lang-nghe.htm` is a listing page (/tim-kiem/)"),
        (bad.clone(), line_of(&bad, "https://hanoimoi.vn/\""), "sources.url: `https://hanoimoi.vn/` is a site's home page, not an article"),
        (bad.clone(), line_of(&bad, "123docz"), "sources.url: `https://123docz.net/trich-doan/1527271-lang-may-tre-dan.htm` is on a document-sharing site (123doc)"),
        (bad.clone(), line_of(&bad, "ketquabongdanews"), "sources.url: `https://ketquabongdanews.com/xa-hoi/banh-chung-816627.html` is on a content farm unrelated to crafts (ketquabongdanews.com)"),
        (bad.clone(), line_of(&bad, "reporting on"),
         "sources.title: source `Vietnam+ (reporting on Hanoi craft villages)` has no url"),
        (v("bad-date"), line_of(&v("bad-date"), "date ="),
         "sources.date: `29/03/2005`: must be YYYY, YYYY-MM or YYYY-MM-DD"),
        // Summaries that say nothing specific.
        (v("template-a"), line_of(&v("template-a"), "summary"), "summary: is template text shared by 2 records"),
        (v("template-b"), line_of(&v("template-b"), "summary"), "summary: is template text shared by 2 records"),
        (products.clone(), line_after(&products, "id = \"chen-tra\"", "summary"), "summary: says nothing beyond names"),
        (products.clone(), line_after(&products, "id = \"dia-sen\"", "summary"), "summary: says nothing beyond names"),
        (products.clone(), line_after(&products, "id = \"am-tich\"", "summary"), "summary: says nothing beyond names"),
        // Digitised means a complete profile.
        (products.clone(), line_after(&products, "id = \"lo-hoa-unverified\"", "digitised"),
         "digitised: a digitised product is a complete profile; this one lacks `sourced` with an article"),
        // OCOP: year, producer, a source; 36 months.
        (products.clone(), line_after(&products, "id = \"ocop-bare\"", "[product.ocop]"), "ocop: an OCOP rating needs the `year`"),
        (products.clone(), line_after(&products, "id = \"ocop-bare\"", "[product.ocop]"), "ocop: an OCOP rating is awarded to a producer"),
        (products.clone(), line_after(&products, "id = \"ocop-bare\"", "[product.ocop]"),
         "ocop: an OCOP rating needs a source that is an article or list"),
        (products.clone(), line_after(&products, "id = \"ocop-past-validity\"", "year = 2021"),
         "ocop.year: rated in 2021, valid 36 months: at most until 2024, before the data's date 2026-11-27; set `expired = true`"),
        // Visitors.
        (v("visit"), line_of(&v("visit"), "see_and_do_en"),
         "visit.see_and_do_en: has 1 items but `see_and_do` has 2: translate item for item"),
        (v("visit"), line_of(&v("visit"), "lunar_month"), "festivals.lunar_month: 13: a lunar month is 1–12"),
        (v("visit"), line_of(&v("visit"), "lunar_day"), "festivals.lunar_day: 31: a lunar day is 1–30"),
        (v("visit"), line_of(&v("visit"), "days ="), "festivals.days: a festival lasts at least 1 day"),
        (v("visit"), line_of(&v("visit"), "javascript:"), "shops.url: `javascript:void(0)` is not an http(s) address"),
        (v("visit"), line_of(&v("visit"), "không địa chỉ"), "shops.name: shop `Cửa hàng không địa chỉ` needs a `url` or an `address`"),
        // Tours.
        (tours.clone(), line_of(&tours, "[[tour.stops]]"),
         "stops: the stops in this order are 51.9 km in a straight line; in the order Điểm A → Điểm C → Điểm B → Điểm D (first stop kept) they are 31.1 km"),
        (tours.clone(), line_of(&tours, "origin = \"published\""), "origin: a `published` route needs a source"),
        // Addresses against the tables.
        (v("wrong-district"), line_of(&v("wrong-district"), "district ="),
         "historical.district: `Hà Tây` is not a former district of Hanoi"),
        (v("wrong-commune"), line_of(&v("wrong-commune"), "commune ="),
         "historical.commune: no former commune or ward `Vạn Phúc` in Gia Lâm; in other districts: Xã Vạn Phúc (Thanh Trì, 00676), Phường Vạn Phúc (Hà Đông, 09544)"),
        (v("wrong-code"), line_of(&v("wrong-code"), "code = \"00583\""),
         "historical.code: `00583` is Xã Bát Tràng (Gia Lâm), but `commune = \"Vạn Phúc\"` is Phường Vạn Phúc (Hà Đông): the code of the commune is `09544`"),
        (v("code-only"), line_of(&v("code-only"), "[historical]"),
         "historical.commune: missing: `09544` is Phường Vạn Phúc: write `commune = \"Vạn Phúc\"`"),
        (v("no-current"), 1, "current: missing: Phường Vạn Phúc (09544) went into Phường Hà Đông (09556)"),
        (v("no-code"), line_of(&v("no-code"), "[current]"), "current.code: missing: Phường Vạn Phúc went into Phường Hà Đông (09556)"),
        (v("wrong-unit"), line_after(&v("wrong-unit"), "[current]", "code"),
         "current.code: Phường Vạn Phúc (09544) went into Phường Hà Đông (09556), not Xã Bát Tràng (00577): a village placed elsewhere needs a `[current.source]`"),
        (v("wrong-name"), line_after(&v("wrong-name"), "[current]", "name"),
         "current.name: `Xã Hà Đông` is not the name of unit 09556: `Phường Hà Đông`"),
        (v("divided"), line_of(&v("divided"), "[current]"),
         "current: Xã Bát Tràng (00583) was divided between Phường Long Biên (00145), Xã Bát Tràng (00577), Xã Gia Lâm (00565): cite a `[current.source]`"),
        (v("uncertain-not-default"), line_of(&v("uncertain-not-default"), "uncertain ="),
         "current.uncertain: an uncertain unit is the conversion's default, Xã Bát Tràng (00577)"),
        (v("uncertain-whole"), line_of(&v("uncertain-whole"), "uncertain ="),
         "current.uncertain: Phường Vạn Phúc went whole into Phường Hà Đông (09556): nothing is uncertain"),
        (v("no-coordinates"), 1,
         "coordinates: missing: place the village at its former commune's centre (lat = 20.978688, lon = 105.771796, precision = \"commune\")"),
    ];
    let mut missing = Vec::new();
    for (file, line, message) in &expected {
        let want = format!("{}:{line}: {message}", file.display());
        if !stderr.contains(&want) {
            missing.push(want);
        }
    }
    assert!(
        missing.is_empty(),
        "expected, not found:\n{}\n\nin:\n{stderr}",
        missing.join("\n")
    );
    // Nothing else: the records that meet the standard (good, *-ok) raise nothing.
    let reported = stderr.lines().filter(|l| l.contains(".toml:")).count();
    assert_eq!(
        reported,
        expected.len(),
        "unexpected problems in:\n{stderr}"
    );
    for ok in [
        "villages/good.toml",
        "merged-name-ok",
        "override-ok",
        "uncertain-default-ok",
        "binh-men-lam-ok",
    ] {
        assert!(!stderr.contains(ok), "{ok} meets the standard:\n{stderr}");
    }
}

#[test]
fn check_counts_how_far_the_data_is_from_the_standard() {
    let seeds = repo("tests/fixtures/substandard-seeds");
    let stderr = check_fails(&seeds);
    let counts = stderr
        .lines()
        .find_map(|l| l.strip_prefix("counts: "))
        .unwrap_or_else(|| panic!("no counts in:\n{stderr}"));
    let counts: Value = serde_json::from_str(counts).unwrap();
    let at = |key: &str| {
        counts[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} in {counts}"))
    };
    assert_eq!(at("villages"), 22);
    // All but no-current and no-code.
    assert_eq!(at("villages_with_2025_unit"), 20);
    assert_eq!(at("products"), 7);
    // binh-men-lam-ok and ocop-past-validity (not flagged digitised, but complete).
    assert_eq!(at("products_complete"), 2);
    assert_eq!(at("products_digitised"), 1);
    // template-a, template-b, chen-tra, dia-sen, am-tich.
    assert_eq!(at("template_summaries"), 5);
    // document-only, ren, no-date, bad-sources.
    assert_eq!(at("sourced_without_article"), 4);
    assert_eq!(at("problems"), 45);
}

#[test]
fn the_tiny_fixture_meets_the_standard() {
    let out = ok(&[
        "check",
        "--seeds",
        repo("tests/fixtures/tiny-seeds").to_str().unwrap(),
    ]);
    let counts: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(counts["villages_with_2025_unit"], 3);
    assert_eq!(counts["products_complete"], 1);
    assert_eq!(counts["template_summaries"], 0);
    assert_eq!(counts["sourced_without_article"], 0);
    assert_eq!(counts["problems"], 0);
}

#[test]
fn check_report_lists_the_weakest_records_first_with_what_they_lack() {
    let seeds = repo("tests/fixtures/substandard-seeds");
    let out = indexer(&["check", "--report", "--seeds", seeds.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "the report does not make failing seeds pass"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(u32, &str)> = stdout
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (score, rest) = l.trim_start().split_once("  ")?;
            Some((score.parse().ok()?, rest))
        })
        .collect();
    assert!(rows.len() > 20, "{stdout}");
    let scores: Vec<u32> = rows.iter().map(|(s, _)| *s).collect();
    assert!(
        scores.windows(2).all(|w| w[0] <= w[1]),
        "weakest first:\n{stdout}"
    );
    let (first_score, first) = rows[0];
    assert!(
        first.contains("bad-sources"),
        "the record with nine bad sources is weakest:\n{stdout}"
    );
    assert!(first_score < 50, "{stdout}");
    assert!(
        first.contains("rejected URL") && first.contains("placeholder"),
        "{first}"
    );
    let no_current = rows
        .iter()
        .find(|(_, r)| r.contains(" no-current "))
        .expect("no-current listed");
    assert!(no_current.1.contains("no 2025 unit"), "{}", no_current.1);
    let template = rows
        .iter()
        .find(|(_, r)| r.contains(" template-a "))
        .expect("template-a listed");
    assert!(
        template.1.contains("template or names-only summary"),
        "{}",
        template.1
    );
    assert!(
        !stdout.contains(" good "),
        "a record meeting the standard in full is not listed:\n{stdout}"
    );
    assert!(
        stdout.contains("records meet the standard in full"),
        "{stdout}"
    );
}

/// Writes a village in Xã Vạn Phúc (Thanh Trì), which became Xã Nam Phù in 2025, with only its
/// former address.
fn village_with_only_its_former_address(seeds: &Path, id: &str) -> PathBuf {
    let path = seeds.join(format!("villages/{id}.toml"));
    fs::write(
        &path,
        format!(
            "id = \"{id}\"\nname = \"Làng Thử Nghiệm\"\ncrafts = [\"det-lua\"]\n\
             summary = \"Làng dệt chiếu cói trên khung gỗ, nhuộm cói bằng phẩm đỏ.\"\n\n\
             [historical]\ndistrict = \"Thanh Trì\"\ncommune = \"Vạn Phúc\"\n\n\
             [services]\ntourism = true\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn units_shows_what_the_tables_say_and_write_fills_only_absent_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&repo("tests/fixtures/tiny-seeds"), &seeds);
    let s = seeds.to_str().unwrap();
    let path = village_with_only_its_former_address(&seeds, "thu-nghiem");
    let stderr = check_fails(&seeds);
    assert!(
        stderr.contains("current: missing: Xã Vạn Phúc (00676) went into Xã Nam Phù (00685)"),
        "{stderr}"
    );

    let shown = ok(&["units", "--seeds", s, "thu-nghiem", "giang-cao"]);
    assert!(
        shown.contains("thu-nghiem: Thanh Trì, Xã Vạn Phúc (00676) → Xã Nam Phù (00685)"),
        "{shown}"
    );
    assert!(
        shown.contains("[current] name = \"Xã Nam Phù\", code = \"00685\"  (to fill)"),
        "{shown}"
    );
    assert!(
        shown.contains("giang-cao: Gia Lâm, Xã Bát Tràng (00583) → divided between"),
        "{shown}"
    );
    assert_eq!(
        fs::read_to_string(&path)
            .unwrap()
            .matches("[current]")
            .count(),
        0,
        "showing writes nothing"
    );

    // A former commune given by code only gets its name.
    let van_phuc = seeds.join("villages/van-phuc-ha-dong.toml");
    let text = fs::read_to_string(&van_phuc).unwrap();
    fs::write(&van_phuc, text.replace("commune = \"Vạn Phúc\"\n", "")).unwrap();
    let giang_cao_before = fs::read(seeds.join("villages/giang-cao.toml")).unwrap();
    ok(&["units", "--seeds", s, "--write"]);
    let filled = fs::read_to_string(&path).unwrap();
    assert!(
        filled.contains(
            "[historical]\ndistrict = \"Thanh Trì\"\ncommune = \"Vạn Phúc\"\ncode = \"00676\"\n\n\
             [current]\nname = \"Xã Nam Phù\"\ncode = \"00685\"\n\n\
             [coordinates]\nlat = 20.918507\nlon = 105.902432\nprecision = \"commune\"\n\n[services]"
        ),
        "{filled}"
    );
    assert!(
        fs::read_to_string(&van_phuc)
            .unwrap()
            .contains("district = \"Hà Đông\"\ncode = \"09544\"\ncommune = \"Vạn Phúc\"\n"),
        "the commune's name comes back from its code"
    );
    assert_eq!(
        fs::read(seeds.join("villages/giang-cao.toml")).unwrap(),
        giang_cao_before,
        "a village with every field present is untouched"
    );
    ok(&["check", "--seeds", s]);
    let again = snapshot(&seeds);
    ok(&["units", "--seeds", s, "--write"]);
    assert_eq!(
        snapshot(&seeds),
        again,
        "a second run has nothing left to fill"
    );
}

#[test]
fn units_write_is_all_or_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&repo("tests/fixtures/tiny-seeds"), &seeds);
    village_with_only_its_former_address(&seeds, "a-thu-nghiem");
    // A second village whose address is an inline table, which `--write` does not edit.
    fs::write(
        seeds.join("villages/z-inline.toml"),
        "id = \"z-inline\"\nname = \"Nội Tuyến\"\ncrafts = [\"gom-su\"]\n\
         summary = \"Làng làm gạch nung thủ công trong lò đất.\"\n\
         historical = { district = \"Thanh Trì\", commune = \"Vạn Phúc\" }\n",
    )
    .unwrap();
    let before = snapshot(&seeds);
    let result = indexer(&["units", "--seeds", seeds.to_str().unwrap(), "--write"]);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("z-inline.toml") && stderr.contains("[historical] table"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&seeds),
        before,
        "one file that cannot be filled: none is written"
    );
}

#[test]
fn a_village_is_found_by_its_former_commune_and_by_its_2025_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&repo("tests/fixtures/tiny-seeds"), &seeds);
    village_with_only_its_former_address(&seeds, "thu-nghiem");
    ok(&["units", "--seeds", seeds.to_str().unwrap(), "--write"]);
    let index = tmp.path().join("out");
    build(&seeds, &index);
    // Nam Phù is only the 2025 unit's name; Vạn Phúc, Thanh Trì only the former address.
    assert_first(&index, "nam phu", "village", "thu-nghiem");
    assert_first(&index, "Xã Nam Phù", "village", "thu-nghiem");
    let hits = query(&index, "van phuc thanh tri");
    assert!(
        hits.iter().take(2).any(|h| h["id"] == "thu-nghiem"),
        "the former commune and district find it: {hits:#?}"
    );
}

#[test]
fn the_fixtures_admin_rows_are_rows_of_the_full_tables() {
    for fixture in ["tiny-seeds", "substandard-seeds"] {
        for table in ["communes-legacy.csv", "units-2025.csv"] {
            let full = fs::read_to_string(repo(&format!("seeds/admin/{table}"))).unwrap();
            let rows = fs::read_to_string(repo(&format!("tests/fixtures/{fixture}/admin/{table}")))
                .unwrap();
            for row in rows.lines() {
                assert!(
                    full.lines().any(|l| l == row),
                    "{fixture}/admin/{table}: {row}"
                );
            }
        }
    }
}

/// Enable when the data of issue 10 has landed in `seeds/`: the real seeds meet the standard.
#[test]
fn the_real_seeds_meet_the_standard() {
    let out = ok(&["check", "--seeds", repo("seeds").to_str().unwrap()]);
    let counts: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(counts["template_summaries"], 0, "{counts}");
    assert_eq!(counts["sourced_without_article"], 0, "{counts}");
    assert_eq!(
        counts["villages_with_2025_unit"], counts["villages"],
        "{counts}"
    );
}
