//! Kiosk mode for exhibition screens (`?mode=kiosk`, remembered until an operator leaves it
//! with the PIN): touch-first layout, an on-screen Vietnamese keyboard with Telex
//! composition, no way out of the app, and an idle reset that brings the screen back to its
//! start after `?idle=` seconds (default 90) with a visible countdown.
//!
//! It runs for days: the listeners and the one-second timer are registered once, when the app
//! starts, and never again.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::use_handbook;
use crate::components::search_box::use_search_text;
use crate::i18n::{t, td_string, use_i18n, Locale};

const MODE_KEY: &str = "handbook.mode";
const IDLE_KEY: &str = "handbook.idle";
/// Idle seconds before the countdown, unless `?idle=` says otherwise.
pub const DEFAULT_IDLE: u32 = 90;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Seconds of the countdown shown once the kiosk is idle.
pub fn countdown_seconds(idle: u32) -> u32 {
    (idle / 3).clamp(3, 15)
}

/// Kiosk state, provided as context.
#[derive(Clone, Copy)]
pub struct Kiosk {
    /// Whether kiosk mode is on.
    pub on: RwSignal<bool>,
    /// Idle seconds before the countdown.
    pub idle: u32,
    /// Seconds left before the reset, while counting down.
    pub countdown: RwSignal<Option<u32>>,
    /// Seconds since the last touch.
    pub quiet: RwSignal<u32>,
    /// Whether the operator PIN pad is open.
    pub pin_pad: RwSignal<bool>,
}

impl Kiosk {
    /// Reads `?mode=kiosk` and `?idle=` (or what was remembered) and provides the context.
    pub fn provide() -> Kiosk {
        let store = storage();
        if query_param("mode").as_deref() == Some("kiosk") {
            if let Some(s) = &store {
                let _ = s.set_item(MODE_KEY, "kiosk");
            }
        }
        if let Some(idle) = query_param("idle").and_then(|v| v.parse::<u32>().ok()) {
            if let Some(s) = &store {
                let _ = s.set_item(IDLE_KEY, &idle.to_string());
            }
        }
        let remembered = |key| store.as_ref().and_then(|s| s.get_item(key).ok().flatten());
        let on = remembered(MODE_KEY).as_deref() == Some("kiosk");
        let idle = remembered(IDLE_KEY)
            .and_then(|v| v.parse().ok())
            .filter(|v: &u32| *v > 0)
            .unwrap_or(DEFAULT_IDLE);
        let kiosk = Kiosk {
            on: RwSignal::new(on),
            idle,
            countdown: RwSignal::new(None),
            quiet: RwSignal::new(0),
            pin_pad: RwSignal::new(false),
        };
        provide_context(kiosk);
        kiosk
    }

    /// Someone touched the screen.
    pub fn touch(self) {
        self.quiet.set(0);
        if self.countdown.get_untracked().is_some() {
            self.countdown.set(None);
        }
    }

    /// Leaves kiosk mode for good (until `?mode=kiosk` again).
    pub fn leave(self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(MODE_KEY);
            let _ = s.remove_item(IDLE_KEY);
        }
        self.pin_pad.set(false);
        self.countdown.set(None);
        self.on.set(false);
    }
}

/// The kiosk context.
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // Registered once for the page's life (see the module docs).
    closure.forget();
}

/// Registers the kiosk's listeners and its one timer, and shows the idle countdown and the
/// operator's PIN pad. Mounted once, in the layout.
#[component]
pub fn KioskFrame() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let search = use_search_text();
    let navigate = use_navigate();
    let handbook = use_handbook();

    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for event in ["pointerdown", "keydown", "touchstart", "wheel"] {
            listen(&document, event, move |_| kiosk.touch());
        }
        for event in ["contextmenu", "selectstart", "dragstart"] {
            listen(&document, event, move |ev| {
                if kiosk.on.get_untracked() {
                    ev.prevent_default();
                }
            });
        }
        // Links that would leave the app are not followed in kiosk mode (they show QR codes).
        listen(&document, "click", move |ev| {
            if !kiosk.on.get_untracked() {
                return;
            }
            let anchor = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten());
            if let Some(a) = anchor {
                let href = a.get_attribute("href").unwrap_or_default();
                if !href.starts_with('/') || a.has_attribute("download") {
                    ev.prevent_default();
                }
            }
        });
        // Mark the page so the stylesheet can switch to the kiosk layout.
        Effect::new(move |_| {
            if let Some(body) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = body.class_list().toggle_with_force("kiosk", kiosk.on.get());
            }
        });
    }

    let reset = move || {
        kiosk.countdown.set(None);
        kiosk.quiet.set(0);
        kiosk.pin_pad.set(false);
        search.text.set(String::new());
        i18n.set_locale(Locale::vi);
        navigate("/", Default::default());
    };
    // Already showing the start page in Vietnamese with nothing typed: nothing to reset.
    let at_rest = move || {
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        path == "/"
            && search.text.get_untracked().is_empty()
            && i18n.get_locale_untracked() == Locale::vi
    };
    let tick = Closure::<dyn FnMut()>::new(move || {
        if !kiosk.on.get_untracked() {
            return;
        }
        let quiet = kiosk.quiet.get_untracked() + 1;
        kiosk.quiet.set(quiet);
        match kiosk.countdown.get_untracked() {
            Some(left) if left <= 1 => reset(),
            Some(left) => kiosk.countdown.set(Some(left - 1)),
            None if quiet >= kiosk.idle && !at_rest() => {
                kiosk.countdown.set(Some(countdown_seconds(kiosk.idle)))
            }
            None => {}
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            1000,
        );
    }
    tick.forget();

    let pin_entry = RwSignal::new(String::new());
    let pin_wrong = RwSignal::new(false);
    let check_pin = move || {
        let expected = handbook
            .engine()
            .and_then(|e| e.info().kiosk_pin.clone())
            .unwrap_or_default();
        if !expected.is_empty() && pin_entry.get_untracked() == expected {
            pin_entry.set(String::new());
            pin_wrong.set(false);
            kiosk.leave();
        } else {
            pin_entry.set(String::new());
            pin_wrong.set(true);
        }
    };
    view! {
        {move || kiosk.countdown.get().map(|left| view! {
            <div class="kiosk-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-text" data-testid="idle-countdown">
                <div class="kiosk-dialog">
                    <p id="idle-text">{move || td_string!(i18n.get_locale(), kiosk_idle, n = left).to_string()}</p>
                    <button class="big" on:click=move |_| kiosk.touch()>{t!(i18n, kiosk_keep)}</button>
                </div>
            </div>
        })}
        {move || kiosk.pin_pad.get().then(|| {
            let digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
                .into_iter()
                .map(|d| view! {
                    <button class="key" on:click=move |_| pin_entry.update(|p| p.push_str(d))>{d}</button>
                })
                .collect_view();
            view! {
                <div class="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
                    <div class="kiosk-dialog">
                        <h2 id="pin-title">{t!(i18n, kiosk_pin)}</h2>
                        <p class="pin-dots" aria-live="polite">{move || "•".repeat(pin_entry.get().len())}</p>
                        {move || pin_wrong.get().then(|| view! { <p class="error" role="alert">{t!(i18n, kiosk_pin_wrong)}</p> })}
                        <div class="pin-pad">{digits}</div>
                        <div class="pin-actions">
                            <button class="big" on:click=move |_| { pin_entry.set(String::new()); pin_wrong.set(false); kiosk.pin_pad.set(false); }>{t!(i18n, kiosk_cancel)}</button>
                            <button class="big" data-testid="pin-ok" on:click=move |_| check_pin()>{t!(i18n, kiosk_ok)}</button>
                        </div>
                    </div>
                </div>
            }
        })}
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

/// Telex composition for the on-screen keyboard: the keys typed for the current word, shown
/// as the word they spell (`a`,`s` → `á`; `d`,`d` → `đ`), or as typed when they spell nothing.
pub fn compose(keys: &str) -> String {
    handbook_search::typing::decode(keys).unwrap_or_else(|| keys.to_string())
}

/// The on-screen keyboard (kiosk mode): letters, space, backspace and clear, feeding the search
/// box with Telex composition.
#[component]
pub fn OnScreenKeyboard() -> impl IntoView {
    let kiosk = use_kiosk();
    let i18n = use_i18n();
    let search = use_search_text();
    let set_text = crate::components::search_box::use_set_search();
    // Keys of the word being typed, and the text before it.
    let keys = StoredValue::new(String::new());
    let before = StoredValue::new(String::new());
    let show = move || {
        set_text.run(format!(
            "{}{}",
            before.get_value(),
            compose(&keys.get_value())
        ));
    };
    let press = move |c: char| {
        // Continue after whatever is in the box (it may have been typed elsewhere).
        if keys.get_value().is_empty() {
            before.set_value(search.text.get_untracked());
        }
        keys.update_value(|k| k.push(c));
        show();
    };
    let space = move |_| {
        let text = format!("{}{} ", before.get_value(), compose(&keys.get_value()));
        keys.set_value(String::new());
        before.set_value(text.clone());
        set_text.run(text);
    };
    let backspace = move |_| {
        if keys.get_value().is_empty() {
            let mut text = search.text.get_untracked();
            text.pop();
            before.set_value(text.clone());
            set_text.run(text);
        } else {
            keys.update_value(|k| {
                k.pop();
            });
            show();
        }
    };
    let clear = move |_| {
        keys.set_value(String::new());
        before.set_value(String::new());
        set_text.run(String::new());
    };
    move || {
        kiosk.on.get().then(|| {
            let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
                .into_iter()
                .map(|row| {
                    let row_keys = row
                        .chars()
                        .map(|c| view! {
                            <button class="key" data-key=c.to_string() on:click=move |_| press(c)>{c.to_string()}</button>
                        })
                        .collect_view();
                    view! { <div class="key-row">{row_keys}</div> }
                })
                .collect_view();
            view! {
                <section class="keyboard" aria-label=move || td_string!(i18n.get_locale(), kiosk_keyboard)>
                    <p class="muted small">{t!(i18n, kiosk_telex_hint)}</p>
                    {rows}
                    <div class="key-row">
                        <button class="key wide" data-key="space" on:click=space>{t!(i18n, kiosk_space)}</button>
                        <button class="key wide" data-key="backspace" on:click=backspace>{t!(i18n, kiosk_backspace)}</button>
                        <button class="key wide" data-key="clear" on:click=clear>{t!(i18n, kiosk_clear)}</button>
                    </div>
                </section>
            }
        })
    }
}
