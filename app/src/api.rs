//! The page's handle on the handbook's data. The engine lives in a Web Worker
//! (`engine_worker.rs`), started by the page's first script before this module has even
//! downloaded (`app/index.html`); this side adopts it, follows its loading ([`Load`]), asks it
//! each page's data ([`use_page_data`], a [`Question`] whose answer arrives in the compact form
//! of [`handbook_search::wire`]) and starts it again if it crashes, asking again what it had not
//! answered. Once a bundle has opened the service worker is told so
//! ([`browser::report_opened`]). The prerenderer provides a native engine instead and asks it
//! the same questions. Nothing here panics.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;

use handbook_search::ask::Question;
use handbook_search::bundle::Manifest;
use handbook_search::model::Kind;
use handbook_search::names::{Named, Names};
use handbook_search::wire;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;
use crate::engine_worker::{bytes_at, js_error, Memory, Opened};

/// Where the indexer's output is served, relative to the site root.
pub const DATA_DIR: &str = "/data";

/// Where the service worker answers with the last good manifest: the one whose bundle last
/// downloaded intact and opened (`public/sw.js`, "The data protocol"). Without a worker the
/// host answers 404 and there is nothing to fall back on.
pub const LAST_GOOD_URL: &str = "/data/last-good.json";

/// Where the service worker answers, without asking the network, with the newest manifest whose
/// bundle it holds intact (`public/sw.js`, "The data protocol"). A repeat visit opens that pair
/// at once and checks the network afterwards (`engine_worker.rs`).
pub const READY_URL: &str = "/data/ready.json";

/// What this device remembers of the handbook it kept for offline use ([`Handbook::keep`]):
/// the bundle and the later pages' module, by name.
const KEPT_KEY: &str = "handbook.kept";

/// Times the engine may crash in one visit before the page gives up and says so.
const MOST_RESTARTS: u32 = 3;

/// Where loading the handbook's data stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Load {
    /// Fetching the manifest.
    Manifest,
    /// Downloading the bundle: bytes received so far, and in all (0 if unknown).
    Bundle {
        /// Bytes received.
        received: u64,
        /// Bytes expected.
        total: u64,
    },
    /// Opening the downloaded bundle.
    Opening,
    /// Ready to answer.
    Ready,
    /// Something went wrong; the message says what, for the reader.
    Failed(String),
}

/// Where keeping the whole handbook for offline use stands ([`Handbook::keep`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeping {
    /// Not asked yet.
    Not,
    /// Fetching.
    Busy,
    /// Everything is kept.
    Kept,
    /// This many parts could not be fetched (the network went away): asking again fetches
    /// them.
    Failed(u32),
}

/// The app-wide handle on the data, provided as context by [`crate::App`].
#[derive(Clone, Copy)]
pub struct Handbook {
    /// The loading state, `Ready` once the engine is open.
    pub state: RwSignal<Load>,
    /// The manifest of the bundle in use.
    pub manifest: RwSignal<Option<Manifest>>,
    /// A bundle the current manifest named but that failed to download, check or open (the
    /// last good one opened instead): not offered again as an update.
    pub refused: RwSignal<Option<String>>,
    /// Whether page data asked of the engine is on its way: the page shows `aria-busy` (and
    /// tests wait for it to clear before reading what a keystroke found).
    pub busy: RwSignal<bool>,
    /// The names list, once it has arrived ([`Handbook::want_early_names`]): the search page
    /// answers by name from it until the engine opens.
    pub early_names: RwSignal<Option<Arc<Names>>>,
    /// Whether the names list has been asked for.
    names_asked: StoredValue<bool>,
    /// Where keeping the whole handbook for offline use stands ([`Handbook::keep`]).
    pub keeping: RwSignal<Keeping>,
    /// Whether a service worker controlled the page when it loaded: a visit after the first,
    /// which keeps the whole handbook for offline use without being asked.
    pub returning: StoredValue<bool>,
    /// The engine, opened natively, when prerendering.
    #[cfg(feature = "ssr")]
    native: StoredValue<Option<std::sync::Arc<handbook_search::Engine>>>,
}

/// A reply to a question: the answer's bytes ([`wire`]), or the reader's message.
type Reply = Box<dyn FnOnce(Result<Vec<u8>, String>)>;

/// The page's side of the engine worker.
struct Connection {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
    /// Questions not yet answered: the message to post, and what to do with the answer.
    static WAITING: RefCell<BTreeMap<u32, (js_sys::Array, Reply)>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Counts the workers started, so a late message from a stopped one is ignored.
    static EPOCH: Cell<u32> = const { Cell::new(0) };
    static RESTARTS: Cell<u32> = const { Cell::new(0) };
    /// Page data asked for and not yet shown: the prerendered page waits for them.
    static PAGE_DATA_WAITING: Cell<u32> = const { Cell::new(0) };
}

impl Handbook {
    /// Creates the handle and adopts the engine worker the page started (or starts one).
    pub fn start() -> Handbook {
        let handbook = Handbook {
            state: RwSignal::new(Load::Manifest),
            manifest: RwSignal::new(None),
            refused: RwSignal::new(None),
            busy: RwSignal::new(false),
            early_names: RwSignal::new(None),
            names_asked: StoredValue::new(false),
            keeping: RwSignal::new(Keeping::Not),
            returning: StoredValue::new(browser::controlled()),
            #[cfg(feature = "ssr")]
            native: StoredValue::new(None),
        };
        browser::mark_document("loading");
        crate::probe::mark("start");
        handbook.connect(adopted());
        handbook
    }

    /// A handle on an engine already open (prerendering, natively).
    #[cfg(feature = "ssr")]
    pub fn ready(
        engine: std::sync::Arc<handbook_search::Engine>,
        manifest: Option<Manifest>,
    ) -> Handbook {
        Handbook {
            state: RwSignal::new(Load::Ready),
            manifest: RwSignal::new(manifest),
            refused: RwSignal::new(None),
            busy: RwSignal::new(false),
            early_names: RwSignal::new(None),
            names_asked: StoredValue::new(true),
            keeping: RwSignal::new(Keeping::Not),
            returning: StoredValue::new(false),
            native: StoredValue::new(Some(engine)),
        }
    }

    /// Keeps the whole handbook for offline use: the service worker fetches and keeps the later
    /// pages' module and every record's details (`handbook_search::details`) that the engine
    /// names. A first visit keeps search and every record's card; this runs on a later visit, in
    /// kiosk mode, or when the reader asks (the about page's button, `components::keep`). Once
    /// at a time.
    pub fn keep(self) {
        if matches!(self.keeping.get_untracked(), Keeping::Busy | Keeping::Kept) {
            return;
        }
        // What is kept: this bundle's details and this version's later module. Kept once, a
        // later visit does nothing more (the service worker carries the module over to its
        // next version while its name stays: public/sw.js).
        let later = browser::meta_content("handbook-later");
        let bundle = self
            .manifest
            .with_untracked(|m| m.as_ref().map(|m| m.bundle.clone()));
        let key = format!(
            "{} {}",
            bundle.unwrap_or_default(),
            later.clone().unwrap_or_default()
        );
        if browser::remembered(KEPT_KEY).as_deref() == Some(key.as_str()) {
            self.keeping.set(Keeping::Kept);
            return;
        }
        self.keeping.set(Keeping::Busy);
        request_decoded(
            self,
            "details",
            None,
            move |answer: Result<Vec<String>, String>| {
                let Ok(mut urls) = answer else {
                    self.keeping.set(Keeping::Failed(1));
                    return;
                };
                urls.extend(later);
                leptos::task::spawn_local(async move {
                    let failed = browser::keep_offline(urls).await;
                    if failed == 0 {
                        browser::remember(KEPT_KEY, &key);
                        self.keeping.set(Keeping::Kept);
                    } else {
                        self.keeping.set(Keeping::Failed(failed));
                    }
                });
            },
        );
    }

    /// Starts the engine again and reloads the data, e.g. after a failure.
    pub fn reload(self) {
        RESTARTS.set(0);
        self.restart();
    }

    fn restart(self) {
        self.state.set(Load::Manifest);
        browser::mark_document("loading");
        self.connect(None);
    }

    /// Talks to `adopted` (the worker the page started, with the messages it kept), or to a new
    /// worker told to load.
    fn connect(self, adopted: Option<(web_sys::Worker, js_sys::Array)>) {
        stop();
        let (worker, kept) = match adopted {
            Some(adopted) => adopted,
            None => match new_worker() {
                Ok(worker) => (worker, js_sys::Array::new()),
                Err(message) => {
                    self.state.set(Load::Failed(message));
                    browser::mark_document("failed");
                    return;
                }
            },
        };
        let epoch = EPOCH.get() + 1;
        EPOCH.set(epoch);
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if EPOCH.get() == epoch {
                    self.receive(event.data());
                }
            },
        );
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if EPOCH.get() == epoch {
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .unwrap_or_else(|| "the engine stopped".into());
                self.crashed(message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        CONNECTION.set(Some(Connection {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }));
        for message in kept.iter() {
            if EPOCH.get() == epoch {
                self.receive(message);
            }
        }
    }

    /// A message from the worker (`engine_worker.rs` lists them).
    fn receive(self, data: JsValue) {
        let Ok(message) = data.dyn_into::<js_sys::Array>() else {
            return;
        };
        let text = message.get(1).as_string().unwrap_or_default();
        let bytes = |index| bytes_at(&message, index);
        match message.get(0).as_string().as_deref() {
            Some("load") => match wire::decode::<Load>(&bytes(1)) {
                Ok(Load::Failed(message)) => {
                    browser::mark_document("failed");
                    self.state.set(Load::Failed(message));
                }
                Ok(state) => self.state.set(state),
                Err(e) => self.crashed(e.to_string()),
            },
            Some("opened") => match wire::decode::<Opened>(&bytes(1)) {
                Ok(opened) => self.opened(opened),
                Err(e) => self.crashed(e.to_string()),
            },
            Some("mark") => crate::probe::mark_at(&text, message.get(2).as_f64()),
            Some("answer") => {
                let id = message.get(1).as_f64().unwrap_or(0.0) as u32;
                let ok = message.get(2).is_truthy();
                let answer = if ok {
                    Ok(bytes(3))
                } else {
                    Err(message.get(3).as_string().unwrap_or_default())
                };
                if let Some((_, reply)) = WAITING.with_borrow_mut(|w| w.remove(&id)) {
                    reply(answer);
                }
            }
            Some("crashed") | Some("error") => self.crashed(text),
            _ => {}
        }
    }

    fn opened(self, opened: Opened) {
        browser::report_opened(opened.manifest_json);
        self.manifest.set(Some(opened.manifest));
        self.refused.set(opened.refused);
        self.state.set(Load::Ready);
        crate::probe::publish(self);
        browser::mark_document("ready");
        // Questions asked before the engine opened, or of a worker that crashed, go now.
        post_waiting();
        if opened.kept {
            // Opened without asking the network: ask it now, once the page is shown (the
            // update banner checks, and offers newer data).
            leptos::task::spawn_local(async {
                gloo_timers::future::TimeoutFuture::new(0).await;
                browser::dispatch("handbook:check");
            });
        }
    }

    /// The worker stopped (a panic aborts it): started again, up to [`MOST_RESTARTS`] times a
    /// visit; then the reader is told, with a retry.
    fn crashed(self, message: String) {
        leptos::logging::warn!("the search engine stopped: {message}");
        if RESTARTS.get() >= MOST_RESTARTS {
            stop();
            browser::mark_document("failed");
            self.state.set(Load::Failed(format!(
                "Bộ máy tìm kiếm dừng lại nhiều lần ({message}). The search engine kept stopping: {message}."
            )));
            return;
        }
        RESTARTS.set(RESTARTS.get() + 1);
        self.restart();
    }

    /// Asks for the names list, once: something is being searched and the engine has not
    /// opened (`read_early_names`). Not under a service worker: it holds the engine's files
    /// and data, and the engine opens in a fraction of a second.
    pub fn want_early_names(self) {
        if !self.names_asked.get_value() && !browser::controlled() {
            self.names_asked.set_value(true);
            read_early_names(self.early_names);
        }
    }

    /// Whether the engine is open (tracks the state).
    pub fn is_ready(self) -> bool {
        matches!(*self.state.read(), Load::Ready)
    }
}

/// Stops the current worker. Its handlers are taken off first: an event already queued (the
/// `error` that follows a `crashed` message) must not call a handler about to be dropped.
fn stop() {
    if let Some(old) = CONNECTION.take() {
        old.worker.set_onmessage(None);
        old.worker.set_onerror(None);
        old.worker.terminate();
    }
}

/// The worker the page's first script started, with the messages it kept meanwhile.
fn adopted() -> Option<(web_sys::Worker, js_sys::Array)> {
    let window = web_sys::window()?;
    let started = js_sys::Reflect::get(&window, &"handbookEngine".into()).ok()?;
    let worker = js_sys::Reflect::get(&started, &"worker".into())
        .ok()?
        .dyn_into::<web_sys::Worker>()
        .ok()?;
    let kept = js_sys::Reflect::get(&started, &"messages".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &"handbookEngine".into());
    go(&worker);
    Some((worker, kept))
}

/// Where the indexer writes the names list.
const NAMES_URL: &str = "/data/names.json";

/// Reads the names list into `names`: the request the page's first script made when a search
/// box was first used before the app had started (`window.handbookNames`, a promise of its text
/// or `null`: app/index.html), or a request of its own. A list that does not arrive or does not
/// read is only noted: the search then waits for the engine, as it would without it.
fn read_early_names(names: RwSignal<Option<Arc<Names>>>) {
    let early = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"handbookNames".into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    leptos::task::spawn_local(async move {
        let text = match early {
            Some(request) => wasm_bindgen_futures::JsFuture::from(request)
                .await
                .ok()
                .and_then(|t| t.as_string()),
            None => fetch_names().await,
        };
        match text.map(|t| names_from(&t)) {
            Some(Some(list)) => names.set(Some(Arc::new(list))),
            Some(None) => leptos::logging::warn!("the names list does not read"),
            None => leptos::logging::warn!("the names list did not arrive"),
        }
    });
}

/// The names list in `text` (`names.json`: an array of `[kind, id, name, English name or
/// null]`, [`Named`]), read by the browser's own JSON parser: the page's module carries none.
/// `None` if any of it is not such an item.
fn names_from(text: &str) -> Option<Names> {
    let list: js_sys::Array = js_sys::JSON::parse(text).ok()?.dyn_into().ok()?;
    list.iter()
        .map(|item| {
            let item: js_sys::Array = item.dyn_into().ok()?;
            let english = item.get(3);
            Some(Named(
                Kind::parse(&item.get(0).as_string()?)?,
                item.get(1).as_string()?,
                item.get(2).as_string()?,
                match english.as_string() {
                    Some(name) => Some(name),
                    None if english.is_null() => None,
                    None => return None,
                },
            ))
        })
        .collect::<Option<Vec<_>>>()
        .map(Names)
}

/// The names list's text, from the host (`None` if it did not arrive whole).
async fn fetch_names() -> Option<String> {
    let response = gloo_net::http::Request::get(NAMES_URL)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// Tells the engine's worker to fetch its module: its start script waits for "go" on a first
/// visit (scripts/engine-assets.py) until the page's module has arrived, which it has once the
/// app runs. A worker already going ignores it.
fn go(worker: &web_sys::Worker) {
    let go: js_sys::Array = [JsValue::from_str("go")].iter().collect();
    let _ = worker.post_message(&go);
}

/// A new engine worker, told to load.
fn new_worker() -> Result<web_sys::Worker, String> {
    let url = browser::meta_content("handbook-engine")
        .ok_or("Trang thiếu bộ máy tìm kiếm. The page names no search engine.")?;
    let worker = web_sys::Worker::new(&url).map_err(|e| {
        js_error(
            "Không khởi động được bộ máy tìm kiếm. The search engine did not start",
            e,
        )
    })?;
    let load: js_sys::Array = [JsValue::from_str("load"), browser::controlled().into()]
        .iter()
        .collect();
    worker
        .post_message(&load)
        .map_err(|e| js_error("engine", e))?;
    go(&worker);
    Ok(worker)
}

/// Posts every question not yet answered to the current worker.
fn post_waiting() {
    CONNECTION.with_borrow(|connection| {
        let Some(connection) = connection else {
            return;
        };
        WAITING.with_borrow(|waiting| {
            for (message, _) in waiting.values() {
                let _ = connection.worker.post_message(message);
            }
        });
    });
}

/// Sends `kind` (`"ask"`, `"prefetch"`, `"manifest"`, `"memory"`) with `payload` ([`wire`]) to
/// the engine, and calls `reply` with its answer. Sent at once if the engine is open, else once
/// it opens.
fn request(kind: &str, payload: Option<Vec<u8>>, ready: bool, reply: Reply) {
    let id = NEXT_ID.get();
    NEXT_ID.set(id + 1);
    let message: js_sys::Array = [JsValue::from_str(kind), f64::from(id).into()]
        .into_iter()
        .chain(payload.map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into()))
        .collect();
    if ready {
        CONNECTION.with_borrow(|c| {
            if let Some(c) = c {
                let _ = c.worker.post_message(&message);
            }
        });
    }
    WAITING.with_borrow_mut(|w| w.insert(id, (message, reply)));
}

/// Sends `kind` with `payload` to the engine (once it is open), and calls `reply` with its
/// answer read as `T`, or the reader's message.
fn request_decoded<T: DeserializeOwned>(
    handbook: Handbook,
    kind: &str,
    payload: Option<Vec<u8>>,
    reply: impl FnOnce(Result<T, String>) + 'static,
) {
    let ready = handbook.state.with_untracked(|s| matches!(s, Load::Ready));
    request(
        kind,
        payload,
        ready,
        Box::new(move |answer| {
            reply(answer.and_then(|bytes| wire::decode(&bytes).map_err(|e| e.to_string())))
        }),
    );
}

/// Asks the engine `question`; `reply` gets the answer read as `T`, or the reader's message.
pub fn ask<T: DeserializeOwned>(
    handbook: Handbook,
    question: &Question,
    reply: impl FnOnce(Result<T, String>) + 'static,
) {
    match wire::encode(question) {
        Ok(bytes) => request_decoded(handbook, "ask", Some(bytes), reply),
        Err(e) => reply(Err(e.to_string())),
    }
}

/// What the engine's worker measures of its memory.
pub fn engine_memory(handbook: Handbook, reply: impl FnOnce(Result<Memory, String>) + 'static) {
    request_decoded(handbook, "memory", None, reply);
}

/// Makes the engine's worker panic (the crash test).
pub fn panic_engine() {
    CONNECTION.with_borrow(|c| {
        if let Some(c) = c {
            let message: js_sys::Array = [JsValue::from_str("panic")].iter().collect();
            let _ = c.worker.post_message(&message);
        }
    });
}

/// Whether page data asked for has not arrived yet (the prerendered page stays until it has).
pub fn page_data_waiting() -> bool {
    PAGE_DATA_WAITING.get() > 0
}

/// A part of the page is on its way: its data from the engine, or its code (the page's second
/// module, `later_page` in lib.rs). The page is busy, and a prerendered page stays, until
/// [`page_part_arrived`].
fn page_part_asked(handbook: Handbook) {
    PAGE_DATA_WAITING.set(PAGE_DATA_WAITING.get() + 1);
    handbook.busy.set(true);
}

/// A part asked for by [`page_part_asked`] has arrived (or failed, and its message is shown).
fn page_part_arrived(handbook: Handbook) {
    PAGE_DATA_WAITING.set(PAGE_DATA_WAITING.get().saturating_sub(1));
    if PAGE_DATA_WAITING.get() == 0 {
        handbook.busy.set(false);
        browser::page_data_arrived();
    }
}

/// A part of the page on its way (its data or its code) for as long as this lives: dropped
/// once it has arrived or failed, or when the page it was for is gone first.
pub struct PagePart(Handbook);

impl PagePart {
    /// Says that a part of the page is on its way.
    pub fn ask(handbook: Handbook) -> PagePart {
        page_part_asked(handbook);
        PagePart(handbook)
    }
}

impl Drop for PagePart {
    fn drop(&mut self) {
        page_part_arrived(self.0);
    }
}

/// The handbook handle from context.
pub fn use_handbook() -> Handbook {
    expect_context::<Handbook>()
}

/// A page's data: the answer to `question` (asked again whenever what it reads changes, the
/// address usually), read as `T`. `None` while the handbook loads (the loading banner says so)
/// or while there is no question; the engine's error as a message if it has no answer. While a
/// new question is out, the last answer stays on screen.
pub fn use_page_data<T>(
    question: impl Fn() -> Option<Question> + Send + Sync + 'static,
) -> Signal<Option<Result<T, String>>>
where
    T: DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let handbook = use_handbook();
    #[cfg(feature = "ssr")]
    if let Some(engine) = handbook.native.get_value() {
        return Signal::derive(move || {
            let question = question()?;
            Some(
                engine
                    .answer(&question)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| wire::decode(&bytes).map_err(|e| e.to_string())),
            )
        });
    }
    let answer = RwSignal::new(None::<Result<T, String>>);
    let latest = StoredValue::new(0u64);
    let question = Memo::new(move |_| question());
    let ready = Memo::new(move |_| handbook.is_ready());
    Effect::new(move |_| {
        let ready = ready.get();
        let Some(question) = question.get() else {
            // No question (a map with no village chosen): no answer, and none on its way.
            latest.set_value(latest.get_value() + 1);
            answer.set(None);
            return;
        };
        if !ready {
            return;
        }
        let token = latest.get_value() + 1;
        latest.set_value(token);
        page_part_asked(handbook);
        ask(handbook, &question, move |result: Result<T, String>| {
            if latest.try_get_value() == Some(token) {
                answer.set(Some(result));
            }
            page_part_arrived(handbook);
        });
    });
    // No question means no answer at once (a sheet closes with its address), not once the
    // effect has run.
    Signal::derive(move || {
        if question.with(Option::is_some) {
            answer.get()
        } else {
            None
        }
    })
}

/// Fetches the current manifest, bypassing the HTTP cache: the engine's worker asks for it and
/// reads it. Under the service worker this is the network's copy, or the last good one if the
/// network is down or slow (`public/sw.js`).
pub async fn fetch_manifest(handbook: Handbook) -> Result<Manifest, String> {
    let (send, receive) = futures_channel::oneshot::channel();
    request_decoded(handbook, "manifest", None, move |answer| {
        let _ = send.send(answer);
    });
    receive
        .await
        .map_err(|_| "the search engine stopped".to_string())?
}

/// Downloads the bundle `manifest` names and checks it, without opening it: through the service
/// worker, which then keeps it for the next start ([`READY_URL`]). An error says why it was
/// refused.
pub async fn prefetch(handbook: Handbook, manifest: &Manifest) -> Result<(), String> {
    let bytes = wire::encode(manifest).map_err(|e| e.to_string())?;
    let (send, receive) = futures_channel::oneshot::channel();
    request_decoded(
        handbook,
        "prefetch",
        Some(bytes),
        move |answer: Result<(), String>| {
            let _ = send.send(answer);
        },
    );
    receive
        .await
        .map_err(|_| "the search engine stopped".to_string())?
}
