#!/usr/bin/env bash
# Runs every test: formatting and lints, native unit and integration tests (the app's plain
# logic included), the engine in headless Chromium (wasm-bindgen-test), then the built site
# end to end (Playwright).
# Installs whatever is missing first (see scripts/setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh --browser
export CHROMEDRIVER=/usr/bin/chromedriver
# A test run builds once from clean: incremental caches would only cost disk (several GB).
export CARGO_INCREMENTAL=0

step() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
cargo clippy -p app -p handbook-search --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test --workspace
# The prerenderer's own tests (its code exists only with the ssr feature).
cargo test -p app --features ssr --lib prerender::

step "engine in headless Chromium (wasm-bindgen-test)"
cargo test -p handbook-search --target wasm32-unknown-unknown --test web

step "build the site"
./scripts/build-site.sh

# The page's file names are hashes of their contents: a split that differs run to run would
# rename them at every deploy, and every returning phone would download them again.
step "the page's module splits into the same bytes twice (vendor/README.md)"
split_check="$(mktemp -d)"
for run in one two; do
  mkdir "$split_check/$run"
  wasm_split_cli target/wasm32-unknown-unknown/wasm-release/app.wasm "$split_check/$run" >/dev/null
done
diff -r "$split_check/one" "$split_check/two"
rm -rf "$split_check"

step "browser journeys (Playwright)"
cd tests/e2e
node --test --test-concurrency=1 tests/
