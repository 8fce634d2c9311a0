#!/usr/bin/env bash
# Builds the search bundle from seeds/, the app, and every page as static HTML (prerender), and
# serves dist/ on http://127.0.0.1:8080: a page's own file for each address it has, the app
# (dist/404.html) for any other.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/setup.sh
./scripts/build-site.sh
exec node tests/e2e/serve.mjs --dir dist --host 127.0.0.1 --port 8080
