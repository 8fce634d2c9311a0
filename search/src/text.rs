//! Vietnamese text normalisation shared by the index and the query side.
//!
//! Every word reaches the index in two forms:
//!
//! * **folded**: lowercase ASCII letters and digits, every diacritic removed and `đ` → `d`
//!   (`Bát Tràng` → `bat trang`). This is how tourists type on phones.
//! * **exact**: lowercase, vowel qualities kept (`â ă ê ô ơ ư đ`), and the tone written as one
//!   trailing digit (`sắc 1, huyền 2, hỏi 3, ngã 4, nặng 5`): `tràng` → `trang2`, `lụa` → `lua5`.
//!   Writing the tone apart from the vowel makes the old and new tone placements (`hoà`, `hòa`)
//!   the same token, and NFD input from some keyboards the same as NFC.

use latin::{canonical_combining_class, compose, decompose_canonical, is_combining_mark};

/// The five marked tones of Vietnamese, as combining marks, in the order of their digit (1–5).
const TONE_MARKS: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// Returns the tone digit (1–5) of a combining tone mark.
fn tone_digit(mark: char) -> Option<char> {
    TONE_MARKS
        .iter()
        .position(|&m| m == mark)
        .map(|i| char::from(b'1' + i as u8))
}

// NFC and NFD are built here from per-character functions over tables of the Latin script
// only, which `build.rs` takes from `unicode-normalization` at build time. The crate's own
// tables cover all of Unicode, about 65 KB in each WebAssembly module (30 KB of each one's
// download after brotli); the Latin ones are about 5 KB. The handbook's text is Vietnamese and
// English, so for it the results are the crate's own: the tests compare them over every Latin
// character and mark (`normal_forms_equal_the_crates_iterators`) and every line of the seeds
// (`every_line_of_the_seeds_normalises_as_with_all_of_unicode`). A character of another script
// is left as it is: it is already in
// NFC and NFD unless it decomposes (a Hangul syllable, a Greek letter with a tone, a CJK
// compatibility ideograph), and such text the handbook does not hold.

/// Canonical decomposition, composition and combining classes of the Latin script and its
/// combining marks, from the tables `build.rs` writes. Any other character has no
/// decomposition, composes with nothing and has combining class 0.
mod latin {
    include!(concat!(env!("OUT_DIR"), "/latin_normal.rs"));

    /// Whether `c` is one of the combining marks the tables know (all of U+0300–U+036F).
    pub fn is_combining_mark(c: char) -> bool {
        (MARKS.0..=MARKS.1).contains(&u32::from(c))
    }

    /// The canonical combining class of `c` (0 for a starter).
    pub fn canonical_combining_class(c: char) -> u8 {
        if is_combining_mark(c) {
            MARK_CLASSES[(u32::from(c) - MARKS.0) as usize]
        } else {
            0
        }
    }

    /// Emits the full canonical decomposition of `c`, or `c` itself when it has none.
    pub fn decompose_canonical(c: char, mut emit: impl FnMut(char)) {
        let found = u16::try_from(u32::from(c))
            .ok()
            .and_then(|k| DECOMPOSITIONS.binary_search_by_key(&k, |&(k, _)| k).ok());
        match found {
            Some(i) => DECOMPOSITIONS[i]
                .1
                .iter()
                .take_while(|&&part| part != 0)
                .filter_map(|&part| char::from_u32(u32::from(part)))
                .for_each(emit),
            None => emit(c),
        }
    }

    /// The primary composite of a starter `a` and a mark `b`, if there is one.
    pub fn compose(a: char, b: char) -> Option<char> {
        let key = (
            u16::try_from(u32::from(a)).ok()?,
            u16::try_from(u32::from(b)).ok()?,
        );
        let i = COMPOSITIONS
            .binary_search_by_key(&key, |&(a, b, _)| (a, b))
            .ok()?;
        char::from_u32(u32::from(COMPOSITIONS[i].2))
    }
}

/// Canonical decomposition of `text`, in canonical order (UAX #15): every character
/// decomposed, then each run of combining marks sorted (stably) by combining class.
fn decomposed(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |d| chars.push(d));
    }
    let mut i = 0;
    while i < chars.len() {
        if canonical_combining_class(chars[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && canonical_combining_class(chars[i]) != 0 {
            i += 1;
        }
        chars[start..i].sort_by_key(|&c| canonical_combining_class(c));
    }
    chars
}

/// NFC form of `text`: seeds are stored NFC, and queries are brought to it.
pub fn nfc(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    // The last starter a following character may still combine with, and the combining class
    // of the last character kept after it (none if nothing follows the starter yet).
    let mut starter: Option<usize> = None;
    let mut last_class: Option<u8> = None;
    for c in decomposed(text) {
        let class = canonical_combining_class(c);
        if let Some(s) = starter {
            // A character between the starter and `c` blocks them unless its class is lower.
            let blocked = last_class.is_some_and(|last| last >= class);
            if !blocked {
                if let Some(composed) = compose(out[s], c) {
                    out[s] = composed;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// NFD form of `text`, as some keyboards produce it (for tests and the quality gold set).
pub fn nfd(text: &str) -> String {
    decomposed(text).into_iter().collect()
}

/// Whether a character continues a word: letters, digits and stray combining marks (NFD input).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Appends the folded form of one character (nothing for a combining mark).
pub fn push_folded(c: char, out: &mut String) {
    match c {
        'đ' | 'Đ' => out.push('d'),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ if is_combining_mark(c) => {}
        _ => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() {
                    base = Some(d);
                }
            });
            let base = base.unwrap_or(c);
            if base.is_ascii() {
                out.push(base.to_ascii_lowercase());
            } else {
                out.extend(base.to_lowercase());
            }
        }
    }
}

/// Folded form of a whole string: `Đồng Kỵ` → `dong ky`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Exact form of one word (see the module docs): `Tràng` → `trang2`, `hoà` and `hòa` → `hoa2`.
pub fn exact_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 1);
    let mut tone = None;
    for c in decomposed(word) {
        if let Some(digit) = tone_digit(c) {
            tone = Some(digit);
        } else if c == 'Đ' {
            out.push('đ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let mut exact = nfc(&out);
    if let Some(digit) = tone {
        exact.push(digit);
    }
    exact
}

/// One word of a text: its byte range in the original and its two normalised forms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Folded form (ASCII for Vietnamese words).
    pub folded: String,
    /// Exact form (vowel qualities kept, tone as a trailing digit).
    pub exact: String,
}

/// Splits a text into words, keeping offsets into the original so results can be highlighted.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(make_word(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(make_word(text, s, text.len()));
    }
    out.retain(|w| !w.folded.is_empty());
    out
}

fn make_word(text: &str, start: usize, end: usize) -> Word {
    let slice = &text[start..end];
    Word {
        start,
        end,
        folded: fold(slice),
        exact: exact_word(slice),
    }
}

/// The folded words of a text joined by `separator`: `Làng  Vạn-Phúc` → `lang van phuc` with
/// a space (the index's whole-name token), `lang-van-phuc` with a hyphen (a [`slug`]).
pub fn join_folded(text: &str, separator: &str) -> String {
    words(text)
        .into_iter()
        .map(|w| w.folded)
        .collect::<Vec<_>>()
        .join(separator)
}

/// A slug made from a name: `Bát Tràng` → `bat-trang`.
pub fn slug(name: &str) -> String {
    join_folded(name, "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_vietnamese_letter_including_d_stroke() {
        assert_eq!(fold("Đồng Kỵ, Bát Tràng"), "dong ky, bat trang");
        assert_eq!(
            fold("ăâêôơưđ ĂÂÊÔƠƯĐ ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ"),
            "aaeooud aaeooud aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy"
        );
    }

    #[test]
    fn exact_form_keeps_vowel_quality_and_moves_tone_to_the_end() {
        assert_eq!(exact_word("Tràng"), "trang2");
        assert_eq!(exact_word("lụa"), "lua5");
        assert_eq!(exact_word("lúa"), "lua1");
        assert_eq!(exact_word("Đồng"), "đông2");
        assert_eq!(exact_word("lua"), "lua");
    }

    #[test]
    fn old_and_new_tone_placement_are_the_same_word() {
        assert_eq!(exact_word("hoà"), exact_word("hòa"));
        assert_eq!(exact_word("thuỵ"), exact_word("thụy"));
    }

    #[test]
    fn nfd_input_matches_nfc() {
        let nfd = nfd("Bát Tràng");
        let a = words(&nfd);
        let b = words("Bát Tràng");
        assert_eq!(a.len(), 2);
        assert_eq!(
            a.iter().map(|w| &w.exact).collect::<Vec<_>>(),
            b.iter().map(|w| &w.exact).collect::<Vec<_>>()
        );
    }

    /// Characters a normal form must get right: Vietnamese letters and tone marks in both
    /// placements, combining marks of several classes (to be reordered, blocked or composed),
    /// a composition exclusion and a singleton among the marks.
    const TRICKY: &[char] = &[
        'a', 'A', 'ă', 'â', 'e', 'ê', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'đ', 'Đ', 'ệ', 'ự', 'Ẫ',
        '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31b}',
        '\u{308}', '\u{327}', '\u{345}', '\u{344}', '\u{340}', 'ʒ', 'ǯ', ' ', '1',
    ];

    /// The characters the Latin tables cover: Basic Latin to the end of the combining marks,
    /// and Latin Extended Additional.
    fn latin_characters() -> impl Iterator<Item = char> {
        (0..=0x036F_u32)
            .chain(0x1E00..=0x1EFF)
            .filter_map(char::from_u32)
    }

    #[test]
    fn normal_forms_equal_the_crates_iterators() {
        use unicode_normalization::UnicodeNormalization;
        let check = |text: &str| {
            assert_eq!(nfc(text), text.nfc().collect::<String>(), "NFC of {text:?}");
            assert_eq!(nfd(text), text.nfd().collect::<String>(), "NFD of {text:?}");
        };
        // Every Latin character and mark, alone and before two marks of different classes.
        for c in latin_characters() {
            check(&c.to_string());
            check(&format!("{c}\u{323}\u{302}"));
            check(&format!("{c}\u{302}\u{323}"));
        }
        // Every sequence of three of the tricky characters.
        let n = TRICKY.len();
        for i in 0..n.pow(3) {
            let text: String = (0..3).map(|k| TRICKY[i / n.pow(k) % n]).collect();
            check(&text);
        }
    }

    #[test]
    fn other_scripts_are_left_as_they_are() {
        use unicode_normalization::UnicodeNormalization;
        // Text that would change under NFC or NFD: a Hangul syllable and its jamo, a Greek
        // letter with a tone, the Ångström sign (a singleton), a CJK compatibility ideograph.
        for text in ["가", "\u{1100}\u{1161}", "ά", "\u{212b}", "\u{f900}"] {
            assert_ne!(
                text.nfc().collect::<String>() + &text.nfd().collect::<String>(),
                text.repeat(2)
            );
            assert_eq!(nfc(text), text, "NFC of {text:?}");
            assert_eq!(nfd(text), text, "NFD of {text:?}");
        }
        // Text of other scripts that is already normal stays the crate's, unchanged.
        for text in ["Hà Nội 河内", "Ханой", "ハノイ", "हनोई"] {
            assert_eq!(nfc(text), text.nfc().collect::<String>(), "NFC of {text:?}");
        }
    }

    /// Every line of every seed file: the Latin tables leave no text of the handbook
    /// normalised differently from the whole of Unicode's.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_line_of_the_seeds_normalises_as_with_all_of_unicode() {
        use unicode_normalization::UnicodeNormalization;
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    files(&path, out);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    out.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds"),
            &mut paths,
        );
        assert!(paths.len() > 10, "{} seed files", paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                let at = format!("{}:{}", path.display(), i + 1);
                assert_eq!(nfc(line), line.nfc().collect::<String>(), "NFC at {at}");
                assert_eq!(nfd(line), line.nfd().collect::<String>(), "NFD at {at}");
            }
        }
    }

    #[test]
    fn words_keep_offsets_into_the_original() {
        let text = "Gốm Bát Tràng!";
        let w = words(text);
        assert_eq!(&text[w[1].start..w[1].end], "Bát");
        assert_eq!(w[2].folded, "trang");
    }

    #[test]
    fn slug_of_a_name() {
        assert_eq!(slug("Vạn Phúc"), "van-phuc");
        assert_eq!(slug("Đa Sỹ"), "da-sy");
        assert_eq!(join_folded("Làng  Vạn-Phúc!", " "), "lang van phuc");
    }
}
