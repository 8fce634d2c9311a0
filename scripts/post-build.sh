#!/usr/bin/env bash
# Trunk post-build hook (trunk runs hooks of one stage concurrently, so the order lives here):
# first the page's module split in two, then the engine worker's files named by their content,
# then the page's WebAssembly asked for first, then the inline-script hashes into index.html's
# Content-Security-Policy, then the service worker's stamp, which hashes the finished files,
# index.html included.
set -euo pipefail
here="$(dirname "$0")"
python3 "$here/split-app.py"
python3 "$here/engine-assets.py"
python3 "$here/preload-first.py"
python3 "$here/csp-hashes.py"
bash "$here/stamp-sw.sh"
