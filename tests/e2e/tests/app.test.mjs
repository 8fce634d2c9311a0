// Journeys through the whole handbook app: every page by deep link, links between records,
// filters in the URL, two languages, QR codes, GPX export, offline use and the update prompt,
// and the axe accessibility checker on every page type.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, HandbookPage, waitReady, waitUntil, axeViolations } from "../lib/handbook.mjs";


let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

const PAGES = {
  home: "/",
  search: "/search?q=gom",
  villages: "/villages",
  crafts: "/crafts",
  tours: "/tours",
  map: "/map?v=bat-trang",
  plan: "/plan",
  about: "/about",
  learn: "/learn",
  learnCraft: "/learn/craft/giay-do",
  quiz: "/learn/quiz?topic=all&seed=7",
  village: "/village/bat-trang",
  craft: "/craft/gom-su",
  product: "/product/bo-gom-men-suoi-ngoc-tan-thinh",
  tour: "/tour/gom-go-bac-song-hong",
};

// What each page shows by deep link: its own heading, and something only its data can show
// (a page that failed to read its data, or read none, has the heading but not this).
const SHOWS = {
  home: { heading: /^Sổ tay Làng nghề Hà Nội$/, data: ["ul.cards li.card strong", /\S/] },
  search: { heading: /^Tìm kiếm$/, data: ["li.hit .title", /gốm/i] },
  villages: { heading: /^Làng nghề$/, data: [".group a", /^Bát Tràng$/] },
  crafts: { heading: /^Các nghề$/, data: [".group a", /^Gốm sứ$/] },
  tours: { heading: /^Tour du lịch làng nghề$/, data: [".tour-card h2 a", /^Gốm và gỗ hai bờ sông Hồng$/] },
  map: { heading: /^Bản đồ làng nghề$/, data: [".map-card h2", /^Bát Tràng$/] },
  plan: { heading: /^Kế hoạch phát triển làng nghề Hà Nội$/, data: ["tbody th", /\S/] },
  about: { heading: /^Giới thiệu$/, data: ["dl.facts code", /^handbook\.[0-9a-f]{16}\.bundle$/] },
  learn: { heading: /^Học về làng nghề$/, data: [".group a", /^Làm giấy dó$/] },
  learnCraft: { heading: /^Làm giấy dó/, data: ["ol.steps li", /dó/] },
  quiz: { heading: /^Bài kiểm tra$/, data: ["li.question legend", /^1\. /] },
  village: { heading: /^Bát Tràng/, data: ['a[href^="/craft/"]', /^Gốm sứ$/] },
  craft: { heading: /^Gốm sứ/, data: [".columns a", /^Bát Tràng$/] },
  product: { heading: /^Bộ sản phẩm gốm men Suối Ngọc/, data: ['[data-testid="ocop"]', /5 sao/] },
  tour: { heading: /^Gốm và gỗ hai bờ sông Hồng/, data: ["ol.stops li", /Bát Tràng/] },
};

test("search → village → craft → product → back", async () => {
  const h = await HandbookPage.open(site, "/");
  await h.waitReady();
  await h.type("bat trang");
  await h.hits().first().locator("a").click();
  await h.page.waitForURL(/\/village\/bat-trang([?&]lang=(vi|en))?$/);
  await h.page.locator('main a[href^="/craft/"]', { hasText: "Gốm sứ" }).click();
  await h.page.waitForURL(/\/craft\/gom-su([?&]lang=(vi|en))?$/);
  // The village stays on screen until the craft's page data has arrived from the engine.
  await h.page.locator("main h1", { hasText: /^Gốm sứ/ }).waitFor();
  await h.page.locator(".columns a", { hasText: "Bát Tràng" }).first().click();
  await h.page.waitForURL(/\/village\/bat-trang([?&]lang=(vi|en))?$/);
  await h.page.locator("a", { hasText: "Bộ sản phẩm gốm men Suối Ngọc" }).click();
  await h.page.waitForURL(/\/product\/bo-gom-men-suoi-ngoc-tan-thinh([?&]lang=(vi|en))?$/);
  assert.match(await h.page.locator('[data-testid="ocop"]').innerText(), /5 sao/);
  await h.page.goBack();
  await h.page.waitForURL(/\/village\/bat-trang([?&]lang=(vi|en))?$/);
  await h.page.goBack();
  await h.page.waitForURL(/\/craft\/gom-su([?&]lang=(vi|en))?$/);
  assert.deepEqual(h.errors, []);
  await h.close();
});

test("filters change the counts and live in the URL", async () => {
  const h = await HandbookPage.open(site, "/search?q=gom");
  await h.waitReady();
  const count = async () => Number((await h.page.locator("p.count").innerText()).match(/\d+/)[0]);
  // The URL changes first; the results follow once the engine has answered. Waits until the
  // count shown is `n`, and says which count it stayed at if it never gets there.
  const countBecomes = async (n) => {
    const shown = (n) => Number(document.querySelector("p.count")?.innerText.match(/\d+/)?.[0]) === n;
    await h.page.waitForFunction(shown, n, { timeout: 10_000 }).catch(() => {});
    return count();
  };
  const all = await count();
  await h.page.locator('a.facet[data-dimension="kind"][data-value="village"]').click();
  await h.page.waitForURL(/kind=village/);
  // The filtered list: every hit a village.
  await h.page
    .waitForFunction(() => {
      const kinds = [...document.querySelectorAll("li.hit")].map((e) => e.dataset.kind);
      return kinds.length > 0 && kinds.every((k) => k === "village");
    }, null, { timeout: 10_000 })
    .catch(() => {});
  const villages = await count();
  assert.ok(villages > 0 && villages < all, `${villages} villages of ${all}`);
  const kinds = await h.page.locator("li.hit").evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(kinds.every((k) => k === "village"), kinds.join(","));
  await h.page.reload();
  await h.waitReady();
  assert.equal(await count(), villages, "the filter survives a reload");
  await h.page.locator('a.facet[data-dimension="district"]').first().click();
  await h.page.waitForURL(/district=/);
  assert.ok((await count()) <= villages);
  await h.page.locator("a.clear-filters").click();
  await h.page.waitForURL(/\/search\?q=gom([?&]lang=(vi|en))?$/);
  assert.equal(await countBecomes(all), all, "clearing the filters brings every result back");
  await h.close();
});

test("every page type opens by deep link with its own heading and data", async () => {
  const h = await HandbookPage.open(site, "/");
  for (const [name, path] of Object.entries(PAGES)) {
    await h.goto(path);
    await h.waitReady();
    const { heading, data } = SHOWS[name];
    const [selector, text] = data;
    const shown = h.page.locator(`main ${selector}`).filter({ hasText: text }).first();
    const found = await shown.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    assert.ok(found, `${name}: no ${selector} showing ${text}`);
    assert.match((await h.page.locator("main h1").first().innerText()).trim(), heading, name);
    assert.equal(await h.page.locator('[data-testid="page-error"]').count(), 0, name);
  }
  await h.goto("/village/khong-co-lang");
  await h.waitReady();
  assert.match(await h.page.locator("main h1").innerText(), /Không tìm thấy/);
  await h.goto("/khong-co-trang");
  assert.match(await h.page.locator("main h1").innerText(), /Không tìm thấy trang/);
  assert.deepEqual(h.errors, []);
  await h.close();
});

test("switch to English and back; the choice is remembered and ?lang= works", async () => {
  const h = await HandbookPage.open(site, "/village/van-phuc-ha-dong");
  await h.waitReady();
  const lang = () => h.page.evaluate(() => document.documentElement.lang);
  assert.equal(await lang(), "vi");
  assert.equal((await h.page.locator("main h1").innerText()).trim(), "Vạn Phúc");
  await h.page.locator("button.lang").click();
  await h.page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(await h.page.locator("main h1").innerText(), /Vạn Phúc silk village/);
  assert.equal(await h.page.locator("nav a", { hasText: "Crafts" }).count(), 1);
  await h.page.reload();
  await h.waitReady();
  assert.equal(await lang(), "en", "remembered after a reload");
  await h.page.locator("button.lang").click();
  await h.page.waitForFunction(() => document.documentElement.lang === "vi");
  assert.equal((await h.page.locator("main h1").innerText()).trim(), "Vạn Phúc");
  await h.goto("/plan?lang=en");
  await h.waitReady();
  await h.page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(await h.page.locator("main h1").innerText(), /Hanoi's craft-village plan/);
  await h.close();
});

test("entity pages carry a QR code of their own address, in the language read", async () => {
  const h = await HandbookPage.open(site, "/");
  for (const name of ["village", "craft", "product", "tour"]) {
    await h.goto(PAGES[name]);
    await h.waitReady();
    const qr = h.page.locator("figure.qr");
    await qr.waitFor();
    assert.equal(await qr.getAttribute("data-url"), `${site.url}${PAGES[name]}?lang=vi`);
    assert.ok((await qr.locator("svg").count()) === 1, `${name} has an SVG code`);
  }
  await h.close();
});

test("GPX export is valid XML with the tour's stops in order", async () => {
  const h = await HandbookPage.open(site, PAGES.tour);
  await h.waitReady();
  await h.page.locator("ol.stops > li").first().waitFor();
  const stops = await h.page.locator("ol.stops > li").count();
  const [download] = await Promise.all([
    h.page.waitForEvent("download"),
    h.page.locator("a[download]").click(),
  ]);
  assert.equal(download.suggestedFilename(), "gom-go-bac-song-hong.gpx");
  const fs = await import("node:fs/promises");
  const xml = await fs.readFile(await download.path(), "utf8");
  const parsed = await h.page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    return {
      error: doc.getElementsByTagName("parsererror").length,
      root: doc.documentElement.nodeName,
      points: [...doc.getElementsByTagName("rtept")].map((p) => p.getElementsByTagName("name")[0].textContent),
    };
  }, xml);
  assert.equal(parsed.error, 0);
  assert.equal(parsed.root, "gpx");
  assert.equal(parsed.points.length, stops);
  assert.deepEqual(parsed.points, ["Bát Tràng", "Giang Cao", "Thiết Úng"]);
  await h.close();
});

test("after one visit the handbook searches offline and shows every record's card", async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url + "/");
  await waitReady(page);
  // Wait until the service worker controls the page and has cached the shell and the data.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await waitUntil(page, async () => {
    const names = await caches.keys();
    const shell = names.find((n) => n.startsWith("handbook-shell-"));
    if (!shell || !names.includes("handbook-data")) return false;
    const cached = await (await caches.open("handbook-data")).keys();
    return cached.some((r) => r.url.endsWith(".bundle"));
  }, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.locator('input[type="search"]').waitFor();
  await page.waitForFunction(() => !document.querySelector('.banner[data-state="loading"], .banner[data-state="failed"]'), null, { timeout: 30_000 });
  await page.locator('input[type="search"]').pressSequentially("van phuc");
  await page.locator("li.hit").first().waitFor();
  assert.equal(await page.locator("li.hit").first().getAttribute("data-id"), "van-phuc-ha-dong");
  await page.locator("li.hit a").first().click();
  await page.waitForURL(/\/village\/van-phuc-ha-dong([?&]lang=(vi|en))?$/);
  assert.equal((await page.locator("main h1").innerText()).trim(), "Vạn Phúc");
  // The record's card (its details are kept on the next visit: offline.test.mjs).
  await page.locator('main [data-testid="card-only"]').waitFor();
  await context.close();
});

test("a new bundle is offered with a reload prompt", async () => {
  // Routes do not see requests a service worker makes, so this context has none.
  const context = await site.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.goto(site.url + "/");
  await waitReady(page);
  assert.equal(await page.locator('[data-state="update"]').count(), 0);
  await page.route(/manifest\.json$/, async (route) => {
    const response = await route.fetch();
    const manifest = await response.json();
    manifest.bundle = "handbook.0000000000000000.bundle";
    await route.fulfill({ response, json: manifest });
  });
  await page.evaluate(() => window.dispatchEvent(new Event("handbook:check")));
  const banner = page.locator('[data-state="update"]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /phiên bản mới/);
  await context.close();
});

test("axe finds no serious or critical violations on any page type", async () => {
  // axe is injected as an inline script, which the page's Content-Security-Policy refuses (as it
  // should); the checker's page lets it in.
  const h = await HandbookPage.open(site, "/", { bypassCSP: true });
  const report = [];
  for (const [name, path] of Object.entries(PAGES)) {
    await h.goto(path);
    await h.waitReady();
    await h.page.locator("main h1").first().waitFor();
    const violations = await axeViolations(h.page);
    if (violations.length) report.push(`${name}: ${violations.join("; ")}`);
  }
  assert.deepEqual(report, []);
  await h.close();
});
