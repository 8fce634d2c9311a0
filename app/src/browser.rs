//! The app's few calls into the browser, each behind one small function: storage, listeners
//! and the timer registered once for the page's life, the address bar, printing, the online
//! state, marks on the document.
//!
//! Components call these instead of `web_sys`, so a component's render path holds no browser
//! call of its own. Outside a browser (native builds: tests, prerendering) there is no window:
//! every function here then does nothing, or answers as an offline device with nothing stored.

use handbook_search::route::{Address, Route};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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

/// `listen` on the document.
pub fn on_document(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    if let Some(document) = window().and_then(|w| w.document()) {
        listen(&document, event, handler);
    }
}

/// `listen` on the window.
pub fn on_window(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    if let Some(window) = window() {
        listen(&window, event, handler);
    }
}

/// Calls `handler` every second for the rest of the page's life (registered once, like
/// `listen`).
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

/// Milliseconds since the epoch (`Date.now()`), for waits that outlast a reload; the system
/// clock when rendering natively.
pub fn epoch_ms() -> f64 {
    if window().is_some() {
        js_sys::Date::now()
    } else {
        // Natively (prerendering): the build's clock, so dates such as a festival's next day
        // are the ones the app shows that day.
        native_epoch_ms()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn native_epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[cfg(target_arch = "wasm32")]
fn native_epoch_ms() -> f64 {
    0.0
}

/// Whether the device says it is online. Natively (prerendering) it is: a prerendered page is
/// read from its host, and was said "offline" to every visitor before the app started.
pub fn online() -> bool {
    window().is_none_or(|w| w.navigator().on_line())
}

/// Today's date in Hanoi, by the device's clock (the build's when rendering natively).
pub fn today_in_vietnam() -> handbook_search::calendar::Date {
    handbook_search::calendar::Date::in_vietnam_at(epoch_ms() as i64)
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

/// Sets `<html data-handbook="…">`, the loading state kiosk scripts and tests wait on. On a
/// prerendered page, "ready" and "failed" are set once the app's page has replaced it.
pub fn mark_document(state: &str) {
    let Some(window) = window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if state != "loading" && document.get_element_by_id(PRERENDERED).is_some() {
        // The app renders for its new state in microtasks; a timeout runs after them, so the
        // prerendered page gives way only to the app's finished page.
        let state = state.to_string();
        let swap = Closure::once_into_js(move || swap_in(&state));
        let _ = window.set_timeout_with_callback(swap.unchecked_ref());
        return;
    }
    set_state(&document, state);
}

/// The id of a prerendered page (`app::prerender::PRERENDERED_ID`).
const PRERENDERED: &str = "prerendered";
/// The id of the element the app mounts on beside a prerendered page.
const APP_ROOT: &str = "app";

fn set_state(document: &web_sys::Document, state: &str) {
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-handbook", state);
    }
}

thread_local! {
    /// A swap to "ready" put off until the page's data has arrived ([`page_data_arrived`]).
    static PUT_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called when the last page data asked of the engine has arrived: a prerendered page waiting
/// for it gives way once the app has rendered it (a timeout runs after the app's microtasks).
pub fn page_data_arrived() {
    if !PUT_OFF.take() {
        return;
    }
    let Some(window) = window() else {
        return;
    };
    let swap = Closure::once_into_js(move || swap_in("ready"));
    let _ = window.set_timeout_with_callback(swap.unchecked_ref());
}

/// The `content` of `<meta name="{name}">`.
pub fn meta_content(name: &str) -> Option<String> {
    let element = window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element.get_attribute("content")
}

/// Replaces the prerendered page by the app's, then marks the document with `state`. The app's
/// page is shown only with its data: while page data is out (the engine answers in its
/// worker), a swap to "ready" waits for it.
fn swap_in(state: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(PRERENDERED).is_none() {
        set_state(&document, state);
        return;
    }
    if state == "ready" && crate::api::page_data_waiting() {
        PUT_OFF.set(true);
        return;
    }
    PUT_OFF.set(false);
    take_over(&document);
    set_state(&document, state);
}

/// Shows the app's page in place of the prerendered one before the engine has opened, when it
/// already has something to show (a search answered from the names list): after the app's
/// microtasks, as [`mark_document`] does. The document stays "loading".
pub fn show_app_early() {
    let Some(now) = window() else {
        return;
    };
    let swap = Closure::once_into_js(|| {
        if let Some(document) = window().and_then(|w| w.document()) {
            if document.get_element_by_id(PRERENDERED).is_some() {
                take_over(&document);
            }
        }
    });
    let _ = now.set_timeout_with_callback(swap.unchecked_ref());
}

/// Removes the prerendered page and shows the app's, carrying what was typed into its box.
fn take_over(document: &web_sys::Document) {
    if let Some(root) = document.get_element_by_id(APP_ROOT) {
        let _ = root.remove_attribute("hidden");
    }
    let typed = typed_before_the_app(document);
    if let Some(prerendered) = document.get_element_by_id(PRERENDERED) {
        prerendered.remove();
    }
    let typing = typed.as_ref().is_some_and(|(_, focused)| *focused);
    if let Some((text, focused)) = typed {
        carry_into_the_app(document, &text, focused);
    }
    // A dialog the app opened while hidden (a deep link's sheet on the map) could not take the
    // focus then; it takes it now, so that Escape closes it, unless the reader was typing.
    if !typing {
        if let Some(dialog) = document
            .query_selector(&format!("#{APP_ROOT} [role=dialog]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = dialog.focus();
        }
    }
    // What measured itself while hidden (the map's frame) measures again, now on screen.
    dispatch("resize");
}

/// What the reader typed into a prerendered page's search box before the app took over, and
/// whether the box had the focus. A box with the focus counts even while empty: a reader who
/// has just tapped it types next, and removing the focused box would send those keystrokes
/// nowhere (and close a phone's keyboard).
fn typed_before_the_app(document: &web_sys::Document) -> Option<(String, bool)> {
    let boxes = document
        .query_selector_all(&format!("#{PRERENDERED} input[name=q]"))
        .ok()?;
    let active = document.active_element();
    let boxes: Vec<web_sys::HtmlInputElement> = (0..boxes.length())
        .filter_map(|i| boxes.item(i)?.dyn_into::<web_sys::HtmlInputElement>().ok())
        .collect();
    let focused = |input: &web_sys::HtmlInputElement| active.as_ref() == Some(input.as_ref());
    boxes
        .iter()
        .find(|input| !input.value().is_empty())
        .or_else(|| boxes.iter().find(|input| focused(input)))
        .map(|input| (input.value(), focused(input)))
}

/// Before the app mounts beside a prerendered page whose search box already holds text, moves
/// the address to the search for that text, as the app's box would once started (a new history
/// entry, or the same one where `one_entry` says the page keeps one, as a kiosk does). The app
/// then starts on the search page, and the search is the engine's first question even when the
/// engine opened first; started on the page being left, the app would ask for that page's data
/// before its router had moved on.
pub fn start_on_the_typed_search(one_entry: fn(&Address) -> bool) {
    let Some(window) = window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some((text, _)) = typed_before_the_app(&document) else {
        return;
    };
    let (path, query) = location();
    let address = Address::parse(&path, &query);
    if text.is_empty() || matches!(address.route, Route::Search { .. }) {
        return;
    }
    let keep_one = one_entry(&address);
    let search = Address {
        route: Route::Search {
            text,
            filters: Vec::new(),
        },
        ..address
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = Some(search.href());
    let _ = if keep_one {
        history.replace_state_with_url(&JsValue::NULL, "", url.as_deref())
    } else {
        history.push_state_with_url(&JsValue::NULL, "", url.as_deref())
    };
}

/// Follows what the reader types into a prerendered page's search box while the app waits,
/// hidden, beside it: the app's box gets each change at once (not the focus, which stays where
/// the reader types), so the app is already on the search page when the engine opens and asks
/// it for the search alone. Carried only at the swap, the text reached the engine one answer
/// late: first the data of the page being left (the home page's), which the swap waited for,
/// then the search. The swap still carries the final text, with the focus.
pub fn follow_typing_before_the_app() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(prerendered) = document.get_element_by_id(PRERENDERED) else {
        return;
    };
    if let Some((text, _)) = typed_before_the_app(&document) {
        carry_into_the_app(&document, &text, false);
    }
    let on_input = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|input| input.name() == "q")
        else {
            return;
        };
        if let Some(document) = window().and_then(|w| w.document()) {
            carry_into_the_app(&document, &input.value(), false);
        }
    });
    let _ =
        prerendered.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    // The listener lives as long as the prerendered page, which the swap removes.
    on_input.forget();
}

/// While the prerendered page shows (the app waits, hidden, for the engine), a link on it loads
/// the linked page from the host, prerendered, which reads at once. The app's router would
/// otherwise take the click, change the address and wait for the engine to show the new page:
/// on a phone's first visit, seconds of a page that does not answer its link. The click stops
/// at the prerendered page, so the router (which listens on the window) never sees it, and the
/// browser follows the link. The listener goes with the prerendered page, at the swap.
pub fn prerendered_links_load_their_pages() {
    let Some(prerendered) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PRERENDERED))
    else {
        return;
    };
    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let on_link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .is_some();
        if on_link {
            event.stop_propagation();
        }
    });
    let _ =
        prerendered.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// Puts `text` into the app's search box as if typed there (the app searches on `input`), and
/// gives the box the focus if the prerendered one had it.
fn carry_into_the_app(document: &web_sys::Document, text: &str, focused: bool) {
    let Some(input) = document
        .query_selector(&format!("#{APP_ROOT} input[name=q]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    // Whatever differs, an emptied box too: text typed and then deleted before the app took
    // over is not searched.
    if input.value() != text {
        input.set_value(text);
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = input.dispatch_event(&event);
        }
    }
    if focused {
        let _ = input.focus();
    }
}

/// Where the app mounts when the page came prerendered: a fresh, hidden element after the
/// prerendered page, swapped in by [`mark_document`] once the app is ready or has failed, so
/// the reader never sees a blank or loading frame. `None` when nothing was prerendered (the
/// app then mounts on the body).
pub fn takeover_root() -> Option<web_sys::HtmlElement> {
    let document = window()?.document()?;
    let prerendered = document.get_element_by_id(PRERENDERED)?;
    let root = document.create_element("div").ok()?;
    root.set_id(APP_ROOT);
    root.set_attribute("hidden", "").ok()?;
    prerendered.after_with_node_1(&root).ok()?;
    root.dyn_into().ok()
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

/// Asks the service worker, through the page script (`index.html`, `handbookKeep`), to keep
/// `urls` for offline use; resolves to how many it could not keep. Without service workers
/// nothing can be kept: all of them.
pub async fn keep_offline(urls: Vec<String>) -> u32 {
    let all = urls.len() as u32;
    let Some(window) = window() else {
        return all;
    };
    let keep = js_sys::Reflect::get(&window, &"handbookKeep".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(keep) = keep else {
        return all;
    };
    let list: js_sys::Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
    let Ok(promise) = keep.call1(&window, &list) else {
        return all;
    };
    match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(failed) => failed.as_f64().map_or(all, |n| n as u32),
        Err(_) => all,
    }
}

/// Tells the service worker that the bundle the manifest `json` names has opened, so it keeps
/// this pair as the last good one (`public/sw.js`, "The data protocol"): posts
/// `{ type: "handbook:opened", manifest: json }` to the active worker once there is one.
/// Without service workers (blocked, or an insecure origin) it does nothing.
pub fn report_opened(json: String) {
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

/// Whether a service worker controls the page (so [`crate::api::READY_URL`] can answer).
pub fn controlled() -> bool {
    window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"serviceWorker".into()).ok())
        .and_then(|c| c.dyn_into::<web_sys::ServiceWorkerContainer>().ok())
        .is_some_and(|c| c.controller().is_some())
}

/// Fires the event `name` on the window (as the page script does for `handbook:check`).
pub fn dispatch(name: &str) {
    if let (Some(window), Ok(event)) = (window(), web_sys::Event::new(name)) {
        let _ = window.dispatch_event(&event);
    }
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

/// An element's box on screen (`getBoundingClientRect`): left, top, width and height in CSS px;
/// `None` outside a browser. Read through `Reflect`: web-sys's `DomRect` feature, which no
/// crate of the app enables yet, would rebuild the whole Leptos stack for four numbers.
pub fn client_box(element: &web_sys::Element) -> Option<(f64, f64, f64, f64)> {
    window()?;
    let measure = js_sys::Reflect::get(element, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let rect = measure.call0(element).ok()?;
    let side = |name: &str| js_sys::Reflect::get(&rect, &name.into()).ok()?.as_f64();
    Some((side("left")?, side("top")?, side("width")?, side("height")?))
}

/// Moves the keyboard focus to `element` (nothing outside a browser).
pub fn focus(element: &web_sys::HtmlElement) {
    if window().is_some() {
        let _ = element.focus();
    }
}

/// Whether the window is narrower than `px` CSS px (the stylesheet's phone layout below 60rem).
pub fn narrower_than(px: f64) -> bool {
    window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < px)
}

/// Scrolls the page so `element`'s top is at the top of the window.
pub fn scroll_to_top_of(element: &web_sys::Element) {
    if window().is_some() {
        element.scroll_into_view();
    }
}

/// Loads the current address again.
pub fn reload() {
    if let Some(window) = window() {
        let _ = window.location().reload();
    }
}
