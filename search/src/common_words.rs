//! Words that carry little of what a query asks for: question words, shop and trip words,
//! "village" and "craft" themselves. Visitors wrap what they want in them ("làng nào làm nón
//! lá", "where can I see kites being made"), and the data is full of them ("làm" is in half the
//! crafts' names), so matching them must not decide the order of results.
//!
//! They are **weighed down, never deleted** ([`crate::ranking::weight::COMMON`]): a name made
//! of them still ranks by its words ("Làng Vòng", "Thôn Hạ"), and a query made only of them
//! ("làng nghề") still finds what has them. The lists are short on purpose: how informative a
//! word is comes first from the index's own statistics (see [`crate::query`]); these are the
//! words whose frequency in the data does not show how little they say in a question.
//!
//! The [`KIND_WORDS`] are here too: words that say what kind of record is wanted ("tour",
//! "đạp xe") rather than what it is about. They are the other half of reading a question's
//! wrapping, so every list of words that are not the thing asked for lives in this one file.

use crate::text::{exact_word, words, Word};
use crate::Kind;

/// Vietnamese words, written with their accents. A query word typed with accents is common
/// only if its accents match (`đậu`, tofu, is not `đâu`, where).
#[rustfmt::skip]
pub const VIETNAMESE: &[&str] = &[
    // Village and craft themselves, and address words.
    "làng", "nghề", "làm", "thôn", "xóm", "xã", "huyện", "quận", "phường", "vùng", "khu",
    // Questions.
    "ở", "đâu", "nơi", "nào", "gì", "thế", "bao", "nhiêu", "mấy", "ai", "không", "có", "là",
    "hỏi",
    // Going, seeing, buying.
    "đi", "đến", "tới", "về", "xem", "thăm", "chơi", "mua", "bán", "chợ", "giá", "rẻ", "quà",
    "tặng", "lưu", "niệm", "chụp", "ảnh", "ăn", "uống", "ngon", "đẹp", "nổi", "tiếng", "truyền",
    "thống", "cổ", "gần", "ngày", "cuối", "tuần",
    // Seasons and occasions.
    "tết", "dịp", "mùa", "hội",
    // Grammar.
    "của", "và", "với", "cho", "các", "những", "một", "được", "tại", "bằng", "từ", "ra", "vào",
    "rất", "nhất", "hay", "như", "này", "đó", "để", "thì", "mà", "cũng", "đã", "sẽ", "đang",
    "muốn", "cần", "tìm", "hãy", "nhé", "ạ", "theo", "trong", "ngoài", "trên", "dưới",
];

/// The same words typed without accents, where that is still most likely the filler word:
/// `lang` is `làng`, `nao` is `nào`. Left out on purpose are forms that are as often part of
/// a name or a craft: `phuong` (Đan Phượng), `la` (nón lá), `lam` (Gia Lâm), `tet` (tết
/// thao), `luu` (Lưu Xá), `gia` (Gia Lâm), `ban` (bàn), `do` (giấy dó), `tu` (Từ Vân),
/// `trong` (trống, drums), `tim` (tím), `can` (cán), `duoi` (đuôi) …
#[rustfmt::skip]
pub const VIETNAMESE_UNACCENTED: &[&str] = &[
    "lang", "nghe", "thon", "xom", "khu", "o", "dau", "nao", "gi", "bao", "nhieu", "ai",
    "khong", "xem", "mua", "re", "qua", "niem", "chup", "uong", "ngon", "dep", "tieng", "truyen",
    "thong", "gan", "ngay", "cuoi", "dip", "cua", "va", "voi", "cac", "nhung", "mot", "duoc",
    "ra", "vao", "rat", "hay", "nhu", "nay", "toi", "muon", "theo",
];

/// English words, folded (lowercase ASCII).
#[rustfmt::skip]
pub const ENGLISH: &[&str] = &[
    // Village and craft themselves, and places in general.
    "village", "villages", "craft", "crafts", "handicraft", "handicrafts", "traditional",
    "hanoi", "vietnam", "vietnamese", "area", "district", "near", "around", "place", "places",
    // Questions.
    "where", "what", "which", "who", "how", "when", "why", "is", "are", "was", "be", "being",
    "been", "can", "could", "do", "does", "did", "there", "any", "some", "worth",
    // Going, seeing, buying.
    "see", "watch", "visit", "go", "get", "take", "bring", "buy", "buying", "shop", "shops",
    "shopping", "store", "stores", "market", "souvenir", "souvenirs", "gift", "gifts", "home",
    "made", "make", "makes", "making", "photo", "photos", "instagram", "best", "good", "old",
    "day", "trip",
    // Praise: says how the visitor feels about a thing, not what it is.
    "colourful", "colorful", "beautiful", "famous", "handmade", "authentic", "local", "cheap",
    "nice", "pretty", "unique", "genuine", "original",
    // Grammar: pronouns, articles, prepositions, auxiliaries (the closed classes).
    "i", "we", "you", "they", "it", "my", "me", "a", "an", "the", "to", "of", "in", "on", "at",
    "for", "from", "by", "with", "and", "or",
    // More of them, none of which is also a Vietnamese syllable typed without accents (`so`,
    // `no`, `may`, `than`, `that`, `up` are `So`, `nơ`, `may`, `than`, `Thất`, `úp`): a
    // misspelt name reads as English too ("lanng so"), and its syllables must keep their
    // weight.
    "our", "your", "their", "its", "us", "them", "this", "these", "those", "along", "into",
    "about", "across", "through", "over", "out", "outside", "inside", "during", "while", "as",
    "if", "also", "very", "just", "not", "all", "more", "most", "much", "many", "have", "has",
    "had", "will", "would", "should", "must", "might", "want", "need", "find", "look",
    "looking", "learn", "try", "here",
];

/// Words that ask for a kind of record rather than for something in it: "tours of craft
/// villages", "a day trip", "đạp xe qua những làng gốm" (a bicycle ride is a route, and the
/// handbook's routes are its tours), "làng nào làm quạt giấy" (which village: a village, not
/// a fan sold under a maker's name). Records of that kind get
/// [`crate::ranking::weight::KIND_NAMED`]. An entry is one word or two; Vietnamese is written
/// with its accents and matched as the [`VIETNAMESE`] words are (accents typed must match,
/// none typed folds). Left out on purpose: `đi` (go) and `visit`, which open every other
/// question ("đi Bát Tràng bằng xe buýt") and so do not say that a route is wanted.
#[rustfmt::skip]
pub const KIND_WORDS: &[(&str, Kind)] = &[
    ("tour", Kind::Tour), ("tours", Kind::Tour), ("tua", Kind::Tour),
    ("trip", Kind::Tour), ("trips", Kind::Tour),
    ("itinerary", Kind::Tour), ("itineraries", Kind::Tour),
    ("excursion", Kind::Tour), ("excursions", Kind::Tour),
    ("route", Kind::Tour), ("routes", Kind::Tour),
    ("cycling", Kind::Tour), ("bicycle", Kind::Tour), ("biking", Kind::Tour),
    ("tuyến", Kind::Tour), ("lộ trình", Kind::Tour), ("hành trình", Kind::Tour),
    ("đạp xe", Kind::Tour), ("xe đạp", Kind::Tour),
    ("làng nào", Kind::Village), ("which village", Kind::Village),
    ("which villages", Kind::Village),
];

/// The kinds of record the query's words ask for (see [`KIND_WORDS`]), each once.
pub fn kinds_asked_for(query: &[Word]) -> Vec<Kind> {
    let same = |typed: &Word, listed: &Word| {
        if typed.exact == typed.folded {
            typed.folded == listed.folded
        } else {
            typed.exact == listed.exact
        }
    };
    let mut kinds = Vec::new();
    for &(entry, kind) in KIND_WORDS {
        let listed = words(entry);
        let asked = !listed.is_empty()
            && query
                .windows(listed.len())
                .any(|typed| typed.iter().zip(&listed).all(|(t, l)| same(t, l)));
        if asked && !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// Whether a query reads as English: some word of it [`cannot_be_vietnamese`] ("where",
/// "kites"). Only then are the [`ENGLISH`] words common: typed among Vietnamese syllables,
/// `my`, `go`, `to` and `do` are `Mỹ`, `gỗ`, `tò` and `đồ`. Once the index has been asked,
/// [`crate::query::ParsedQuery::consult`] narrows this to such words the index knows as
/// English: a word it lacks is more likely a misspelt name ("donng my" is Đông Mỹ).
pub fn reads_as_english(words: &[Word]) -> bool {
    words.iter().any(cannot_be_vietnamese)
}

/// Whether a word, typed without accents, cannot be a Vietnamese syllable ("where", "kites",
/// but also a misspelt syllable such as "donng").
pub fn cannot_be_vietnamese(w: &Word) -> bool {
    w.exact == w.folded
        && w.folded.len() > 1
        && w.folded.bytes().all(|b| b.is_ascii_lowercase())
        && !crate::typing::is_syllable(&w.folded)
}

/// Whether a query word is one of the common words above; `english` says whether the query
/// [`reads_as_english`].
pub fn is_common(word: &Word, english: bool) -> bool {
    let unaccented = word.exact == word.folded;
    if english && unaccented && ENGLISH.contains(&word.folded.as_str()) {
        return true;
    }
    if unaccented {
        VIETNAMESE_UNACCENTED.contains(&word.folded.as_str())
    } else {
        VIETNAMESE
            .iter()
            .any(|&common| exact_word(common) == word.exact)
    }
}

/// A name without its first word, when that word is a common one ("Làm nón lá" → "nón lá",
/// "Làng Vòng" → "Vòng"): what a visitor types for the name. The index holds it beside the
/// name as a whole name, so "nón lá" is the craft "Làm nón lá" by its whole name, not only the
/// start of the products' names "Nón lá …".
pub fn name_after_common_word(name: &str) -> Option<&str> {
    let words = words(name);
    let [first, second, ..] = words.as_slice() else {
        return None;
    };
    is_common(first, false).then(|| &name[second.start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn common(text: &str) -> Vec<bool> {
        let words = words(text);
        let english = reads_as_english(&words);
        words.iter().map(|w| is_common(w, english)).collect()
    }

    #[test]
    fn a_name_after_a_common_first_word_is_the_rest_of_it() {
        assert_eq!(name_after_common_word("Làm nón lá"), Some("nón lá"));
        assert_eq!(name_after_common_word("Làng Vòng"), Some("Vòng"));
        assert_eq!(
            name_after_common_word("Thôn 3 Vạn Phúc"),
            Some("3 Vạn Phúc")
        );
        assert_eq!(name_after_common_word("Nón lá Phú Châu"), None);
        assert_eq!(name_after_common_word("Bát Tràng"), None);
        // A name that is one common word stays whole.
        assert_eq!(name_after_common_word("Làng"), None);
        // Accents decide: "Lâm" is not "làm".
        assert_eq!(name_after_common_word("Lâm Du"), None);
    }

    #[test]
    fn question_words_are_common_and_the_thing_asked_for_is_not() {
        assert_eq!(
            common("làng nào làm nón lá"),
            [true, true, true, false, false]
        );
        assert_eq!(
            common("where can I see kites being made"),
            [true, true, true, true, false, true, true]
        );
    }

    #[test]
    fn accents_typed_must_match_and_none_typed_fold() {
        // `đậu` (tofu) is not `đâu` (where); `dau` without accents could be either.
        assert_eq!(common("đậu đâu dau"), [false, true, true]);
        assert_eq!(common("lang lăng"), [true, false]);
        // English words only in English: `Mỹ` is not `my`, and among Vietnamese syllables
        // typed without accents neither is `my`.
        assert_eq!(common("my kites Mỹ"), [true, false, false]);
        assert_eq!(common("do go my nghe"), [false, false, false, true]);
        // A misspelt name reads as English; its other syllables stay informative.
        assert_eq!(common("lanng so"), [false, false]);
        assert_eq!(common("villages along highway"), [true, true, false]);
    }

    #[test]
    fn trip_words_ask_for_tours_alone_or_in_pairs() {
        let asked = |text: &str| kinds_asked_for(&words(text));
        assert_eq!(asked("dap xe qua nhung lang gom"), [Kind::Tour]);
        assert_eq!(asked("đạp xe qua làng gốm"), [Kind::Tour]);
        assert_eq!(asked("hanoi countryside bicycle tour"), [Kind::Tour]);
        assert_eq!(asked("tuyến làng nghề phía nam"), [Kind::Tour]);
        // Accents typed must match: `đáp` is not `đạp`; the two words must be neighbours.
        assert_eq!(asked("đáp xe"), []);
        assert_eq!(asked("xe buýt đạp"), []);
        // Going somewhere is not asking for a route.
        assert_eq!(asked("đi Bát Tràng bằng xe buýt"), []);
        assert_eq!(asked("where to visit pottery villages"), []);
    }

    #[test]
    fn which_village_asks_for_villages() {
        let asked = |text: &str| kinds_asked_for(&words(text));
        assert_eq!(asked("làng nào làm quạt giấy"), [Kind::Village]);
        assert_eq!(asked("lam tranh theu o lang nao"), [Kind::Village]);
        assert_eq!(asked("which village makes flute kites"), [Kind::Village]);
        // "Làng" alone opens names and phrases ("làng lụa Hà Đông"): it asks for nothing.
        assert_eq!(asked("làng lụa Hà Đông"), []);
    }

    #[test]
    fn every_listed_word_is_one_word() {
        for w in VIETNAMESE.iter().chain(ENGLISH) {
            assert_eq!(words(w).len(), 1, "{w}");
        }
        for (w, _) in KIND_WORDS {
            assert!((1..=2).contains(&words(w).len()), "{w}");
        }
    }

    #[test]
    fn unaccented_forms_are_forms_of_listed_words() {
        for w in VIETNAMESE_UNACCENTED {
            assert!(
                VIETNAMESE.iter().any(|v| fold(v) == *w),
                "{w} is not a listed word without accents"
            );
        }
        // Names keep their weight typed without accents.
        assert_eq!(common("dan phuong"), [false, false]);
    }
}
