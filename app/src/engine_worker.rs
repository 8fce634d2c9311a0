//! The engine's Web Worker (`src/bin/engine.rs`): downloads, checks and opens the bundle, then
//! answers the page's questions ([`handbook_search::ask`]). The page's own WebAssembly holds
//! only the interface; tantivy, the bundle and every search live here, so a keystroke never
//! blocks the page, the two modules download and compile side by side, and a crash here stops
//! only the worker, which the page starts again (`api.rs`).
//!
//! The messages, both ways, are arrays whose first item names them:
//! - to the worker's start script: `["go"]` on a first visit, once the page's module has arrived
//!   (`scripts/engine-assets.py`: it fetches this module then; ignored once it runs);
//! - to the worker: `["load", controlled]` (start loading; `controlled` says whether a service
//!   worker controls the page, so the newest pair it holds can open at once), `["ask", id,
//!   question]`, `["prefetch", id, manifest]` (download and check a newer bundle without opening
//!   it; answered `()`), `["manifest", id]` (fetch the current manifest: the update check),
//!   `["details", id]` (the URLs of every record's details the engine does not hold: what the
//!   service worker fetches to keep the whole handbook; answered `Vec<String>`), `["memory", id]`, `["panic"]` (for the crash test);
//! - from the worker: `["load", Load]` (progress, failure), `["opened", Opened]`, `["mark",
//!   name, at]` (a start-up step at `at`, ms since the epoch, for the page's performance marks),
//!   `["answer", id, ok, answer]` (the answer if `ok`, else the reader's message), and
//!   `["crashed", message]` just before a panic aborts the worker.
//!
//! Questions, answers, `Load` and `Opened` travel as bytes (a `Uint8Array`) in the compact form
//! of [`handbook_search::wire`]: the page's module then carries no JSON reader at all.

use std::cell::{Cell, RefCell};

use gloo_net::http::{Request, Response};
use handbook_search::ask::Question;
use handbook_search::bundle::{Manifest, MANIFEST_NAME};
use handbook_search::details::{self, Digest};
use handbook_search::download::{Download, Downloaded};
use handbook_search::{wire, Engine};
use js_sys::{Array, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, ReadableStreamDefaultReader, RequestCache};

use crate::api::{Load, DATA_DIR, LAST_GOOD_URL, READY_URL};

/// What the worker opened: the bundle's manifest, the bundle of a newer manifest refused in
/// favour of the last good one (so no banner offers it again), and whether the pair is the one
/// the service worker held, opened without asking the network ([`READY_URL`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    /// The manifest of the bundle the engine holds.
    pub manifest: Manifest,
    /// The same manifest as JSON, for the service worker (`browser::report_opened`).
    pub manifest_json: String,
    /// The bundle named by the current manifest, if it failed and the last good pair opened.
    pub refused: Option<String>,
    /// Whether the pair was opened without asking the network.
    pub kept: bool,
}

impl Opened {
    fn new((manifest, manifest_json): Fetched, refused: Option<String>, kept: bool) -> Opened {
        Opened {
            manifest,
            manifest_json,
            refused,
            kept,
        }
    }
}

/// A manifest as fetched: read, and its JSON as it came (what the service worker is told of:
/// passed on rather than written again, which would take a JSON writer into this module).
type Fetched = (Manifest, String);

/// What the worker's wasm memory and live Rust allocations measure, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// The WebAssembly memory's size.
    pub wasm: f64,
    /// Bytes currently allocated by Rust code.
    pub live: f64,
}

/// Download progress goes to the page at most this often (ms), and once the last byte is in. On
/// a phone the bundle arrives in hundreds of small chunks; a message for each kept the page's
/// thread redrawing the bar, and the message that the engine had opened waited behind them
/// (250–290 ms at 4× CPU on the phone profile).
const PROGRESS_EVERY_MS: f64 = 100.0;

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// The worker's clock (ms).
fn now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn post(items: &[JsValue]) {
    let message: Array = items.iter().collect();
    let _ = scope().post_message(&message);
}

/// `bytes` as a message item.
fn bytes_item(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

/// The message item at `index`, as the bytes of a `Uint8Array` (empty if it is not one).
pub fn bytes_at(message: &Array, index: u32) -> Vec<u8> {
    message
        .get(index)
        .dyn_into::<Uint8Array>()
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

fn post_encoded(name: &str, value: &impl Serialize) {
    if let Ok(bytes) = wire::encode(value) {
        post(&[name.into(), bytes_item(&bytes)]);
    }
}

fn answer(id: f64, result: Result<Vec<u8>, String>) {
    let (ok, item) = match result {
        Ok(bytes) => (true, bytes_item(&bytes)),
        Err(message) => (false, message.into()),
    };
    post(&["answer".into(), id.into(), ok.into(), item]);
}

/// `value` in the page's form, or the reader's message.
fn encoded(value: &impl Serialize) -> Result<Vec<u8>, String> {
    wire::encode(value).map_err(|e| e.to_string())
}

/// Tells the page that the start-up step `name` happened now: with the time (ms since the epoch),
/// since the page may read the message later, when its own thread is free.
fn mark(name: &str) {
    let at = scope()
        .performance()
        .map_or(JsValue::UNDEFINED, |p| (p.time_origin() + p.now()).into());
    post(&["mark".into(), name.into(), at]);
}

/// Starts the worker: the panic hook, then the message handler.
pub fn run() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        post(&["crashed".into(), info.to_string().into()]);
    }));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            handle(event.data());
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}

fn handle(data: JsValue) {
    let Ok(message) = data.dyn_into::<Array>() else {
        return;
    };
    let id = message.get(1).as_f64().unwrap_or(0.0);
    match message.get(0).as_string().as_deref() {
        Some("load") => {
            let controlled = message.get(1).is_truthy();
            wasm_bindgen_futures::spawn_local(async move {
                let last_progress = Cell::new(f64::NEG_INFINITY);
                let report = |state: Load| {
                    if let Load::Bundle { received, total } = state {
                        let now = now();
                        if received < total && now - last_progress.get() < PROGRESS_EVERY_MS {
                            return;
                        }
                        last_progress.set(now);
                    }
                    post_encoded("load", &state);
                };
                match load(controlled, &report).await {
                    Ok(opened) => post_encoded("opened", &opened),
                    Err(message) => post_encoded("load", &Load::Failed(message)),
                }
            });
        }
        Some("ask") => {
            let bytes = bytes_at(&message, 2);
            match details_wanted(&bytes) {
                // A record's page or a craft's lesson: its details first, where they can be
                // fetched (its card otherwise, which the page says).
                Some(digest) => wasm_bindgen_futures::spawn_local(async move {
                    let _ = fetch_details(digest).await;
                    answer(id, ask(&bytes));
                }),
                None => answer(id, ask(&bytes)),
            }
        }
        Some("details") => {
            let urls: Vec<String> = ENGINE.with_borrow(|engine| {
                let missing = engine.as_ref().and_then(|e| e.details_missing().ok());
                missing
                    .unwrap_or_default()
                    .iter()
                    .map(details::url)
                    .collect()
            });
            answer(id, encoded(&urls));
        }
        Some("prefetch") => {
            let bytes = bytes_at(&message, 2);
            wasm_bindgen_futures::spawn_local(async move {
                let result = match wire::decode::<Manifest>(&bytes) {
                    Ok(manifest) => match fetch_bundle(&manifest, &|_| {}).await {
                        Ok(_) => encoded(&()),
                        Err(message) => Err(message),
                    },
                    Err(e) => Err(format!("not a manifest: {e}")),
                };
                answer(id, result);
            });
        }
        Some("manifest") => {
            wasm_bindgen_futures::spawn_local(async move {
                let url = format!("{DATA_DIR}/{MANIFEST_NAME}");
                let result = match fetch_manifest_at(&url).await {
                    Ok((manifest, _)) => encoded(&manifest),
                    Err(message) => Err(message),
                };
                answer(id, result);
            });
        }
        Some("memory") => {
            let memory = Memory {
                wasm: crate::probe::wasm_memory(),
                live: crate::probe::live_bytes() as f64,
            };
            answer(id, encoded(&memory));
        }
        Some("panic") => panic!("panic asked for by window.__handbook.panicEngine()"),
        _ => {}
    }
}

/// Answers a question ([`wire`]) with the open engine.
fn ask(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let question: Question = wire::decode(bytes).map_err(|e| format!("not a question: {e}"))?;
    ENGINE.with_borrow(|engine| match engine {
        Some(engine) => engine.answer(&question).map_err(|e| e.to_string()),
        None => Err("the handbook's data is not open yet".into()),
    })
}

/// The details a question waits for, if the engine does not hold them yet
/// ([`Engine::details_for`]).
fn details_wanted(bytes: &[u8]) -> Option<Digest> {
    let question = wire::decode::<Question>(bytes).ok()?;
    ENGINE.with_borrow(|engine| engine.as_ref()?.details_for(&question).ok().flatten())
}

/// Fetches the details file with this digest (through the service worker, which keeps it) and
/// gives it to the engine, which checks it against its digest.
async fn fetch_details(digest: Digest) -> Result<(), String> {
    let url = details::url(&digest);
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| format!("{url}: {e}"))?;
    ENGINE.with_borrow(|engine| match engine {
        Some(engine) => engine
            .add_details(digest, bytes)
            .map_err(|e| format!("{url}: {e}")),
        None => Err("the handbook's data is not open yet".into()),
    })
}

/// `err` as the reader's message, after `context`.
pub fn js_error(context: &str, err: JsValue) -> String {
    format!("{context}: {}", js_detail(&err))
}

/// What a JavaScript error says: its text, or its message.
fn js_detail(err: &JsValue) -> String {
    err.as_string()
        .or_else(|| {
            err.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{err:?}"))
}

/// Fetches the current manifest, bypassing the HTTP cache. Under the service worker this is
/// the network's copy, or the last good one if the network is down or slow (`public/sw.js`).
async fn fetch_manifest() -> Result<Fetched, String> {
    let url = format!("{DATA_DIR}/{MANIFEST_NAME}");
    match early_manifest() {
        Some(request) => {
            let response = JsFuture::from(request)
                .await
                .map_err(|e| not_fetched(&url, &js_detail(&e)))?;
            read_manifest(
                &url,
                Response::from(response.unchecked_into::<web_sys::Response>()),
            )
            .await
        }
        None => fetch_manifest_at(&url).await,
    }
}

/// The request for the manifest that the worker's start script made on a first visit, while
/// the module was still downloading (`scripts/engine-assets.py`): on a phone, a round trip
/// sooner than asking once the module has started. Taken once; `None` on a repeat visit, and
/// once taken.
fn early_manifest() -> Option<js_sys::Promise> {
    let global = js_sys::global();
    let key = JsValue::from_str("handbookManifest");
    let request = Reflect::get(&global, &key).ok()?;
    let _ = Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
    request.dyn_into().ok()
}

/// The reader's message for a manifest that could not be fetched.
fn not_fetched(url: &str, detail: &str) -> String {
    format!("Không tải được {url} ({detail}). Could not fetch the manifest.")
}

/// Fetches the manifest at `url` (no HTTP cache), with the reader's message if that fails.
async fn fetch_manifest_at(url: &str) -> Result<Fetched, String> {
    let response = Request::get(url)
        .cache(RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| not_fetched(url, &e.to_string()))?;
    read_manifest(url, response).await
}

/// The manifest in `response` to a request for `url`, with the reader's message if it is not.
async fn read_manifest(url: &str, response: Response) -> Result<Fetched, String> {
    if !response.ok() {
        return Err(format!(
            "Không tải được {url}: HTTP {} {}. Could not fetch the manifest.",
            response.status(),
            response.status_text()
        ));
    }
    let malformed = |e: &dyn std::fmt::Display| {
        format!("Tệp {url} không hợp lệ ({e}). The manifest is malformed.")
    };
    let json = response.text().await.map_err(|e| malformed(&e))?;
    let manifest = serde_json::from_str(&json).map_err(|e| malformed(&e))?;
    Ok((manifest, json))
}

/// The reader's message for a manifest or a download the app refuses.
fn refused(e: &handbook_search::Error) -> String {
    match e {
        handbook_search::Error::UnsupportedVersion { found, supported } => format!(
            "Dữ liệu ở phiên bản {found} nhưng ứng dụng đọc phiên bản {supported}: hãy tải lại trang. \
             The data is format {found} but this app reads format {supported}: please reload."
        ),
        e => format!(
            "Dữ liệu tải về không khớp với bản mô tả của nó ({e}). \
             The downloaded data does not match its manifest: {e}."
        ),
    }
}

/// Downloads the bundle `manifest` names, reporting progress, and returns its bytes once
/// their size and SHA-256 are the manifest's ([`Download`]; the hash from WebCrypto where the
/// browser offers it).
async fn fetch_bundle(manifest: &Manifest, progress: &impl Fn(Load)) -> Result<Downloaded, String> {
    let mut download = Download::new(manifest).map_err(|e| refused(&e))?;
    let url = format!("{DATA_DIR}/{}", manifest.bundle);
    let response = JsFuture::from(scope().fetch_with_str(&url))
        .await
        .map_err(|e| {
            js_error(
                &format!("Không tải được {url}. Could not fetch the data"),
                e,
            )
        })?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| js_error("fetch", e))?;
    if !response.ok() {
        return Err(format!(
            "Không tải được {url}: HTTP {}. Could not fetch the data.",
            response.status()
        ));
    }
    let total = manifest.bytes;
    progress(Load::Bundle { received: 0, total });
    let body = response.body().ok_or("the data response has no body")?;
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|e| js_error("reading the data", e.into()))?;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| {
            js_error(
                "Mất kết nối khi tải dữ liệu. The download was interrupted",
                e,
            )
        })?;
        let done = Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(|e| js_error("chunk", e))?;
        let array: Uint8Array = value.dyn_into().map_err(|e| js_error("chunk", e))?;
        if let Err(e) = download.push(&array.to_vec()) {
            // More bytes than announced: stop the download rather than read the rest.
            let _ = reader.cancel();
            return Err(refused(&e));
        }
        progress(Load::Bundle {
            received: download.received(),
            total,
        });
    }
    let checked = match web_crypto_sha256(download.bytes()).await {
        Some(digest) => download.finish_with_sha256(&digest),
        None => download.finish(),
    };
    checked.map_err(|e| refused(&e))
}

/// The SHA-256 of `bytes` from the browser's WebCrypto, or `None` where it is unavailable (a
/// page served over plain HTTP from another machine is not a secure context; the crate's own
/// hash then checks the download, more slowly).
async fn web_crypto_sha256(bytes: &[u8]) -> Option<Vec<u8>> {
    let crypto = scope().crypto().ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    if subtle.is_undefined() {
        return None;
    }
    let subtle: web_sys::SubtleCrypto = subtle.unchecked_into();
    // WebCrypto copies the bytes before `digest` returns, so the view into the module's memory
    // is not read after an allocation could have moved it.
    let promise = subtle.digest_with_str_and_u8_array("SHA-256", bytes).ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    Some(Uint8Array::new(&digest).to_vec())
}

/// Downloads, checks and opens the bundle `manifest` names, and keeps the engine.
async fn open(manifest: &Manifest, progress: &impl Fn(Load)) -> Result<(), String> {
    let bytes = fetch_bundle(manifest, progress).await?;
    mark("bundle-fetched");
    progress(Load::Opening);
    let engine = Engine::open_downloaded(bytes).map_err(|e| {
        format!("Dữ liệu sổ tay bị hỏng và không mở được ({e}). The handbook data is damaged: {e}.")
    })?;
    ENGINE.set(Some(engine));
    mark("bundle-opened");
    Ok(())
}

/// On a repeat visit under the service worker (`controlled`), opens the newest pair it holds
/// intact ([`READY_URL`]) without waiting for the network: a phone on a slow or patchy
/// connection gets its handbook at once, and newer data is offered afterwards (the update
/// banner). Otherwise, or if that pair does not open: fetches the manifest and the bundle and
/// opens it; if anything about that pair fails, opens the last good pair the service worker
/// kept ([`LAST_GOOD_URL`]) and says nothing about the failure (the reader has their
/// handbook). Only when both fail is the first error returned.
async fn load(controlled: bool, progress: &impl Fn(Load)) -> Result<Opened, String> {
    mark("engine-start");
    if controlled {
        if let Ok(ready) = fetch_manifest_at(READY_URL).await {
            mark("manifest");
            if open(&ready.0, progress).await.is_ok() {
                mark("kept-pair-opened");
                return Ok(Opened::new(ready, None, true));
            }
        }
    }
    progress(Load::Manifest);
    let current = fetch_manifest().await;
    mark("manifest");
    let first_error = match &current {
        Ok(fetched) => match open(&fetched.0, progress).await {
            Ok(()) => {
                return Ok(Opened::new(fetched.clone(), None, false));
            }
            Err(message) => message,
        },
        Err(message) => message.clone(),
    };
    let refused = current.ok().map(|(m, _)| m.bundle);
    let Ok(last_good) = fetch_manifest_at(LAST_GOOD_URL).await else {
        return Err(first_error);
    };
    if refused.as_ref() == Some(&last_good.0.bundle) {
        return Err(first_error);
    }
    open(&last_good.0, progress)
        .await
        .map_err(|_| first_error.clone())?;
    web_sys::console::warn_1(&format!("opened the last good data instead: {first_error}").into());
    Ok(Opened::new(last_good, refused, false))
}
