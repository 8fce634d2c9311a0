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
    ("lotus tea", "trà sen"),
    ("rice paper", "bánh đa"),
    ("rice noodles", "bún"),
    ("embroidered", "thêu"),
    ("embroider", "thêu"),
    ("woven", "dệt"),
    ("weave", "dệt"),
    ("weavers", "dệt"),
    ("carving", "chạm khắc"),
    ("carvings", "chạm khắc"),
    ("carved", "chạm khắc"),
    ("wooden", "gỗ"),
    ("buddha", "phật"),
    ("birdcage", "lồng chim"),
    ("birdcages", "lồng chim"),
    ("comb", "lược"),
    ("combs", "lược"),
    ("horn", "sừng"),
    ("scarf", "khăn"),
    ("scarves", "khăn"),
    ("glass", "thủy tinh"),
    ("carpet", "thảm"),
    ("hammock", "võng"),
    ("mulberry", "dâu"),
    ("arrowroot", "dong"),
    ("sausage", "giò"),
    ("sausages", "giò"),
    ("tea set", "ấm chén"),
    ("tea sets", "ấm chén"),
    ("tablecloth", "khăn trải bàn"),
    ("tablecloths", "khăn trải bàn"),
    // Places and directions, as visitors describe where things are.
    ("old quarter", "phố cổ"),
    ("red river", "sông hồng"),
    ("highway", "quốc lộ"),
    ("south", "phía nam"),
    ("north", "phía bắc"),
    ("west", "phía tây"),
    ("east", "phía đông"),
    ("river", "sông"),
    ("pagoda", "chùa"),
    ("temple", "đền"),
    ("festival", "lễ hội"),
    ("festivals", "lễ hội"),
];

/// British spellings and their American forms: the data and the visitors write either.
pub const SPELLINGS: &[(&str, &str)] = &[
    ("jewellery", "jewelry"),
    ("colour", "color"),
    ("colours", "colors"),
    ("coloured", "colored"),
    ("colourful", "colorful"),
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("grey", "gray"),
    ("favourite", "favorite"),
    ("mould", "mold"),
    ("moulded", "molded"),
    ("moulds", "molds"),
    ("storey", "story"),
    ("practise", "practice"),
    ("specialise", "specialize"),
    ("specialised", "specialized"),
    ("organise", "organize"),
    ("organised", "organized"),
];

/// The other spelling of an English word (British ↔ American), if it has one.
pub fn other_spelling(folded: &str) -> Option<&'static str> {
    SPELLINGS.iter().find_map(|&(gb, us)| {
        if gb == folded {
            Some(us)
        } else if us == folded {
            Some(gb)
        } else {
            None
        }
    })
}

/// The one-word English term a misspelt word most likely stands for ("ceramcs" → ceramics,
/// "embroidry" → embroidery), with its Vietnamese: within one edit (a letter missing, added,
/// changed, or two swapped) for words of four to seven letters, two from eight. A word shaped
/// like a Vietnamese syllable is left alone (it is most likely Vietnamese, not a typo).
pub fn near_term(folded: &str) -> Option<(&'static str, &'static str)> {
    let len = folded.chars().count();
    let allowed = match len {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    if !folded.bytes().all(|b| b.is_ascii_lowercase()) || crate::typing::is_syllable(folded) {
        return None;
    }
    ENGLISH
        .iter()
        .filter(|(en, _)| !en.contains(' ') && *en != folded)
        .map(|&(en, vi)| (strsim::osa_distance(folded, en), en, vi))
        .filter(|(d, _, _)| *d <= allowed)
        .min_by_key(|(d, en, _)| (*d, *en))
        .map(|(_, en, vi)| (en, vi))
}

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
    fn misspelt_craft_words_find_their_term() {
        assert_eq!(near_term("ceramcs"), Some(("ceramics", "gốm")));
        assert_eq!(near_term("embroidry"), Some(("embroidery", "thêu")));
        assert_eq!(near_term("lacqer"), Some(("lacquer", "sơn mài")));
        assert_eq!(near_term("laquerware"), Some(("lacquerware", "sơn mài")));
        assert_eq!(near_term("kyte"), Some(("kite", "diều")));
        assert_eq!(near_term("silk"), None, "an exact term is not a near one");
        assert_eq!(
            near_term("trang"),
            None,
            "Vietnamese syllables are left alone"
        );
        assert_eq!(near_term("hut"), None, "too short to guess");
    }

    #[test]
    fn british_and_american_spellings_read_as_each_other() {
        assert_eq!(other_spelling("jewellery"), Some("jewelry"));
        assert_eq!(other_spelling("color"), Some("colour"));
        assert_eq!(other_spelling("silk"), None);
    }

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
