//! Kiosk mode for exhibition screens: touch-first layout, an on-screen Vietnamese keyboard with
//! Telex composition ([`keyboard`]), no way out of the app (links that would leave it are QR
//! codes), and an idle reset that brings the screen back to its start after `?idle=` seconds
//! (default 90) with a visible countdown ([`clock`]). Every reset, by the clock or by the
//! staff, returns to a start screen where the next visitor picks a language
//! (`StartScreen`); the on-screen keyboard shows only while the search box is in use.
//!
//! A `?mode=kiosk` link shows kiosk mode for that visit only: a shared link must not lock a
//! visitor's phone. It sticks on a device only once an operator sets a PIN there ([`pin`]); the
//! same PIN, typed on that device, leaves it. Nothing of this comes from the data, so leaving
//! works even when the data failed to load.
//!
//! It runs for days: the listeners and the one-second timer are registered once, when the app
//! starts, and never again.

pub mod clock;
pub mod keyboard;
pub mod pin;

use handbook_search::route::{Address, Mode, Route};
use handbook_search::Lang;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::browser;
use crate::components::search_box::use_search_text;
use crate::i18n::{t, td_string, use_i18n, Locale};
use crate::use_address;
use clock::{IdleClock, Tick};
use keyboard::Composer;
use pin::{Backoff, PinEntry, PinHash};

pub use keyboard::OnScreenKeyboard;

/// The operator's PIN on this device ([`PinHash`]): kiosk mode sticks while it is there.
const PIN_KEY: &str = "handbook.kiosk.pin";
/// Wrong PIN tries on this device ([`Backoff`]).
const BACKOFF_KEY: &str = "handbook.kiosk.backoff";
/// The idle seconds kept with the PIN.
const IDLE_KEY: &str = "handbook.idle";
/// Where earlier versions remembered kiosk mode from any `?mode=kiosk` link; forgotten.
const LEGACY_MODE_KEY: &str = "handbook.mode";

/// Kiosk state, provided as context.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// Whether kiosk mode is on.
    pub on: RwSignal<bool>,
    /// Whether kiosk mode is kept on this device (an operator set a PIN here).
    pub kept: RwSignal<bool>,
    /// Idle seconds before the countdown (0: the default).
    idle: StoredValue<u32>,
    /// Time since the last touch, and the countdown once idle.
    clock: RwSignal<IdleClock>,
    /// Whether the operator PIN pad is open.
    pub pin_pad: RwSignal<bool>,
    /// The digits typed on the PIN pad.
    pin: RwSignal<PinEntry>,
    /// Wrong tries, and the wait before the next.
    backoff: RwSignal<Backoff>,
    /// The wall clock (milliseconds since the epoch), advanced every second while the PIN pad
    /// is open, to count the wait down.
    now: RwSignal<f64>,
    /// What the on-screen keyboard is composing.
    pub(crate) composer: StoredValue<Composer>,
    /// Whether the start screen (the language choice) shows.
    pub welcome: RwSignal<bool>,
    /// Whether the on-screen keyboard shows: from a touch on the search box until results are
    /// browsed (a link followed, the page scrolled) or it is hidden.
    pub keyboard: RwSignal<bool>,
    /// Asks for a reset now (the staff's button), as the idle clock does when it runs out.
    reset_asked: Trigger,
}

impl Kiosk {
    /// Reads `?mode=kiosk` and `?idle=` from the address the page was loaded at, and whether
    /// this device keeps kiosk mode, and provides the context.
    pub fn provide() -> Kiosk {
        browser::forget(LEGACY_MODE_KEY);
        let (path, query) = browser::location();
        let address = Address::parse(&path, &query);
        let kept = stored_pin().is_some();
        let on = on_at_start(&address);
        let idle = address
            .idle
            .or_else(|| browser::remembered(IDLE_KEY).and_then(|v| v.parse().ok()))
            .unwrap_or(0);
        let backoff = browser::remembered(BACKOFF_KEY)
            .map(|s| Backoff::decode(&s))
            .unwrap_or_default();
        let kiosk = Kiosk {
            on: RwSignal::new(on),
            kept: RwSignal::new(kept),
            idle: StoredValue::new(idle),
            clock: RwSignal::new(IdleClock::new(idle)),
            pin_pad: RwSignal::new(false),
            pin: RwSignal::new(PinEntry::default()),
            backoff: RwSignal::new(backoff),
            now: RwSignal::new(browser::epoch_ms()),
            composer: StoredValue::new(Composer::default()),
            // A kiosk starts where a reset leaves it; a link to a page opens that page.
            welcome: RwSignal::new(on && address.route == Route::Home),
            keyboard: RwSignal::new(false),
            reset_asked: Trigger::new(),
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

    /// Shows the on-screen keyboard (the search box was touched), in kiosk mode.
    pub fn open_keyboard(self) {
        if self.on.get_untracked() && !self.keyboard.get_untracked() {
            self.keyboard.set(true);
        }
    }

    /// Hides the on-screen keyboard.
    pub fn hide_keyboard(self) {
        if self.keyboard.get_untracked() {
            self.keyboard.set(false);
        }
    }

    /// Brings the screen back to its start for the next visitor now (the staff's reset).
    pub fn reset(self) {
        self.reset_asked.notify();
    }

    /// Options for the app's own navigations: a kiosk replaces the current history entry
    /// instead of adding one, so a back swipe cannot bring back a previous visitor's page.
    pub fn navigate_options(self) -> NavigateOptions {
        NavigateOptions {
            replace: self.on.get_untracked(),
            ..Default::default()
        }
    }

    /// Seconds before the PIN pad takes another try (tracked).
    fn wait_seconds(self) -> u32 {
        let now = self.now.get();
        self.backoff.with(|b| b.wait_seconds(now))
    }

    /// Keeps kiosk mode on this device with the PIN typed; nothing if it is too short.
    fn keep(self) {
        let typed = self.pin.try_update(PinEntry::take).unwrap_or_default();
        let Some(hash) = PinHash::new(&typed) else {
            return;
        };
        browser::remember(PIN_KEY, &hash.encode());
        browser::remember(IDLE_KEY, &self.idle.get_value().to_string());
        self.kept.set(true);
        self.pin_pad.set(false);
    }

    /// Checks the PIN typed against this device's, unless wrong tries still wait: the right
    /// one leaves kiosk mode, a wrong one waits longer each time.
    fn unlock(self) {
        let now = browser::epoch_ms();
        self.now.set(now);
        if self.backoff.with_untracked(|b| b.wait_seconds(now)) > 0 {
            return;
        }
        let typed = self.pin.try_update(PinEntry::take).unwrap_or_default();
        // No PIN kept (storage cleared meanwhile): nothing holds the kiosk any more.
        if stored_pin().is_none_or(|hash| hash.matches(&typed)) {
            self.leave();
            return;
        }
        self.pin.update(PinEntry::set_wrong);
        self.backoff.update(|b| b.wrong(now));
        browser::remember(BACKOFF_KEY, &self.backoff.get_untracked().encode());
    }

    /// Leaves kiosk mode, and forgets the PIN on this device.
    pub fn leave(self) {
        browser::forget(PIN_KEY);
        browser::forget(IDLE_KEY);
        browser::forget(BACKOFF_KEY);
        self.backoff.set(Backoff::default());
        self.pin.set(PinEntry::default());
        self.pin_pad.set(false);
        self.clock.update(IdleClock::touch);
        self.welcome.set(false);
        self.keyboard.set(false);
        self.kept.set(false);
        self.on.set(false);
    }
}

/// Whether a page loaded at `address` starts in kiosk mode: this device keeps a PIN, or the
/// address asks for it.
pub fn on_at_start(address: &Address) -> bool {
    stored_pin().is_some() || address.mode == Some(Mode::Kiosk)
}

/// The PIN this device keeps, if any.
fn stored_pin() -> Option<PinHash> {
    browser::remembered(PIN_KEY).and_then(|s| PinHash::decode(&s))
}

/// The kiosk context.
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

/// Whether following a link would leave the app: anything but a path on this site, and any
/// download (a kiosk shows QR codes instead).
pub fn leaves_app(href: &str, downloads: bool) -> bool {
    // `//host/…` is another site, though it starts with a slash.
    !href.starts_with('/') || href.starts_with("//") || downloads
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
        <StartScreen />
        <IdleCountdown />
        <PinDialog />
    }
}

/// Every touch keeps the kiosk awake; in kiosk mode, the browser's own menus, selection and
/// dragging are off, and links that would leave the app are not followed. Browsing the results
/// (scrolling the page, following a link) hides the on-screen keyboard.
fn listen_for_touches(kiosk: Kiosk) {
    for event in ["pointerdown", "keydown", "touchstart", "wheel"] {
        browser::on_document(event, move |_| kiosk.touch());
    }
    for event in ["wheel", "touchmove"] {
        browser::on_document(event, move |ev| {
            if !browser::within(&ev, "section.keyboard") {
                kiosk.hide_keyboard();
            }
        });
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
            kiosk.hide_keyboard();
            if leaves_app(&href, downloads) {
                ev.prevent_default();
            } else {
                // A kiosk keeps one history entry: a back swipe cannot bring back a page of
                // the previous visitor. (The router reads `replace` from the link.)
                browser::replace_on_follow(&ev);
            }
        }
    });
}

/// Advances the idle clock every second in kiosk mode, and resets the screen when it asks or
/// the staff do.
fn run_idle_clock(kiosk: Kiosk) {
    let i18n = use_i18n();
    let search = use_search_text();
    let navigate = use_navigate();
    let address = use_address();
    // Already showing the start screen in Vietnamese with nothing typed: nothing to reset.
    let at_rest = move || {
        kiosk.welcome.get_untracked()
            && address.with_untracked(|a| a.route == Route::Home)
            && search.text.with_untracked(String::is_empty)
            && i18n.get_locale_untracked() == Locale::vi
            && !kiosk.pin_pad.get_untracked()
            && kiosk.composer.with_value(Composer::is_empty)
    };
    // Nothing of the last visitor stays: what they typed (box, keyboard, PIN pad), dialogs and
    // open sections, focus, scroll, language, and their page, replaced in the history so that a
    // back swipe finds nothing. The next visitor starts at the language choice.
    let reset = move || {
        kiosk.pin_pad.set(false);
        kiosk.pin.set(PinEntry::default());
        kiosk.composer.set_value(Composer::default());
        kiosk.keyboard.set(false);
        kiosk.welcome.set(true);
        kiosk.clock.update(IdleClock::touch);
        search.cancel_pending();
        search.text.set(String::new());
        i18n.set_locale(Locale::vi);
        browser::clear_page_state();
        navigate(
            &Route::Home.href(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let staff_reset = reset.clone();
    Effect::new(move |first: Option<()>| {
        kiosk.reset_asked.track();
        if first.is_some() && kiosk.on.get_untracked() {
            staff_reset();
        }
    });
    browser::every_second(move || {
        if kiosk.pin_pad.get_untracked() {
            kiosk.now.set(browser::epoch_ms());
        }
        if !kiosk.on.get_untracked() {
            return;
        }
        let mut clock = kiosk.clock.get_untracked();
        let tick = clock.tick(at_rest);
        kiosk.clock.set(clock);
        if tick == Tick::Reset {
            reset();
        }
    });
}

/// The start screen every reset returns to: the handbook's name and a large choice of
/// language, each in its own language. Choosing sets the language and opens the start page.
#[component]
fn StartScreen() -> impl IntoView {
    let kiosk = use_kiosk();
    let navigate = use_navigate();
    let choose = move |lang: Lang| {
        kiosk.welcome.set(false);
        let to = Address {
            route: Route::Home,
            lang: Some(lang),
            mode: None,
            idle: None,
        };
        navigate(
            &to.href(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    move || {
        let choose = choose.clone();
        (kiosk.on.get() && kiosk.welcome.get()).then(move || {
            let buttons = Lang::ALL
                .into_iter()
                .map(|lang| {
                    let choose = choose.clone();
                    let locale = crate::lang::locale(lang);
                    view! {
                        <button class="start-lang" lang=lang.code() data-lang=lang.code() on:click=move |_| choose(lang)>
                            {td_string!(locale, language_name)}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <div class="kiosk-start" role="dialog" aria-modal="true" aria-labelledby="start-title" data-testid="kiosk-start">
                    <h1 id="start-title">
                        <span lang="vi">{td_string!(Locale::vi, app_title)}</span>
                        <span lang="en" class="start-en">{td_string!(Locale::en, app_title)}</span>
                    </h1>
                    <p>
                        <span lang="vi">{td_string!(Locale::vi, kiosk_choose_language)}</span>
                        " · "
                        <span lang="en">{td_string!(Locale::en, kiosk_choose_language)}</span>
                    </p>
                    <div class="start-langs">{buttons}</div>
                    <p class="start-operator"><OperatorButton on_start=true /></p>
                </div>
            }
        })
    }
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

/// The operator's PIN pad. On a device that keeps kiosk mode, the right PIN leaves it (wrong
/// ones wait longer each time, and say how long); in a kiosk opened by a link, the operator sets
/// a PIN to keep kiosk mode here, or leaves at once.
#[component]
fn PinDialog() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let entry = kiosk.pin;
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
            let kept = kiosk.kept.get_untracked();
            let title = if kept { t!(i18n, kiosk_enter_pin).into_any() } else { t!(i18n, kiosk_set_pin).into_any() };
            let staff_reset = view! {
                <button class="big" data-testid="kiosk-reset" on:click=move |_| kiosk.reset()>{t!(i18n, kiosk_reset)}</button>
            };
            let actions = if kept {
                view! {
                    <button class="big" data-testid="pin-ok" disabled=move || { kiosk.wait_seconds() > 0 } on:click=move |_| kiosk.unlock()>{t!(i18n, kiosk_ok)}</button>
                }
                .into_any()
            } else {
                view! {
                    <button class="big" data-testid="kiosk-leave" on:click=move |_| kiosk.leave()>{t!(i18n, kiosk_exit)}</button>
                    <button class="big" data-testid="pin-set" disabled=move || { entry.with(PinEntry::len) < pin::MIN_DIGITS } on:click=move |_| kiosk.keep()>{t!(i18n, kiosk_keep_here)}</button>
                }
                .into_any()
            };
            view! {
                <div class="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
                    <div class="kiosk-dialog">
                        <h2 id="pin-title">{title}</h2>
                        {(!kept).then(|| view! { <p data-testid="visit-only">{t!(i18n, kiosk_visit_only)}</p> })}
                        <p class="pin-dots" aria-live="polite">{move || "•".repeat(entry.with(PinEntry::len))}</p>
                        {move || entry.with(PinEntry::wrong).then(|| view! { <p class="error" role="alert">{t!(i18n, kiosk_pin_wrong)}</p> })}
                        {move || {
                            let wait = kiosk.wait_seconds();
                            (wait > 0).then(|| view! {
                                <p class="error" data-testid="pin-wait" data-seconds=wait>{td_string!(i18n.get_locale(), kiosk_pin_wait, n = wait).to_string()}</p>
                            })
                        }}
                        <div class="pin-pad">{digits}</div>
                        <div class="pin-actions">
                            <button class="big" on:click=move |_| cancel()>{t!(i18n, kiosk_cancel)}</button>
                            {actions}
                        </div>
                        <p class="staff-reset">{staff_reset}</p>
                    </div>
                </div>
            }
        })
    }
}

/// The operator's way out, shown in the footer in kiosk mode, and on the start screen while it
/// covers the footer.
#[component]
pub fn OperatorButton(
    /// Whether this is the start screen's button (else the footer's).
    #[prop(optional)]
    on_start: bool,
) -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    move || {
        (kiosk.on.get() && kiosk.welcome.get() == on_start).then(|| view! {
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
        assert!(leaves_app("tel:+84241234567", false));
        assert!(leaves_app("mailto:a@b.vn", false));
        assert!(leaves_app("//example.org/", false));
        assert!(leaves_app("/tour.gpx", true));
    }
}
