// A visitor's journeys (issue 15): the landing page a QR code opens at Bát Tràng, on a
// 390×844 phone — the Visit block with map-app links that work on every phone and the nearby
// villages; touch targets; a title per page; the language of the visitor's browser kept in
// the URL; a kiosk readable from across the room at 1920×1080 and 1080×1920, with a start
// screen to pick a language and a keyboard only while searching; the plan page on a phone; and
// a quiz a teacher prints on one A4 sheet, with its answer key on another.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, HandbookPage, PHONE, axeViolations } from "../lib/handbook.mjs";


let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});


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

test("a tour's hours are written in the reader's language: a decimal comma in Vietnamese, a point in English, and the unit in the language", async () => {
  const hours = async (path, pattern) => {
    const h = await open(path, PHONE, ".tour-card");
    const text = await h.page.locator(".tour-card").allInnerTexts();
    await h.close();
    return text.join("\n").match(pattern) ?? [];
  };
  const vi = await hours("/tours?lang=vi", /khoảng [0-9.,]+ giờ/g);
  assert.ok(vi.some((s) => /\d,\d/.test(s)), vi.join(" · "));
  assert.ok(!vi.some((s) => /\d\.\d/.test(s)), vi.join(" · "));
  const en = await hours("/tours?lang=en", /about [0-9.,]+ h/g);
  assert.ok(en.some((s) => /\d\.\d/.test(s)), en.join(" · "));
  assert.ok(!en.some((s) => /\d,\d/.test(s)), en.join(" · "));
  // A tour's own page: its estimated time, with the unit in the reader's language.
  for (const [lang, pattern] of [["vi", /^5,5 giờ$/], ["en", /^5\.5 h$/]]) {
    const h = await open(`/tour/gom-go-bac-song-hong?lang=${lang}`, PHONE, '[data-testid="duration"]');
    const duration = await h.page.locator('[data-testid="duration"]').innerText();
    await h.close();
    assert.match(duration, pattern, lang);
  }
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

/** Internal links on the page (`href` starting with "/") that do not carry `lang=<code>`. */
async function linksWithoutLang(page, code) {
  return page.locator('a[href^="/"]').evaluateAll(
    (links, code) => links.map((a) => a.getAttribute("href")).filter((href) => new URL(href, location.href).searchParams.get("lang") !== code),
    code,
  );
}

test("on an English page every link keeps lang=en: three page types followed, and the copied address opens in English on a Vietnamese browser", async () => {
  // The browser is Vietnamese (the suite's default); the link chose English.
  const h = await open("/villages?lang=en", PHONE, ".group a");
  const steps = [
    ['main .group a[href^="/village/bat-trang?"]', /^\/village\/bat-trang\?lang=en$/],
    ['main [data-testid="products"] a', /^\/product\/[^/?]+\?lang=en$/],
    ['main a[href^="/craft/"]', /^\/craft\/[^/?]+\?lang=en$/],
  ];
  for (const [selector, path] of steps) {
    assert.deepEqual(await linksWithoutLang(h.page, "en"), [], `every link on ${h.page.url()} carries lang=en`);
    await h.page.locator(selector).first().click();
    await h.page.waitForURL((url) => path.test(url.pathname + url.search));
    await h.page.locator("main h1").first().waitFor();
    assert.equal(await h.page.locator("html").getAttribute("lang"), "en", h.page.url());
    assert.equal((await h.page.locator("header nav a").first().innerText()).trim(), "Villages", h.page.url());
  }
  assert.deepEqual(await linksWithoutLang(h.page, "en"), [], `every link on ${h.page.url()} carries lang=en`);
  const copied = h.page.url();
  const heading = (await h.page.locator("main h1").first().innerText()).trim();
  await h.close();

  // The copied link, in a fresh browser set to Vietnamese with nothing remembered.
  const fresh = await HandbookPage.open(site, new URL(copied).pathname + new URL(copied).search, { ...PHONE, locale: "vi-VN" });
  await fresh.waitReady();
  await fresh.page.waitForFunction(() => document.documentElement.lang === "en");
  assert.equal((await fresh.page.locator("main h1").first().innerText()).trim(), heading);
  assert.equal((await fresh.page.locator("header nav a").first().innerText()).trim(), "Villages");
  assert.deepEqual(await linksWithoutLang(fresh.page, "en"), []);
  assert.deepEqual(fresh.errors, []);
  await fresh.close();
});

const KIOSK_SCREENS = {
  landscape: { viewport: { width: 1920, height: 1080 } },
  portrait: { viewport: { width: 1080, height: 1920 } },
};

/** Opens `path` in kiosk mode (idle `idle` s) and waits for the kiosk layout. */
async function kiosk(path, options, idle = 600) {
  const sep = path.includes("?") ? "&" : "?";
  const h = await HandbookPage.open(site, `${path}${sep}mode=kiosk&idle=${idle}`, { serviceWorkers: "block", ...options });
  await h.waitReady();
  await h.page.locator("body.kiosk").waitFor({ state: "attached" });
  return h;
}

/** Picks a language on the kiosk's start screen. */
async function choose(h, code) {
  const start = h.page.locator('[data-testid="kiosk-start"]');
  await start.locator(`button[data-lang="${code}"]`).click();
  await start.waitFor({ state: "detached" });
  await h.page.waitForFunction((code) => document.documentElement.lang === code, code);
}


test("the kiosk's attract loop waits behind the start screen and starts once a language is chosen", async () => {
  const h = await kiosk("/", KIOSK_SCREENS.landscape);
  await h.page.locator('[data-testid="kiosk-start"]').waitFor();
  await h.page.locator('[data-testid="spotlight"]').waitFor({ state: "attached" });
  // Nothing can be awaited here: what is tested is that nothing happens. Over more than one of
  // the loop's 6 s turns, the spotlight is not redrawn (it was, every second, before).
  const redrawn = await h.page.evaluate(
    () =>
      new Promise((done) => {
        let changes = 0;
        const watch = new MutationObserver((records) => {
          changes += records.filter((r) => r.target.closest?.('[data-testid="spotlight"]') || [...r.addedNodes].some((n) => n.dataset?.testid === "spotlight")).length;
        });
        watch.observe(document.querySelector("main"), { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => {
          watch.disconnect();
          done(changes);
        }, 7_500);
      }),
  );
  assert.equal(redrawn, 0, "the spotlight is still behind the start screen");
  assert.equal(await h.page.locator('[data-testid="spotlight"]').getAttribute("data-index"), "0");
  await choose(h, "en");
  // The visitor stays quiet: the loop moves on to the next card.
  await h.page.locator('[data-testid="spotlight"][data-index="1"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(h.errors, []);
  await h.close();
});

/** Share of the screen's height the on-screen keyboard covers (0 when hidden). */
function keyboardShare(page) {
  return page.evaluate(() => {
    const kb = document.querySelector("section.keyboard");
    return kb ? kb.getBoundingClientRect().height / innerHeight : 0;
  });
}

/** Every visible target on the page (links, buttons, fields) shorter or narrower than `min`
 *  px, and every text smaller than `text` px, as "what (size)". */
function kioskSizes(page, min, text) {
  return page.evaluate(({ min, text }) => {
    const small = [];
    for (const el of document.querySelectorAll("a, button, input, select, summary")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered
      if (box.right <= 0 || box.bottom <= 0) continue; // the skip link, off screen until focused
      if (box.height < min || box.width < min) small.push(`target ${el.textContent.trim().slice(0, 30) || el.outerHTML.slice(0, 50)} (${box.width.toFixed(0)}×${box.height.toFixed(0)})`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || el.closest("svg, .visually-hidden, .skip, noscript")) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < text) small.push(`text ${node.textContent.trim().slice(0, 30)} (${size}px)`);
    }
    return small;
  }, { min, text });
}

// Issue 15: body text 22 px (18 in portrait), results 15 px; 122 of 164 targets on /villages
// under 48 px; a keyboard that took the screen on every page.
test("a kiosk in landscape and portrait has text of at least 32 px and targets of at least 64 px", async () => {
  const report = [];
  for (const [name, screen] of Object.entries(KIOSK_SCREENS)) {
    for (const [path, selector] of [
      ["/", '[data-testid="kiosk-start"]'],
      ["/", '[data-testid="spotlight"]'],
      ["/villages", "main ul a"],
      ["/crafts", "main h1"],
      ["/search?q=gom", "li.hit"],
      ["/village/bat-trang", '[data-testid="visit"]'],
      ["/tours", ".tour-card"],
    ]) {
      const h = await kiosk(path, screen);
      if (selector !== '[data-testid="kiosk-start"]' && (await h.page.locator('[data-testid="kiosk-start"]').count())) await choose(h, "vi");
      await h.page.locator(selector).first().waitFor();
      // On the results, with the keyboard up: its keys are targets too.
      if (path.startsWith("/search")) {
        await h.searchBox.click();
        await h.page.locator("section.keyboard").waitFor();
      }
      const body = await h.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      if (body < 32) report.push(`${name} ${path}: body ${body} px`);
      for (const small of await kioskSizes(h.page, 64, 32)) report.push(`${name} ${path} ${selector}: ${small}`);
      await h.close();
    }
  }
  assert.deepEqual(report.slice(0, 40), [], `${report.length} too small`);
});

test("a kiosk starts at a large language choice, and every reset (idle, staff) returns to it", async () => {
  const h = await kiosk("/", KIOSK_SCREENS.landscape, 2);
  const start = h.page.locator('[data-testid="kiosk-start"]');
  await start.waitFor();
  const buttons = await start.locator("button[data-lang]").evaluateAll((bs) =>
    bs.map((b) => ({ lang: b.lang, text: b.textContent.trim(), height: b.getBoundingClientRect().height, font: parseFloat(getComputedStyle(b).fontSize) })),
  );
  assert.deepEqual(buttons.map((b) => [b.lang, b.text]), [["vi", "Tiếng Việt"], ["en", "English"]]);
  for (const b of buttons) {
    assert.ok(b.height >= 64 && b.font >= 32, `${b.text}: ${b.height} px high, text ${b.font} px`);
  }
  await choose(h, "en");
  assert.equal(new URL(h.page.url()).pathname, "/");
  assert.match(h.page.url(), /[?&]lang=en/);
  assert.equal((await h.page.locator("main h1").innerText()).trim(), "Hanoi Craft Village Handbook");
  // Nobody there: the countdown, then the start screen, in Vietnamese.
  await h.page.locator('[data-testid="idle-countdown"]').waitFor({ timeout: 10_000 });
  await start.waitFor({ timeout: 15_000 });
  await h.page.waitForFunction(() => document.documentElement.lang === "vi");
  assert.equal(new URL(h.page.url()).search, "");
  assert.deepEqual(h.errors, []);
  await h.close();

  // The staff's reset, from the operator's dialog, on a page deep in a visit.
  const k = await kiosk("/village/bat-trang", KIOSK_SCREENS.portrait);
  await k.page.locator('[data-testid="visit"]').waitFor();
  assert.equal(await k.page.locator('[data-testid="kiosk-start"]').count(), 0, "a link to a page opens that page");
  await k.page.locator("button.lang").click();
  await k.page.waitForFunction(() => document.documentElement.lang === "en");
  await k.page.locator("button.operator").click();
  await k.page.locator('[data-testid="kiosk-reset"]').click();
  await k.page.locator('[data-testid="kiosk-start"]').waitFor();
  await k.page.waitForURL((url) => url.pathname === "/");
  await k.page.waitForFunction(() => document.documentElement.lang === "vi");
  assert.equal(await k.page.locator(".kiosk-dialog").count(), 0, "the operator's dialog is closed");
  await choose(k, "vi");
  assert.deepEqual(k.errors, []);
  await k.close();
});

test("the kiosk start screen and its keyboard pass axe", async () => {
  const h = await kiosk("/", { ...KIOSK_SCREENS.landscape, bypassCSP: true });
  await h.page.locator('[data-testid="kiosk-start"]').waitFor();
  assert.deepEqual(await axeViolations(h.page), [], "start screen");
  await choose(h, "en");
  await h.searchBox.click();
  await h.page.locator("section.keyboard").waitFor();
  assert.deepEqual(await axeViolations(h.page), [], "start page with the keyboard");
  await h.close();
});

test("the kiosk keyboard comes up when the search box is touched and goes when results are browsed", async () => {
  for (const [name, screen] of Object.entries(KIOSK_SCREENS)) {
    const h = await kiosk("/", screen);
    await choose(h, "vi");
    const keyboard = h.page.locator("section.keyboard");
    assert.equal(await keyboard.count(), 0, `${name}: no keyboard before the search box is touched`);
    await h.searchBox.click();
    await keyboard.waitFor();
    const share = await keyboardShare(h.page);
    // It used to take 52 % of a landscape screen (29 % in portrait), on every page.
    assert.ok(share > 0 && share <= 0.4, `${name}: the keyboard covers ${(share * 100).toFixed(0)} % while typing`);
    for (const key of ["g", "o", "m"]) await keyboard.locator(`[data-key="${key}"]`).click();
    await h.hits().first().waitFor();
    // "Hide keyboard", then the box again brings it back.
    await keyboard.locator('[data-testid="keyboard-hide"]').click();
    await keyboard.waitFor({ state: "detached" });
    assert.equal(await keyboardShare(h.page), 0);
    await h.searchBox.click();
    await keyboard.waitFor();
    // Scrolling the results hides it.
    const hit = await h.hits().first().boundingBox();
    await h.page.mouse.move(hit.x + 10, hit.y + 10);
    await h.page.mouse.wheel(0, 300);
    await keyboard.waitFor({ state: "detached" });
    // So does tapping a result — anywhere on its card.
    await h.searchBox.click();
    await keyboard.waitFor();
    const summary = h.hits().first().locator(".summary");
    await summary.scrollIntoViewIfNeeded();
    const box = await summary.boundingBox();
    await h.page.mouse.click(box.x + box.width - 5, box.y + box.height / 2);
    await h.page.waitForURL(/\/(village|craft|product|tour)\//);
    await keyboard.waitFor({ state: "detached" });
    console.log(`kiosk ${name}: keyboard covers ${(share * 100).toFixed(0)} % of the screen while typing, 0 % while browsing`);
    assert.deepEqual(h.errors, []);
    await h.close();
  }
});

test("a kiosk's start-page cards open with a tap anywhere on them", async () => {
  const h = await kiosk("/", KIOSK_SCREENS.portrait);
  await choose(h, "vi");
  const card = h.page.locator("ul.cards li.card").first();
  const href = await card.locator("a").first().getAttribute("href");
  // A tap at the summary's place (the card's link lies over it), not on the element.
  await card.locator("p").first().scrollIntoViewIfNeeded();
  const text = await card.locator("p").first().boundingBox();
  await h.page.mouse.click(text.x + text.width - 5, text.y + text.height / 2);
  await h.page.waitForURL((url) => url.pathname === href.split("?")[0]);
  await h.close();
});

/** Measures the plan page's chart and table at the phone's width: the smallest text in the
 *  chart as drawn (an SVG's text scaled by its viewBox), and how far anything is wider than
 *  the screen or than its scroll box. */
function planLayout(page) {
  return page.evaluate(() => {
    const chart = document.querySelector("figure.chart");
    const sizes = [];
    const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      // An SVG's text is drawn at its font size times the viewBox's scale.
      const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
      sizes.push(size * scale);
    }
    const table = document.querySelector("main table");
    const scroller = table.parentElement;
    const row = table.querySelector("tbody tr");
    const cells = [...row.children].map((c) => c.getBoundingClientRect());
    return {
      texts: sizes.length,
      minText: Math.min(...sizes),
      pageWidth: document.documentElement.scrollWidth,
      tableOverflow: scroller.scrollWidth - scroller.clientWidth,
      // A card: the row's cells one under the other, each with its column's name.
      stacked: cells.every((c, i) => i === 0 || c.top >= cells[i - 1].bottom - 1),
      labels: [...row.querySelectorAll("td")].map((td) => td.dataset.label),
    };
  });
}

// Issue 15: chart labels at 7 px on a phone; the four-column table wrapped Vietnamese to one
// word a line and overflowed to 435 px in English.
test("the plan page on a 390 px phone: chart text of at least 12 px, the table as cards, nothing wider than the screen", async () => {
  for (const [locale, labels] of [
    ["vi-VN", /^Đến 2030$/],
    ["en-US", /^By 2030$/],
  ]) {
    const h = await open("/plan", { ...PHONE, locale, bypassCSP: true }, "figure.chart li");
    await h.page.locator("main table tbody tr").first().waitFor();
    const m = await planLayout(h.page);
    console.log(`plan ${locale}: ${JSON.stringify(m)}`);
    assert.ok(m.texts >= 3, `${m.texts} texts in the chart`);
    assert.ok(m.minText >= 12, `${locale}: chart text ${m.minText.toFixed(1)} px`);
    assert.ok(m.pageWidth <= 390, `${locale}: page ${m.pageWidth} px wide`);
    assert.ok(m.tableOverflow <= 0, `${locale}: table overflows its box by ${m.tableOverflow} px`);
    assert.ok(m.stacked, `${locale}: a row is a card`);
    assert.match(m.labels[0], labels);
    assert.deepEqual(await axeViolations(h.page), [], `${locale}: axe`);
    assert.deepEqual(h.errors, []);
    await h.close();
  }
  // On a wide screen it stays a table.
  const wide = await open("/plan", { viewport: { width: 1280, height: 800 } }, "figure.chart li");
  const m = await planLayout(wide.page);
  assert.equal(m.stacked, false, "a table row on a wide screen");
  await wide.close();
});

/** The pages of a PDF, by its page objects. */
function pdfPages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

// Issue 15: every code gave quiz "#2025"; printed, 10 questions took 3 A4 pages with no name,
// class or date line and no answer key.
test("a quiz prints on one A4 sheet with name, class and date lines, and its answer key, once asked for, on a page of its own", async () => {
  const h = await open("/learn/quiz?topic=all&seed=abc", { bypassCSP: true }, "li.question");
  // Any code its own quiz.
  const quizzes = new Set();
  for (const code of ["abc", "xyz", ""]) {
    await h.goto(`/learn/quiz?topic=all&seed=${code}`);
    await h.waitReady();
    await h.page.locator("li.question").first().waitFor();
    quizzes.add((await h.page.locator("li.question legend").allInnerTexts()).join("|"));
  }
  assert.equal(quizzes.size, 3, "abc, xyz and no code give three quizzes");
  for (const path of ["/learn/quiz?topic=all&seed=abc", "/learn/quiz?topic=all&seed=L%E1%BB%9Bp%206A&lang=en"]) {
    await h.goto(path);
    await h.waitReady();
    await h.page.locator("li.question").first().waitFor();
    assert.equal(await h.page.locator("li.question").count(), 10);
    const lines = h.page.locator('[data-testid="worksheet-lines"]');
    assert.equal(await lines.isVisible(), false, "the lines are for paper");
    assert.equal(await h.page.locator('[data-testid="answer-key"]').count(), 0, "no key unless asked for");
    await h.page.emulateMedia({ media: "print" });
    assert.equal(await lines.isVisible(), true);
    const fills = await lines.locator(".fill").evaluateAll((fs) => fs.map((f) => f.getBoundingClientRect().width));
    assert.equal(fills.length, 3);
    assert.ok(fills.every((w) => w >= 60), `lines to write on: ${fills}`);
    const sheet = pdfPages(await h.page.pdf({ format: "A4" }));
    await h.page.emulateMedia({ media: "screen" });
    // The teacher asks for the key: on screen, then on a second printed page.
    await h.page.locator('[data-testid="quiz-key-toggle"]').click();
    const key = h.page.locator('[data-testid="answer-key"]');
    await key.waitFor();
    const entries = await key.locator("li").allInnerTexts();
    assert.equal(entries.length, 10);
    assert.ok(entries.every((e) => /^\d+\. [A-D] — \S/.test(e.trim())), entries.join(" | "));
    assert.deepEqual(await axeViolations(h.page), [], `${path}: axe with the key shown`);
    await h.page.emulateMedia({ media: "print" });
    assert.equal(await key.evaluate((k) => getComputedStyle(k).breakBefore), "page");
    const withKey = pdfPages(await h.page.pdf({ format: "A4" }));
    await h.page.emulateMedia({ media: "screen" });
    console.log(`quiz ${path}: ${sheet} page(s) printed, ${withKey} with the key`);
    assert.equal(sheet, 1, `${path}: the worksheet on one A4 page`);
    assert.equal(withKey, 2, `${path}: the key on a page of its own`);
    await h.page.locator('[data-testid="quiz-key-toggle"]').click();
    await key.waitFor({ state: "detached" });
  }
  assert.deepEqual(h.errors, []);
  await h.close();
});
