//! The interface language, kept in step with the rule in [`handbook_search::lang`]: chosen once
//! at start-up ([`Lang::choose`]: `?lang=`, else what this device remembers, else the browser's
//! languages outside kiosk mode, else Vietnamese), changed by any link with `?lang=` and by the
//! language button, and remembered on every change.
//!
//! The language button writes the language into the address (`?lang=`), and a page's QR code
//! carries it, so what is shared opens in the language it was read in.

use handbook_search::route::{Address, Route};
use handbook_search::Lang;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::browser;
use crate::i18n::{use_i18n, Locale};
use crate::kiosk::use_kiosk;

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

/// The address of `route` in the interface language, following the language when it changes:
/// every link inside the app carries the reader's language ([`Route::href_in`]).
pub fn href(route: Route) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || route.href_in(of(i18n.get_locale()))
}

/// Chooses the language at start-up, follows `?lang=` in every address, and remembers every
/// change. Call once, inside the router (it reads the address).
pub fn sync_language(address: Memo<Address>) {
    let i18n = use_i18n();
    // A kiosk's browser language belongs to the exhibition, not to whoever stands there.
    let browser_languages = if use_kiosk().on.get_untracked() {
        Vec::new()
    } else {
        browser::languages()
    };
    let initial = Lang::choose(
        address.with_untracked(|a| a.lang),
        browser::remembered(STORAGE_KEY).as_deref(),
        &browser_languages,
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
        // The first address was taken into account by the initial choice. Every link carries
        // the language, so most addresses ask for the one already shown: setting it again
        // would redraw every view that reads the language (the map would lose its zoom).
        if let (Some(()), Some(lang)) = (first, asked) {
            if of(i18n.get_locale_untracked()) != lang {
                i18n.set_locale(locale(lang));
            }
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

/// Switches to the other language by changing the address (`?lang=`), so the switch is in the
/// history and the address bar, and the language follows from the address.
pub fn use_switch_language() -> impl Fn() + Clone {
    let i18n = use_i18n();
    let address = crate::use_address();
    let navigate = use_navigate();
    move || {
        let other = of(i18n.get_locale_untracked()).other();
        let to = Address {
            lang: Some(other),
            ..address.get_untracked()
        };
        navigate(
            &to.href(),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    }
}
