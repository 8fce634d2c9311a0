#!/usr/bin/env bash
# Installs what the handbook needs and is missing, on a fresh machine of this kind (a Rust
# toolchain and Node.js): the wasm32 target, trunk, wasm-bindgen-cli at exactly the version in
# Cargo.lock, wasm_split_cli, wasm-opt and Playwright from npm, and (with --browser) Debian's
# Chromium.
# Safe to run again: everything present is kept. Source it to get the tools on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_browser=0
for arg in "$@"; do
  [ "$arg" = "--browser" ] && want_browser=1
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release WebAssembly's toolchain (scripts/build-site.sh): a pinned nightly with the standard
# library's source, which it compiles for size. The minimal profile: no docs, no clippy.
# shellcheck source=scripts/wasm-toolchain.sh
source "$root/scripts/wasm-toolchain.sh"
if ! rustup component list --toolchain "$wasm_toolchain" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing the $wasm_toolchain toolchain with rust-src (the release WebAssembly's)"
  rustup toolchain install "$wasm_toolchain" --profile minimal --component rust-src
fi

trunk_version="0.21.14"
if ! trunk --version 2>/dev/null | grep -q "$trunk_version"; then
  say "installing trunk $trunk_version (about 12 minutes)"
  cargo install trunk --version "$trunk_version" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly.
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version (about 4 minutes)"
  # Not --locked: a locked dependency of it is missing from the registry.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# wasm_split_cli splits the page's WebAssembly in two (scripts/split-app.py). Its runtime half,
# wasm_split_helpers, comes through leptos; 0.2.0 is the command-line tool that pairs with it,
# patched to write the same bytes for the same input (vendor/README.md), so that a deploy of
# unchanged code keeps the page's file names and a returning phone downloads only what changed.
split_version="0.2.0+deterministic"
if ! cargo install --list | grep -q "^wasm_split_cli_support v$split_version "; then
  say "installing wasm_split_cli $split_version (about a minute)"
  cargo install --path "$root/vendor/wasm_split_cli_support" --features build-binary --locked \
    --target-dir "$root/target/wasm-split-cli"
fi

if [ ! -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/tests/e2e/node_modules/playwright-core" ] \
   || [ "$root/tests/e2e/package-lock.json" -nt "$root/tests/e2e/node_modules/.package-lock.json" ]; then
  say "installing wasm-opt (binaryen) and the test tools from npm"
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund)
fi
export PATH="$root/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Trunk's post-build step hashes the inline scripts into the CSP with python3.
if ! command -v python3 >/dev/null; then
  say "installing python3 (the build's CSP step)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3
fi

if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Chromium and ChromeDriver (Debian packages)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi
