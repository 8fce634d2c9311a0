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

use crate::text::{exact_word, Word};

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
    "rất", "nhất", "hay", "như", "này", "đó",
];

/// The same words typed without accents, where that is still most likely the filler word:
/// `lang` is `làng`, `nao` is `nào`. Left out on purpose are forms that are as often part of
/// a name or a craft: `phuong` (Đan Phượng), `la` (nón lá), `lam` (Gia Lâm), `tet` (tết
/// thao), `luu` (Lưu Xá), `gia` (Gia Lâm), `ban` (bàn), `do` (giấy dó), `tu` (Từ Vân) …
#[rustfmt::skip]
pub const VIETNAMESE_UNACCENTED: &[&str] = &[
    "lang", "nghe", "thon", "xom", "khu", "o", "dau", "nao", "gi", "bao", "nhieu", "ai",
    "khong", "xem", "mua", "re", "qua", "niem", "chup", "uong", "ngon", "dep", "tieng", "truyen",
    "thong", "gan", "ngay", "cuoi", "dip", "cua", "va", "voi", "cac", "nhung", "mot", "duoc",
    "ra", "vao", "rat", "hay", "nhu", "nay", "toi",
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
    // Grammar.
    "i", "we", "you", "they", "it", "my", "me", "a", "an", "the", "to", "of", "in", "on", "at",
    "for", "from", "by", "with", "and", "or",
];

/// Whether a query reads as English: some word of it, typed without accents, cannot be a
/// Vietnamese syllable ("where", "kites"). Only then are the [`ENGLISH`] words common: typed
/// among Vietnamese syllables, `my`, `go`, `to` and `do` are `Mỹ`, `gỗ`, `tò` and `đồ`.
pub fn reads_as_english(words: &[Word]) -> bool {
    words.iter().any(|w| {
        w.exact == w.folded
            && w.folded.len() > 1
            && w.folded.bytes().all(|b| b.is_ascii_lowercase())
            && !crate::typing::is_syllable(&w.folded)
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, words};

    fn common(text: &str) -> Vec<bool> {
        let words = words(text);
        let english = reads_as_english(&words);
        words.iter().map(|w| is_common(w, english)).collect()
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
    }

    #[test]
    fn every_listed_word_is_one_word() {
        for w in VIETNAMESE.iter().chain(ENGLISH) {
            assert_eq!(words(w).len(), 1, "{w}");
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
