// Page objects and the shared set-up for the browser journeys: the built site (dist/) served on
// loopback, and Debian's Chromium driven by playwright-core.
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { serve } from "../serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.HANDBOOK_DIST ?? join(here, "..", "..", "..", "dist");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // The browser of a Vietnamese visitor: the app follows the browser's languages on a first
  // visit, and most journeys read the Vietnamese interface. A test of another visitor sets its
  // context's `locale`.
  "--lang=vi-VN",
  "--accept-lang=vi-VN,vi",
];

/** The screens the handbook is made for, as Playwright context options. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1920, height: 1080 } };

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** axe's serious and critical violations on `page` as it is, as "rule (impact): targets". */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

/** Serves dist/ and launches Chromium; `close()` stops both. `intercept` as in serve.mjs. */
export async function startSite({ intercept } = {}) {
  const { server, url } = await serve({ dir: DIST, port: 0, intercept });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * Waits until `fn` returns a truthy value in the page, and returns it: `fn` may be async (the
 * Cache API's reads are). Playwright's `waitForFunction` takes the promise an async function
 * returns for a truthy value and returns at once, so a wait on caches there waits for nothing.
 * An evaluation lost to a navigation counts as not yet true. `until` judges the answer (truthy,
 * unless given).
 */
export async function waitUntil(page, fn, arg, { timeout = 30_000, every = 100, until = Boolean } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  let value;
  for (;;) {
    value = await page.evaluate(fn, arg).catch((err) => ((last = err), undefined));
    if (until(value)) return value;
    if (Date.now() > deadline) {
      const got = last ? ` (last error: ${last.message})` : `; last answer ${JSON.stringify(value)}`;
      throw new Error(`not true within ${timeout} ms${got}: ${fn}`);
    }
    await new Promise((ok) => setTimeout(ok, every));
  }
}

/**
 * In the page: what the service worker keeps beyond the shell and the data (app/src/api.rs,
 * `keep`): whether it holds the later pages' module, and how many records' details files.
 */
export async function keptInPage() {
  const later = document.querySelector('meta[name="handbook-later"]')?.content;
  const data = await (await caches.open("handbook-data")).keys();
  return {
    later: Boolean(later && (await caches.match(later))),
    details: data.filter((r) => new URL(r.url).pathname.startsWith("/data/details/")).length,
  };
}

/** [`keptInPage`] of `page`. */
export const keptBeyondCards = (page) => page.evaluate(keptInPage);

/** The records' details files of the build (`dist/data/details`). */
export async function detailsFiles() {
  return (await readdir(join(DIST, "data", "details"))).filter((name) => name.endsWith(".rec"));
}

/**
 * Reads a varint of postcard (`handbook_search::wire`, what the engine's worker and the page
 * exchange) at `at` of `bytes`: `[value, next]`.
 */
export function varint(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** Waits until the app has opened the bundle (`<html data-handbook="ready">`). */
export async function waitReady(page) {
  await page.locator('html[data-handbook="ready"]').waitFor({ state: "attached", timeout: 30_000 });
}

/** Waits until no page data is on its way from the engine's worker: what the last keystroke
 * or navigation asked for is on screen (`<main aria-busy="true">` while it is not). */
export async function settled(page) {
  await page.locator('main[aria-busy="true"]').waitFor({ state: "detached" });
}

/** The handbook as a visitor sees it. */
export class HandbookPage {
  constructor(page, base) {
    this.page = page;
    this.base = base;
    this.errors = [];
    page.on("pageerror", (err) => this.errors.push(err.message));
  }

  static async open(site, path = "/", contextOptions = {}) {
    const context = await site.browser.newContext(contextOptions);
    const page = await context.newPage();
    const handbook = new HandbookPage(page, site.url);
    await handbook.goto(path);
    return handbook;
  }

  async goto(path) {
    await this.page.goto(this.base + path);
  }

  get searchBox() {
    return this.page.locator('input[type="search"]');
  }

  /** Waits until the data is loaded (no loading banner, no error). */
  async waitReady() {
    await waitReady(this.page);
  }

  async type(text) {
    await this.searchBox.click();
    await this.searchBox.pressSequentially(text);
    await this.settled();
  }

  /** Waits until no page data is on its way from the engine's worker (`<main aria-busy>`). */
  async settled() {
    await settled(this.page);
  }

  hits() {
    return this.page.locator("li.hit");
  }

  /** `kind/id` of the first hit, once there is one. */
  async firstHit() {
    const first = this.hits().first();
    await first.waitFor();
    return `${await first.getAttribute("data-kind")}/${await first.getAttribute("data-id")}`;
  }

  async close() {
    await this.page.context().close();
  }
}
