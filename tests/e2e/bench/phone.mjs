// The phone profile (issue 13): Lighthouse's mobile throttling — 150 ms round trip, 1.6 Mbps
// down, 750 kbps up (Network.emulateNetworkConditions) and a CPU four times slower
// (Emulation.setCPUThrottlingRate) — at 390×844, with brotli as a CDN would serve it. The
// benchmark (bench.mjs) measures its "phone" profile with these functions; run on its own, this
// file measures a cold visit to one deep link.
//
// What is measured, from the navigation's start (performance.now() in the page):
//   - deepLink: the entity's name (`main h1`) and summary (`main p.lead`) on screen, and the
//     bytes transferred before then;
//   - homeSearch: a search box on screen that accepts typing, then a query typed at once into
//     it, and its first result on screen.
//
//   node bench/phone.mjs [--dir ../../dist] [--path /village/bat-trang] [--runs 5] [--spa]
//
// `--spa` serves the bare app for every address, as before prerendering, so both can be measured
// on one build. It measures; it does not judge. Prints one JSON object (medians and every run).
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";
import { CHROMIUM_ARGS } from "../lib/handbook.mjs";

/** Lighthouse's mobile network (bytes per second). */
export const MOBILE_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
/** Lighthouse's mobile CPU slowdown. */
export const MOBILE_CPU = 4;
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** The handbook's own selectors; a peer's page passes its own. */
export const HANDBOOK = {
  name: "main h1",
  summary: "main p.lead",
  box: 'input[type="search"]',
  hit: "li.hit",
  // A hit of the engine's, not of the names list that answers first (app/src/pages/search.rs).
  engine: "ol.hits:not([data-early]) li.hit",
};

/**
 * A fresh browser context (so a cold cache) with the phone's screen, network and CPU, or with
 * `network: false, cpu: 1` a desktop one. Service workers are blocked unless asked for.
 */
export async function phoneContext(browser, { serviceWorkers = false, locale = "vi-VN", network = true, cpu = MOBILE_CPU, mobile = true } = {}) {
  const context = await browser.newContext({
    ...(mobile ? { viewport: PHONE_VIEWPORT, isMobile: true, hasTouch: true } : {}),
    locale,
    serviceWorkers: serviceWorkers ? "allow" : "block",
  });
  const page = await context.newPage();
  trackTransfers(page);
  const cdp = await context.newCDPSession(page);
  await throttle(cdp, { network, cpu });
  return { context, page, cdp };
}

/**
 * Follows every response the page and its dedicated workers finish: the engine's worker fetches
 * its own wasm and the data bundle, which the page's resource timings never list. A response
 * the service worker answered crossed no network: it counts no bytes.
 */
export function trackTransfers(page) {
  const done = [];
  page.on("requestfinished", (request) => {
    done.push(
      Promise.all([request.sizes(), request.response()]).then(
        ([sizes, response]) => {
          const t = request.timing();
          const bytes = response?.fromServiceWorker() ? 0 : sizes.responseBodySize + sizes.responseHeadersSize;
          return { end: t.startTime + Math.max(t.responseEnd, 0), bytes };
        },
        () => ({ end: Infinity, bytes: 0 }),
      ),
    );
  });
  transfers.set(page, done);
}
const transfers = new WeakMap();

/** Applies (or lifts, with `network: false, cpu: 1`) the throttling on a page's session. */
export async function throttle(cdp, { network = true, cpu = MOBILE_CPU } = {}) {
  await cdp.send("Network.enable");
  await cdp.send(
    "Network.emulateNetworkConditions",
    network ? MOBILE_NETWORK : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
}

/**
 * Bytes transferred (compressed, as served, headers included) by the responses the page and its
 * workers finished since the current navigation and before `at` (ms on the page's clock), or
 * all of them; the page must have been followed from its start (`trackTransfers`).
 */
export async function bytesBefore(page, at = Infinity) {
  const origin = await page.evaluate(() => performance.timeOrigin);
  const done = await Promise.all(transfers.get(page) ?? []);
  // Only this navigation's: a page reused for repeat visits has finished earlier ones.
  return done.filter((d) => d.end >= origin && d.end - origin <= at).reduce((sum, d) => sum + d.bytes, 0);
}

/**
 * Whether `what` holds in the page — "content" (name and summary visible), "box" (a search box
 * that accepts typing), "hit" (a result visible) or "engine" (one of the engine's) — noting the page's clock in `window[key]`
 * the first time it does. With `watch`, when it does not hold yet, a MutationObserver asks again
 * after every change to the document, so the time noted is when the DOM first held it, not when
 * a poll next looked. Runs in the page (its own name, so the observer can call it again); no eval:
 * the handbook's CSP forbids it.
 */
function holdsInPage({ key, what, selectors: s, watch }) {
  // Visible: laid out, with a box at least partly inside the viewport.
  const shown = (el) => {
    if (!el || el.offsetParent === null) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0;
  };
  const all = (sel) => [...document.querySelectorAll(sel)];
  const visible = (sel) => all(sel).some((el) => shown(el) && el.textContent.trim());
  let ok;
  if (what === "content") ok = visible(s.name) && visible(s.summary);
  else if (what === "box") ok = all(s.box).some((el) => shown(el) && !el.disabled && !el.readOnly);
  else ok = visible(s[what]);
  if (ok && window[key] == null) window[key] = performance.now();
  if (watch && !ok) {
    const observer = new MutationObserver(() => {
      if (holdsInPage({ key, what, selectors: s })) observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  return ok;
}

/**
 * Starts noting, from now on, the first time `what` holds in the page (see `holdsInPage`):
 * call it before the action whose effect `firstTime` then waits for. Without it, the time is
 * that of the first poll that saw it (every 50 ms).
 */
export async function watchFor(page, what, selectors = HANDBOOK) {
  await page.evaluate(holdsInPage, { key: `__${what}At`, what, selectors, watch: true });
}

/**
 * Waits until `what` holds in the page (see `holdsInPage`), polling every 50 ms, and returns the
 * page's clock when it first held (ms since the navigation started).
 */
export async function firstTime(page, what, selectors = HANDBOOK, timeout = 120_000) {
  const key = `__${what}At`;
  await page.waitForFunction(holdsInPage, { key, what, selectors }, { timeout, polling: 50 });
  return page.evaluate((key) => window[key], key);
}

/**
 * A visit to a deep link: the time until the entity's name and summary are on screen, the
 * bytes transferred before then, and first contentful paint.
 */
export async function deepLink(page, url, { selectors = HANDBOOK, timeout = 120_000 } = {}) {
  await page.goto(url, { waitUntil: "commit" });
  const at = await firstTime(page, "content", selectors, timeout);
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
  return { content_ms: at, fcp_ms: fcp, bytes_to_content: await bytesBefore(page, at) };
}

/**
 * A visit to the home page: the time until a search box accepts typing; then `query` typed into
 * it at once (one input event, so the harness's typing speed is not measured) and the time until
 * its first result is on screen, with the bytes transferred by then; and, where the selectors name
 * the engine's hits apart (the handbook's first visit answers from its names list first), the time
 * until the engine's first result is on screen.
 */
export async function homeSearch(page, url, query, { selectors = HANDBOOK, timeout = 120_000 } = {}) {
  await page.goto(url, { waitUntil: "commit" });
  const boxAt = await firstTime(page, "box", selectors, timeout);
  await watchFor(page, "hit", selectors);
  if (selectors.engine) await watchFor(page, "engine", selectors);
  await page.locator(`${selectors.box}:visible`).first().fill(query);
  const hitAt = await firstTime(page, "hit", selectors, timeout);
  const engineAt = selectors.engine ? await firstTime(page, "engine", selectors, timeout) : null;
  return { box_ms: boxAt, first_result_ms: hitAt, bytes_to_first_result: await bytesBefore(page, hitAt), engine_result_ms: engineAt };
}

export const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

/** The median of every numeric field over runs. */
export const medians = (runs) => Object.fromEntries(Object.keys(runs[0] ?? {}).map((k) => [k, median(runs.map((r) => r[k]))]));

async function main() {
  const { values: args } = parseArgs({
    options: {
      dir: { type: "string", default: "../../dist" },
      path: { type: "string", default: "/village/bat-trang" },
      runs: { type: "string", default: "5" },
      spa: { type: "boolean", default: false },
      lang: { type: "string", default: "vi-VN" },
    },
  });
  const dir = resolve(args.dir);
  // As before prerendering: every address is answered with the bare app.
  const intercept = args.spa
    ? async (req, res, path) => {
        if (/\.[a-z0-9]+$/i.test(path)) return false;
        const body = await readFile(join(dir, "404.html"));
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" }).end(body);
        return true;
      }
    : undefined;
  const { server, url } = await serve({ dir, port: 0, intercept });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const runs = [];
  try {
    for (let i = 0; i < Number(args.runs); i++) {
      const { context, page } = await phoneContext(browser, { locale: args.lang });
      const visit = await deepLink(page, url + args.path);
      await page.locator('html[data-handbook="ready"]').waitFor({ state: "attached", timeout: 180_000 });
      runs.push({ ...visit, ready_ms: await page.evaluate(() => performance.now()) });
      await context.close();
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  console.log(JSON.stringify({ path: args.path, spa: args.spa, lang: args.lang, median: medians(runs), runs }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
