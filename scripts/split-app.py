#!/usr/bin/env python3
"""Trunk post-build hook: the page's WebAssembly in two modules (docs/phone.md, "The page's
module split in two, built").

The app is built with its `split` feature (app/index.html) and linked with its relocations
(app/build.rs), so that `wasm_split_cli` can move what only the later pages use (`later_page` in
app/src/lib.rs: the lists of villages and crafts, the map, the plan, tours, learning, the quiz,
the about page) into a second module. Trunk has bound the unsplit module (without optimising
it: `data-wasm-opt="0"`); this replaces its two files by:

- `app-<hash>.js` and `app-<hash>_bg.wasm`: the first module, which every page loads;
- `app-<hash>_split.js`: the loader that fetches the second module when a later page is first
  shown (a failed fetch shows the page's error, with a way to try again);
- `app-<hash>_later.wasm`: the second module.

The four share one hash, of their contents. index.html names the first two where trunk named
its own (with their subresource integrity), preloads the loader, and names the second module in
`<meta name="handbook-later">`: the service worker keeps it for offline use, and the
prerenderer preloads it on the later pages (app/src/prerender.rs).
"""
import base64
import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile

# The page's source, whose engine link says how trunk optimises a module (`data-wasm-opt="z"` and
# its `data-wasm-opt-params`): the page's two modules are optimised the same way.
SOURCE_HTML = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "app", "index.html")
# The second module's name as wasm_split_cli writes it: after the module named in `later_page`.
CHUNK = "split_later_pages.wasm"
# What wasm_split_cli's loader and wasm-bindgen's bindings call each other.
LOADER = "__wasm_split.js"
MAIN_JS = "main.js"


def fail(message: str) -> "NoReturn":
    sys.exit(f"split-app: {message}")


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(command)} failed:\n{result.stderr}")


def wasm_opt_flags() -> list:
    with open(SOURCE_HTML, encoding="utf-8") as f:
        source = f.read()
    link = re.search(r'<link data-trunk rel="rust"[^>]*data-bin="engine"[^>]*>', source)
    level = link and re.search(r'data-wasm-opt="([^"]+)"', link.group(0))
    params = link and re.search(r'data-wasm-opt-params="([^"]*)"', link.group(0))
    if not (level and params):
        fail(f"{SOURCE_HTML}: no engine link with data-wasm-opt and data-wasm-opt-params")
    return [f"-O{level.group(1)}", *params.group(1).split()]


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> None:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not staging:
        fail("run by trunk as a post_build hook, or pass the dist directory")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(root, "target")
    built = os.path.join(target, "wasm32-unknown-unknown", "wasm-release", "app.wasm")
    index_path = os.path.join(staging, "index.html")
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    names = set(re.findall(r"/(app-[0-9a-f]+)(?:_bg\.wasm|\.js)", html))
    if len(names) != 1:
        fail(f"{index_path}: expected one app module, found {sorted(names) or 'none'}")
    old = names.pop()
    if not os.path.isfile(built):
        fail(f"{built} was not built")

    with tempfile.TemporaryDirectory() as tmp:
        split, bound = os.path.join(tmp, "split"), os.path.join(tmp, "bound")
        run("wasm_split_cli", built, split)
        if not os.path.isfile(os.path.join(split, CHUNK)):
            fail(f"wasm_split_cli wrote no {CHUNK} (is the app built with --features split?)")
        # `--keep-lld-exports`: the second module shares the first one's function table and stack
        # pointer, which wasm-bindgen would otherwise drop from its exports.
        run("wasm-bindgen", "--target", "web", "--weak-refs", "--no-typescript", "--keep-lld-exports",
            "--out-dir", bound, "--out-name", "app", os.path.join(split, "main.wasm"))
        flags = wasm_opt_flags()
        run("wasm-opt", *flags, os.path.join(bound, "app_bg.wasm"), "-o", os.path.join(tmp, "main.wasm"))
        run("wasm-opt", *flags, os.path.join(split, CHUNK), "-o", os.path.join(tmp, "later.wasm"))
        files = {
            "js": open(os.path.join(bound, "app.js"), encoding="utf-8").read(),
            "loader": open(os.path.join(split, LOADER), encoding="utf-8").read(),
            "wasm": open(os.path.join(tmp, "main.wasm"), "rb").read(),
            "later": open(os.path.join(tmp, "later.wasm"), "rb").read(),
        }
    # The bindings import the loader by its file name (`from "./__wasm_split.js"`) and hand it to
    # the module under the same name, which the module's import section keeps: only the former
    # changes.
    for (key, needle) in [("js", f'from "./{LOADER}"'), ("loader", f'"./{MAIN_JS}"'), ("loader", f'"./{CHUNK}"')]:
        if needle not in files[key]:
            fail(f"the {key} script does not name {needle}: has wasm_split_cli or wasm-bindgen changed?")

    digest = hashlib.sha256()
    for key in ("js", "loader"):
        digest.update(files[key].encode())
    for key in ("wasm", "later"):
        digest.update(files[key])
    new = f"app-{digest.hexdigest()[:16]}"
    js = files["js"].replace(f'from "./{LOADER}"', f'from "./{new}_split.js"')
    loader = files["loader"].replace(f'"./{MAIN_JS}"', f'"./{new}.js"').replace(f'"./{CHUNK}"', f'"./{new}_later.wasm"')

    for path in glob.glob(os.path.join(staging, f"{old}*")):
        os.remove(path)
    outputs = {f"{new}.js": js.encode(), f"{new}_split.js": loader.encode(),
               f"{new}_bg.wasm": files["wasm"], f"{new}_later.wasm": files["later"]}
    for name, data in outputs.items():
        with open(os.path.join(staging, name), "wb") as f:
            f.write(data)

    # Trunk's tags name its files with their integrity: the same tags, for these files.
    def retag(match: re.Match) -> str:
        tag = match.group(0)
        name = re.search(r'href="/([^"]+)"', tag).group(1).replace(old, new)
        tag = tag.replace(old, new)
        return re.sub(r'integrity="[^"]*"', f'integrity="{integrity(outputs[name])}"', tag)

    html, tags = re.subn(rf'<link rel="(?:modulepreload|preload)"[^>]*href="/{old}[^"]*"[^>]*>', retag, html)
    if tags != 2:
        fail(f"{index_path}: expected trunk's preload and modulepreload of {old}, found {tags}")
    html = html.replace(old, new)
    preload = re.search(rf'<link rel="modulepreload" href="/{new}\.js"[^>]*>', html).group(0)
    loader_tag = (preload.replace(f"/{new}.js", f"/{new}_split.js")
                  .replace(re.search(r'integrity="[^"]*"', preload).group(0),
                           f'integrity="{integrity(outputs[new + "_split.js"])}"'))
    later = f'<meta name="handbook-later" content="/{new}_later.wasm" />'
    html = html.replace(preload, f"{preload}\n  {loader_tag}\n  {later}", 1)
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    sizes = ", ".join(f"{name} {len(data):,} B" for name, data in outputs.items() if name.endswith(".wasm"))
    print(f"split-app: {old} → {new}: {sizes}")


if __name__ == "__main__":
    main()
