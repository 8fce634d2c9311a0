//! A small English craft vocabulary ("pottery" → gốm, "mother of pearl" → khảm trai), so a
//! tourist typing English finds the Vietnamese records. A term found in a query gives an
//! *alternative* reading of the words it covers; the literal reading is always kept.

/// English craft words and their Vietnamese equivalents (folded English → Vietnamese words).
/// Multi-word English terms are matched before single words.
pub const ENGLISH: &[(&str, &str)] = &[
    ("mother of pearl", "khảm trai"),
    ("conical hat", "nón lá"),
    ("conical hats", "nón lá"),
    ("sticky rice", "xôi"),
    ("green rice", "cốm"),
    ("glass noodles", "miến"),
    ("water puppets", "rối nước"),
    ("water puppetry", "rối nước"),
    ("woodblock prints", "tranh dân gian"),
    ("gold leaf", "vàng quỳ"),
    ("horn comb", "lược sừng"),
    ("horn combs", "lược sừng"),
    ("bird cage", "lồng chim"),
    ("bird cages", "lồng chim"),
    ("peach blossom", "đào"),
    ("musical instruments", "nhạc cụ"),
    ("pottery", "gốm"),
    ("ceramics", "gốm"),
    ("ceramic", "gốm"),
    ("porcelain", "sứ"),
    ("silk", "lụa"),
    ("lacquer", "sơn mài"),
    ("lacquerware", "sơn mài"),
    ("inlay", "khảm"),
    ("incense", "hương"),
    ("embroidery", "thêu"),
    ("rattan", "mây tre"),
    ("bamboo", "tre"),
    ("carpentry", "mộc"),
    ("woodwork", "gỗ"),
    ("wood", "gỗ"),
    ("furniture", "đồ gỗ"),
    ("bronze", "đồng"),
    ("casting", "đúc"),
    ("paper", "giấy"),
    ("noodles", "miến"),
    ("vermicelli", "bún"),
    ("kite", "diều"),
    ("kites", "diều"),
    ("fan", "quạt"),
    ("fans", "quạt"),
    ("puppet", "rối"),
    ("puppets", "rối"),
    ("hat", "nón"),
    ("hats", "nón"),
    ("flower", "hoa"),
    ("flowers", "hoa"),
    ("peach", "đào"),
    ("kumquat", "quất"),
    ("tea", "trà"),
    ("lotus", "sen"),
    ("knife", "dao"),
    ("knives", "dao"),
    ("scissors", "kéo"),
    ("forging", "rèn"),
    ("blacksmith", "rèn"),
    ("silver", "bạc"),
    ("gold", "vàng"),
    ("jewellery", "kim hoàn"),
    ("jewelry", "kim hoàn"),
    ("leather", "da"),
    ("shoes", "giày"),
    ("statue", "tượng"),
    ("statues", "tượng"),
    ("sculpture", "điêu khắc"),
    ("weaving", "dệt"),
    ("painting", "tranh"),
    ("paintings", "tranh"),
    ("prints", "tranh"),
    ("tofu", "đậu phụ"),
    ("dragonfly", "chuồn chuồn"),
    ("dragonflies", "chuồn chuồn"),
    ("instrument", "đàn"),
    ("instruments", "đàn"),
    ("tailoring", "may"),
    ("garments", "may mặc"),
    ("sedge", "cói"),
    ("nets", "lưới"),
    ("sweets", "kẹo"),
    ("candy", "kẹo"),
];

/// English words and phrases found in a query (folded, space-separated), with the Vietnamese
/// they stand for and the range of query words they cover.
pub fn english_terms(folded_words: &[String]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded_words.len() {
        let mut matched = None;
        for len in [3, 2, 1] {
            if i + len > folded_words.len() {
                continue;
            }
            let phrase = folded_words[i..i + len].join(" ");
            if let Some((_, vi)) = ENGLISH.iter().find(|(en, _)| *en == phrase) {
                matched = Some((len, *vi));
                break;
            }
        }
        match matched {
            Some((len, vi)) => {
                out.push((i, i + len, vi));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_phrases_before_words() {
        let words: Vec<String> = ["mother", "of", "pearl", "village"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(english_terms(&words), vec![(0, 3, "khảm trai")]);
        let words: Vec<String> = ["silk", "conical", "hat"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(english_terms(&words), vec![(0, 1, "lụa"), (1, 3, "nón lá")]);
    }
}
