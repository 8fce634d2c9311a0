//! Kiosk mode for exhibition screens (`?mode=kiosk`, remembered until an operator leaves it
//! with the PIN): touch-first layout, an on-screen Vietnamese keyboard with Telex composition
//! ([`keyboard`]), no way out of the app, and an idle reset that brings the screen back to its
//! start after `?idle=` seconds (default 90) with a visible countdown ([`clock`]).
//!
//! It runs for days: the listeners and the one-second timer are registered once, when the app
//! starts, and never again.

pub mod clock;
pub mod keyboard;
pub mod pin;

use handbook_search::route::{Address, Mode, Route};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::use_handbook;
use crate::browser;
use crate::components::search_box::use_search_text;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::use_address;
use clock::{IdleClock, Tick};
use pin::PinEntry;

pub use keyboard::OnScreenKeyboard;

const MODE_KEY: &str = "handbook.mode";
const IDLE_KEY: &str = "handbook.idle";

/// Kiosk state, provided as context.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// Whether kiosk mode is on.
    pub on: RwSignal<bool>,
    /// Time since the last touch, and the countdown once idle.
    clock: RwSignal<IdleClock>,
    /// Whether the operator PIN pad is open.
    pub pin_pad: RwSignal<bool>,
}

impl Kiosk {
    /// Reads `?mode=kiosk` and `?idle=` from the address the page was loaded at (or what this
    /// device remembers), remembers them, and provides the context.
    pub fn provide() -> Kiosk {
        let (path, query) = browser::location();
        let address = Address::parse(&path, &query);
        if address.mode == Some(Mode::Kiosk) {
            browser::remember(MODE_KEY, "kiosk");
        }
        if let Some(idle) = address.idle {
            browser::remember(IDLE_KEY, &idle.to_string());
        }
        let on = browser::remembered(MODE_KEY).as_deref() == Some("kiosk");
        let idle = browser::remembered(IDLE_KEY)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let kiosk = Kiosk {
            on: RwSignal::new(on),
            clock: RwSignal::new(IdleClock::new(idle)),
            pin_pad: RwSignal::new(false),
        };
        provide_context(kiosk);
        kiosk
    }

    /// Seconds since the last touch (tracked).
    pub fn quiet(self) -> u32 {
        self.clock.with(IdleClock::quiet)
    }

    /// Seconds left before the reset, while counting down (tracked).
    pub fn countdown(self) -> Option<u32> {
        self.clock.with(IdleClock::countdown)
    }

    /// Someone touched the screen.
    pub fn touch(self) {
        if !self.clock.with_untracked(IdleClock::is_fresh) {
            self.clock.update(IdleClock::touch);
        }
    }

    /// Leaves kiosk mode for good (until `?mode=kiosk` again).
    pub fn leave(self) {
        browser::forget(MODE_KEY);
        browser::forget(IDLE_KEY);
        self.pin_pad.set(false);
        self.clock.update(IdleClock::touch);
        self.on.set(false);
    }
}

/// The kiosk context.
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

/// Whether following a link would leave the app: anything but a path on this site, and any
/// download (a kiosk shows QR codes instead).
pub fn leaves_app(href: &str, downloads: bool) -> bool {
    !href.starts_with('/') || downloads
}

/// Registers the kiosk's listeners and its one timer, and shows the idle countdown and the
/// operator's PIN pad. Mounted once, in the layout.
#[component]
pub fn KioskFrame() -> impl IntoView {
    let kiosk = use_kiosk();
    listen_for_touches(kiosk);
    run_idle_clock(kiosk);
    // Mark the page so the stylesheet can switch to the kiosk layout.
    Effect::new(move |_| browser::set_body_class("kiosk", kiosk.on.get()));
    view! {
        <IdleCountdown />
        <PinDialog />
    }
}

/// Every touch keeps the kiosk awake; in kiosk mode, the browser's own menus, selection and
/// dragging are off, and links that would leave the app are not followed.
fn listen_for_touches(kiosk: Kiosk) {
    for event in ["pointerdown", "keydown", "touchstart", "wheel"] {
        browser::on_document(event, move |_| kiosk.touch());
    }
    for event in ["contextmenu", "selectstart", "dragstart"] {
        browser::on_document(event, move |ev| {
            if kiosk.on.get_untracked() {
                ev.prevent_default();
            }
        });
    }
    browser::on_document("click", move |ev| {
        if !kiosk.on.get_untracked() {
            return;
        }
        if let Some((href, downloads)) = browser::link_of(&ev) {
            if leaves_app(&href, downloads) {
                ev.prevent_default();
            }
        }
    });
}

/// Advances the idle clock every second in kiosk mode, and resets the screen when it asks:
/// the start page, in Vietnamese, with nothing typed and no dialog open.
fn run_idle_clock(kiosk: Kiosk) {
    let i18n = use_i18n();
    let search = use_search_text();
    let navigate = use_navigate();
    let address = use_address();
    // Already showing the start page in Vietnamese with nothing typed: nothing to reset.
    let at_rest = move || {
        address.with_untracked(|a| a.route == Route::Home)
            && search.text.with_untracked(String::is_empty)
            && i18n.get_locale_untracked() == Locale::vi
    };
    browser::every_second(move || {
        if !kiosk.on.get_untracked() {
            return;
        }
        let mut clock = kiosk.clock.get_untracked();
        let tick = clock.tick(at_rest);
        kiosk.clock.set(clock);
        if tick == Tick::Reset {
            kiosk.pin_pad.set(false);
            search.text.set(String::new());
            i18n.set_locale(Locale::vi);
            navigate(&Route::Home.href(), Default::default());
        }
    });
}

/// "Nobody there?": the countdown before the reset, with a button to keep looking.
#[component]
fn IdleCountdown() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    move || {
        kiosk.countdown().map(|left| view! {
            <div class="kiosk-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-text" data-testid="idle-countdown">
                <div class="kiosk-dialog">
                    <p id="idle-text">{move || td_string!(i18n.get_locale(), kiosk_idle, n = left).to_string()}</p>
                    <button class="big" on:click=move |_| kiosk.touch()>{t!(i18n, kiosk_keep)}</button>
                </div>
            </div>
        })
    }
}

/// The operator's PIN pad: the right PIN (from the data) leaves kiosk mode.
#[component]
fn PinDialog() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let handbook = use_handbook();
    let entry = RwSignal::new(PinEntry::default());
    let check = move || {
        let pin = handbook.engine().and_then(|e| e.info().kiosk_pin.clone());
        if entry.try_update(|e| e.check(pin.as_deref())) == Some(true) {
            kiosk.leave();
        }
    };
    let cancel = move || {
        entry.set(PinEntry::default());
        kiosk.pin_pad.set(false);
    };
    move || {
        kiosk.pin_pad.get().then(|| {
            let digits = "1234567890"
                .chars()
                .map(|d| view! {
                    <button class="key" on:click=move |_| entry.update(|e| e.press(d))>{d.to_string()}</button>
                })
                .collect_view();
            view! {
                <div class="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
                    <div class="kiosk-dialog">
                        <h2 id="pin-title">{t!(i18n, kiosk_pin)}</h2>
                        <p class="pin-dots" aria-live="polite">{move || "•".repeat(entry.with(PinEntry::len))}</p>
                        {move || entry.with(PinEntry::wrong).then(|| view! { <p class="error" role="alert">{t!(i18n, kiosk_pin_wrong)}</p> })}
                        <div class="pin-pad">{digits}</div>
                        <div class="pin-actions">
                            <button class="big" on:click=move |_| cancel()>{t!(i18n, kiosk_cancel)}</button>
                            <button class="big" data-testid="pin-ok" on:click=move |_| check()>{t!(i18n, kiosk_ok)}</button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

/// The operator's way out, shown in the footer in kiosk mode.
#[component]
pub fn OperatorButton() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    move || {
        kiosk.on.get().then(|| view! {
            <button class="operator" on:click=move |_| kiosk.pin_pad.set(true)>{t!(i18n, kiosk_operator)}</button>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_stay_in_the_app() {
        assert!(!leaves_app("/village/bat-trang", false));
        assert!(leaves_app("https://example.org/", false));
        assert!(leaves_app("geo:21,105", false));
        assert!(leaves_app("/tour.gpx", true));
    }
}
