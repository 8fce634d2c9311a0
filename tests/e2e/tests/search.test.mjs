// Journeys of the pipeline: the app loads the bundle, searches as you type, keeps the query in
// the URL, and says clearly when the data cannot be loaded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, HandbookPage, varint, waitReady } from "../lib/handbook.mjs";
import { throttle } from "../bench/phone.mjs";

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

test("typing 'bat trang' shows Bát Tràng as the first result", async () => {
  const h = await HandbookPage.open(site, "/");
  await h.waitReady();
  await h.type("bat trang");
  await h.page.waitForURL(/\/search\?q=bat%20trang([?&]lang=(vi|en))?$/);
  assert.equal(await h.firstHit(), "village/bat-trang");
  const title = h.hits().first().locator(".title");
  assert.equal((await title.innerText()).trim(), "Bát Tràng");
  assert.deepEqual(await title.locator("mark").allInnerTexts(), ["Bát", "Tràng"]);
  assert.deepEqual(h.errors, []);
  await h.close();
});

test("the first keystrokes already find by prefix", async () => {
  const h = await HandbookPage.open(site, "/");
  await h.waitReady();
  await h.type("bat tr");
  assert.equal(await h.firstHit(), "village/bat-trang");
  await h.close();
});

test("a shared search link reloads with its query and results", async () => {
  const h = await HandbookPage.open(site, "/search?q=v%E1%BA%A1n%20ph%C3%BAc");
  await h.waitReady();
  assert.equal(await h.searchBox.inputValue(), "vạn phúc");
  assert.equal(await h.firstHit(), "village/van-phuc-ha-dong");
  await h.page.reload();
  await h.waitReady();
  assert.equal(await h.firstHit(), "village/van-phuc-ha-dong");
  await h.close();
});

test("a result opens the village page", async () => {
  const h = await HandbookPage.open(site, "/search?q=bat%20trang");
  await h.waitReady();
  await h.hits().first().locator("a").click();
  await h.page.waitForURL(/\/village\/bat-trang([?&]lang=(vi|en))?$/);
  assert.equal((await h.page.locator("h1").innerText()).trim(), "Bát Tràng");
  await h.page.goBack();
  await h.page.waitForURL(/\/search\?q=bat%20trang([?&]lang=(vi|en))?$/);
  assert.equal(await h.firstHit(), "village/bat-trang");
  await h.close();
});

test("a result followed right after typing: Back returns to all that was typed", async () => {
  const h = await HandbookPage.open(site, "/search?q=gom");
  await h.waitReady();
  await h.searchBox.fill("bat trang");
  // The URL follows typing only once it pauses (300 ms); the result is pressed before that.
  const first = h.hits().first();
  await first.and(h.page.locator('[data-id="bat-trang"]')).waitFor();
  await first.locator("a").click();
  await h.page.waitForURL(/\/village\/bat-trang([?&]lang=(vi|en))?$/);
  await h.page.goBack();
  await h.page.waitForURL(/\/search\?/);
  assert.equal(new URL(h.page.url()).searchParams.get("q"), "bat trang");
  assert.equal(await h.searchBox.inputValue(), "bat trang");
  await h.close();
});

test("loading shows progress in bytes", async () => {
  // Routes do not see requests a service worker makes, so these contexts have none.
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  let release;
  const held = new Promise((ok) => (release = ok));
  await page.route(/\.bundle$/, async (route) => {
    await held;
    await route.continue();
  });
  // An address with no prerendered page: the app's own page shows while the data loads (on a
  // prerendered page the page itself shows until the app is ready).
  await page.goto(site.url + "/search?q=gom");
  const banner = page.locator('.banner[data-state="loading"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Đang tải/);
  release();
  await waitReady(page);
  await context.close();
});

test("a slow download reports its progress a few times a second, not once a chunk", async () => {
  // On a phone's network the bundle arrives in many small chunks; a message for each kept the
  // page's thread redrawing the bar, and the news that the engine had opened waited behind them.
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__progress = [];
    const Started = window.Worker;
    window.Worker = class extends Started {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", (e) => {
          if (Array.isArray(e.data) && e.data[0] === "load") window.__progress.push([performance.now(), Array.from(e.data[1])]);
        });
      }
    };
  });
  await throttle(await context.newCDPSession(page), { cpu: 1 });
  await page.goto(site.url + "/search?q=gom");
  await waitReady(page);
  // `Load::Bundle { received, total }` is the enum's variant 1 (api.rs).
  const reports = (await page.evaluate(() => window.__progress))
    .filter(([, bytes]) => bytes[0] === 1)
    .map(([at, bytes]) => {
      const [received, next] = varint(bytes, 1);
      return { at, received, total: varint(bytes, next)[0] };
    });
  const last = reports.at(-1);
  assert.ok(reports.length >= 2, `reports: ${JSON.stringify(reports)}`);
  assert.equal(last.received, last.total, "the last report is the whole download");
  const span = last.at - reports[0].at;
  assert.ok(span > 500, `the download took ${span} ms: not a slow one`);
  // At most one report per 100 ms, the first and the last aside.
  assert.ok(reports.length <= span / 100 + 2, `${reports.length} reports in ${Math.round(span)} ms`);
  await context.close();
});

test("a corrupted bundle shows a message, not a blank page", async () => {
  // Routes do not see requests a service worker makes, so these contexts have none.
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route(/\.bundle$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length - 50] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto(site.url + "/village/bat-trang");
  const alert = page.locator('.banner[data-state="failed"]');
  await alert.waitFor();
  // The download is checked against the manifest before the engine sees a byte.
  assert.match(await alert.innerText(), /không khớp|does not match/);
  assert.match(await alert.innerText(), /SHA-256/);
  assert.equal(await page.locator("button", { hasText: "Thử lại" }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a missing manifest shows a message with the HTTP status", async () => {
  // Routes do not see requests a service worker makes, so these contexts have none.
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.route(/manifest\.json$/, (route) => route.fulfill({ status: 404, body: "not found" }));
  await page.goto(site.url + "/");
  const alert = page.locator('.banner[data-state="failed"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /HTTP 404/);
  await context.close();
});

/** Counts `history.pushState`/`replaceState` calls (an init script, before the app runs). */
function countHistoryCalls() {
  window.__historyCalls = { pushState: 0, replaceState: 0 };
  for (const name of ["pushState", "replaceState"]) {
    const original = History.prototype[name];
    History.prototype[name] = function (...args) {
      window.__historyCalls[name]++;
      return original.apply(this, args);
    };
  }
}

// Issue 11: Safari throws after 100 replaceState calls in 30 s; a keystroke each killed a kiosk.
test("typing 300 characters in 10 s writes the address bar a few times, and it ends with the query", async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(countHistoryCalls);
  const h = new HandbookPage(await context.newPage(), site.url);
  await h.goto("/");
  await h.waitReady();
  const text = "gom bat trang lang nghe ".repeat(13).slice(0, 299) + "x";
  assert.equal(text.length, 300);
  await h.searchBox.click();
  const started = Date.now();
  await h.page.keyboard.type(text, { delay: 33 });
  const seconds = (Date.now() - started) / 1000;
  await h.page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q, text);
  const calls = await h.page.evaluate(() => window.__historyCalls);
  const total = calls.pushState + calls.replaceState;
  console.log(`history calls for 300 characters in ${seconds.toFixed(1)} s: ${JSON.stringify(calls)}`);
  assert.ok(total <= 2 + Math.ceil(seconds), `${total} history calls (${JSON.stringify(calls)})`);
  assert.equal(await h.searchBox.inputValue(), text);
  assert.deepEqual(h.errors, []);
  await h.close();
});
