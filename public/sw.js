// The handbook's service worker: after the first visit everything works with the network off,
// and no deploy — half uploaded, cut off mid-download, or answered by a host's index.html — can
// break a copy that once worked.
//
// The shell: index.html and its content-hashed JS, WASM and CSS (the engine worker's too, named in
// its <meta content="…">; the later pages' module only once fetched), cached on install in a cache
// named after this app version. Install fails, and the old worker keeps serving the old shell,
// unless every asset arrives intact: an OK response and, for anything but the page, not a page
// (a host that rewrites unknown paths to index.html answers 200 with HTML). A marker written
// last says a shell is complete; activation deletes other versions' shells only once it is.
// Pages are network-first with the cached shell as fallback; the network's page never replaces
// the cached one, which must stay the page that names the cached assets. The shell page is the
// bare app (/404.html, which the prerenderer keeps; / where there is none), so an address
// opened offline never shows another page's prerendered text first.
//
// The data protocol (the app's side is app/src/engine_worker.rs, the engine's Web Worker):
// - /data/manifest.json: the network's, if it answers within MANIFEST_TIMEOUT_MS with a valid
//   manifest; it is kept as the *current* manifest, which names the next bundle to accept.
//   Otherwise (offline, slow, an error, not a manifest) the last good manifest.
// - /data/handbook.<hash>.bundle: from the cache if there; else fetched and passed on to the page
//   as it arrives while a copy is checked: it is cached only if its size and SHA-256 are those
//   of the current or last good manifest. Bytes that do not match are never cached.
// - /data/last-good.json: the last good manifest (404 if none). The app asks for it when the
//   current pair fails anywhere, and opens that pair instead.
// - /data/ready.json: the newest manifest whose bundle is cached intact, without asking the
//   network: the current one if its bundle is cached, else the last good one (404 if neither).
//   On a repeat visit the app opens that pair at once, so a slow or patchy network never holds
//   the handbook back; it then asks for /data/manifest.json, downloads a newer bundle through
//   this worker (which caches it once checked) and offers it with the update banner.
// - message { type: "handbook:opened", manifest: "<manifest JSON>" }, posted by the app once the
//   engine has opened a bundle: if that bundle is cached intact (fetched and checked here if
//   not), the manifest becomes the last good one, and bundles that neither the last good nor the
//   current manifest names are deleted.
// - /data/details/<16 hex>.rec: a record's details (search/src/details.rs), from the cache if
//   there; else fetched, and cached only if the first 8 bytes of its SHA-256 are its name (the
//   engine checks them too, against the digest its bundle names). Never pruned: a release
//   changes few of them, and unchanged ones keep their names.
// - message { type: "handbook:keep", urls: [...] } with a MessagePort: the app keeps the whole
//   handbook for offline use (a later visit, kiosk mode, or the reader's button): this worker
//   fetches and caches each URL — the later pages' module, records' details, nothing else — and
//   answers on the port how many it could not keep. The engine's own Web Worker cannot do it: on
//   a first visit it started before this worker controlled the page, so its requests never
//   reach this worker.
// - message "skip-waiting": the reader asked for the new version (the update banner).
//
// VERSION is stamped at build time (scripts/stamp-sw.sh) so a new app makes a new worker.
const VERSION = "__HANDBOOK_VERSION__";
const SHELL = `handbook-shell-${VERSION}`;
const SHELL_COMPLETE = "/__handbook-shell-complete";
const DATA = "handbook-data";
const CURRENT = "/data/manifest.json";
const LAST_GOOD = "/data/last-good.json";
const READY = "/data/ready.json";
const HASHED = /\.(?:js|wasm|css|png|svg|webmanifest)$/;
// The later pages' module: not kept on install (a first visit keeps what it reads), but once
// fetched (a later page opened, or the handbook kept for offline use: app/src/api.rs, `keep`).
const LATER = /_later\.wasm$/;
// A record's details (search/src/details.rs): named by the first 8 bytes of their SHA-256.
const DETAILS = /^\/data\/details\/([0-9a-f]{16})\.rec$/;
const BUNDLE_NAME = /^handbook\.[0-9a-f]{16}\.bundle$/;
const MANIFEST_TIMEOUT_MS = 3000;
// The app's cap (MAX_BUNDLE_BYTES in search/src/download.rs): 256 MiB.
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

/** Fetches a shell asset; throws unless it arrived intact (see the top of the file). */
async function intact(url, isPage) {
  const response = await fetch(url, { cache: "no-cache" });
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || type.includes("text/html") !== isPage) {
    throw new Error(`shell asset ${url} did not arrive intact (${response.status} ${type})`);
  }
  return response;
}

async function precache() {
  const index = await intact("/404.html", true).catch(() => intact("/", true));
  const html = await index.clone().text();
  const assets = new Set(["/manifest.webmanifest", "/icon-192.png", "/icon-512.png", "/favicon.svg"]);
  for (const match of html.matchAll(/(?:href|src|content)="(\/[^"]+)"/g)) {
    if (HASHED.test(match[1]) && !LATER.test(match[1])) assets.add(match[1]);
  }
  // Everything is fetched before anything is stored: one failure stores nothing.
  const fetched = await Promise.all([...assets].map(async (url) => [url, await intact(url, false)]));
  const cache = await caches.open(SHELL);
  await cache.put("/", index);
  for (const [url, response] of fetched) await cache.put(url, response);
  // The later pages' module a previous version kept, if this one names the same file: the app
  // remembers it as kept (app/src/api.rs, `keep`).
  for (const match of html.matchAll(/content="(\/[^"]+)"/g)) {
    if (!LATER.test(match[1])) continue;
    for (const name of await caches.keys()) {
      const kept = name.startsWith("handbook-shell-") && name !== SHELL && (await (await caches.open(name)).match(match[1]));
      if (kept) {
        await cache.put(match[1], kept);
        break;
      }
    }
  }
  await cache.put(SHELL_COMPLETE, new Response(VERSION));
}

/** The manifest in `text` if it is one this worker can check a bundle against, else null. */
function parseManifest(text) {
  try {
    const m = JSON.parse(text);
    const valid = m && typeof m.bundle === "string" && BUNDLE_NAME.test(m.bundle)
      && typeof m.sha256 === "string" && /^[0-9a-f]{64}$/.test(m.sha256)
      && Number.isSafeInteger(m.bytes) && m.bytes >= 0 && m.bytes <= MAX_BUNDLE_BYTES;
    return valid ? m : null;
  } catch {
    return null;
  }
}

async function keptManifest(cache, key) {
  const response = await cache.match(key);
  return response ? parseManifest(await response.text()) : null;
}

function manifestResponse(text) {
  return new Response(text, { headers: { "content-type": "application/json; charset=utf-8" } });
}

/** Reads `stream` to the end: its bytes if their size and SHA-256 are `manifest`'s, else null. */
async function checkedBytes(stream, manifest) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > manifest.bytes) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (length !== manifest.bytes) return null;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return hex === manifest.sha256 ? bytes : null;
}

function bundleResponse(bytes) {
  return new Response(bytes, { headers: { "content-type": "application/octet-stream" } });
}

/** Deletes the bundles that neither the last good nor the current manifest names. */
async function prune(cache) {
  const keep = new Set();
  for (const key of [LAST_GOOD, CURRENT]) {
    const manifest = await keptManifest(cache, key);
    if (manifest) keep.add(`/data/${manifest.bundle}`);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.endsWith(".bundle") && !keep.has(path)) await cache.delete(request);
  }
}

/** Caches the bundle `manifest` names if it is not cached yet and arrives intact. */
async function cacheBundle(cache, manifest) {
  const url = `/data/${manifest.bundle}`;
  if (await cache.match(url)) return true;
  const response = await fetch(url);
  if (!response.ok || !response.body) return false;
  const bytes = await checkedBytes(response.body, manifest);
  if (!bytes) return false;
  await cache.put(url, bundleResponse(bytes));
  return true;
}

/** On install: the current data pair, so the first offline visit has something to open. */
async function cacheData() {
  const cache = await caches.open(DATA);
  const response = await fetch(CURRENT, { cache: "no-cache" });
  if (!response.ok) return;
  const text = await response.text();
  const manifest = parseManifest(text);
  if (!manifest || !(await cacheBundle(cache, manifest))) return;
  await cache.put(CURRENT, manifestResponse(text));
  await prune(cache);
}

/** The app opened the bundle `text` (a manifest) names: that pair becomes the last good one. */
async function opened(text) {
  const manifest = parseManifest(text);
  if (!manifest) return;
  const cache = await caches.open(DATA);
  if (!(await cacheBundle(cache, manifest))) return;
  await cache.put(LAST_GOOD, manifestResponse(text));
  await prune(cache);
}

/** The last good manifest; failing that, the current one if its bundle is cached. */
async function lastGood(cache) {
  const kept = await cache.match(LAST_GOOD);
  if (kept) return kept;
  const current = await keptManifest(cache, CURRENT);
  if (current && (await cache.match(`/data/${current.bundle}`))) return cache.match(CURRENT);
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await precache();
    await cacheData().catch((err) => console.warn("data not cached on install:", err));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    if (await shell.match(SHELL_COMPLETE)) {
      for (const name of await caches.keys()) {
        if (name.startsWith("handbook-shell-") && name !== SHELL) await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  } else if (event.data?.type === "handbook:keep" && Array.isArray(event.data.urls) && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(keep(event.data.urls).then((failed) => port.postMessage(failed), () => port.postMessage(event.data.urls.length)));
  } else if (event.data?.type === "handbook:opened" && typeof event.data.manifest === "string") {
    event.waitUntil(opened(event.data.manifest).catch((err) => console.warn("last good pair not kept:", err)));
  }
});

async function page(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const cached = await (await caches.open(SHELL)).match("/");
    if (cached) return cached;
    throw err;
  }
}

async function manifest(event) {
  const cache = await caches.open(DATA);
  const network = (async () => {
    const response = await fetch(event.request);
    if (!response.ok) return { response, usable: false };
    const text = await response.clone().text();
    if (!parseManifest(text)) return { response, usable: false };
    await cache.put(CURRENT, manifestResponse(text));
    return { response, usable: true };
  })();
  // The cached copy is stored even when the page was already answered from the cache.
  event.waitUntil(network.catch(() => null));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), MANIFEST_TIMEOUT_MS));
  const first = await Promise.race([network.catch(() => null), timeout]);
  if (first?.usable) return first.response;
  const kept = await lastGood(cache);
  if (kept) return kept;
  // Nothing kept (first visit): whatever the network says, however slowly.
  return (await network).response;
}

/** The newest manifest whose bundle is cached intact: the current one, else the last good. */
async function readyManifest() {
  const cache = await caches.open(DATA);
  const current = await keptManifest(cache, CURRENT);
  if (current && (await cache.match(`/data/${current.bundle}`))) return cache.match(CURRENT);
  const kept = await lastGood(cache);
  return kept ?? new Response("no bundle cached", { status: 404 });
}

async function lastGoodManifest() {
  const kept = await lastGood(await caches.open(DATA));
  return kept ?? new Response("no last good manifest", { status: 404 });
}

async function bundle(event, path) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(path);
  if (cached) return cached;
  const name = path.slice("/data/".length);
  const response = await fetch(event.request);
  let manifest = null;
  for (const key of [CURRENT, LAST_GOOD]) {
    const kept = await keptManifest(cache, key);
    if (kept?.bundle === name) manifest = kept;
  }
  if (!response.ok || !response.body || !manifest) return response;
  // One copy to the page as it arrives (its progress bar), one checked before it is cached.
  const [toPage, toCheck] = response.body.tee();
  event.waitUntil((async () => {
    const bytes = await checkedBytes(toCheck, manifest).catch(() => null);
    if (bytes) await cache.put(path, bundleResponse(bytes));
  })());
  return new Response(toPage, {
    status: response.status,
    statusText: response.statusText,
    headers: { "content-type": response.headers.get("content-type") ?? "application/octet-stream" },
  });
}

/** A record's details: from the cache, else fetched and kept if its bytes hash to its name. */
async function details(request, digest) {
  const cache = await caches.open(DATA);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (!response.ok) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== digest) {
    return new Response("details file does not match its name", { status: 502 });
  }
  await cache.put(request, bundleResponse(bytes));
  return bundleResponse(bytes);
}

/** Files fetched at once while the handbook is kept. */
const KEEP_LANES = 6;

/**
 * Keeps `urls` for offline use, KEEP_LANES at a time: the later pages' module and records'
 * details, each checked as when the page asks for it. Anything else is refused. Resolves to how
 * many were not kept.
 */
async function keep(urls) {
  const queue = urls.filter((url) => typeof url === "string" && (LATER.test(url) || DETAILS.test(url)));
  let failed = urls.length - queue.length;
  const lane = async () => {
    for (let url = queue.pop(); url !== undefined; url = queue.pop()) {
      const request = new Request(url);
      const match = DETAILS.exec(url);
      const response = await (match ? details(request, match[1]) : asset(request)).catch(() => null);
      if (!response?.ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: KEEP_LANES }, lane));
  return failed;
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  const type = response.headers.get("content-type") ?? "";
  if (response.ok && !type.includes("text/html")) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (url.pathname === CURRENT) {
    event.respondWith(manifest(event));
  } else if (url.pathname === LAST_GOOD) {
    event.respondWith(lastGoodManifest());
  } else if (url.pathname === READY) {
    event.respondWith(readyManifest());
  } else if (url.pathname.startsWith("/data/") && BUNDLE_NAME.test(url.pathname.slice(6))) {
    event.respondWith(bundle(event, url.pathname));
  } else if (DETAILS.test(url.pathname)) {
    event.respondWith(details(request, DETAILS.exec(url.pathname)[1]));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(asset(request));
  }
});
