//! Getting the handbook's data: the manifest (never cached), then the content-hashed bundle
//! (with byte progress), then opening it with the shared engine; and each page's data from the
//! engine ([`use_page_data`]). Every failure becomes a message for the reader; nothing here
//! panics.

use std::sync::Arc;

use gloo_net::http::Request;
use handbook_search::bundle::{Manifest, FORMAT_VERSION, MANIFEST_NAME};
use handbook_search::Engine;
use js_sys::{Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, RequestCache};

use crate::browser;

/// Where the indexer's output is served, relative to the site root.
pub const DATA_DIR: &str = "/data";

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
}

impl Handbook {
    /// Creates the handle and starts loading.
    pub fn start() -> Handbook {
        let handbook = Handbook {
            state: RwSignal::new(Load::Manifest),
            manifest: RwSignal::new(None),
        };
        handbook.reload();
        handbook
    }

    /// A handle on an engine already open (prerendering, natively).
    pub fn ready(engine: Arc<Engine>, manifest: Option<Manifest>) -> Handbook {
        Handbook {
            state: RwSignal::new(Load::Ready(engine)),
            manifest: RwSignal::new(manifest),
        }
    }

    /// (Re)starts loading, e.g. after a failure.
    pub fn reload(self) {
        let (state, manifest) = (self.state, self.manifest);
        state.set(Load::Manifest);
        browser::mark_document("loading");
        leptos::task::spawn_local(async move {
            let result = load(move |s| state.set(s)).await;
            state.set(match result {
                Ok((engine, loaded)) => {
                    manifest.set(Some(loaded));
                    let engine = Arc::new(engine);
                    crate::probe::publish(engine.clone());
                    browser::mark_document("ready");
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

/// Fetches the current manifest, bypassing caches.
pub async fn fetch_manifest() -> Result<Manifest, String> {
    let url = format!("{DATA_DIR}/{MANIFEST_NAME}");
    let response = Request::get(&url)
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

/// Downloads the bundle, reporting progress, and returns its bytes.
async fn fetch_bundle(manifest: &Manifest, progress: &impl Fn(Load)) -> Result<Vec<u8>, String> {
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
    let mut bytes = Vec::with_capacity(total as usize);
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
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        progress(Load::Bundle {
            received: bytes.len() as u64,
            total,
        });
    }
    Ok(bytes)
}

/// Fetches the manifest and the bundle and opens it.
pub async fn load(progress: impl Fn(Load)) -> Result<(Engine, Manifest), String> {
    crate::probe::mark("start");
    let manifest = fetch_manifest().await?;
    crate::probe::mark("manifest");
    if manifest.format_version != FORMAT_VERSION {
        return Err(format!(
            "Dữ liệu ở phiên bản {} nhưng ứng dụng đọc phiên bản {FORMAT_VERSION}: hãy tải lại trang. \
             The data is format {} but this app reads format {FORMAT_VERSION}: please reload.",
            manifest.format_version, manifest.format_version
        ));
    }
    let bytes = fetch_bundle(&manifest, &progress).await?;
    crate::probe::mark("bundle-fetched");
    progress(Load::Opening);
    // Let the browser paint "opening" before the synchronous open.
    gloo_timers::future::TimeoutFuture::new(0).await;
    let engine = Engine::open(bytes).map_err(|e| {
        format!("Dữ liệu sổ tay bị hỏng và không mở được ({e}). The handbook data is damaged: {e}.")
    })?;
    crate::probe::mark("bundle-opened");
    Ok((engine, manifest))
}
