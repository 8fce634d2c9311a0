//! The reader's language, and the one rule for choosing it and for choosing a record's text in
//! it.
//!
//! The handbook is Vietnamese first: every record has Vietnamese text, and English where it has
//! been written. The reader's language comes from `?lang=` in a link, else from the choice this
//! device remembers, else from the browser's languages on a visitor's own device (a phone set to
//! English gets English on its first visit; a kiosk's browser says nothing about its visitor and
//! is not asked), else Vietnamese. A text is shown in English only when the reader reads English
//! *and* the record has the English; otherwise the Vietnamese is shown, and marked as such (the
//! `lang` attribute), so a screen reader never reads Vietnamese with an English voice.

use serde::{Deserialize, Serialize};

/// A language the handbook is written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Vietnamese, the language of every record.
    #[default]
    Vi,
    /// English, where it has been written.
    En,
}

impl Lang {
    /// Both languages, Vietnamese first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The code in URLs and `lang` attributes: `vi`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses a code made by [`Lang::code`].
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The other language (what the language button switches to).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// The reader's language: the one a link asks for (`?lang=`, see
    /// [`crate::route::Address`]), else the one this device remembers (a code; one that is not
    /// a language counts as absent), else the first of the browser's languages the handbook is
    /// written in (see [`Lang::of_browser`]), else Vietnamese.
    pub fn choose(asked: Option<Lang>, remembered: Option<&str>, browser: &[String]) -> Lang {
        asked
            .or_else(|| remembered.and_then(Lang::parse))
            .or_else(|| Lang::of_browser(browser))
            .unwrap_or_default()
    }

    /// The first of a browser's languages (`navigator.languages`, BCP 47 tags, most preferred
    /// first: `en-US`, `vi`, `fr-FR`) that the handbook is written in.
    pub fn of_browser(languages: &[String]) -> Option<Lang> {
        languages.iter().find_map(|tag| {
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            Lang::parse(&primary)
        })
    }

    /// A record's text for a reader of this language: the English where the reader reads
    /// English and the record has it (not empty), the Vietnamese otherwise; with the language
    /// the chosen text is in. Works on single texts and on lists translated item for item.
    pub fn pick<'a, T: Translatable + ?Sized>(self, vi: &'a T, en: Option<&'a T>) -> InLang<&'a T> {
        match en {
            Some(en) if self == Lang::En && !en.is_blank() => InLang {
                text: en,
                lang: Lang::En,
            },
            _ => InLang {
                text: vi,
                lang: Lang::Vi,
            },
        }
    }
}

/// A text as chosen by [`Lang::pick`], with the language it is actually in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InLang<T> {
    /// The text.
    pub text: T,
    /// The language of the text (Vietnamese when the English was missing).
    pub lang: Lang,
}

/// What [`Lang::pick`] can choose between: texts and lists of texts.
pub trait Translatable {
    /// Whether there is nothing to show (an empty translation counts as missing).
    fn is_blank(&self) -> bool;
}

impl Translatable for str {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl Translatable for [String] {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

/// A text in Vietnamese, and in English where it has been written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Bilingual {
    /// The Vietnamese.
    pub vi: String,
    /// The English, if any.
    #[serde(default, skip_serializing_if = "crate::wire::left_out")]
    pub en: Option<String>,
}

impl Bilingual {
    /// A text with an English version.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            vi: vi.into(),
            en: Some(en.into()),
        }
    }

    /// A text with no English version (a place name).
    pub fn vi_only(vi: impl Into<String>) -> Bilingual {
        Bilingual {
            vi: vi.into(),
            en: None,
        }
    }

    /// The text for a reader of `lang` (see [`Lang::pick`]).
    pub fn in_lang(&self, lang: Lang) -> &str {
        lang.pick(self.vi.as_str(), self.en.as_deref()).text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_shown_only_to_english_readers_and_only_where_written() {
        assert_eq!(
            Lang::En.pick("Gốm", Some("Ceramics")),
            InLang {
                text: "Ceramics",
                lang: Lang::En
            }
        );
        assert_eq!(Lang::Vi.pick("Gốm", Some("Ceramics")).text, "Gốm");
        let missing = Lang::En.pick("Gốm", None);
        assert_eq!((missing.text, missing.lang), ("Gốm", Lang::Vi));
        let empty = Lang::En.pick("Gốm", Some(""));
        assert_eq!((empty.text, empty.lang), ("Gốm", Lang::Vi));
    }

    #[test]
    fn lists_follow_the_same_rule() {
        let vi = ["Đất sét".to_string()];
        let en: Vec<String> = vec![];
        let shown = Lang::En.pick(&vi[..], Some(&en[..]));
        assert_eq!((shown.text, shown.lang), (&vi[..], Lang::Vi));
        let en = ["Clay".to_string()];
        assert_eq!(Lang::En.pick(&vi[..], Some(&en[..])).lang, Lang::En);
    }

    #[test]
    fn a_link_outranks_the_remembered_choice_which_outranks_the_browser_then_vietnamese() {
        let english = ["en-US".to_string()];
        assert_eq!(Lang::choose(Some(Lang::En), Some("vi"), &[]), Lang::En);
        assert_eq!(Lang::choose(Some(Lang::Vi), Some("en"), &english), Lang::Vi);
        assert_eq!(Lang::choose(None, Some("en"), &[]), Lang::En);
        assert_eq!(Lang::choose(None, Some("vi"), &english), Lang::Vi);
        assert_eq!(Lang::choose(None, Some("xx"), &english), Lang::En);
        assert_eq!(Lang::choose(None, None, &english), Lang::En);
        assert_eq!(Lang::choose(None, Some("xx"), &[]), Lang::Vi);
        assert_eq!(Lang::choose(None, None, &[]), Lang::Vi);
    }

    #[test]
    fn the_browser_gives_its_first_language_the_handbook_has() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Lang::of_browser(&tags(&["fr-FR", "EN-gb", "vi"])),
            Some(Lang::En)
        );
        assert_eq!(Lang::of_browser(&tags(&["vi-VN", "en"])), Some(Lang::Vi));
        assert_eq!(Lang::of_browser(&tags(&["fr", "de", ""])), None);
        assert_eq!(Lang::of_browser(&tags(&["english"])), None);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::parse("EN"), None);
    }
}
