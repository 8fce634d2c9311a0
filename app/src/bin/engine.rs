//! The search engine's Web Worker: tantivy and the bundle, off the page's thread
//! (`app::engine_worker`). Trunk builds it beside the app (`app/index.html`, `data-type="worker"`).

fn main() {
    app::engine_worker::run();
}
