//! A record's details, kept apart from its card (issue 13: a phone's first visit).
//!
//! The bundle stores each record as a *card*: what search, the lists, the map and the quiz read
//! (names, a [`snippet`] of the summary, places, crafts, standing). The rest — a village's
//! history, artisans, visit, festivals, shops and sources, a product's producer and sources, a
//! craft's process and sources, a tour's sources, and the whole summaries — is in a file of its
//! own under `data/details/`, named by the first 8 bytes of its SHA-256 ([`file_name`]), which
//! the card holds. So the bundle, which a first visit downloads whole, is about 79 KB (brotli)
//! lighter; a record's page fetches its own details (0.8 KB brotli on average) when it is first
//! shown; and the whole handbook is kept for offline use on a later visit, on request, or at
//! once in kiosk mode (`Handbook::keep` in `app/src/api.rs`).
//!
//! A details file is the full record in the stored form ([`crate::Record::to_stored`] with no
//! digest). The engine accepts one only if its bytes hash to the digest the card names and it
//! reads as a whole record ([`crate::Engine::add_details`]): the card's digest comes from the
//! bundle, which the manifest's SHA-256 vouches for.

use sha2::{Digest as _, Sha256};

use crate::Record;

/// The first 8 bytes of a details file's SHA-256: its name, and what its card holds.
pub type Digest = [u8; 8];

/// The folder of the details files, beside the bundle.
pub const DETAILS_DIR: &str = "details";

/// The digest of a details file's bytes.
pub fn digest(bytes: &[u8]) -> Digest {
    let full = Sha256::digest(bytes);
    let mut out = [0; 8];
    out.copy_from_slice(&full[..8]);
    out
}

/// The file name of the details with this digest: 16 lowercase hex digits and `.rec`.
pub fn file_name(digest: &Digest) -> String {
    format!("{}.rec", crate::bundle::lower_hex(digest))
}

/// The path of a details file from the site's root (`/data/details/<name>`).
pub fn url(digest: &Digest) -> String {
    format!("/data/{DETAILS_DIR}/{}", file_name(digest))
}

/// The digest a details file's name stands for, if it is one.
pub fn digest_of_name(name: &str) -> Option<Digest> {
    let hex = name.strip_suffix(".rec")?;
    if hex.len() != 16 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut out = [0; 8];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The most characters of a summary that a card holds ([`snippet`]).
pub const SNIPPET_CHARS: usize = 160;

/// The summary as a card shows it (a search result, the start page's villages, a record's card
/// offline): the text whole if it has at most [`SNIPPET_CHARS`] characters, else cut at the
/// last space that leaves room for `…`. A snippet is its own snippet, so a card and a whole
/// record show the same text wherever a card's summary is shown, whichever the engine holds.
pub fn snippet(text: &str) -> String {
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_string();
    }
    let room: usize = text
        .char_indices()
        .nth(SNIPPET_CHARS - 1)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..room];
    let cut = head
        .rfind(char::is_whitespace)
        .filter(|&at| at > 0)
        .unwrap_or(room);
    let kept = head[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
    format!("{kept}…")
}

/// A record as the index stores it, and its details file if it has details.
pub struct Split {
    /// The stored card ([`Record::to_stored`] with the details' digest), or the whole record
    /// when it has no details.
    pub stored: Vec<u8>,
    /// The details file: its digest and bytes.
    pub details: Option<(Digest, Vec<u8>)>,
}

/// Splits a record into its card and its details file.
pub fn split(record: &Record) -> Split {
    let card = record.card();
    if card == *record {
        return Split {
            stored: record.to_stored(None),
            details: None,
        };
    }
    let bytes = record.to_stored(None);
    let digest = digest(&bytes);
    Split {
        stored: card.to_stored(Some(digest)),
        details: Some((digest, bytes)),
    }
}

impl Record {
    /// The record without its details: what the bundle stores of it (see the module's
    /// documentation). A card's summary is its [`snippet`]. A craft's card keeps its materials
    /// (the quiz asks about them) and has no process or sources (its page and its lesson fetch
    /// them); a tour's keeps its stops (the tours list shows them) and has no sources.
    pub fn card(&self) -> Record {
        match self {
            Record::Village(v) => {
                let mut card = v.clone();
                card.summary = snippet(&v.summary);
                card.summary_en = v.summary_en.as_deref().map(snippet);
                card.history = None;
                card.artisans = Vec::new();
                card.environment = None;
                card.visit = None;
                card.festivals = Vec::new();
                card.shops = Vec::new();
                card.services.notes = None;
                card.sources = Vec::new();
                Record::Village(card)
            }
            Record::Product(p) => {
                let mut card = p.clone();
                card.summary = snippet(&p.summary);
                card.summary_en = p.summary_en.as_deref().map(snippet);
                card.producer = None;
                card.sources = Vec::new();
                Record::Product(card)
            }
            Record::Craft(c) => {
                let mut card = c.clone();
                card.description = snippet(&c.description);
                card.description_en = c.description_en.as_deref().map(snippet);
                card.process = Vec::new();
                card.process_en = Vec::new();
                card.sources = Vec::new();
                Record::Craft(card)
            }
            Record::Tour(t) => {
                let mut card = t.clone();
                card.sources = Vec::new();
                Record::Tour(card)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Source, Village};

    fn village() -> Village {
        Village {
            id: "bat-trang".into(),
            name: "Bát Tràng".into(),
            summary: "Làng gốm.".into(),
            history: Some("Từ thế kỷ 14.".into()),
            sources: vec![Source {
                title: "Bài báo".into(),
                publisher: None,
                url: Some("https://example.org/bat-trang".into()),
                document: None,
                date: Some("2024-05-01".into()),
            }],
            ..Village::default()
        }
    }

    /// A record with details is stored as a card naming the digest of its whole record; the
    /// card keeps what lists and search read and drops the details; the details file reads
    /// back as the whole record. A record without details is stored whole, with no file.
    #[test]
    fn a_record_splits_into_a_card_that_names_its_details() {
        let record = Record::Village(village());
        let split = split(&record);
        let (digest, bytes) = split.details.expect("a village with a history has details");
        assert_eq!(digest, super::digest(&bytes));
        assert_eq!(Record::details_of(&split.stored).unwrap(), Some(digest));
        let Record::Village(card) = Record::from_stored(&split.stored).unwrap() else {
            panic!("a village's card is a village");
        };
        assert_eq!(
            (card.name.as_str(), card.summary.as_str()),
            ("Bát Tràng", "Làng gốm.")
        );
        assert_eq!((card.history, card.sources.len()), (None, 0));
        assert_eq!(Record::from_stored(&bytes).unwrap(), record);
        assert_eq!(Record::details_of(&bytes).unwrap(), None);

        let bare = Record::Village(Village {
            history: None,
            sources: vec![],
            ..village()
        });
        let split = super::split(&bare);
        assert!(split.details.is_none());
        assert_eq!(Record::from_stored(&split.stored).unwrap(), bare);
    }

    /// A summary longer than a snippet is cut at a space, within the limit with its `…`;
    /// a shorter one is whole; a snippet is its own snippet; a text without spaces is cut at
    /// the limit; letters with accents count as one character each.
    #[test]
    fn a_snippet_is_cut_at_a_space_within_the_limit_and_stays_a_snippet() {
        let short = "Làng gốm Bát Tràng.";
        assert_eq!(snippet(short), short);
        let long = "Làng gốm cổ bên sông Hồng, nổi tiếng với men rạn, men lam và những lò gốm \
                    đã giữ nghề hơn năm trăm năm; du khách có thể tự nặn gốm, vẽ men và mua \
                    hàng ở chợ gốm.";
        let cut = snippet(long);
        assert!(cut.chars().count() <= SNIPPET_CHARS, "{cut}");
        assert!(cut.ends_with('…'), "{cut}");
        let kept = cut.trim_end_matches('…');
        assert!(long.starts_with(kept), "{cut}");
        assert!(long[kept.len()..].starts_with(' '), "cut at a space: {cut}");
        assert_eq!(snippet(&cut), cut);
        let word = "đ".repeat(300);
        let cut = snippet(&word);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS);
        assert_eq!(snippet(&cut), cut);
        let exactly = "ă".repeat(SNIPPET_CHARS);
        assert_eq!(snippet(&exactly), exactly);
    }

    /// A name reads back as its digest; anything else is not a details file's name.
    #[test]
    fn a_details_file_name_reads_back_as_its_digest() {
        let digest = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
        assert_eq!(file_name(&digest), "0123456789abcdef.rec");
        assert_eq!(url(&digest), "/data/details/0123456789abcdef.rec");
        assert_eq!(digest_of_name("0123456789abcdef.rec"), Some(digest));
        for bad in [
            "0123456789ABCDEF.rec",
            "0123456789abcde.rec",
            "0123456789abcdef0.rec",
            "0123456789abcdef.bin",
            "../3456789abcdef.rec",
            "+123456789abcdef.rec",
        ] {
            assert_eq!(digest_of_name(bad), None, "{bad}");
        }
    }
}
