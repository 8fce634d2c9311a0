// The prerendered site: with JavaScript off, each page type reads from its static HTML (its
// name, a field of its data, its own title) and every link in its main part leads to another
// prerendered page, each language's copy linking in its own language (`?lang=vi|en`, as the
// head's canonical and hreflang addresses); before the app starts, the page shows in the
// reader's language and keeps
// what is typed into its search box; then the app takes the page over without changing what
// it shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startSite, varint, waitReady } from "../lib/handbook.mjs";

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

// One page of each type: its heading, something only its data shows, and its title.
const PAGES = [
  { path: "/", heading: /^Sổ tay Làng nghề Hà Nội$/, data: ["ul.cards li.card strong", /\S/], title: /^Sổ tay Làng nghề Hà Nội$/ },
  { path: "/villages", heading: /^Làng nghề$/, data: [".group a", /^Bát Tràng$/], title: /^Làng nghề · / },
  { path: "/crafts", heading: /^Các nghề$/, data: [".group a", /^Gốm sứ$/], title: /^Nghề · / },
  { path: "/tours", heading: /^Tour du lịch làng nghề$/, data: ["li.tour-card h2 a", /^Gốm và gỗ hai bờ sông Hồng$/], title: /^Tour · / },
  { path: "/learn", heading: /^Học về làng nghề$/, data: [".group a", /^Làm giấy dó$/], title: /^Học về làng nghề · / },
  { path: "/learn/craft/giay-do", heading: /^Làm giấy dó/, data: ["ol.steps li", /dó/], title: /giấy dó · /i },
  { path: "/village/bat-trang", heading: /^Bát Tràng/, data: ["ul.chips a", /^Gốm sứ$/], title: /^Bát Tràng · / },
  { path: "/craft/gom-su", heading: /^Gốm sứ/, data: [".columns a", /^Bát Tràng$/], title: /^Gốm sứ · / },
  { path: "/product/bo-bat-dia-am-chen-quang-vinh", heading: /^Bộ bát đĩa, ấm chén OCOP của Gốm sứ Quang Vinh/, data: ['[data-testid="ocop"]', /4 sao/], title: /^Bộ bát đĩa, ấm chén OCOP của Gốm sứ Quang Vinh · / },
  { path: "/tour/gom-go-bac-song-hong", heading: /^Gốm và gỗ hai bờ sông Hồng/, data: ["ol.stops li", /Bát Tràng/], title: /^Gốm và gỗ hai bờ sông Hồng · / },
];

test("with JavaScript off, every page type reads and links to prerendered pages", async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    for (const { path, heading, data, title } of PAGES) {
      await page.goto(site.url + path);
      // With scripts off, the page's Vietnamese copy is the one shown.
      assert.match((await page.locator("main:visible h1").innerText()).trim(), heading, path);
      const [selector, text] = data;
      const shown = await page.locator(`main:visible ${selector}`).allInnerTexts();
      assert.ok(shown.some((t) => text.test(t.trim())), `${path}: ${selector} shows ${text} (got ${shown.slice(0, 5)})`);
      assert.match(await page.title(), title, path);
      // A page read from its host is not offline.
      assert.equal(await page.locator(".banner.offline").count(), 0, `${path} says it is offline`);
      const hrefs = await page.locator("main:visible a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      assert.ok(hrefs.length > 0, `${path} has links`);
      for (const href of new Set(hrefs)) {
        const response = await context.request.get(site.url + href);
        assert.equal(response.status(), 200, `${path} → ${href}`);
        // Quizzes and searches are made for their query by the app; every other page has a file.
        if (!/^\/(learn\/quiz|search)\b/.test(href)) {
          assert.match(await response.text(), /<div id="prerendered">/, `${path} → ${href} is prerendered`);
        }
      }
    }
  } finally {
    await context.close();
  }
});

test("each prerendered copy links in its own language, and the head names the copies the same way", async () => {
  const context = await site.browser.newContext();
  try {
    for (const { path } of PAGES) {
      const html = await (await context.request.get(site.url + path)).text();
      const [, vi, en] = html.split(/<div lang="(?:vi|en)" data-title=/);
      assert.ok(vi && en, `${path}: both copies`);
      for (const [code, copy] of [["vi", vi], ["en", en]]) {
        const hrefs = [...copy.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
        assert.ok(hrefs.length > 0, `${path} (${code}) has links`);
        const other = hrefs.filter((href) => new URL(href, site.url).searchParams.get("lang") !== code);
        assert.deepEqual(other, [], `${path}: the ${code} copy's links carry lang=${code}`);
      }
      assert.match(html, new RegExp(`<link rel="canonical" href="[^"]*${escapeRe(path)}\\?lang=vi"`), `${path} canonical`);
      for (const lang of ["vi", "en"]) {
        assert.match(html, new RegExp(`hreflang="${lang}" href="[^"]*${escapeRe(path)}\\?lang=${lang}"`), `${path} ${lang}`);
      }
      assert.match(html, new RegExp(`hreflang="x-default" href="[^"]*${escapeRe(path)}"`), `${path} x-default`);
    }
  } finally {
    await context.close();
  }
});

/** `text` as a literal inside a regular expression. */
function escapeRe(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("a deep link's text is the same before and after the app starts, on a page of either module", async () => {
  // A record's page is in the page's first module; the tours and the about page are later pages,
  // whose code is the second module (app/src/lib.rs, `later_page`): the app takes those over only
  // once that module is in. It is held back here until the engine has opened, so the app is
  // ready to take over before it has the page's code.
  for (const [path, heading] of [["/village/bat-trang", /Bát Tràng/], ["/tours", /Tour du lịch làng nghề/], ["/about", /Giới thiệu/]]) {
    const context = await site.browser.newContext({ locale: "vi-VN" });
    const release = await holdBack(context, "**/*_later.wasm");
    try {
      const page = await context.newPage();
      // Every text the visible <main> shows from the parsed page on: one, if nothing flashes.
      await page.addInitScript(() => {
        window.__shown = new Set();
        const look = () => {
          const main = [...document.querySelectorAll("main")].find((m) => m.getClientRects().length > 0);
          window.__shown.add(main ? main.innerText.trim() : "");
        };
        document.addEventListener("DOMContentLoaded", () => {
          look();
          new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        });
      });
      await page.goto(site.url + path, { waitUntil: "domcontentloaded" });
      const before = (await page.locator("main:visible").innerText()).trim();
      assert.match(before, heading, path);
      await page.waitForFunction(() => window.__handbook);
      release();
      await waitReady(page);
      assert.equal(await page.locator("#prerendered").count(), 0, `${path}: the app replaced the prerendered page`);
      assert.equal((await page.locator("main:visible").innerText()).trim(), before, path);
      assert.deepEqual(await page.evaluate(() => [...window.__shown]), [before], `${path}: what <main> showed meanwhile`);
    } finally {
      await context.close();
    }
  }
});

test("the app takes over a prerendered page where the reader has scrolled to, on a phone: same offset, same text at the same height", async () => {
  // A reader on a slow network scrolls the prerendered page before the app arrives. Takeover must
  // neither move the page (a section missing or of another height in the app's page) nor scroll
  // it back to the top. A record's page (first module) and the villages list (second module).
  for (const path of ["/village/bat-trang", "/villages"]) {
    const context = await site.browser.newContext({ locale: "vi-VN", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const release = await holdBack(context, "**/app-*.wasm");
    try {
      const page = await context.newPage();
      await page.goto(site.url + path, { waitUntil: "domcontentloaded" });
      await page.evaluate(() => window.scrollTo(0, 900));
      const place = () => page.evaluate(() => {
        const at = document.elementFromPoint(195, 300);
        return { scrollY: window.scrollY, text: at?.innerText.trim().slice(0, 80), top: at?.getBoundingClientRect().top };
      });
      const before = await place();
      assert.equal(before.scrollY, 900, `${path}: the prerendered page is long enough to scroll`);
      assert.ok(before.text, `${path}: some text at the reader's eye level`);
      release();
      await waitReady(page);
      assert.equal(await page.locator("#prerendered").count(), 0, `${path}: the app replaced the prerendered page`);
      assert.deepEqual(await place(), before, path);
    } finally {
      await context.close();
    }
  }
});

test("a later page whose module cannot be fetched says so, with a way to try again; the other pages still work", async () => {
  // No service worker: the context's routes see every request.
  const context = await site.browser.newContext({ locale: "vi-VN", serviceWorkers: "block" });
  let refuse = true;
  await context.route("**/*_later.wasm", (route) => (refuse ? route.abort("internetdisconnected") : route.continue()));
  try {
    const page = await context.newPage();
    await page.goto(site.url + "/");
    await waitReady(page);
    const nav = (name) => page.locator("header nav a").filter({ hasText: name });
    await nav("Giới thiệu").click();
    const error = page.locator('main [data-testid="page-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /chưa được tải về/);
    await page.locator('main[aria-busy="true"]').waitFor({ state: "detached" });
    // A page of the first module opens as ever: a record's, linked from the start page.
    await page.locator("header a.brand").click();
    await page.locator("main ul.cards a[href^='/village/']").first().click();
    await page.waitForURL(/\/village\//);
    await page.locator("main h1").waitFor();
    assert.equal(await page.locator('main [data-testid="page-error"]').count(), 0);
    await page.goBack();
    await page.goBack();
    await error.waitFor();
    // With the network back, "Try again" shows the page.
    refuse = false;
    await error.getByRole("button", { name: "Thử lại" }).click();
    await page.locator("main h1").filter({ hasText: /^Giới thiệu$/ }).waitFor();
    await waitReady(page);
    assert.equal(await page.locator('main [data-testid="page-error"]').count(), 0);
  } finally {
    await context.close();
  }
});

/** Holds back the context's requests for `url` (a glob) until the function returned is called. */
async function holdBack(context, url) {
  let release;
  const gate = new Promise((ok) => (release = ok));
  await context.route(url, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/**
 * A context whose wasm waits until `release()`: the prerendered page, before the app. With
 * `holdData`, the bundle also waits, until `releaseData()`: the engine cannot open before then.
 */
async function beforeTheApp(options, { holdData = false } = {}) {
  const context = await site.browser.newContext(options);
  // The page's own module only: the engine's worker starts at once (on a first visit it
  // fetches its own module once the page's has arrived).
  const release = await holdBack(context, "**/app-*.wasm");
  const releaseData = holdData ? await holdBack(context, "**/*.bundle") : () => {};
  return { context, page: await context.newPage(), release, releaseData };
}

/**
 * A first visit to `/` with `text` typed into the prerendered box, then the page's module let
 * through while the bundle stays held (`releaseData()`): the engine cannot open.
 */
async function typedBeforeTheEngine(text) {
  const handles = await beforeTheApp({ locale: "vi-VN" }, { holdData: true });
  try {
    await handles.page.goto(site.url + "/", { waitUntil: "domcontentloaded" });
    await handles.page.locator("#prerendered input[name=q]:visible").fill(text);
  } catch (e) {
    await handles.context.close();
    throw e;
  } finally {
    handles.release();
  }
  return handles;
}

/** Records every question the page posts to the engine's worker, in order (before any page script). */
async function recordQuestions(page) {
  await page.addInitScript(() => {
    window.__asked = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (Array.isArray(message) && message[0] === "ask") window.__asked.push(Array.from(message[2]));
      return post.call(this, message, ...rest);
    };
  });
}

/** The variants of `enum Question` in search/src/ask.rs, in their order (their index on the wire). */
const QUESTIONS = (() => {
  const source = readFileSync(new URL("../../../search/src/ask.rs", import.meta.url), "utf8");
  const body = source.slice(source.indexOf("pub enum Question {"));
  return [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}([A-Z]\w*)/gm)].map((m) => m[1]);
})();

/**
 * A question as the page posted it (`handbook_search::wire`, postcard), as far as these journeys
 * read it: `{ Search: { text } }` for a search (its first field), else the variant's name.
 */
function question(bytes) {
  const [index, at] = varint(bytes, 0);
  const name = QUESTIONS[index];
  if (name !== "Search") return name;
  const [length, start] = varint(bytes, at);
  return { Search: { text: Buffer.from(bytes.slice(start, start + length)).toString("utf8") } };
}

/** The engine's first question (of those `recordQuestions` saw) was the search for `text`, and no question asked for the home page. */
async function assertSearchAskedFirst(page, text) {
  const asked = (await page.evaluate(() => window.__asked)).map(question);
  assert.equal(asked[0]?.Search?.text, text, `first question: ${JSON.stringify(asked[0])}`);
  assert.ok(!asked.includes("Home"), `questions asked: ${JSON.stringify(asked)}`);
}

test("before the app, the prerendered page is in the reader's language", async () => {
  const cases = [
    { locale: "en-US", path: "/village/bat-trang", heading: /^Bát Tràng pottery village/, title: /Hanoi Craft Village Handbook$/, lang: "en" },
    { locale: "en-US", path: "/village/bat-trang?lang=vi", heading: /^Bát Tràng$/, title: /Sổ tay Làng nghề Hà Nội$/, lang: "vi" },
    { locale: "vi-VN", path: "/crafts?lang=en", heading: /^Crafts$/, title: /Hanoi Craft Village Handbook$/, lang: "en" },
  ];
  for (const { locale, path, heading, title, lang } of cases) {
    const { context, page, release } = await beforeTheApp({ locale });
    try {
      await page.goto(site.url + path, { waitUntil: "domcontentloaded" });
      const h1 = page.locator("main:visible h1");
      assert.match((await h1.innerText()).trim().split("\n")[0], heading, `${locale} ${path}`);
      assert.equal(await page.locator("html").getAttribute("lang"), lang, `${locale} ${path}`);
      assert.match(await page.title(), title, `${locale} ${path}`);
      assert.equal(await page.locator("#prerendered").count(), 1, "the app has not started");
    } finally {
      release();
      await context.close();
    }
  }
});

test("on a first visit the page's module comes first: the engine's worker asks for the manifest before it, its own module after it, and the bundle once; a page read and left asks for no names list", async () => {
  const { context, page, release } = await beforeTheApp({ locale: "vi-VN" });
  try {
    const seen = [];
    page.on("request", (request) => seen.push([new URL(request.url()).pathname, performance.now()]));
    const asked = (pattern) => page.waitForRequest((request) => pattern.test(new URL(request.url()).pathname));
    const manifest = asked(/^\/data\/manifest\.json$/);
    await page.goto(site.url + "/village/bat-trang", { waitUntil: "domcontentloaded" });
    // The page's module is held back. The worker's start script fetches its module before it
    // asks for the manifest when it does not wait (scripts/engine-assets.py): once the manifest
    // is asked for, a module fetched at once would have been asked for too.
    await manifest;
    assert.equal(await page.locator("#prerendered").count(), 1, "the app has not started");
    const releasedAt = performance.now();
    release();
    await waitReady(page);
    const engine = seen.filter(([path]) => /^\/engine-[0-9a-f]+_bg\.wasm$/.test(path));
    assert.equal(engine.length, 1, `the engine's module: ${JSON.stringify(seen)}`);
    assert.ok(engine[0][1] > releasedAt, "the engine's module was asked for after the page's was let through");
    const bundles = seen.filter(([path]) => /^\/data\/[^/]+\.bundle$/.test(path));
    assert.equal(bundles.length, 1, `the bundle was downloaded once: ${JSON.stringify(bundles)}`);
    // Nothing was searched: the names list is asked for only once a search box is used.
    assert.deepEqual(seen.filter(([path]) => path === "/data/names.json"), []);
  } finally {
    release();
    await context.close();
  }
});

test("a first visit answers a search by name before the engine opens, then with the engine's results", async () => {
  const { context, page, release, releaseData } = await typedBeforeTheEngine("bat trang");
  try {
    // The bundle is held: the engine cannot open. The names list answers, and the app's page
    // takes the prerendered one's place with the text and the focus.
    const early = page.locator("ol.hits[data-early] li.hit");
    await early.first().waitFor();
    assert.equal(await page.locator("#prerendered").count(), 0, "the app has taken over");
    assert.equal(await page.locator("html").getAttribute("data-handbook"), "loading");
    assert.equal(await early.first().getAttribute("data-id"), "bat-trang", "the village first");
    assert.match(await page.locator(".search-page p.count").innerText(), /^Tìm theo tên/);
    const input = page.locator("input[name=q]:visible");
    assert.equal(await input.inputValue(), "bat trang");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "q");
    // Typing on answers from the names list too.
    await input.fill("van phuc");
    await page.locator('ol.hits[data-early] li.hit[data-id="van-phuc-ha-dong"]').first().waitFor();
    releaseData();
    await waitReady(page);
    // The engine's results replace the names list's, summaries and all.
    const full = page.locator("ol.hits:not([data-early]) li.hit");
    await full.first().waitFor();
    assert.equal(await page.locator("ol.hits[data-early]").count(), 0);
    assert.equal(await full.first().getAttribute("data-id"), "van-phuc-ha-dong");
    assert.notEqual((await full.first().locator(".summary").innerText()).trim(), "");
  } finally {
    release();
    releaseData();
    await context.close();
  }
});

test("a name found before the engine opens links to its prerendered page, which reads at once", async () => {
  const { context, page, release, releaseData } = await typedBeforeTheEngine("bat trang");
  try {
    const link = page.locator('ol.hits[data-early] li.hit[data-id="bat-trang"] a');
    await link.waitFor();
    assert.equal(await link.getAttribute("rel"), "external", "the host answers, not the app");
    await link.click();
    await page.waitForURL(/\/village\/bat-trang/);
    // The bundle is still held: only the prerendered page can show the village.
    await page.locator("#prerendered main:visible h1").first().waitFor();
    assert.match((await page.locator("#prerendered main:visible h1").first().innerText()).trim(), /^Bát Tràng/);
  } finally {
    release();
    releaseData();
    await context.close();
  }
});

test("the language button works on the prerendered page, before the app has started", async () => {
  const { context, page, release } = await beforeTheApp({ locale: "vi-VN" });
  try {
    await page.goto(site.url + "/village/bat-trang", { waitUntil: "domcontentloaded" });
    await page.locator("#prerendered button.lang:visible").click();
    await page.waitForURL(/\/village\/bat-trang\?lang=en$/);
    // The page's module is still held: the prerendered English copy shows.
    const heading = page.locator("#prerendered main:visible h1").first();
    await heading.waitFor();
    assert.match((await heading.innerText()).trim(), /^Bát Tràng pottery village/);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
  } finally {
    release();
    await context.close();
  }
});

test("a link on the prerendered page loads its page at once while the app waits for the engine", async () => {
  // The app has started, hidden, beside the prerendered page; the bundle is held, so the engine
  // cannot open. Taken by the app's router, the click would change the address and leave the
  // village on screen until the engine opened.
  const { context, page, release, releaseData } = await beforeTheApp({ locale: "vi-VN" }, { holdData: true });
  try {
    await page.goto(site.url + "/village/bat-trang", { waitUntil: "domcontentloaded" });
    release();
    // The app's own links are drawn: its router listens.
    await page.locator("#app header a[href]").first().waitFor({ state: "attached" });
    const link = page.locator('#prerendered main a[href^="/craft/"]').first();
    const href = await link.getAttribute("href");
    const name = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL(site.url + href);
    const heading = page.locator("#prerendered main:visible h1").first();
    await heading.waitFor();
    const shown = (await heading.innerText()).trim();
    assert.ok(shown.startsWith(name), `the page shows ${JSON.stringify(shown)}, not ${JSON.stringify(name)}'s`);
    // A new document, from the host.
    const loaded = await page.evaluate(() => {
      const url = new URL(performance.getEntriesByType("navigation")[0].name);
      return url.pathname + url.search;
    });
    assert.equal(loaded, href);
  } finally {
    release();
    releaseData();
    await context.close();
  }
});

test("what is typed before the app starts is kept and searched", async () => {
  const { context, page, release } = await beforeTheApp({ locale: "vi-VN" });
  try {
    await page.goto(site.url + "/village/bat-trang", { waitUntil: "domcontentloaded" });
    const early = page.locator("#prerendered input[name=q]:visible");
    const preparing = page.locator("#prerendered .search-preparing:visible");
    assert.equal(await preparing.count(), 0, "nothing is said about search before anything is typed");
    await early.fill("gom su");
    // The reader is told, in the page's language, that search is on its way.
    await preparing.waitFor();
    assert.match(await preparing.innerText(), /^Đang chuẩn bị tìm kiếm/);
    release();
    await waitReady(page);
    const input = page.locator("input[name=q]:visible");
    assert.equal(await input.inputValue(), "gom su");
    await page.locator("li.hit").first().waitFor();
    assert.ok((await page.locator("li.hit").count()) > 0, "the typed query has results");
    assert.equal(await page.locator(".search-preparing:visible").count(), 0, "the app has taken over");
  } finally {
    release();
    await context.close();
  }
});

test("what is typed on a prerendered page before the app starts is the engine's first question", async () => {
  // The engine opens after the app has started, as on most repeat visits (the app starts in
  // about 0.1 s, the bundle opens at about 0.17 s); the next journey opens it first.
  const { context, page, release, releaseData } = await beforeTheApp({ locale: "vi-VN" }, { holdData: true });
  try {
    await recordQuestions(page);
    await page.goto(site.url + "/", { waitUntil: "domcontentloaded" });
    await page.locator("#prerendered input[name=q]:visible").fill("gom su");
    release();
    await page.waitForURL(/\/search\?q=gom/);
    releaseData();
    await waitReady(page);
    await page.locator("li.hit").first().waitFor();
    // The search, not first the data of the home page the reader is leaving (which would put
    // the first result one answer later).
    await assertSearchAskedFirst(page, "gom su");
    assert.equal(await page.locator("input[name=q]:visible").inputValue(), "gom su");
  } finally {
    release();
    releaseData();
    await context.close();
  }
});

test("what is typed before the app starts is the engine's first question even when the engine opened first", async () => {
  // The engine opens while the page's module is held back; the app then mounts with the box
  // already filled. Started on the home page, it asked for the home page's data first.
  const { context, page, release } = await beforeTheApp({ locale: "vi-VN" });
  try {
    await recordQuestions(page);
    await page.goto(site.url + "/", { waitUntil: "domcontentloaded" });
    // As on a repeat visit, the engine goes at once (a first visit waits for the page's module).
    await page.evaluate(() => window.handbookEngine.worker.postMessage(["go"]));
    // The messages the page's loader keeps for the app until it starts (app/index.html).
    await page.waitForFunction(() => window.handbookEngine.messages.some((m) => m[0] === "opened"));
    await page.locator("#prerendered input[name=q]:visible").fill("gom su");
    release();
    await waitReady(page);
    await page.locator("li.hit").first().waitFor();
    await assertSearchAskedFirst(page, "gom su");
    assert.match(page.url(), /\/search\?q=gom(\+|%20)su$/);
    // One entry for the search, after the home page's: Back returns to the home page.
    await page.goBack();
    await page.waitForURL(site.url + "/");
    await page.locator("main:visible h1").first().waitFor();
  } finally {
    release();
    await context.close();
  }
});

test("a query typed and deleted before the app starts is not searched", async () => {
  // The data and the names list are held back too, so the prerendered page stays until the box
  // is emptied.
  const { context, page, release, releaseData } = await beforeTheApp({ locale: "vi-VN" }, { holdData: true });
  const releaseNames = await holdBack(context, "**/data/names.json");
  try {
    await page.goto(site.url + "/", { waitUntil: "domcontentloaded" });
    const early = page.locator("#prerendered input[name=q]:visible");
    await early.fill("gom su");
    release();
    // The app has mounted, hidden, and followed the box to the search page.
    await page.waitForURL(/\/search\?q=gom/);
    await early.fill("");
    releaseData();
    await waitReady(page);
    assert.equal(await page.locator("#prerendered").count(), 0, "the app has taken over");
    assert.equal(await page.locator("input[name=q]:visible").inputValue(), "");
    assert.equal(await page.locator("li.hit").count(), 0, "nothing was searched for");
  } finally {
    release();
    releaseData();
    releaseNames();
    await context.close();
  }
});

test("a search box tapped before the app starts keeps the focus when the app takes over", async () => {
  const { context, page, release } = await beforeTheApp({ locale: "vi-VN" });
  try {
    await page.goto(site.url + "/", { waitUntil: "domcontentloaded" });
    await page.locator("#prerendered input[name=q]:visible").focus();
    release();
    await waitReady(page);
    // The prerendered box is gone; the keys typed next go into the app's box, not the body.
    assert.equal(await page.locator("#prerendered").count(), 0, "the app has taken over");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "q");
    await page.keyboard.type("bat trang");
    assert.equal(await page.locator("input[name=q]:visible").inputValue(), "bat trang");
    await page.locator("li.hit").first().waitFor();
  } finally {
    release();
    await context.close();
  }
});
