//! How people actually type Vietnamese without a Vietnamese keyboard: Telex and VNI leftovers
//! ("bast trangf", "ba1t tra2ng") decoded into the word they meant. The decoding gives an
//! *alternative* reading of a query word; the literal reading is always kept. (English words
//! are read through [`crate::vocabulary`].)

use crate::text::{exact_word, Word};

/// Consonant onsets of Vietnamese syllables (folded), longest first.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
    "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
/// Finals of Vietnamese syllables (folded).
const CODAS: [&str; 13] = [
    "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "y", "o", "u",
];

/// Whether a folded string has the shape of one Vietnamese syllable: onset, one to three
/// vowels, final. Keeps Telex decoding from rewriting English words such as "pottery".
pub fn is_syllable(folded: &str) -> bool {
    for onset in ONSETS {
        let Some(rest) = folded.strip_prefix(onset) else {
            continue;
        };
        let vowels = rest.chars().take_while(|c| "aeiouy".contains(*c)).count();
        if vowels == 0 || vowels > 3 {
            continue;
        }
        if CODAS.contains(&&rest[vowels..]) {
            return true;
        }
    }
    false
}

/// The tone mark for a Telex key (s f r x j) or VNI digit (1–5).
fn tone_mark(key: char) -> Option<char> {
    Some(match key {
        's' | '1' => '\u{301}',
        'f' | '2' => '\u{300}',
        'r' | '3' => '\u{309}',
        'x' | '4' => '\u{303}',
        'j' | '5' => '\u{323}',
        _ => return None,
    })
}

/// Applies a vowel-quality key to the last matching letter: Telex `aa ee oo aw ow uw dd`,
/// VNI `6 7 8 9`.
fn modify(letters: &mut [char], key: char) -> bool {
    let target = |c: char| -> Option<char> {
        Some(match (key, c) {
            ('a', 'a') | ('6', 'a') => 'â',
            ('e', 'e') | ('6', 'e') => 'ê',
            ('o', 'o') | ('6', 'o') => 'ô',
            ('w', 'a') | ('8', 'a') => 'ă',
            ('w', 'o') | ('7', 'o') => 'ơ',
            ('w', 'u') | ('7', 'u') => 'ư',
            ('d', 'd') | ('9', 'd') => 'đ',
            _ => return None,
        })
    };
    for i in (0..letters.len()).rev() {
        if let Some(new) = target(letters[i]) {
            letters[i] = new;
            // "uow" → "ươ": the horn goes on both.
            if key == 'w' && new == 'ơ' && i > 0 && letters[i - 1] == 'u' {
                letters[i - 1] = 'ư';
            }
            return true;
        }
    }
    false
}

/// Decodes one word typed in Telex or VNI into the Vietnamese word meant, if it reads as one:
/// `bast` → `bát`, `ddoongj` → `động`, `tra2ng` → `tràng`. `None` when the word has no
/// leftovers or the result is not a Vietnamese syllable.
pub fn decode(word: &str) -> Option<String> {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    if !lower.iter().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut letters: Vec<char> = Vec::new();
    let mut tone = None;
    let mut changed = false;
    for &c in &lower {
        let seen_vowel = letters.iter().any(|l| "aăâeêioôơuưy".contains(*l));
        if c.is_ascii_digit() {
            if let Some(mark) = tone_mark(c) {
                tone = Some(mark);
                changed = true;
            } else if modify(&mut letters, c) {
                changed = true;
            } else {
                return None;
            }
            continue;
        }
        // A tone key after a vowel, when the letters so far cannot take it as a final.
        if seen_vowel && tone_mark(c).is_some() && !(c == 'r' && letters.is_empty()) {
            tone = tone_mark(c);
            changed = true;
            continue;
        }
        let doubles = matches!(c, 'a' | 'e' | 'o' | 'd') && letters.last() == Some(&c);
        let horn = c == 'w' && !letters.is_empty();
        if (doubles || horn) && modify(&mut letters, c) {
            changed = true;
            continue;
        }
        letters.push(c);
    }
    if !changed {
        return None;
    }
    let base: String = letters.iter().collect();
    if !is_syllable(&crate::text::fold(&base)) {
        return None;
    }
    Some(place_tone(&base, tone))
}

/// Puts a tone mark on the right vowel of a syllable (new-style placement; the index treats
/// old and new placement alike anyway).
fn place_tone(base: &str, tone: Option<char>) -> String {
    let Some(mark) = tone else {
        return base.to_string();
    };
    let chars: Vec<char> = base.chars().collect();
    let is_vowel = |c: char| "aăâeêioôơuưy".contains(c);
    let positions: Vec<usize> = (0..chars.len()).filter(|&i| is_vowel(chars[i])).collect();
    // Skip the u of "qu" and the i of "gi" when another vowel follows.
    let positions: Vec<usize> = positions
        .iter()
        .copied()
        .filter(|&i| {
            !(i == 1
                && positions.len() > 1
                && ((chars[0] == 'q' && chars[1] == 'u') || (chars[0] == 'g' && chars[1] == 'i')))
        })
        .collect();
    let target = match positions.as_slice() {
        [] => return base.to_string(),
        [only] => *only,
        several => {
            // A vowel with a quality mark takes the tone; else the last one before a final,
            // else the second-to-last.
            if let Some(&i) = several.iter().rev().find(|&&i| "ăâêôơư".contains(chars[i])) {
                i
            } else if several
                .last()
                .map(|&i| i + 1 < chars.len())
                .unwrap_or(false)
            {
                *several.last().unwrap()
            } else {
                several[several.len() - 2]
            }
        }
    };
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == target {
            out.push(mark);
        }
    }
    crate::text::nfc(&out)
}

/// The decoded reading of a query word, as a [`Word`] at the same position.
pub fn decoded_word(word: &Word, original: &str) -> Option<Word> {
    let decoded = decode(original)?;
    let folded = crate::text::fold(&decoded);
    Some(Word {
        start: word.start,
        end: word.end,
        exact: exact_word(&decoded),
        folded,
    })
}

/// Onsets that Northern speakers write for one another (`chàng` for `tràng`, `sa` for `xa`,
/// `dó` for `gió`, `nàng` for `làng`): a common slip when the word is spelt by ear.
const ONSET_SLIPS: &[(&str, &[&str])] = &[
    ("ch", &["tr"]),
    ("tr", &["ch"]),
    ("s", &["x"]),
    ("x", &["s"]),
    ("gi", &["d", "r"]),
    ("d", &["gi", "r"]),
    ("r", &["d", "gi"]),
    ("l", &["n"]),
    ("n", &["l"]),
];

/// The word respelt with each onset it is commonly confused with, tone and vowels kept:
/// `chàng` → `tràng`. Empty for a word that is not a Vietnamese syllable.
pub fn onset_slips(word: &Word) -> Vec<Word> {
    if !is_syllable(&word.folded) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (onset, others) in ONSET_SLIPS {
        // `ng`, `nh` and `gh` are onsets of their own, not `n` or `g` slipped.
        let longer = ["ng", "nh", "gh", "gi"]
            .iter()
            .any(|l| l.len() > onset.len() && l.starts_with(onset) && word.folded.starts_with(l));
        if longer || !word.folded.starts_with(onset) || !word.exact.starts_with(onset) {
            continue;
        }
        for other in *others {
            out.push(Word {
                start: word.start,
                end: word.end,
                folded: format!("{other}{}", &word.folded[onset.len()..]),
                exact: format!("{other}{}", &word.exact[onset.len()..]),
            });
        }
        break;
    }
    out
}

/// Longest syllable considered when splitting joined words (`nghieng`, `nguyen`: 7 letters).
const LONGEST_SYLLABLE: usize = 7;

/// Splits a folded word typed without spaces ("battrang", "langgom") into the syllables the
/// data most likely holds: each piece has the shape of a Vietnamese syllable and occurs in the
/// data (`frequency` > 0, out of `total` records), and among the splits the likeliest under a
/// one-syllable-at-a-time model wins, which also prefers fewer, more frequent pieces. While
/// the word is being typed, the last piece may also be the start of a word the data holds
/// (`unfinished` says whether it is: "battr" → `bat`, `tr…`). `None` when the word is not
/// plain letters or cannot be split into at least two pieces.
pub fn split_joined(
    folded: &str,
    frequency: impl Fn(&str) -> u64,
    total: u64,
    unfinished: impl Fn(&str) -> bool,
) -> Option<Vec<String>> {
    // A word with the shape of one syllable ("treu": trêu, or a slip for triệu) is one syllable
    // the data lacks, not two typed together ("tre" + "u").
    if !folded.bytes().all(|b| b.is_ascii_lowercase()) || folded.len() < 4 || is_syllable(folded) {
        return None;
    }
    let n = folded.len();
    let total = total.max(1) as f64;
    // best[i]: log-likelihood and start of the last piece of the best split of folded[..i].
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for end in 1..=n {
        for start in end.saturating_sub(LONGEST_SYLLABLE)..end {
            let Some((before, _)) = best[start] else {
                continue;
            };
            let piece = &folded[start..end];
            let count = if is_syllable(piece) {
                frequency(piece)
            } else {
                0
            };
            // An unfinished last piece counts as the rarest known syllable.
            let count = if count == 0 && end == n && unfinished(piece) {
                1
            } else {
                count
            };
            if count == 0 {
                continue;
            }
            let score = before + (count as f64 / total).ln();
            if best[end].is_none_or(|(s, _)| score > s) {
                best[end] = Some((score, start));
            }
        }
    }
    let mut pieces = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        pieces.push(folded[start..end].to_string());
        end = start;
    }
    pieces.reverse();
    (pieces.len() >= 2).then_some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telex_leftovers_decode() {
        assert_eq!(decode("bast").as_deref(), Some("bát"));
        assert_eq!(decode("trangf").as_deref(), Some("tràng"));
        assert_eq!(decode("vajn").as_deref(), Some("vạn"));
        assert_eq!(decode("phucs").as_deref(), Some("phúc"));
        assert_eq!(decode("quaats").as_deref(), Some("quất"));
        assert_eq!(decode("ddoongj").as_deref(), Some("động"));
        assert_eq!(decode("luwax").as_deref(), Some("lữa"));
        assert_eq!(decode("nguowif").as_deref(), Some("người"));
    }

    #[test]
    fn vni_leftovers_decode() {
        assert_eq!(decode("ba1t").as_deref(), Some("bát"));
        assert_eq!(decode("tra2ng").as_deref(), Some("tràng"));
        assert_eq!(decode("d9o6ng5").as_deref(), Some("động"));
    }

    #[test]
    fn plain_and_english_words_are_left_alone() {
        for w in [
            "bat", "trang", "pottery", "silk", "village", "lacquer", "2025", "x",
        ] {
            assert_eq!(decode(w), None, "{w}");
        }
    }

    #[test]
    fn onset_slips_keep_tone_and_vowels() {
        let slips = |text: &str| -> Vec<String> {
            let w = &crate::text::words(text)[0];
            onset_slips(w).into_iter().map(|w| w.exact).collect()
        };
        assert_eq!(slips("chàng"), ["trang2"]);
        assert_eq!(slips("sơn"), ["xơn"]);
        assert_eq!(slips("dó"), ["gio1", "ro1"]);
        assert_eq!(slips("nghề"), Vec::<String>::new());
        assert_eq!(slips("pottery"), Vec::<String>::new());
    }

    #[test]
    fn joined_syllables_split_into_the_likeliest_known_ones() {
        let known = |s: &str| match s {
            "bat" => 10,
            "trang" => 8,
            "tran" => 5,
            "g" => 0,
            "quang" => 6,
            "phu" => 40,
            "phuc" => 5,
            "cau" => 12,
            "au" => 1,
            "tre" => 30,
            "u" => 2,
            "to" => 9,
            "he" => 3,
            _ => 0,
        };
        let split = |w: &str| split_joined(w, known, 100, |_| false);
        assert_eq!(split("battrang").unwrap(), ["bat", "trang"]);
        assert_eq!(split("quangphucau").unwrap(), ["quang", "phu", "cau"]);
        assert_eq!(split("bat"), None, "one syllable is not a split");
        assert_eq!(split("battrangx"), None, "every piece must be known");
        assert_eq!(split("bát"), None);
        // "treu" has the shape of one syllable (trêu; or triệu with a letter left out): one word
        // the data lacks, not "tre" + "u". "tohe" has no such shape: tò + he.
        assert_eq!(split("treu"), None);
        assert_eq!(split("tohe").unwrap(), ["to", "he"]);
        // While typing, the last piece may be the start of a known word.
        let typing = |w: &str| split_joined(w, known, 100, |p| "trang".starts_with(p));
        assert_eq!(typing("battr").unwrap(), ["bat", "tr"]);
        assert_eq!(typing("battrang").unwrap(), ["bat", "trang"]);
        assert_eq!(typing("batx"), None);
    }

    #[test]
    fn syllable_shapes() {
        assert!(is_syllable("nghieng"));
        assert!(is_syllable("quat"));
        assert!(!is_syllable("pottery"));
        assert!(!is_syllable("bst"));
    }
}
