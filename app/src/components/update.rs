//! "A new version is available — reload": shown when the service worker has installed a new
//! app version, or when the manifest names a bundle other than the one in use. The manifest is
//! checked again when the device comes back online and when the page becomes visible, so a
//! kiosk left running for days still picks up new data.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{fetch_manifest, use_handbook, Load};
use crate::i18n::{t, use_i18n};

/// Listens on `window` for `event` for the app's whole life (the closure is kept on purpose:
/// the listener is registered once, at start-up).
fn on_window(event: &str, handler: impl FnMut() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::<dyn FnMut()>::new(handler);
    let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Asks the page script to switch to the new service worker (if any) and reload.
fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let apply = js_sys::Reflect::get(&window, &"handbookApplyUpdate".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match apply {
        Some(f) => {
            let _ = f.call0(&window);
        }
        None => {
            let _ = window.location().reload();
        }
    }
}

/// The update banner, and the checks that raise it.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let handbook = use_handbook();
    let available = RwSignal::new(false);
    let offline = RwSignal::new(
        web_sys::window()
            .map(|w| !w.navigator().on_line())
            .unwrap_or(false),
    );
    let check = move || {
        if !matches!(handbook.state.get_untracked(), Load::Ready(_)) {
            return;
        }
        let in_use = handbook.manifest.get_untracked().map(|m| m.bundle);
        leptos::task::spawn_local(async move {
            if let Ok(manifest) = fetch_manifest().await {
                if Some(manifest.bundle) != in_use {
                    available.set(true);
                }
            }
        });
    };
    on_window("handbook:update", move || available.set(true));
    on_window("online", move || {
        offline.set(false);
        check();
    });
    on_window("offline", move || offline.set(true));
    on_window("handbook:check", check);
    view! {
        {move || offline.get().then(|| view! {
            <div class="banner offline" role="status" data-state="offline">{t!(i18n, offline)}</div>
        })}
        {move || available.get().then(|| view! {
            <div class="banner update" role="alert" data-state="update">
                <span>{t!(i18n, update_available)}</span>" "
                <button on:click=move |_| apply_update()>{t!(i18n, reload)}</button>
            </div>
        })}
    }
}
