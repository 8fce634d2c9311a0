//! The app's few calls into the browser, each behind one small function: storage, listeners
//! and the timer registered once for the page's life, the address bar, printing, the online
//! state, marks on the document.
//!
//! Components call these instead of `web_sys`, so a component's render path holds no browser
//! call of its own. Outside a browser (native builds: tests, prerendering) there is no window:
//! every function here then does nothing, or answers as an offline device with nothing stored.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The browser window, if there is one.
fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// What this device remembers under `key` (`localStorage`).
pub fn remembered(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Remembers `value` under `key` on this device.
pub fn remember(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets what this device remembers under `key`.
pub fn forget(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Calls `handler` on every `event` at `target` for the rest of the page's life. Only for
/// listeners registered once, at start-up: the closure is kept on purpose, never freed.
fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// [`listen`] on the document.
pub fn on_document(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    if let Some(document) = window().and_then(|w| w.document()) {
        listen(&document, event, handler);
    }
}

/// [`listen`] on the window.
pub fn on_window(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    if let Some(window) = window() {
        listen(&window, event, handler);
    }
}

/// Calls `handler` every second for the rest of the page's life (registered once, like
/// [`listen`]).
pub fn every_second(handler: impl FnMut() + 'static) {
    let Some(window) = window() else {
        return;
    };
    let tick = Closure::<dyn FnMut()>::new(handler);
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        1000,
    );
    tick.forget();
}

/// The path and query string (with its `?`) of the page as loaded, before the router runs.
pub fn location() -> (String, String) {
    let Some(location) = window().map(|w| w.location()) else {
        return ("/".into(), String::new());
    };
    (
        location.pathname().unwrap_or_else(|_| "/".into()),
        location.search().unwrap_or_default(),
    )
}

/// The site's origin (`https://host`), to make a path absolute; empty outside a browser.
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Milliseconds on the page's clock (`performance.now()`); 0 outside a browser.
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Milliseconds since the epoch (`Date.now()`), for waits that outlast a reload; 0 outside a
/// browser.
pub fn epoch_ms() -> f64 {
    if window().is_some() {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// Whether the device says it is online.
pub fn online() -> bool {
    window().is_some_and(|w| w.navigator().on_line())
}

/// Today's date in Hanoi, by the device's clock (the Unix epoch outside a browser).
pub fn today_in_vietnam() -> handbook_search::calendar::Date {
    let now = if window().is_some() {
        js_sys::Date::now() as i64
    } else {
        0
    };
    handbook_search::calendar::Date::in_vietnam_at(now)
}

/// The visitor's languages as the browser lists them (`navigator.languages`), most preferred
/// first; none outside a browser.
pub fn languages() -> Vec<String> {
    window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = window() {
        let _ = window.print();
    }
}

/// Sets `<html data-handbook="…">`, the loading state kiosk scripts and tests wait on.
pub fn mark_document(state: &str) {
    if let Some(root) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-handbook", state);
    }
}

/// Adds or removes a class on `<body>` (the stylesheet's switch for whole-page layouts).
pub fn set_body_class(class: &str, on: bool) {
    if let Some(body) = window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.class_list().toggle_with_force(class, on);
    }
}

/// The `href` of the link an event happened in (the event's target or an ancestor), and
/// whether the link downloads.
pub fn link_of(event: &web_sys::Event) -> Option<(String, bool)> {
    let anchor = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())?;
    let href = anchor.get_attribute("href").unwrap_or_default();
    Some((href, anchor.has_attribute("download")))
}

/// Whether an event happened in an element matching `selector` (its target or an ancestor).
pub fn within(event: &web_sys::Event, selector: &str) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(selector).ok().flatten())
        .is_some()
}

/// Makes the router follow the link an event happened in by replacing the current history
/// entry instead of adding one (the router reads the link's `replace` property).
pub fn replace_on_follow(event: &web_sys::Event) {
    let anchor = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten());
    if let Some(anchor) = anchor {
        let _ = js_sys::Reflect::set(&anchor, &"replace".into(), &true.into());
    }
}

/// Clears what a page holds beyond the app's state: focus (and with it an on-screen keyboard),
/// open `<details>` and `<dialog>`s, a text selection, and the scroll position.
pub fn clear_page_state() {
    let Some(window) = window() else {
        return;
    };
    if let Some(document) = window.document() {
        if let Some(active) = document
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = active.blur();
        }
        if let Ok(open) = document.query_selector_all("details[open], dialog[open]") {
            for i in 0..open.length() {
                if let Some(el) = open
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.remove_attribute("open");
                }
            }
        }
    }
    if let Ok(Some(selection)) = window.get_selection() {
        let _ = selection.remove_all_ranges();
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

/// Asks the page script (`index.html`) to switch to the new service worker, if one waits,
/// and reload; reloads if there is no such script.
pub fn apply_update() {
    let Some(window) = window() else {
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

/// Tells the service worker that the bundle `manifest` names has opened, so it keeps this pair
/// as the last good one (`public/sw.js`, "The data protocol"): posts
/// `{ type: "handbook:opened", manifest: "<the manifest as JSON>" }` to the active worker once
/// there is one. Without service workers (blocked, or an insecure origin) it does nothing.
pub fn report_opened(manifest: &handbook_search::bundle::Manifest) {
    let Some(window) = window() else {
        return;
    };
    let Ok(container) = js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into()) else {
        return;
    };
    let Ok(container) = container.dyn_into::<web_sys::ServiceWorkerContainer>() else {
        return;
    };
    let Ok(ready) = container.ready() else {
        return;
    };
    let Ok(json) = serde_json::to_string(manifest) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let Some(worker) = registration
            .dyn_into::<web_sys::ServiceWorkerRegistration>()
            .ok()
            .and_then(|r| r.active())
        else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"handbook:opened".into());
        let _ = js_sys::Reflect::set(&message, &"manifest".into(), &json.into());
        let _ = worker.post_message(&message);
    });
}

/// Whether the page script (`index.html`) has seen a new service worker waiting: it sets
/// `window.handbookUpdateWaiting` as well as firing `handbook:update`, because the event may
/// fire before the app listens.
pub fn update_waiting() -> bool {
    window()
        .and_then(|w| js_sys::Reflect::get(&w, &"handbookUpdateWaiting".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// The language of the page (`<html lang>`), as the panic message needs it without the app.
pub fn page_language() -> Option<String> {
    window()?
        .document()?
        .document_element()?
        .get_attribute("lang")
}
