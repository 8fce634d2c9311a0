//! Getting the handbook's data: the manifest (never from the HTTP cache), then the
//! content-hashed bundle (with byte progress, counted and hashed as it arrives and checked
//! against the manifest, [`Download`]), then opening it with the shared engine; and each page's
//! data from the engine ([`use_page_data`]). When anything about the current pair fails, the
//! last good pair the service worker keeps opens instead, and once a bundle has opened the
//! worker is told so ([`browser::report_opened`]). Every failure becomes a message for the
//! reader; nothing here panics.

use std::sync::Arc;

use gloo_net::http::Request;
use handbook_search::bundle::{Manifest, MANIFEST_NAME};
use handbook_search::download::Download;
use handbook_search::Engine;
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, RequestCache};

use crate::browser;

/// Where the indexer's output is served, relative to the site root.
pub const DATA_DIR: &str = "/data";

/// Where the service worker answers with the last good manifest: the one whose bundle last
/// downloaded intact and opened (`public/sw.js`, "The data protocol"). Without a worker the
/// host answers 404 and there is nothing to fall back on.
pub const LAST_GOOD_URL: &str = "/data/last-good.json";

/// Where the service worker answers, without asking the network, with the newest manifest whose
/// bundle it holds intact (`public/sw.js`, "The data protocol"). A repeat visit opens that pair
/// at once and checks the network afterwards ([`load`]).
pub const READY_URL: &str = "/data/ready.json";

/// Where loading the handbook's data stands.
#[derive(Clone)]
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
    /// Ready to search.
    Ready(Arc<Engine>),
    /// Something went wrong; the message says what, for the reader.
    Failed(String),
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
}

impl Handbook {
    /// Creates the handle and starts loading.
    pub fn start() -> Handbook {
        let handbook = Handbook {
            state: RwSignal::new(Load::Manifest),
            manifest: RwSignal::new(None),
            refused: RwSignal::new(None),
        };
        handbook.reload();
        handbook
    }

    /// A handle on an engine already open (prerendering, natively).
    pub fn ready(engine: Arc<Engine>, manifest: Option<Manifest>) -> Handbook {
        Handbook {
            state: RwSignal::new(Load::Ready(engine)),
            manifest: RwSignal::new(manifest),
            refused: RwSignal::new(None),
        }
    }

    /// (Re)starts loading, e.g. after a failure.
    pub fn reload(self) {
        let (state, manifest, refused) = (self.state, self.manifest, self.refused);
        state.set(Load::Manifest);
        browser::mark_document("loading");
        leptos::task::spawn_local(async move {
            let result = load(move |s| state.set(s)).await;
            state.set(match result {
                Ok(loaded) => {
                    browser::report_opened(&loaded.manifest);
                    manifest.set(Some(loaded.manifest));
                    refused.set(loaded.refused);
                    let engine = Arc::new(loaded.engine);
                    crate::probe::publish(engine.clone());
                    browser::mark_document("ready");
                    if loaded.kept {
                        // Opened without asking the network: ask it now, once the engine is
                        // ready (the update banner checks, and offers newer data).
                        leptos::task::spawn_local(async {
                            gloo_timers::future::TimeoutFuture::new(0).await;
                            browser::dispatch("handbook:check");
                        });
                    }
                    Load::Ready(engine)
                }
                Err(message) => {
                    browser::mark_document("failed");
                    Load::Failed(message)
                }
            });
        });
    }

    /// The engine, once ready (tracks the state).
    pub fn engine(self) -> Option<Arc<Engine>> {
        match self.state.get() {
            Load::Ready(engine) => Some(engine),
            _ => None,
        }
    }
}

/// The handbook handle from context.
pub fn use_handbook() -> Handbook {
    expect_context::<Handbook>()
}

/// A page's data, loaded from the engine once it is open: `None` while the handbook loads
/// (the loading banner says so), the engine's error as a message if loading the page's data
/// fails. Recomputed when whatever `load` reads changes (the address, usually).
pub fn use_page_data<T>(
    load: impl Fn(&Engine) -> handbook_search::Result<T> + Send + Sync + 'static,
) -> Memo<Option<Result<T, String>>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let handbook = use_handbook();
    Memo::new(move |_| {
        let engine = handbook.engine()?;
        Some(load(&engine).map_err(|e| e.to_string()))
    })
}

fn js_error(context: &str, err: JsValue) -> String {
    let detail = err
        .as_string()
        .or_else(|| {
            err.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{err:?}"));
    format!("{context}: {detail}")
}

/// Fetches the current manifest, bypassing the HTTP cache. Under the service worker this is
/// the network's copy, or the last good one if the network is down or slow (`public/sw.js`).
pub async fn fetch_manifest() -> Result<Manifest, String> {
    fetch_manifest_at(&format!("{DATA_DIR}/{MANIFEST_NAME}")).await
}

async fn fetch_manifest_at(url: &str) -> Result<Manifest, String> {
    let response = Request::get(url)
        .cache(RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| format!("Không tải được {url} ({e}). Could not fetch the manifest."))?;
    if !response.ok() {
        return Err(format!(
            "Không tải được {url}: HTTP {} {}. Could not fetch the manifest.",
            response.status(),
            response.status_text()
        ));
    }
    response
        .json::<Manifest>()
        .await
        .map_err(|e| format!("Tệp {url} không hợp lệ ({e}). The manifest is malformed."))
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
/// their size and SHA-256 are the manifest's ([`Download`]).
async fn fetch_bundle(manifest: &Manifest, progress: &impl Fn(Load)) -> Result<Vec<u8>, String> {
    let mut download = Download::new(manifest).map_err(|e| refused(&e))?;
    let url = format!("{DATA_DIR}/{}", manifest.bundle);
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(&url))
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
    download.finish().map_err(|e| refused(&e))
}

/// Downloads the bundle `manifest` names and checks it, without opening it: through the service
/// worker, which then keeps it for the next start ([`READY_URL`]). An error says why it was
/// refused.
pub async fn prefetch(manifest: &Manifest) -> Result<(), String> {
    fetch_bundle(manifest, &|_| {}).await.map(|_| ())
}

/// Downloads, checks and opens the bundle `manifest` names.
async fn open(manifest: &Manifest, progress: &impl Fn(Load)) -> Result<Engine, String> {
    let bytes = fetch_bundle(manifest, progress).await?;
    crate::probe::mark("bundle-fetched");
    progress(Load::Opening);
    // Let the browser paint "opening" before the synchronous open.
    gloo_timers::future::TimeoutFuture::new(0).await;
    Engine::open(bytes).map_err(|e| {
        format!("Dữ liệu sổ tay bị hỏng và không mở được ({e}). The handbook data is damaged: {e}.")
    })
}

/// The data the handbook opened: the engine, its manifest, and the bundle of a newer manifest
/// that was refused in favour of the last good one (so no banner offers it again).
pub struct Loaded {
    /// The open engine.
    pub engine: Engine,
    /// The manifest of the bundle the engine holds.
    pub manifest: Manifest,
    /// The bundle named by the current manifest, if it failed and the last good pair opened.
    pub refused: Option<String>,
    /// Whether the pair is the one the service worker held, opened without asking the network
    /// for the current manifest ([`READY_URL`]).
    pub kept: bool,
}

/// On a repeat visit under the service worker, opens the newest pair it holds intact
/// ([`READY_URL`]) without waiting for the network: a phone on a slow or patchy connection
/// gets its handbook at once, and newer data is offered afterwards (the update banner).
/// Otherwise, or if that pair does not open: fetches the manifest and the bundle and opens it;
/// if anything about that pair fails, opens the last good pair the service worker kept
/// ([`LAST_GOOD_URL`]) and says nothing about the failure (the reader has their handbook).
/// Only when both fail is the first error returned.
pub async fn load(progress: impl Fn(Load)) -> Result<Loaded, String> {
    crate::probe::mark("start");
    if browser::controlled() {
        if let Ok(ready) = fetch_manifest_at(READY_URL).await {
            crate::probe::mark("manifest");
            if let Ok(engine) = open(&ready, &progress).await {
                crate::probe::mark("bundle-opened");
                return Ok(Loaded {
                    engine,
                    manifest: ready,
                    refused: None,
                    kept: true,
                });
            }
        }
    }
    let current = fetch_manifest().await;
    crate::probe::mark("manifest");
    let first_error = match &current {
        Ok(manifest) => match open(manifest, &progress).await {
            Ok(engine) => {
                crate::probe::mark("bundle-opened");
                return Ok(Loaded {
                    engine,
                    manifest: manifest.clone(),
                    refused: None,
                    kept: false,
                });
            }
            Err(message) => message,
        },
        Err(message) => message.clone(),
    };
    let refused = current.ok().map(|m| m.bundle);
    let Ok(last_good) = fetch_manifest_at(LAST_GOOD_URL).await else {
        return Err(first_error);
    };
    if refused.as_ref() == Some(&last_good.bundle) {
        return Err(first_error);
    }
    let engine = open(&last_good, &progress)
        .await
        .map_err(|_| first_error.clone())?;
    crate::probe::mark("bundle-opened");
    leptos::logging::warn!("opened the last good data instead: {first_error}");
    Ok(Loaded {
        engine,
        manifest: last_good,
        refused,
        kept: false,
    })
}
