#!/usr/bin/env bash
# Trunk post-build hook: stamps the service worker with a version derived from the built files,
# so a new app build makes a new worker (and the old caches are dropped on activate).
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
version="$(cd "$dir" && find . -type f ! -name sw.js ! -path './data/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
sed -i "s/__HANDBOOK_VERSION__/${version}/" "$dir/sw.js"
