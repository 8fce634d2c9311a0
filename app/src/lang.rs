//! The interface language: Vietnamese by default, English a tap away. The choice comes from
//! `?lang=` in any link, else from the last choice (kept in `localStorage`), and is remembered.
//! Record text follows the language where the data has an English field.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_i18n, Locale};

const STORAGE_KEY: &str = "handbook.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Parses `vi` / `en`.
pub fn parse(code: &str) -> Option<Locale> {
    match code {
        "vi" => Some(Locale::vi),
        "en" => Some(Locale::en),
        _ => None,
    }
}

/// Applies `?lang=` (or the remembered choice) once, and remembers every change.
pub fn sync_language() {
    let i18n = use_i18n();
    let query = use_query_map();
    let remembered = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| parse(&code));
    // Vietnamese unless this device chose otherwise (not the browser's language: the
    // handbook is Vietnamese first, and a kiosk's browser language says nothing of its
    // visitor). Set in an effect so it runs after the i18n provider's own initial choice.
    let initial = remembered.unwrap_or(Locale::vi);
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(initial);
        }
    });
    Effect::new(move |_| {
        if let Some(locale) = query.read().get("lang").and_then(|c| parse(&c)) {
            i18n.set_locale(locale);
        }
    });
    // Remember changes (the first run only reads the locale to subscribe to it).
    Effect::new(move |first: Option<()>| {
        let code = i18n.get_locale().as_str();
        if first.is_some() {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, code);
            }
        }
    });
}

/// Whether the interface is in English (tracks the locale).
pub fn is_english() -> bool {
    use_i18n().get_locale() == Locale::en
}

/// Text in the interface language: the English field where there is one.
pub fn pick(english: bool, vi: &str, en: Option<&str>) -> String {
    match (english, en) {
        (true, Some(en)) if !en.is_empty() => en.to_string(),
        _ => vi.to_string(),
    }
}

/// The `lang` attribute of a text: `en` when it is in English, `vi` otherwise.
pub fn code(english: bool) -> &'static str {
    if english {
        "en"
    } else {
        "vi"
    }
}
