// The prerendered site: with JavaScript off, each page type reads from its static HTML (its
// name, a field of its data, its own title) and every link in its main part leads to another
// prerendered page; with JavaScript on, the app takes a deep link over without changing what
// it shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, waitReady } from "../lib/handbook.mjs";

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
  { path: "/tours", heading: /^Tour du lịch làng nghề$/, data: ["article.tour h2 a", /^Gốm và gỗ hai bờ sông Hồng$/], title: /^Tour · / },
  { path: "/learn", heading: /^Học về làng nghề$/, data: [".group a", /^Làm giấy dó$/], title: /^Học về làng nghề · / },
  { path: "/learn/craft/giay-do", heading: /^Làm giấy dó/, data: ["ol.steps li", /dó/], title: /giấy dó · /i },
  { path: "/village/bat-trang", heading: /^Bát Tràng/, data: [".facts a", /^Gốm sứ$/], title: /^Bát Tràng · / },
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
      assert.match((await page.locator("main h1").innerText()).trim(), heading, path);
      const [selector, text] = data;
      const shown = await page.locator(`main ${selector}`).allInnerTexts();
      assert.ok(shown.some((t) => text.test(t.trim())), `${path}: ${selector} shows ${text} (got ${shown.slice(0, 5)})`);
      assert.match(await page.title(), title, path);
      const hrefs = await page.locator("main a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
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

test("a deep link's heading is the same before and after the app starts", async () => {
  const context = await site.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(site.url + "/village/bat-trang", { waitUntil: "domcontentloaded" });
    const before = (await page.locator("h1").first().innerText()).trim();
    assert.match(before, /^Bát Tràng/);
    await waitReady(page);
    assert.equal((await page.locator("h1").innerText()).trim(), before);
    assert.equal(await page.locator("#prerendered").count(), 0, "the app replaced the prerendered page");
  } finally {
    await context.close();
  }
});
