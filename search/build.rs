//! Writes the tables of canonical decomposition, composition and combining classes for the
//! Latin script (`$OUT_DIR/latin_normal.rs`, used by `src/text.rs`), taken from
//! `unicode-normalization` at build time.
//!
//! The crate's own tables cover all of Unicode: about 65 KB in each WebAssembly module (the
//! page's and the engine's), some 30 KB of each one's download after brotli. The handbook's
//! text is Vietnamese and English: Latin letters and the combining diacritics. These tables
//! hold only those ranges, about 5 KB.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// Latin letters with a canonical decomposition: Latin-1 Supplement, Latin Extended-A and -B
/// (U+00C0–U+024F), and Latin Extended Additional (U+1E00–U+1EFF), where most of Vietnamese's
/// letters with a tone are.
const LATIN: [(u32, u32); 2] = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)];

/// Combining Diacritical Marks: the vowel marks and tone marks of Vietnamese, as keyboards
/// that write NFD produce them, and every other mark of that block.
const MARKS: (u32, u32) = (0x0300, 0x036F);

/// Characters that may start a composition with a mark: from `A` to the end of the marks
/// (Latin letters, IPA letters such as `ʒ` of `ǯ`, and marks that compose), and Latin Extended
/// Additional.
const STARTERS: [(u32, u32); 2] = [(0x0041, 0x036F), (0x1E00, 0x1EFF)];

fn chars((from, to): (u32, u32)) -> impl Iterator<Item = char> {
    (from..=to).filter_map(char::from_u32)
}

fn u16_of(c: char) -> u16 {
    u16::try_from(u32::from(c)).expect("a code point of the Basic Multilingual Plane")
}

include!("src/lunar_rules.rs");

/// The lunar years the handbook converts: 1900–2199.
const LUNAR_YEARS: (i32, i32) = (1900, 2199);

/// Writes `$OUT_DIR/lunar_years.rs`: each lunar year's first day, 30-day months and leap month,
/// computed here with `calendrical_calculations`' astronomy, so that the WebAssembly that dates
/// festivals reads a table instead of linking the astronomy (and libm's trigonometry).
fn write_lunar_years() {
    let (first, last) = LUNAR_YEARS;
    let mut out = format!(
        "/// The first lunar year of [`LUNAR_YEAR_TABLE`].\n\
         const FIRST_LUNAR_YEAR: i32 = {first};\n\
         /// The last lunar year the handbook converts.\n\
         const LAST_LUNAR_YEAR: i32 = {last};\n\
         /// For each lunar year from [`FIRST_LUNAR_YEAR`] to one past [`LAST_LUNAR_YEAR`]: its \
         first day (a rata die), its 30-day months (bit `i` for the month at ordinal `i + 1`) \
         and its leap month's ordinal (0: none).\n\
         const LUNAR_YEAR_TABLE: [(i64, u16, u8); {}] = [\n",
        last - first + 2
    );
    for year in first..=last + 1 {
        let (new_year, thirty, leap) = lunar_year_by_astronomy(year);
        writeln!(out, "    ({new_year}, {thirty:#06x}, {leap}),").unwrap();
    }
    out.push_str("];\n");
    let path = Path::new(&env::var("OUT_DIR").unwrap()).join("lunar_years.rs");
    fs::write(path, out).unwrap();
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lunar_rules.rs");
    write_lunar_years();
    let mut out = String::new();

    out.push_str(
        "/// Full canonical decomposition of each Latin letter or mark that has one, sorted by \
         code point: up to three code points, 0 past the last.\n\
         const DECOMPOSITIONS: &[(u16, [u16; 3])] = &[\n",
    );
    let mut decomposable: Vec<char> = LATIN.into_iter().chain([MARKS]).flat_map(chars).collect();
    decomposable.sort_unstable();
    for c in decomposable {
        let mut parts = Vec::new();
        decompose_canonical(c, |d| parts.push(u16_of(d)));
        if parts != [u16_of(c)] {
            assert!(parts.len() <= 3, "{c:?} decomposes into {parts:?}");
            parts.resize(3, 0);
            writeln!(
                out,
                "    ({:#06x}, [{:#06x}, {:#06x}, {:#06x}]),",
                u16_of(c),
                parts[0],
                parts[1],
                parts[2]
            )
            .unwrap();
        }
    }
    out.push_str("];\n\n");

    out.push_str(
        "/// Primary composites of a Latin letter and a combining mark, sorted by (letter, mark): \
         (letter, mark, composed).\n\
         const COMPOSITIONS: &[(u16, u16, u16)] = &[\n",
    );
    for a in STARTERS.into_iter().flat_map(chars) {
        for b in chars(MARKS) {
            if let Some(composed) = compose(a, b) {
                writeln!(
                    out,
                    "    ({:#06x}, {:#06x}, {:#06x}),",
                    u16_of(a),
                    u16_of(b),
                    u16_of(composed)
                )
                .unwrap();
            }
        }
    }
    out.push_str("];\n\n");

    let classes: Vec<u8> = chars(MARKS).map(canonical_combining_class).collect();
    writeln!(
        out,
        "/// Canonical combining class of each mark from U+{:04X} on.\n\
         const MARK_CLASSES: [u8; {}] = {classes:?};",
        MARKS.0,
        classes.len()
    )
    .unwrap();
    writeln!(
        out,
        "\n/// The first and last combining mark the tables know.\n\
         const MARKS: (u32, u32) = ({:#06x}, {:#06x});",
        MARKS.0, MARKS.1
    )
    .unwrap();

    let path = Path::new(&env::var("OUT_DIR").unwrap()).join("latin_normal.rs");
    fs::write(path, out).unwrap();
}
