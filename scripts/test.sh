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

step "browser journeys (Playwright)"
cd tests/e2e
node --test --test-concurrency=1 tests/
