#!/usr/bin/env bash
# Builds the site into dist/: the search bundle from seeds/, the page's and the engine's
# WebAssembly (trunk), every page as static HTML (prerender), and the brotli copies a static host
# serves. Run by scripts/serve.sh, scripts/test.sh and `cargo xtask bench`, after
# scripts/setup.sh has put the tools on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cargo run --release -p indexer -- build --seeds seeds --out target/handbook-data

# The two WebAssembly modules are built with the pinned nightly toolchain that setup.sh installs
# (docs/phone.md, "The standard library built for size"): the standard library is compiled
# from source with the modules (`build-std`), for size (`optimize_for_size`: its smaller sort and
# formatting code) and without the file and line of every panic site (`location-detail=none`;
# a panic still shows the reader the crash message). Everything else (the indexer, the
# prerenderer, the tests) uses the stable toolchain. The flag is added to the wasm32 target's
# flags of .cargo/config.toml (cargo joins an environment variable's list to the file's).
# shellcheck source=scripts/wasm-toolchain.sh
source "$root/scripts/wasm-toolchain.sh"
RUSTUP_TOOLCHAIN="$wasm_toolchain" \
  CARGO_UNSTABLE_BUILD_STD="std,panic_abort" \
  CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Ctarget-feature=-reference-types" \
  trunk build --release --offline

cargo run -p app --features ssr --bin prerender -- --data target/handbook-data --dist dist
# The brotli copies a static host serves (quality 11, once, at build time).
node scripts/precompress.mjs dist
