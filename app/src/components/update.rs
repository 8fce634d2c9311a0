//! "A new version is available — reload": shown when the service worker has installed a new
//! app version, or when the manifest names a bundle other than the one in use. The manifest is
//! checked again when the device comes back online, when the page becomes visible, and right
//! after a start that opened the service worker's copy without asking the network
//! (`api::load`), so a kiosk left running for days still picks up new data. Under the service
//! worker a new bundle is downloaded and checked before it is offered.

use leptos::prelude::*;

use crate::api::{fetch_manifest, prefetch, use_handbook, Load};
use crate::browser;
use crate::i18n::{t, use_i18n};

/// The update banner, and the checks that raise it.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let handbook = use_handbook();
    // The page script may have announced a waiting worker before this listener existed.
    let available = RwSignal::new(browser::update_waiting());
    let offline = RwSignal::new(!browser::online());
    let check = move || {
        if !matches!(handbook.state.get_untracked(), Load::Ready) {
            return;
        }
        let in_use = handbook.manifest.get_untracked().map(|m| m.bundle);
        let refused = handbook.refused.get_untracked();
        leptos::task::spawn_local(async move {
            let Ok(manifest) = fetch_manifest(handbook).await else {
                return;
            };
            // A bundle that failed on this load would fail again after a reload.
            if Some(&manifest.bundle) == in_use.as_ref()
                || Some(&manifest.bundle) == refused.as_ref()
            {
                return;
            }
            // Under the service worker the next start opens what it holds: the new bundle is
            // downloaded now, through it, and offered only once it has arrived intact.
            if browser::controlled() {
                if let Err(e) = prefetch(handbook, &manifest).await {
                    leptos::logging::warn!("newer data not offered: {e}");
                    handbook.refused.set(Some(manifest.bundle));
                    return;
                }
            }
            available.set(true);
        });
    };
    browser::on_window("handbook:update", move |_| available.set(true));
    browser::on_window("online", move |_| {
        offline.set(false);
        check();
    });
    browser::on_window("offline", move |_| offline.set(true));
    browser::on_window("handbook:check", move |_| check());
    view! {
        {move || offline.get().then(|| view! {
            <div class="banner offline" role="status" data-state="offline">{t!(i18n, offline)}</div>
        })}
        {move || available.get().then(|| view! {
            <div class="banner update" role="alert" data-state="update">
                <span>{t!(i18n, update_available)}</span>" "
                <button on:click=move |_| browser::apply_update()>{t!(i18n, reload)}</button>
            </div>
        })}
    }
}
