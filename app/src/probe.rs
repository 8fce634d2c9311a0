//! Hooks for measuring the app from outside (the benchmark, the soak test): performance marks
//! at each start-up step, `window.__handbook` with a search through the engine's worker and the
//! sizes of the WebAssembly memories, and a counting allocator for the live Rust allocations. Nothing here
//! shows on screen, but the allocator is every user's: it wraps the system allocator and costs
//! one atomic add or subtract per allocation, which the benchmark's figures include.

use handbook_search::ask::{Found, Question};
use handbook_search::SearchRequest;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{ask, engine_memory, panic_engine, Handbook};

/// Records a performance mark named `handbook:<name>`, now.
pub fn mark(name: &str) {
    mark_at(name, None);
}

/// Records a performance mark named `handbook:<name>` at `at` (ms since the epoch: when the
/// engine's worker took the step, which its message reports), or now.
pub fn mark_at(name: &str, at: Option<f64>) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let name = format!("handbook:{name}");
    let mark = Reflect::get(&performance, &"mark".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (at, mark) {
        (Some(at), Some(mark)) => {
            // `performance.mark(name, { startTime })` (web-sys has it only as an unstable API).
            let options = Object::new();
            let start = (at - performance.time_origin()).max(0.0);
            let _ = Reflect::set(&options, &"startTime".into(), &start.into());
            let _ = mark.call2(&performance, &name.into(), &options);
        }
        _ => {
            let _ = performance.mark(&name);
        }
    }
}

/// Publishes `window.__handbook` for the benchmark and the tests, once:
/// - `search(text)`: a promise of the number of hits of a search of `text` (at most 10),
///   answered by the engine's worker and read here: a keystroke's whole round trip;
/// - `wasmMemory()`: a promise of the WebAssembly memory of the page and the engine together;
///   `engineMemory()`: the engine's alone; `liveBytes()`: the live Rust allocations of both;
/// - `panic()`: a panic in the page, and `panicEngine()`: in the engine's worker, so a browser
///   test can prove what a crash does.
pub fn publish(handbook: Handbook) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if Reflect::has(&window, &JsValue::from_str("__handbook")).unwrap_or(false) {
        return;
    }
    let hooks = Object::new();
    let search = Closure::<dyn Fn(String) -> Promise>::new(move |text: String| {
        let question = Question::Search(SearchRequest {
            text,
            limit: 10,
            ..Default::default()
        });
        Promise::new(&mut |resolve, reject| {
            ask(handbook, &question, move |answer: Result<Found, String>| {
                let _ = match answer {
                    Ok(results) => {
                        resolve.call1(&JsValue::NULL, &(results.hits.len() as u32).into())
                    }
                    Err(message) => reject.call1(&JsValue::NULL, &message.into()),
                };
            });
        })
    });
    let memory = |engine_only: bool| {
        Closure::<dyn Fn() -> Promise>::new(move || {
            Promise::new(&mut |resolve, reject| {
                engine_memory(handbook, move |answer| {
                    let _ = match answer {
                        Ok(m) => {
                            let page = if engine_only { 0.0 } else { wasm_memory() };
                            resolve.call1(&JsValue::NULL, &(m.wasm + page).into())
                        }
                        Err(message) => reject.call1(&JsValue::NULL, &message.into()),
                    };
                });
            })
        })
    };
    let live = Closure::<dyn Fn() -> Promise>::new(move || {
        Promise::new(&mut |resolve, reject| {
            engine_memory(handbook, move |answer| {
                let _ = match answer {
                    Ok(m) => resolve.call1(&JsValue::NULL, &(m.live + live_bytes() as f64).into()),
                    Err(message) => reject.call1(&JsValue::NULL, &message.into()),
                };
            });
        })
    });
    let panic = Closure::<dyn Fn()>::new(|| panic!("panic asked for by window.__handbook.panic()"));
    let panic_engine = Closure::<dyn Fn()>::new(panic_engine);
    let (wasm, engine) = (memory(false), memory(true));
    let _ = Reflect::set(&hooks, &"search".into(), search.as_ref());
    let _ = Reflect::set(&hooks, &"liveBytes".into(), live.as_ref());
    let _ = Reflect::set(&hooks, &"wasmMemory".into(), wasm.as_ref());
    let _ = Reflect::set(&hooks, &"engineMemory".into(), engine.as_ref());
    let _ = Reflect::set(&hooks, &"panic".into(), panic.as_ref());
    let _ = Reflect::set(&hooks, &"panicEngine".into(), panic_engine.as_ref());
    // Published once; the closures live as long as the page.
    search.forget();
    wasm.forget();
    engine.forget();
    live.forget();
    panic.forget();
    panic_engine.forget();
    let _ = Reflect::set(&window, &JsValue::from_str("__handbook"), &hooks);
}

/// The size of this module's WebAssembly memory, in bytes.
pub fn wasm_memory() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| b.byte_length() as f64)
        })
        .unwrap_or(0.0)
}

/// The allocator, counting the bytes currently allocated so the soak test and the benchmark
/// can tell a leak (live bytes growing) from fragmentation (memory grown, live bytes flat).
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// Bytes currently allocated by the app's Rust code.
pub fn live_bytes() -> usize {
    ALLOCATOR.allocated()
}
