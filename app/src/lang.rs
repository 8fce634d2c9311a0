//! The interface language, kept in step with the rule in [`handbook_search::lang`]: chosen once
//! at start-up ([`Lang::choose`]: `?lang=`, else what this device remembers, else Vietnamese),
//! changed by any link with `?lang=` and by the language button, and remembered on every
//! change.

use handbook_search::route::Address;
use handbook_search::Lang;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::browser;
use crate::i18n::{use_i18n, Locale};

const STORAGE_KEY: &str = "handbook.lang";

/// The language of an interface locale.
pub fn of(locale: Locale) -> Lang {
    match locale {
        Locale::vi => Lang::Vi,
        Locale::en => Lang::En,
    }
}

/// The interface locale of a language.
pub fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Vi => Locale::vi,
        Lang::En => Locale::en,
    }
}

/// Chooses the language at start-up, follows `?lang=` in every address, and remembers every
/// change. Call once, inside the router (it reads the address).
pub fn sync_language(address: Memo<Address>) {
    let i18n = use_i18n();
    let initial = Lang::choose(
        address.with_untracked(|a| a.lang),
        browser::remembered(STORAGE_KEY).as_deref(),
    );
    // Set in an effect so it runs after the i18n provider's own initial choice (the browser's
    // language, which at a kiosk says nothing of its visitor).
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(locale(initial));
        }
    });
    Effect::new(move |first: Option<()>| {
        let asked = address.read().lang;
        // The first address was taken into account by the initial choice.
        if let (Some(()), Some(lang)) = (first, asked) {
            i18n.set_locale(locale(lang));
        }
    });
    // Remember changes (the first run only reads the locale to subscribe to it).
    Effect::new(move |first: Option<()>| {
        let code = i18n.get_locale().as_str();
        if first.is_some() {
            browser::remember(STORAGE_KEY, code);
        }
    });
}
