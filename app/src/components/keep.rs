//! Keeping the whole handbook for offline use ([`crate::api::Handbook::keep`]): at once on a
//! visit after the first and in kiosk mode ([`keep_when_due`]), or when the reader asks, with
//! the about page's button ([`KeepOffline`]).

use leptos::prelude::*;

use crate::api::{use_handbook, Handbook, Keeping, Load};
use crate::i18n::{td_string, use_i18n};
use crate::kiosk::Kiosk;

/// Keeps the whole handbook once the engine has opened, on a visit after the first (a service
/// worker controlled the page as it loaded) and in kiosk mode: a first visit keeps only what
/// search needs (issue 13's first-visit budget), an exhibition screen everything.
pub fn keep_when_due(handbook: Handbook, kiosk: Kiosk) {
    Effect::new(move |_| {
        let ready = handbook.state.with(|s| matches!(s, Load::Ready));
        if ready && (kiosk.on.get() || handbook.returning.get_value()) {
            handbook.keep();
        }
    });
}

/// A button that keeps the whole handbook, then what it kept. A prerendered page shows the
/// same button, disabled (without JavaScript there is nothing to keep), so the app takes the
/// page over without its text changing.
#[component]
pub fn KeepOffline() -> impl IntoView {
    let handbook = use_handbook();
    let i18n = use_i18n();
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    move || {
        let locale = i18n.get_locale();
        let state = handbook.keeping.get();
        let (name, text, button) = match state {
            Keeping::Not => ("idle", None, Some(td_string!(locale, keep_offline))),
            Keeping::Busy => (
                "busy",
                Some(td_string!(locale, keeping_offline).to_string()),
                None,
            ),
            Keeping::Kept => (
                "kept",
                Some(td_string!(locale, kept_offline).to_string()),
                None,
            ),
            Keeping::Failed(n) => (
                "failed",
                Some(td_string!(locale, keep_failed, n = n).to_string()),
                Some(td_string!(locale, try_again)),
            ),
        };
        view! {
            <span class="keep" role="status" data-testid="keep" data-state=name>
                {text}" "
                {button.map(|label| view! {
                    <button disabled=move || !running.get() on:click=move |_| handbook.keep()>{label}</button>
                })}
            </span>
        }
    }
}
