//! The indexer, run as a user runs it: the built binary on real and fixture seeds in temp dirs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use handbook_search::text::nfc;
use serde_json::Value;

#[path = "cli/standard.rs"]
mod standard;

mod import;

/// A path from the repository root.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn indexer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_indexer"))
        .args(args)
        .output()
        .expect("the indexer binary runs")
}

/// Runs the indexer and returns stdout, failing the test with stderr if it fails.
fn ok(args: &[&str]) -> String {
    let out = indexer(args);
    assert!(
        out.status.success(),
        "indexer {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

fn build(seeds: &Path, out: &Path) {
    ok(&[
        "build",
        "--seeds",
        seeds.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
}

/// The JSON file `name` in the output folder `dir` (`manifest.json`, `names.json`).
fn output_json(dir: &Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn query(index: &Path, text: &str) -> Vec<Value> {
    ok(&["query", "--index", index.to_str().unwrap(), "--json", text])
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Builds the real seeds once per test binary run, into cargo's scratch folder for integration
/// tests (`target/tmp`): the next run builds over it, so nothing piles up in the system's
/// temporary folder.
fn real_index() -> PathBuf {
    static INDEX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-index");
            build(&repo("seeds"), &dir);
            dir
        })
        .clone()
}

fn assert_first(index: &Path, text: &str, kind: &str, id: &str) {
    let hits = query(index, text);
    let first = hits
        .first()
        .unwrap_or_else(|| panic!("no result for {text:?}"));
    assert_eq!(
        (first["kind"].as_str(), first["id"].as_str()),
        (Some(kind), Some(id)),
        "query {text:?}: expected {kind}/{id} first, got {hits:#?}"
    );
    assert_eq!(first["rank"], 1);
}

#[test]
fn query_bat_trang_without_accents_ranks_the_village_first() {
    let index = real_index();
    assert_first(&index, "bat trang", "village", "bat-trang");
    let hits = query(&index, "bat trang");
    assert_eq!(hits[0]["title"], "Bát Tràng");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
}

/// The rank (1-based) of `kind/id` among the first ten hits for `text`, if there.
fn rank_of(index: &Path, text: &str, key: &str) -> Option<usize> {
    query(index, text)
        .iter()
        .position(|h| {
            format!(
                "{}/{}",
                h["kind"].as_str().unwrap(),
                h["id"].as_str().unwrap()
            ) == key
        })
        .map(|i| i + 1)
}

/// Issue 12: a product named by its craft and its village ("Nón lá làng Chuông") was 7th for
/// "non chuong", behind crafts and tours holding one of the two words; the village whose alias
/// holds both stays first.
#[test]
fn a_name_holding_most_of_the_query_outranks_one_holding_part_of_it() {
    let index = real_index();
    assert_first(&index, "non chuong", "village", "chuong");
    let product = rank_of(&index, "non chuong", "product/non-chuong");
    assert!(
        product.is_some_and(|r| r <= 3),
        "non chuong: product at {product:?}"
    );
    let best = ["product/gio-lua-uoc-le", "product/cha-que-uoc-le"]
        .iter()
        .filter_map(|key| rank_of(&index, "gio cha uoc le", key))
        .min();
    assert!(
        best.is_some_and(|r| r <= 3),
        "gio cha uoc le: products at {best:?}"
    );
    // A query that is a village's name still lists the village before its products.
    assert_first(&index, "chuong", "village", "chuong");
    assert_first(&index, "uoc le", "village", "uoc-le");
}

/// A craft's name is mostly typed without its leading verb: "nón lá" listed four products named
/// "Nón lá …" (the start of their names) before the craft "Làm nón lá", and "quạt" did not show
/// "Làm quạt" in the first three. A name is also a whole name without a common first word.
#[test]
fn a_craft_is_found_by_its_name_without_the_verb() {
    let index = real_index();
    assert_first(&index, "nón lá", "craft", "non-la");
    assert_first(&index, "non la", "craft", "non-la");
    assert_first(&index, "quạt", "craft", "lam-quat");
    // The products keep their place right after it.
    assert_eq!(
        rank_of(&index, "nón lá", "product/non-la-phu-chau"),
        Some(2)
    );
}

/// A name being typed is held to the accents typed, as a whole name is: "diều" (kites) listed
/// "Điêu khắc" (sculpture) 2nd, above every kite record but the craft, because the bonus for a
/// name that starts with the query did not look at accents. The word being typed is held to
/// its letters, not its tone: "diề" still finds the kites.
#[test]
fn a_name_being_typed_keeps_its_accents() {
    let index = real_index();
    for typed in ["diều", "diề"] {
        assert_first(&index, typed, "craft", "lam-dieu");
        let sculpture = rank_of(&index, typed, "craft/dieu-khac");
        assert!(
            sculpture.is_none_or(|r| r > 3),
            "{typed}: Điêu khắc at {sculpture:?}"
        );
    }
    // Typed without accents, both are still what the reader may mean.
    assert!(rank_of(&index, "dieu", "craft/dieu-khac").is_some_and(|r| r <= 3));
}

/// Issue 12: "donng my" read as English (`donng` is no syllable), which made `my` (Mỹ) a
/// filler word; Đông Mỹ was 4th.
#[test]
fn a_misspelt_syllable_leaves_the_others_their_weight() {
    let rank = rank_of(&real_index(), "donng my", "village/dong-my-thanh-tri");
    assert!(
        rank.is_some_and(|r| r <= 3),
        "donng my: Đông Mỹ at {rank:?}"
    );
}

/// How many records `text` finds, from the first line `indexer query` prints.
fn total(index: &Path, text: &str) -> u64 {
    let out = ok(&[
        "query",
        "--index",
        index.to_str().unwrap(),
        "--limit",
        "1",
        text,
    ]);
    let first = out.lines().next().unwrap_or_default();
    first
        .split_once(" results;")
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {first:?}"))
}

/// Issue 12 (keystrokes at 100,000 records): a typo of a word the data holds adds to the
/// scores of the records holding the word, and finds no records of its own. "tranh" is one
/// letter from "trang", which is in more records: when typos selected, every record holding
/// "trang" was a result for "tranh".
#[test]
fn a_typo_of_a_word_the_data_holds_finds_nothing_more() {
    let index = real_index();
    let (tranh, trang) = (total(&index, "tranh "), total(&index, "trang "));
    assert!(tranh > 0 && tranh < trang, "tranh {tranh}, trang {trang}");
    // A word the data lacks is most likely misspelt: its typos find what it meant.
    assert!(total(&index, "trnah ") > 0);
}

/// Issue 12 (keystrokes at 100,000 records): the two-letter start of a word typed after a
/// word that selects ranks the results, and does not add every record holding a word that
/// starts with it; alone, it finds them.
#[test]
fn a_short_prefix_after_a_word_that_selects_does_not_widen_the_results() {
    let index = real_index();
    let tranh = total(&index, "tranh ");
    assert_eq!(total(&index, "tranh th"), tranh);
    assert!(total(&index, "th") > tranh);
    // It still ranks: the embroidered picture ("tranh thêu") first, not the village Tranh Khúc.
    let hits = query(&index, "tranh th");
    assert!(
        hits[0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Tranh thêu")),
        "tranh th: {hits:#?}"
    );
    assert_first(&index, "tranh ", "village", "tranh-khuc");
}

#[test]
fn query_van_phuc_with_accents_ranks_the_village_first() {
    assert_first(&real_index(), "vạn phúc", "village", "van-phuc-ha-dong");
}

#[test]
fn same_seeds_give_a_byte_identical_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&repo("tests/fixtures/tiny-seeds"), &a);
    build(&repo("tests/fixtures/tiny-seeds"), &b);
    let (ma, mb) = (
        output_json(&a, "manifest.json"),
        output_json(&b, "manifest.json"),
    );
    assert_eq!(ma["sha256"], mb["sha256"]);
    assert_eq!(ma["bundle"], mb["bundle"]);
    let name = ma["bundle"].as_str().unwrap();
    assert_eq!(
        fs::read(a.join(name)).unwrap(),
        fs::read(b.join(name)).unwrap()
    );
    assert!(
        name.starts_with("handbook.") && name.ends_with(".bundle"),
        "{name}"
    );
}

#[test]
fn the_names_list_beside_the_bundle_names_every_record_it_holds() {
    let tmp = tempfile::tempdir().unwrap();
    build(&repo("tests/fixtures/tiny-seeds"), tmp.path());
    let manifest = output_json(tmp.path(), "manifest.json");
    let names = output_json(tmp.path(), "names.json");
    let names = names.as_array().expect("the names list is an array");
    let records: u64 = manifest["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(names.len() as u64, records);
    // Every name the list holds is a record the bundle finds by that name.
    let index = tmp.path().to_path_buf();
    for named in names {
        let (kind, id, name) = (
            named[0].as_str().unwrap(),
            named[1].as_str().unwrap(),
            named[2].as_str().unwrap(),
        );
        let hits = query(&index, name);
        assert!(
            hits.iter().any(|h| h["kind"] == kind && h["id"] == id),
            "{kind} {id} ({name}) not found by its name: {hits:#?}"
        );
    }
}

#[test]
fn check_prints_counts_as_json() {
    let out = ok(&[
        "check",
        "--seeds",
        repo("tests/fixtures/tiny-seeds").to_str().unwrap(),
    ]);
    let counts: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(counts["villages"], 3);
    assert_eq!(counts["crafts"], 2);
    assert_eq!(counts["products"], 1);
    assert_eq!(counts["tours"], 1);
}

/// Runs the indexer expecting it to fail, and returns its stderr.
fn fails(args: &[&str]) -> String {
    let out = indexer(args);
    assert!(!out.status.success(), "indexer {args:?} must fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of a fixture's seeds in a temporary folder (removed with the returned guard), so a
/// test can break them.
fn scratch_seeds(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_seeds(&repo(fixture), &seeds);
    (tmp, seeds)
}

/// Replaces `from` by `to` in a seed file (which must hold `from`).
fn edit(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    fs::write(file, text.replace(from, to)).unwrap();
}

/// `indexer import` of a sheet into a seeds folder.
fn import_args<'a>(sheet: &'a Path, kind: &'a str, seeds: &'a Path) -> [&'a str; 7] {
    [
        "import",
        "--from",
        sheet.to_str().unwrap(),
        "--kind",
        kind,
        "--seeds",
        seeds.to_str().unwrap(),
    ]
}

/// Copies a seeds folder, so a test can break the copy.
fn copy_seeds(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&entry, &dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (tmp, seeds) = scratch_seeds("tests/fixtures/tiny-seeds");
    let out = tmp.path().join("out");
    build(&seeds, &out);
    let before = snapshot(&out);

    let village = seeds.join("villages/bat-trang.toml");
    edit(
        &village,
        "crafts = [\"gom-su\"]",
        "crafts = [\"no-such-craft\"]",
    );
    let stderr = fails(&[
        "build",
        "--seeds",
        seeds.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stderr.contains("unknown craft `no-such-craft`"), "{stderr}");
    assert_eq!(
        snapshot(&out),
        before,
        "the previous output must be untouched"
    );
}

/// The details files in an output folder, by name.
fn details_files(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.join("details"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// Each build keeps the details files of its own bundle and of the previous one (a client
/// midway through an update may still ask for those) and removes older ones; a record that did
/// not change keeps its file, under the same name.
#[test]
fn a_build_keeps_the_details_of_its_bundle_and_the_previous_one() {
    let (tmp, seeds) = scratch_seeds("tests/fixtures/tiny-seeds");
    let out = tmp.path().join("out");
    let village = seeds.join("villages/bat-trang.toml");
    build(&seeds, &out);
    let first = details_files(&out);
    edit(&village, "gần 200 doanh nghiệp", "gần 201 doanh nghiệp");
    build(&seeds, &out);
    let second = details_files(&out);
    edit(&village, "gần 201 doanh nghiệp", "gần 202 doanh nghiệp");
    build(&seeds, &out);
    let third = details_files(&out);

    let added = |before: &[String], after: &[String]| -> Vec<String> {
        after
            .iter()
            .filter(|n| !before.contains(n))
            .cloned()
            .collect()
    };
    // The second build adds the changed village's file and keeps every first one (the
    // previous bundle's).
    assert_eq!(added(&first, &second).len(), 1, "{first:?} {second:?}");
    assert!(first.iter().all(|n| second.contains(n)), "{second:?}");
    // The third adds one more and removes exactly the first build's file of the village,
    // which neither its bundle nor the previous one names.
    assert_eq!(added(&second, &third).len(), 1, "{second:?} {third:?}");
    let removed = added(&third, &second);
    assert_eq!(removed.len(), 1, "{second:?} {third:?}");
    assert!(first.contains(&removed[0]));
    assert!(
        third.contains(&added(&first, &second)[0]),
        "the previous build's file stays"
    );
}

#[test]
fn every_problem_is_reported_at_once_with_file_and_line() {
    let (_tmp, seeds) = scratch_seeds("tests/fixtures/tiny-seeds");
    let bat = seeds.join("villages/bat-trang.toml");
    edit(&bat, "crafts = [\"gom-su\"]", "crafts = [\"nope\"]");
    edit(
        &seeds.join("villages/giang-cao.toml"),
        "lat = 20.97",
        "lat = 10.97",
    );

    let stderr = fails(&["check", "--seeds", seeds.to_str().unwrap()]);
    let expected = format!(
        "{}:{}: crafts: unknown craft `nope`",
        bat.display(),
        line_of(&bat, "crafts =")
    );
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains("giang-cao.toml:") && stderr.contains(": coordinates: (10.97"),
        "{stderr}"
    );
    assert!(stderr.contains("2 problem(s)"), "{stderr}");
}

#[test]
fn the_committed_tiny_fixture_matches_the_current_format() {
    let tmp = tempfile::tempdir().unwrap();
    build(&repo("tests/fixtures/tiny-seeds"), tmp.path());
    let manifest = output_json(tmp.path(), "manifest.json");
    let built = fs::read(tmp.path().join(manifest["bundle"].as_str().unwrap())).unwrap();
    let fixture = repo("tests/fixtures/tiny.bundle");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        fs::write(&fixture, &built).unwrap();
    }
    let committed = fs::read(&fixture).expect("tests/fixtures/tiny.bundle exists");
    assert!(
        committed == built,
        "the bundle built from tests/fixtures/tiny-seeds differs from tests/fixtures/tiny.bundle: \
         the bundle format changed. Bump FORMAT_VERSION if old bundles can no longer be read, \
         then run `UPDATE_FIXTURES=1 cargo test -p indexer` and commit the fixture."
    );
}

/// The build writes each record with details as a card in the bundle and its details file
/// under `details/`: opened alone, the bundle shows a village's page as its card, says so, and
/// names the file it wants; the engine refuses a file that is not that one (another record's,
/// one byte changed) and takes the right one, after which the page is whole. The files the
/// bundle names are exactly those written.
#[test]
fn a_record_page_is_a_card_until_its_checked_details_arrive() {
    use handbook_search::calendar::Date;
    use handbook_search::details::{digest_of_name, file_name, DETAILS_DIR};
    use handbook_search::page_data::RecordPage;
    use handbook_search::{Engine, Kind};

    let tmp = tempfile::tempdir().unwrap();
    build(&repo("tests/fixtures/tiny-seeds"), tmp.path());
    let manifest = output_json(tmp.path(), "manifest.json");
    let bundle = fs::read(tmp.path().join(manifest["bundle"].as_str().unwrap())).unwrap();
    let engine = Engine::open(bundle).unwrap();
    let today = Date::new(2026, 11, 30).unwrap();
    let page = |engine: &Engine| {
        RecordPage::load(engine, Kind::Village, "bat-trang", today)
            .unwrap()
            .expect("bat-trang has a page")
    };

    let card = page(&engine);
    assert!(card.card_only());
    assert!(card.entry().sources().is_empty());
    assert!(
        !card.entry().summary().is_empty(),
        "the card keeps the summary"
    );
    let wanted = engine
        .details_wanted(Kind::Village, "bat-trang")
        .unwrap()
        .expect("bat-trang's details are not held yet");

    let dir = tmp.path().join(DETAILS_DIR);
    let mut written: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    written.sort();
    let mut named: Vec<String> = engine
        .details_missing()
        .unwrap()
        .iter()
        .map(file_name)
        .collect();
    named.sort();
    assert_eq!(named, written);
    assert!(written.contains(&file_name(&wanted)));

    let right = fs::read(dir.join(file_name(&wanted))).unwrap();
    let other = written
        .iter()
        .find(|name| **name != file_name(&wanted))
        .expect("another record has details");
    let other = fs::read(dir.join(other)).unwrap();
    assert!(
        engine.add_details(wanted, other).is_err(),
        "another record's details"
    );
    let mut changed = right.clone();
    *changed.last_mut().unwrap() ^= 1;
    assert!(
        engine.add_details(wanted, changed).is_err(),
        "one byte changed"
    );
    assert!(page(&engine).card_only());

    engine.add_details(wanted, right).unwrap();
    let whole = page(&engine);
    assert!(!whole.card_only());
    assert!(!whole.entry().sources().is_empty());
    assert_eq!(
        engine.details_wanted(Kind::Village, "bat-trang").unwrap(),
        None
    );
    assert_eq!(engine.details_missing().unwrap().len(), written.len() - 1);
    // A craft is stored whole: nothing to fetch for its page.
    assert_eq!(engine.details_wanted(Kind::Craft, "gom-su").unwrap(), None);
    assert!(written.iter().all(|name| digest_of_name(name).is_some()));
}

/// 1-based number of the first line of `path` containing `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {}", path.display()))
        + 1
}

#[test]
fn every_validation_error_class_is_reported_with_file_line_and_field() {
    let seeds = repo("tests/fixtures/malformed-seeds");
    let result = indexer(&["check", "--seeds", seeds.to_str().unwrap()]);
    assert!(!result.status.success());
    assert!(result.stdout.is_empty(), "nothing is printed on stdout");
    let stderr = String::from_utf8_lossy(&result.stderr);
    // (file, a text on the line at fault or none for line 1, the problem)
    let expected = [
        (
            "villages/unknown-field.toml",
            Some("colour"),
            "colour: unknown field `colour`",
        ),
        (
            "villages/missing-name.toml",
            None,
            "name: missing field `name`",
        ),
        (
            "villages/good.toml",
            Some("id ="),
            "id: duplicate id `good`",
        ),
        (
            "villages/bad-craft.toml",
            Some("crafts"),
            "crafts: unknown craft `khong-co-nghe`",
        ),
        (
            "villages/outside.toml",
            Some("[coordinates]"),
            "coordinates: (10.78, 106.7) is outside Hanoi",
        ),
        (
            "villages/future.toml",
            Some("year = 2099"),
            "recognition.year: year 2099 is in the future",
        ),
        (
            "villages/not-nfc.toml",
            Some("name ="),
            "name: text is not NFC-normalised",
        ),
        (
            "products/bad.toml",
            Some("village ="),
            "village: unknown village `khong-co-lang`",
        ),
        (
            "products/bad.toml",
            Some("stars"),
            "ocop.stars: 6 stars: OCOP ratings are 3 to 5",
        ),
        (
            "crafts.toml",
            Some("process_en"),
            "process_en: has 1 items but `process` has 2: translate item for item",
        ),
        (
            "handbook.toml",
            Some("kiosk_pin"),
            "kiosk_pin: is no longer read",
        ),
        (
            "tours.toml",
            Some("khong-co-lang"),
            "stops.village: unknown village `khong-co-lang`",
        ),
    ];
    for (file, needle, problem) in expected {
        let file = seeds.join(file);
        let line = needle.map_or(1, |needle| line_of(&file, needle));
        let want = format!("{}:{line}: {problem}", file.display());
        assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
    }
}

#[test]
fn import_sample_sheets_into_seeds_then_build_and_find_them() {
    let (tmp, seeds) = scratch_seeds("tests/fixtures/tiny-seeds");
    let villages = repo("tests/fixtures/import/villages.csv");
    let out = ok(&import_args(&villages, "villages", &seeds));
    assert!(
        out.contains("villages/kim-lan.toml") && out.contains("villages/phung-xa.toml"),
        "{out}"
    );

    // The sample product sheet falls short of the standard (a 2020 OCOP rating shown as
    // current, a summary that only names the product): the import writes nothing.
    let before = snapshot(&seeds);
    let products = repo("tests/fixtures/import/products.xlsx");
    let result = indexer(&import_args(&products, "products", &seeds));
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("ocop.year: rated in 2020, valid 36 months")
            && stderr.contains("summary: says nothing beyond names"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&seeds),
        before,
        "a sheet that breaks the seeds writes nothing"
    );

    let sheet = tmp.path().join("products.csv");
    fs::write(
        &sheet,
        "Tên sản phẩm,Tên tiếng Anh,Mã làng,Nghề,Tóm tắt,Tóm tắt tiếng Anh,Đã số hóa\n\
         Chóe sứ Kim Lan,Kim Lan porcelain jar,kim-lan,Gốm sứ,\
         \"Chóe sứ men trắng đắp nổi rồng, làm theo dáng chóe cổ đào được ở bãi sông.\",\
         \"A white-glazed porcelain jar with a raised dragon, shaped after old jars dug up on the riverbank.\",không\n\
         Bình men rạn hoa sen,Crackle-glaze lotus vase,bat-trang,gom-su,\
         \"Bình gốm men rạn vẽ tay hoa sen, cao 35 cm, nung trong lò gas.\",\
         \"A hand-painted crackle-glaze vase with lotus flowers, 35 cm tall, fired in a gas kiln.\",không\n",
    )
    .unwrap();
    ok(&import_args(&sheet, "products", &seeds));

    let check = ok(&["check", "--seeds", seeds.to_str().unwrap()]);
    let counts: Value = serde_json::from_str(&check).unwrap();
    assert_eq!(
        (counts["villages"].as_u64(), counts["products"].as_u64()),
        (Some(5), Some(3))
    );
    let kim_lan = fs::read_to_string(seeds.join("villages/kim-lan.toml")).unwrap();
    assert!(
        kim_lan.contains("crafts = [\"gom-su\"]"),
        "craft named in words maps to its id:\n{kim_lan}"
    );
    assert!(
        kim_lan.contains("name = \"Xã Bát Tràng\"") && kim_lan.contains("code = \"00577\""),
        "{kim_lan}"
    );
    let kim_lan_products = fs::read_to_string(seeds.join("products/kim-lan.toml")).unwrap();
    assert!(
        kim_lan_products.contains("choe-su-kim-lan"),
        "{kim_lan_products}"
    );
    // The village written says only what the sheet gave: no empty list of the fields the
    // stored form leaves out (`handbook_search::wire::leaving_out_absent`).
    for field in ["aliases", "recognition", "artisans", "festivals", "shops"] {
        assert!(
            !kim_lan.contains(&format!("{field} = []")),
            "{field} written out empty:\n{kim_lan}"
        );
    }
    let bat_trang = fs::read_to_string(seeds.join("products/bat-trang.toml")).unwrap();
    assert!(
        bat_trang.contains("binh-men-ran-hoa-sen") && bat_trang.contains("men-suoi-ngoc"),
        "the new product is merged and existing products are kept:\n{bat_trang}"
    );

    let index = tmp.path().join("out");
    build(&seeds, &index);
    assert_first(&index, "kim lan", "village", "kim-lan");
    assert_first(&index, "choe su kim lan", "product", "choe-su-kim-lan");
}

#[test]
fn a_bad_sheet_reports_every_row_and_writes_nothing() {
    let (tmp, seeds) = scratch_seeds("tests/fixtures/tiny-seeds");
    let before = snapshot(&seeds);
    let sheet = tmp.path().join("bad.csv");
    fs::write(
        &sheet,
        "Tên sản phẩm,Mã làng,Nghề,Tóm tắt,Số sao OCOP\n\
         Bình gốm,bat-trang,gom-su,Bình gốm.,sáu\n\
         ,bat-trang,gom-su,Không tên.,\n\
         Chén gốm,khong-co-lang,gom-su,Chén.,7\n",
    )
    .unwrap();
    let stderr = fails(&import_args(&sheet, "products", &seeds));
    let file = sheet.display();
    for want in [
        format!("{file}:2: Số sao OCOP: `sáu` is not a number"),
        format!("{file}:3: Tên sản phẩm: required, but empty"),
    ] {
        assert!(stderr.contains(&want), "expected {want:?} in:\n{stderr}");
    }
    assert_eq!(snapshot(&seeds), before, "a bad sheet writes nothing");

    // Row problems fixed, the sheet still breaks the seeds as a whole: still nothing written.
    fs::write(&sheet, "Tên sản phẩm,Mã làng,Nghề,Tóm tắt,Số sao OCOP,Nguồn,Đơn vị đưa tin\nChén gốm,khong-co-lang,gom-su,Chén.,7,Thử,Thử\n").unwrap();
    let stderr = fails(&import_args(&sheet, "products", &seeds));
    assert!(
        stderr.contains("unknown village `khong-co-lang`")
            && stderr.contains("OCOP ratings are 3 to 5"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&seeds),
        before,
        "a sheet that breaks the seeds writes nothing"
    );
}

#[test]
fn fmt_rewrites_nfd_seeds_in_nfc() {
    let (_tmp, seeds) = scratch_seeds("tests/fixtures/malformed-seeds");
    let nfd_file = seeds.join("villages/not-nfc.toml");
    let before = snapshot(&seeds);
    let nfd_text = fs::read_to_string(&nfd_file).unwrap();
    assert_ne!(nfd_text, nfc(&nfd_text), "the fixture must hold NFD text");

    let out = ok(&["fmt", "--seeds", seeds.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("normalised {}", nfd_file.display()));
    assert_eq!(
        fs::read_to_string(&nfd_file).unwrap(),
        nfc(&nfd_text),
        "the file is rewritten as its NFC form, and only that changes"
    );
    let changed: Vec<_> = snapshot(&seeds)
        .into_iter()
        .zip(before)
        .filter(|(after, before)| after != before)
        .map(|(after, _)| after.0)
        .collect();
    assert_eq!(changed, [nfd_file], "other files are left byte for byte");
}

#[test]
fn every_record_is_found_by_its_name_typed_without_accents() {
    let data = indexer::load_seeds(&repo("seeds")).unwrap();
    let engine = indexer::open(&real_index()).unwrap();
    let mut names: Vec<(handbook_search::Kind, String, String)> = Vec::new();
    names.extend(
        data.villages
            .iter()
            .map(|v| (handbook_search::Kind::Village, v.id.clone(), v.name.clone())),
    );
    names.extend(
        data.products
            .iter()
            .map(|p| (handbook_search::Kind::Product, p.id.clone(), p.name.clone())),
    );
    names.extend(
        data.tours
            .iter()
            .map(|t| (handbook_search::Kind::Tour, t.id.clone(), t.name.clone())),
    );
    let mut missing = Vec::new();
    for (kind, id, name) in &names {
        let typed = handbook_search::text::fold(name);
        // Records sharing a name (two villages called Lưu Xá) may share the top ranks.
        let same = names
            .iter()
            .filter(|(_, _, n)| handbook_search::text::fold(n) == typed)
            .count();
        let results = engine
            .search(&handbook_search::SearchRequest {
                text: typed.clone(),
                limit: 2 + same,
                ..Default::default()
            })
            .unwrap();
        if !results.hits.iter().any(|h| h.kind == *kind && h.id == *id) {
            let got: Vec<_> = results
                .hits
                .iter()
                .map(|h| format!("{}/{}", h.kind.as_str(), h.id))
                .collect();
            missing.push(format!(
                "{typed:?} → expected {}/{id}, got {got:?}",
                kind.as_str()
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} names not found near the top:\n{}",
        missing.len(),
        names.len(),
        missing.join("\n")
    );
}

/// Both gold sets stay at the levels in `tests/search-quality/thresholds.json`: overall, every
/// category, and the held-out half of the questions set on its own.
#[test]
fn search_quality_stays_at_the_level_reached_on_the_gold_set() {
    let engine = indexer::open(&real_index()).unwrap();
    let thresholds: Value = serde_json::from_str(
        &fs::read_to_string(repo("tests/search-quality/thresholds.json")).unwrap(),
    )
    .unwrap();
    let mut failures = Vec::new();
    let mut reports = String::new();
    for (set, least_queries) in [("queries", 150), ("questions", 120)] {
        let gold = indexer::eval::read(&repo(&format!("tests/search-quality/{set}.tsv"))).unwrap();
        assert!(
            gold.queries.len() >= least_queries,
            "{set}: the gold set has {} queries",
            gold.queries.len()
        );
        let report = indexer::eval::run(&engine, &gold).unwrap();
        let level = &thresholds[set];
        let at = |key: &str| level[key].as_f64().unwrap() - 1e-9;
        let mut below = |what: String, got: f64, key: &str| {
            if got < at(key) {
                failures.push(format!("{set} {what} {got:.3} < {:.3}", at(key)));
            }
        };
        below(
            "overall R@3".into(),
            report.overall.recall_at_3,
            "overall_recall_at_3",
        );
        below(
            "overall R@1".into(),
            report.overall.recall_at_1,
            "overall_recall_at_1",
        );
        for (category, scores) in &report.categories {
            below(
                format!("{category} R@3"),
                scores.recall_at_3,
                "category_recall_at_3",
            );
        }
        if level.get("heldout_recall_at_3").is_some() {
            let heldout = report
                .split(indexer::eval::Split::Heldout)
                .expect("the questions set has a held-out half");
            below(
                "held-out R@3".into(),
                heldout.overall.recall_at_3,
                "heldout_recall_at_3",
            );
            below(
                "held-out R@1".into(),
                heldout.overall.recall_at_1,
                "heldout_recall_at_1",
            );
        }
        reports.push_str(&format!("{report}\n"));
    }
    assert!(
        failures.is_empty(),
        "search quality dropped ({}):\n{reports}",
        failures.join(", ")
    );
}

/// Builds the tiny fixture seeds into a temp dir and writes a gold set beside them.
fn tiny_index_with_gold(gold: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    build(&repo("tests/fixtures/tiny-seeds"), &index);
    let gold_path = tmp.path().join("gold.tsv");
    fs::write(&gold_path, gold).unwrap();
    (tmp, index, gold_path)
}

#[test]
fn eval_reports_the_tune_and_heldout_halves_apart() {
    let (_tmp, index, gold) = tiny_index_with_gold(
        "# comment\n\
         names\tbat trang\tvillage/bat-trang\ttune\n\
         names\tvan phuc\tvillage/van-phuc-ha-dong\theldout\n\
         names\tbat trang\tvillage/giang-cao\theldout\n",
    );
    let json: Value = serde_json::from_str(&ok(&[
        "eval",
        "--json",
        "--index",
        index.to_str().unwrap(),
        gold.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(json["overall"]["queries"], 3);
    assert_eq!(json["splits"]["tune"]["overall"]["queries"], 1);
    assert_eq!(json["splits"]["tune"]["overall"]["recall_at_1"], 1.0);
    assert_eq!(json["splits"]["heldout"]["overall"]["queries"], 2);
    assert_eq!(
        json["splits"]["heldout"]["categories"]["names"]["recall_at_1"],
        0.5
    );
    // The text report counts held-out misses but does not list them.
    let text = ok(&[
        "eval",
        "--index",
        index.to_str().unwrap(),
        gold.to_str().unwrap(),
    ]);
    assert!(text.contains("heldout"), "{text}");
    assert!(!text.contains("miss [names] \"bat trang\""), "{text}");
}

#[test]
fn eval_refuses_labels_that_are_not_in_the_bundle_naming_each_line() {
    let (_tmp, index, gold) = tiny_index_with_gold(
        "names\tbat trang\tvillage/bat-trang\n\
         names\tbang so\tvillage/bang-so,village/bat-trang\n\
         names\tx\tproduct/gone\n",
    );
    let out = indexer(&[
        "eval",
        "--index",
        index.to_str().unwrap(),
        gold.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "eval passed with unknown labels");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 acceptable result(s) are not in the bundle"),
        "{err}"
    );
    assert!(err.contains("line 2: village/bang-so"), "{err}");
    assert!(err.contains("line 3: product/gone"), "{err}");
}

#[test]
fn eval_refuses_a_split_that_is_neither_tune_nor_heldout() {
    let (_tmp, index, gold) = tiny_index_with_gold("names\tbat trang\tvillage/bat-trang\ttrain\n");
    let out = indexer(&[
        "eval",
        "--index",
        index.to_str().unwrap(),
        gold.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gold.tsv:1: split `train`"), "{err}");
}

// ---- Ranking (issue 12): small datasets built in memory, so each test controls exactly what
// competes and fails only for the rule it names.

/// A village for [`engine_of`]: `id`, name, crafts, summary, district and extra TOML lines.
fn village(id: &str, name: &str, crafts: &[&str], summary: &str, extra: &str) -> String {
    let crafts: Vec<String> = crafts.iter().map(|c| format!("{c:?}")).collect();
    format!(
        "id = {id:?}\nname = {name:?}\ncrafts = [{}]\nsummary = {summary:?}\n{extra}\n\
         [historical]\ndistrict = \"Gia Lâm\"\n",
        crafts.join(", ")
    )
}

/// An engine over these villages (TOML bodies of village files) and these crafts
/// (`[[craft]]` TOML), built in memory.
fn engine_of(villages: &[String], crafts: &str) -> handbook_search::Engine {
    #[derive(serde::Deserialize)]
    struct Crafts {
        craft: Vec<handbook_search::Craft>,
    }
    let data = handbook_search::Dataset {
        villages: villages
            .iter()
            .map(|v| toml::from_str(v).unwrap_or_else(|e| panic!("{e}\n{v}")))
            .collect(),
        crafts: toml::from_str::<Crafts>(crafts).unwrap().craft,
        updated: "2026-11-28".into(),
        ..Default::default()
    };
    let built = handbook_search::build::build(&data, Vec::new()).unwrap();
    built.open().unwrap()
}

/// Ids of the first `n` villages among the hits for `text` (the crafts of these small
/// datasets rightly compete with them; the rules tested here order villages).
fn top(engine: &handbook_search::Engine, text: &str, n: usize) -> Vec<String> {
    engine
        .search(&handbook_search::SearchRequest {
            text: text.into(),
            limit: 20,
            ..Default::default()
        })
        .unwrap()
        .hits
        .into_iter()
        .filter(|h| h.kind == handbook_search::Kind::Village)
        .take(n)
        .map(|h| format!("village/{}", h.id))
        .collect()
}

const CRAFTS: &str = r#"
[[craft]]
id = "gom-su"
name = "Gốm sứ"
name_en = "Ceramics"
group = "ceramics"
description = "Nặn và nung đồ gốm."

[[craft]]
id = "non-la"
name = "Làm nón lá"
name_en = "Conical hat making"
group = "weaving"
description = "Chuốt vành, khâu lá thành nón."

[[craft]]
id = "thuoc-la"
name = "Làm thuốc lào"
name_en = "Pipe tobacco making"
group = "food"
description = "Làm thuốc lào."

[[craft]]
id = "theu-tay"
name = "Thêu tay"
name_en = "Hand embroidery"
group = "textiles"
description = "Thêu tranh bằng tay."

[[craft]]
id = "son-mai"
name = "Sơn mài"
name_en = "Lacquer"
group = "lacquer_inlay"
description = "Vẽ và mài tranh sơn ta."

[[craft]]
id = "kim-hoan"
name = "Kim hoàn"
name_en = "Gold and silver smithing"
group = "metalwork"
description = "Chạm bạc, làm đồ trang sức."
"#;

#[test]
fn an_active_village_ranks_before_a_fading_one_that_matches_as_well() {
    // Identical texts; only the status differs, so only the status can order them.
    let pair = |a: &str, b: &str| {
        engine_of(
            &[
                village("alpha", "Alpha", &["gom-su"], "Làng gốm ven sông.", a),
                village("beta", "Beta", &["gom-su"], "Làng gốm ven sông.", b),
            ],
            CRAFTS,
        )
    };
    let faded = "status = \"proposed_for_delisting\"";
    for query in ["ceramics", "gốm", "lang gom"] {
        let engine = pair(faded, "");
        assert_eq!(top(&engine, query, 2)[0], "village/beta", "{query}");
        let engine = pair("", faded);
        assert_eq!(top(&engine, query, 2)[0], "village/alpha", "{query}");
    }
}

#[test]
fn an_accented_word_matching_a_name_beats_a_short_name_matching_only_without_accents() {
    let engine = engine_of(
        &[
            village("bat", "Bặt", &["thuoc-la"], "Làng làm thuốc lào.", ""),
            village("bat-trang", "Bát Tràng", &["gom-su"], "Làng gốm.", ""),
        ],
        CRAFTS,
    );
    assert_eq!(top(&engine, "bát", 1), ["village/bat-trang"]);
    assert_eq!(top(&engine, "bặt", 1), ["village/bat"]);
    // Typed without accents, the whole short name is the best match.
    assert_eq!(top(&engine, "bat", 1), ["village/bat"]);
}

#[test]
fn syllables_typed_together_find_the_name() {
    let engine = engine_of(
        &[
            village(
                "bat-trang",
                "Bát Tràng",
                &["gom-su"],
                "Làng gốm Bát Tràng.",
                "",
            ),
            village("van-phuc", "Vạn Phúc", &["theu-tay"], "Làng thêu.", ""),
            village("bat", "Bặt", &["thuoc-la"], "Làng làm thuốc lào.", ""),
        ],
        CRAFTS,
    );
    assert_eq!(top(&engine, "battrang", 1), ["village/bat-trang"]);
    assert_eq!(top(&engine, "vanphuc", 1), ["village/van-phuc"]);
    // While typing, as soon as the last syllable is a known one.
    assert_eq!(top(&engine, "battra", 1), ["village/bat-trang"]);
    // "lang gom" typed together: the pottery village.
    assert_eq!(top(&engine, "langgom", 1), ["village/bat-trang"]);
}

#[test]
fn common_words_do_not_outrank_the_words_that_matter() {
    let engine = engine_of(
        &[
            village("chuong", "Chuông", &["non-la"], "Làng nón lá.", ""),
            village(
                "xom-moi",
                "Xóm Mới",
                &["thuoc-la"],
                "Làng nào cũng làm nghề; ở đâu cũng có người đi mua, đi bán, đi xem.",
                "",
            ),
        ],
        CRAFTS,
    );
    for query in [
        "làng nào làm nón lá",
        "lang nao lam non la o dau",
        "mua nón lá ở đâu",
        "where can I buy conical hats",
    ] {
        assert_eq!(top(&engine, query, 1), ["village/chuong"], "{query}");
    }
}

/// "làm" is in half the crafts' names: a question about embroidery must not list "Làm nón lá"
/// or "Làm thuốc lào" (which match only "làm") above the embroidery village or craft.
#[test]
fn lam_does_not_lift_crafts_named_with_it_above_the_one_asked_about() {
    let engine = engine_of(
        &[
            village("chuong", "Chuông", &["non-la"], "Làng nón lá.", ""),
            village(
                "quat-dong",
                "Quất Động",
                &["theu-tay"],
                "Làng thêu tay.",
                "",
            ),
        ],
        CRAFTS,
    );
    for query in [
        "làng nào làm tranh thêu",
        "lam tranh theu o lang nao",
        "làm thêu",
    ] {
        let hits: Vec<String> = engine
            .search(&handbook_search::SearchRequest {
                text: query.into(),
                limit: 20,
                ..Default::default()
            })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| format!("{}/{}", h.kind.as_str(), h.id))
            .collect();
        let asked = hits
            .iter()
            .position(|h| h == "village/quat-dong" || h == "craft/theu-tay");
        let lifted = hits
            .iter()
            .position(|h| h == "craft/non-la" || h == "craft/thuoc-la");
        assert_eq!(asked, Some(0), "{query}: {hits:?}");
        assert!(lifted.is_none_or(|l| l > 1), "{query}: {hits:?}");
    }
}

#[test]
fn a_name_made_of_common_words_still_ranks_by_its_words() {
    let engine = engine_of(
        &[
            village(
                "vong",
                "Vòng",
                &["gom-su"],
                "Làng cốm.",
                "aliases = [\"Làng Vòng\"]",
            ),
            village("thon-ha", "Thôn Hạ", &["son-mai"], "Thôn sơn mài.", ""),
            village(
                "thon-thuong",
                "Thôn Thượng",
                &["son-mai"],
                "Thôn sơn mài.",
                "",
            ),
        ],
        CRAFTS,
    );
    assert_eq!(top(&engine, "Làng Vòng", 1), ["village/vong"]);
    assert_eq!(top(&engine, "Thôn Hạ", 1), ["village/thon-ha"]);
    assert_eq!(top(&engine, "thon thuong", 1), ["village/thon-thuong"]);
}

#[test]
fn a_word_the_data_lacks_next_to_a_good_word_costs_little() {
    let engine = engine_of(
        &[
            village("hang-bac", "Định Công", &["kim-hoan"], "Làng chạm bạc.", ""),
            village("vong", "Vòng", &["gom-su"], "Làng gốm.", ""),
        ],
        CRAFTS,
    );
    assert_eq!(top(&engine, "silver bracelets", 1), ["village/hang-bac"]);
    assert_eq!(top(&engine, "chạm bạc ngày tết", 1), ["village/hang-bac"]);
    assert_eq!(top(&engine, "qwzx gốm", 1), ["village/vong"]);
}

#[test]
fn misspelt_english_craft_words_and_british_spellings_land() {
    let engine = engine_of(
        &[
            village(
                "quat-dong",
                "Quất Động",
                &["theu-tay"],
                "Làng thêu tay.",
                "",
            ),
            village("ha-thai", "Hạ Thái", &["son-mai"], "Làng sơn mài.", ""),
            village("bat-trang", "Bát Tràng", &["gom-su"], "Làng gốm.", ""),
            village(
                "dinh-cong",
                "Định Công",
                &["kim-hoan"],
                "Làng kim hoàn.",
                "",
            ),
        ],
        CRAFTS,
    );
    for (query, want) in [
        ("embroidry", "village/quat-dong"),
        ("lacqer", "village/ha-thai"),
        ("ceramcs", "village/bat-trang"),
        ("jewellery shops", "village/dinh-cong"),
        ("jewelry", "village/dinh-cong"),
    ] {
        assert_eq!(top(&engine, query, 1), [want], "{query}");
    }
}
