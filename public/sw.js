// The handbook's service worker: after the first visit everything works with the network off.
//
// - The app shell (index.html and its content-hashed JS, WASM and CSS) is cached on install, in
//   a cache named after this app version; caches of other versions are deleted on activate.
// - Data bundles are content-hashed: served from the cache, fetched once. When a new manifest
//   names another bundle, bundles it no longer names are dropped.
// - Pages are network-first with the cached shell as fallback; manifest.json likewise.
// VERSION is stamped at build time (scripts/stamp-sw.sh) so a new app makes a new worker.
const VERSION = "__HANDBOOK_VERSION__";
const SHELL = `handbook-shell-${VERSION}`;
const DATA = "handbook-data";
const HASHED = /\.(?:js|wasm|css|png|svg|webmanifest)$/;

async function precache() {
  const cache = await caches.open(SHELL);
  const index = await fetch("/", { cache: "no-cache" });
  const html = await index.clone().text();
  await cache.put("/", index);
  const assets = new Set(["/manifest.webmanifest", "/icon-192.png", "/icon-512.png", "/favicon.svg"]);
  for (const match of html.matchAll(/(?:href|src)="(\/[^"]+)"/g)) {
    if (HASHED.test(match[1])) assets.add(match[1]);
  }
  await Promise.all([...assets].map(async (url) => {
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  }));
  await cacheData();
}

async function cacheData() {
  const response = await fetch("/data/manifest.json", { cache: "no-cache" });
  if (!response.ok) return;
  const manifest = await response.clone().json();
  const cache = await caches.open(DATA);
  await cache.put("/data/manifest.json", response);
  const bundleUrl = `/data/${manifest.bundle}`;
  if (!(await cache.match(bundleUrl))) {
    const bundle = await fetch(bundleUrl);
    if (bundle.ok) await cache.put(bundleUrl, bundle);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.endsWith(".bundle") && path !== bundleUrl) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("handbook-shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "refresh-data") event.waitUntil(cacheData().catch(() => {}));
});

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackKey ?? request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, SHELL, "/"));
  } else if (url.pathname === "/data/manifest.json") {
    event.respondWith(networkFirst(request, DATA));
  } else if (url.pathname.endsWith(".bundle")) {
    event.respondWith(cacheFirst(request, DATA));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request, SHELL));
  }
});
