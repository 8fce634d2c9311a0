#!/usr/bin/env python3
"""Trunk post-build hook: names the engine's Web Worker by its content, as trunk names the app.

Trunk writes a worker's files under fixed names (`engine.js`, `engine_bg.wasm`: a worker's
address is chosen at run time), so a host's or a browser's HTTP cache could pair one build's
JavaScript with another's WebAssembly. This renames both after a hash of their bytes, writes
the worker's start script (`engine-<hash>_loader.js`: load the bindings, then the module, keeping
the messages that arrive meanwhile) and
puts the three addresses into index.html in place of the placeholder `<meta name="handbook-engine"
content="__ENGINE_LOADER__" />`: the page's first script starts the worker from the first
(app/index.html), and the service worker keeps all three for offline use (`content="/…"`).
"""
import hashlib
import os
import sys

# The worker's start script. A message that arrives before the module has started (the page's
# "load" comes at once) would find no handler and be lost: it is kept, and handed to the
# module's handler once the module has started; a module that does not start says so. The
# module is fetched when the page says ("go" on a first visit, at once on a repeat one).
LOADER = """var early = [];
var started = false;
function start() {
  if (started) return;
  started = true;
  wasm_bindgen({ module_or_path: "/BASE_bg.wasm" }).then(function () {
    self.removeEventListener("message", keep);
    early.forEach(function (data) { self.dispatchEvent(new MessageEvent("message", { data: data })); });
  }, function (e) {
    self.postMessage(["error", "the search engine did not start: " + e]);
  });
}
function keep(e) {
  // The page says when to fetch the module: at once on a repeat visit (["load", true]), and on a
  // first visit once the page's own module has arrived (["go"], app/index.html).
  if (e.data[0] === "go") return start();
  if (e.data[0] === "load" && e.data[1]) start();
  // A first visit (no service worker controls the page): the manifest is asked for now, while
  // the page's module downloads, not once this module has started; app/src/engine_worker.rs
  // takes this request.
  if (e.data[0] === "load" && !e.data[1] && !self.handbookManifest) {
    self.handbookManifest = fetch("/data/manifest.json", { cache: "no-cache" });
  }
  early.push(e.data);
}
self.addEventListener("message", keep);
importScripts("/BASE.js");
"""
PLACEHOLDER = '<meta name="handbook-engine" content="__ENGINE_LOADER__" />'


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not staging:
        print("engine-assets: run by trunk as a post_build hook, or pass the dist directory", file=sys.stderr)
        return 2
    js, wasm = (os.path.join(staging, name) for name in ("engine.js", "engine_bg.wasm"))
    for path in (js, wasm):
        if not os.path.isfile(path):
            print(f"engine-assets: {path} was not built", file=sys.stderr)
            return 1
    digest = hashlib.sha256()
    for path in (js, wasm):
        with open(path, "rb") as f:
            digest.update(f.read())
    base = "engine-" + digest.hexdigest()[:16]
    os.replace(js, os.path.join(staging, base + ".js"))
    os.replace(wasm, os.path.join(staging, base + "_bg.wasm"))
    loader = f"{base}_loader.js"
    with open(os.path.join(staging, loader), "w", encoding="utf-8") as f:
        f.write(LOADER.replace("BASE", base))
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"engine-assets: no {PLACEHOLDER} in {index}", file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(html.replace(PLACEHOLDER, "\n    ".join(
            f'<meta name="{name}" content="/{file}" />'
            for name, file in (("handbook-engine", loader), ("handbook-engine-js", base + ".js"),
                               ("handbook-engine-wasm", base + "_bg.wasm"))
        )))
    print(f"engine-assets: the engine worker is /{loader}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
