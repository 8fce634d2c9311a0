#!/usr/bin/env bash
# Builds the search bundle from seeds/, the app, and every page as static HTML (prerender), and
# serves dist/ on http://127.0.0.1:8080: a page's own file for each address it has, the app
# (dist/404.html) for any other.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
cargo run --release -p indexer -- build --seeds seeds --out target/handbook-data
trunk build --release --offline
cargo run -p app --features ssr --bin prerender -- --data target/handbook-data --dist dist
# The brotli copies a static host serves (quality 11, once, at build time).
node scripts/precompress.mjs dist
exec node tests/e2e/serve.mjs --dir dist --host 127.0.0.1 --port 8080
