//! Hooks for measuring the app from outside (the benchmark, the soak test): performance marks
//! at each start-up step, `window.__handbook` with the engine's own search and the size of the
//! WebAssembly memory, and a counting allocator for the live Rust allocations. Nothing here
//! shows on screen, but the allocator is every user's: it wraps the system allocator and costs
//! one atomic add or subtract per allocation, which the benchmark's figures include.

use std::sync::Arc;

use handbook_search::{Engine, SearchRequest};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Records a performance mark named `handbook:<name>`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("handbook:{name}"));
    }
}

/// Publishes `window.__handbook = { search(text) -> hits, wasmMemory() -> bytes,
/// liveBytes() -> bytes, panic() }`; `panic()` panics inside the app, so a browser test can
/// prove the panic hook (`main.rs`) marks the page failed and shows its message.
pub fn publish(engine: Arc<Engine>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hooks = Object::new();
    let search = Closure::<dyn Fn(String) -> u32>::new(move |text: String| {
        engine
            .search(&SearchRequest {
                text,
                limit: 10,
                ..Default::default()
            })
            .map_or(0, |r| r.hits.len() as u32)
    });
    let memory = Closure::<dyn Fn() -> f64>::new(|| {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map(|m| {
                m.buffer()
                    .dyn_into::<js_sys::ArrayBuffer>()
                    .map_or(0.0, |b| b.byte_length() as f64)
            })
            .unwrap_or(0.0)
    });
    let live = Closure::<dyn Fn() -> f64>::new(|| live_bytes() as f64);
    let panic = Closure::<dyn Fn()>::new(|| panic!("panic asked for by window.__handbook.panic()"));
    let _ = Reflect::set(&hooks, &"search".into(), search.as_ref());
    let _ = Reflect::set(&hooks, &"liveBytes".into(), live.as_ref());
    let _ = Reflect::set(&hooks, &"wasmMemory".into(), memory.as_ref());
    let _ = Reflect::set(&hooks, &"panic".into(), panic.as_ref());
    // Published once per opened bundle; the closures live as long as the page.
    search.forget();
    memory.forget();
    live.forget();
    panic.forget();
    let _ = Reflect::set(&window, &JsValue::from_str("__handbook"), &hooks);
}

/// The allocator, counting the bytes currently allocated so the soak test and the benchmark
/// can tell a leak (live bytes growing) from fragmentation (memory grown, live bytes flat).
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// Bytes currently allocated by the app's Rust code.
pub fn live_bytes() -> usize {
    ALLOCATOR.allocated()
}
