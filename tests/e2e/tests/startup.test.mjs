// A first visit's start-up order: the engine's worker asks for the manifest while its module is
// still downloading, not once the module has started (on a phone that is a round trip of the
// network sooner before the bundle can be asked for). The host is played by the test server's
// `intercept`: it holds the engine's module back until the manifest has been asked for. The last
// journey counts the names the page and the service worker ask for the icon under.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, waitReady } from "../lib/handbook.mjs";

/** What the host saw: when the manifest was first asked for, why it let the module go, and
 * every path asked for. */
const host = { manifestAsked: null, moduleReleased: null, onManifest: () => {}, paths: [] };

async function intercept(req, res, path) {
  host.paths.push(path);
  if (path === "/data/manifest.json" && host.manifestAsked === null) {
    host.manifestAsked = performance.now();
    host.onManifest();
  }
  if (/^\/engine-[0-9a-f]+_bg\.wasm$/.test(path) && host.moduleReleased === null) {
    // Held until the manifest is asked for, or for 5 s: a worker that asks only once its
    // module has started would wait all of it.
    const asked = new Promise((ok) => (host.onManifest = () => ok("the manifest was asked for")));
    const waited = new Promise((ok) => setTimeout(() => ok("5 s passed"), 5000));
    host.moduleReleased = host.manifestAsked !== null ? "the manifest was asked for" : await Promise.race([asked, waited]);
  }
  return false;
}

let site;
before(async () => {
  site = await startSite({ intercept });
});
after(async () => {
  await site?.close();
});

test("on a first visit the engine asks for the manifest while its module is still downloading", async () => {
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(site.url + "/");
    await waitReady(page);
    assert.equal(host.moduleReleased, "the manifest was asked for");
    // The manifest so taken is the one the engine opened: a search finds the village.
    await page.locator('input[type="search"]:visible').first().fill("bat trang");
    await page.locator('li.hit[data-id="bat-trang"]').first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a first visit and the service worker's install ask for one icon file, not a copy of it under a second name", async () => {
  const context = await site.browser.newContext();
  try {
    const page = await context.newPage();
    host.paths = [];
    await page.goto(site.url + "/");
    await waitReady(page);
    // Active once its install, which fetches the shell's files, has finished.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const icons = [...new Set(host.paths.filter((p) => /favicon/.test(p)))];
    assert.deepEqual(icons, ["/favicon.svg"]);
  } finally {
    await context.close();
  }
});
