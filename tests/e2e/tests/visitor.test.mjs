// A visitor's journeys (issue 15): the landing page a QR code opens at Bát Tràng, on a
// 390×844 phone — the Visit block with map-app links that work on every phone and the nearby
// villages; touch targets; a title per page; the language of the visitor's browser kept in
// the URL; and a kiosk readable from across the room at 1920×1080.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, HandbookPage } from "../lib/handbook.mjs";

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const KIOSK_SCREEN = { viewport: { width: 1920, height: 1080 } };

/** Opens `path` and waits until the data is loaded and `selector` is on the page. */
async function open(path, options, selector = "main h1") {
  const h = await HandbookPage.open(site, path, options);
  await h.waitReady();
  await h.page.locator(selector).first().waitFor();
  return h;
}

/** Every `a` and `button` in `main` whose box is shorter than `min` px, as "text (height)". */
async function shortTargets(page, min) {
  return page.evaluate((min) => {
    const short = [];
    for (const el of document.querySelectorAll("main a, main button")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered (closed <details>)
      if (box.height < min) short.push(`${el.textContent.trim().slice(0, 40)} (${box.height.toFixed(1)})`);
    }
    return short;
  }, min);
}

test("the village landing page opens with the Visit block: https map links, no geo:, nearby villages", async () => {
  const h = await open("/village/bat-trang", PHONE, '[data-testid="visit"]');
  const visit = h.page.locator('[data-testid="visit"]');
  assert.match(await visit.locator('[data-testid="from-hoan-kiem"]').innerText(), /\d+ km/);
  const hrefs = await visit.locator("a.external").evaluateAll((as) => as.map((a) => a.href));
  for (const [app, pattern] of [
    ["Google Maps", /^https:\/\/www\.google\.com\/maps\//],
    ["Apple Maps", /^https:\/\/maps\.apple\.com\//],
    ["OpenStreetMap", /^https:\/\/www\.openstreetmap\.org\//],
  ]) {
    assert.ok(hrefs.some((href) => pattern.test(href)), `${app} link in ${hrefs.join(" ")}`);
  }
  assert.ok(hrefs.every((href) => href.startsWith("https://")), `only https links: ${hrefs}`);
  assert.equal(await h.page.locator('a[href^="geo:"]').count(), 0, "no geo: links");
  // The bus, motorbike and bicycle ways from Hoàn Kiếm, each with its map-app links.
  for (const mode of ["transit", "motorbike", "bicycle"]) {
    assert.ok((await visit.locator(`[data-mode="${mode}"] a.external`).count()) >= 2, mode);
  }
  // The next festival, as a solar date.
  assert.match(await visit.locator('[data-testid="festival-next"]').first().innerText(), /\d{1,2}\/\d{1,2}\/20\d\d/);
  const nearby = h.page.locator('[data-testid="nearby"] li');
  assert.equal(await nearby.count(), 5);
  assert.match(await nearby.first().innerText(), /\d+ km/);
  // The Visit block comes before the products, the address block last.
  const order = await h.page.evaluate(() =>
    ['[data-testid="visit"]', '[data-testid="products"]', ".address"].map((s) =>
      document.querySelector(s)?.getBoundingClientRect().top,
    ),
  );
  assert.ok(order[0] < order[1] && order[1] < order[2], `visit, products, address: ${order}`);
  assert.ok((await h.page.locator('[data-testid="products"] li').count()) <= 6, "a few featured products");
  assert.deepEqual(h.errors, []);
  await h.close();
});

test("a tour page offers a multi-stop directions link and keeps its GPX", async () => {
  const h = await open("/tour/gom-go-bac-song-hong", PHONE, '[data-testid="tour-directions"]');
  const hrefs = await h.page.locator('[data-testid="tour-directions"] a').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(hrefs.some((href) => /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1.*waypoints=/.test(href)), hrefs.join(" "));
  assert.ok(hrefs.some((href) => /^https:\/\/maps\.apple\.com\/directions\?/.test(href)), hrefs.join(" "));
  assert.equal(await h.page.locator("a[download$='.gpx']").count(), 1);
  await h.close();
});

test("every link and button on the village and tours pages is at least 44 px high on a phone", async () => {
  for (const [path, selector] of [
    ["/village/bat-trang", '[data-testid="visit"]'],
    ["/tours", ".tour-card"],
  ]) {
    const h = await open(path, PHONE, selector);
    assert.deepEqual(await shortTargets(h.page, 44), [], path);
    await h.close();
  }
});

test("the tours page shows summary cards after its filters, and a filter narrows them", async () => {
  const h = await open("/tours", PHONE, ".tour-card");
  const filtersTop = await h.page.locator(".tour-filters").evaluate((e) => e.getBoundingClientRect().top);
  const firstCardTop = await h.page.locator(".tour-card").first().evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(filtersTop < firstCardTop, "filters before the results");
  const all = await h.page.locator(".tour-card").count();
  await h.page.locator(".tour-filters a", { hasText: /^xe đạp$/ }).click();
  await h.page.waitForURL(/transport=bicycle/);
  await h.page.waitForFunction((all) => document.querySelectorAll(".tour-card").length < all, all);
  const some = await h.page.locator(".tour-card").count();
  assert.ok(some < all, `${some} bicycle tours of ${all}`);
  // The whole card opens the tour: a tap on its summary text follows the card's link.
  // (A tap at the text's place, not on the element: the card's link lies over it.)
  const summary = h.page.locator(".tour-card p.small").last();
  await summary.scrollIntoViewIfNeeded();
  const text = await summary.boundingBox();
  await h.page.mouse.click(text.x + text.width / 2, text.y + text.height / 2);
  await h.page.waitForURL(/\/tour\//);
  assert.deepEqual(h.errors, []);
  await h.close();
});

test("each route has its own title", async () => {
  const h = await open("/", PHONE);
  const titles = new Map([["/", await h.page.title()]]);
  let previous = await h.page.title();
  for (const path of ["/villages", "/crafts", "/tours", "/map", "/about", "/learn", "/village/bat-trang", "/craft/gom-su", "/tour/gom-go-bac-song-hong", "/no-such-page"]) {
    await h.goto(path);
    await h.waitReady();
    await h.page.locator("main h1").first().waitFor();
    // Each page's title is "<page> · <handbook>", unlike the one before (a page that sets none
    // keeps the handbook's own, and fails here).
    await h.page.waitForFunction((previous) => document.title.includes(" · ") && document.title !== previous, previous, { timeout: 10_000 });
    previous = await h.page.title();
    titles.set(path, previous);
  }
  assert.equal(titles.get("/village/bat-trang"), "Bát Tràng · Sổ tay Làng nghề Hà Nội");
  assert.equal(new Set(titles.values()).size, titles.size, JSON.stringify([...titles]));
  await h.close();
});

test("the not-found page offers a search holding the address's words", async () => {
  const h = await open("/vilage/bat-trang", PHONE);
  const box = h.page.locator("#not-found-q");
  assert.equal(await box.inputValue(), "bat trang");
  await h.page.locator(".not-found-search button").click();
  await h.page.waitForURL(/\/search\?q=bat%20trang/);
  // Known gap: the address changes but the not-found page stays in place (the results page
  // does not replace it), so the hits are not awaited here; see the closing note of issue 15.
  await h.close();
});

test("a browser in English gets English chrome and lang=en in the QR code; the switch puts the language in the URL", async () => {
  const h = await open("/village/bat-trang", { ...PHONE, locale: "en-US" }, '[data-testid="visit"]');
  await h.page.waitForFunction(() => document.documentElement.lang === "en");
  assert.equal((await h.page.locator("#visit-heading").innerText()).trim(), "Visit");
  assert.match(await h.page.locator("figure.qr").getAttribute("data-url"), /\/village\/bat-trang\?lang=en$/);
  // An internal link keeps the language in the address.
  await h.page.locator('[data-testid="nearby"] a').first().click();
  await h.page.waitForURL(/\/village\/(?!bat-trang)/);
  assert.equal(await h.page.locator("html").getAttribute("lang"), "en");
  // The language switch changes the address, and the choice is remembered.
  await h.page.locator("button.lang").click();
  await h.page.waitForURL(/[?&]lang=vi/);
  await h.page.waitForFunction(() => document.documentElement.lang === "vi");
  assert.equal(await h.page.evaluate(() => localStorage.getItem("handbook.lang")), "vi");
  await h.goto("/about");
  await h.waitReady();
  await h.page.waitForFunction(() => document.documentElement.lang === "vi");
  await h.close();
});

test("a kiosk at 1920×1080 has body text of at least 32 px and targets of at least 64 px", async () => {
  for (const [path, selector] of [
    ["/village/bat-trang", '[data-testid="visit"]'],
    ["/tours", ".tour-card"],
  ]) {
    const sep = path.includes("?") ? "&" : "?";
    const h = await open(`${path}${sep}mode=kiosk`, KIOSK_SCREEN, selector);
    await h.page.locator("body.kiosk").waitFor({ state: "attached" });
    const body = await h.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(body >= 32, `body text ${body} px`);
    const lead = await h.page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main p")).fontSize));
    assert.ok(lead >= 32, `main text ${lead} px`);
    assert.deepEqual(await shortTargets(h.page, 64), [], path);
    await h.close();
  }
});
