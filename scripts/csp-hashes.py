#!/usr/bin/env python3
"""Trunk post-build hook: puts the SHA-256 of every inline <script> of the built index.html into
its Content-Security-Policy, in place of the __INLINE_SCRIPT_HASHES__ placeholder.

Trunk writes its loader (the `import init … from '/app-….js'` module) inline, and index.html
has the service-worker registration inline: with their hashes the policy allows exactly these
two scripts and no other inline script, so text injected into a page can never run. Hashes are
taken from the final bytes, so editing either script needs no manual step.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "__INLINE_SCRIPT_HASHES__"


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not staging:
        print("csp-hashes: run by trunk as a post_build hook, or pass the dist directory", file=sys.stderr)
        return 2
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp-hashes: no {PLACEHOLDER} in {path}", file=sys.stderr)
        return 1
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        for body in bodies
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.replace(PLACEHOLDER, hashes))
    print(f"csp-hashes: {len(bodies)} inline scripts hashed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
