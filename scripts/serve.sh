#!/usr/bin/env bash
# Builds the search bundle from seeds/ and serves the handbook on http://127.0.0.1:8080.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
cargo run --release -p indexer -- build --seeds seeds --out target/handbook-data
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
