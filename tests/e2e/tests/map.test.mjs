// The map with bearings (issue 15, item 4), on a 390×844 phone and a 1920×1080 screen: zoom by
// button, wheel and keyboard changes the view; pins are touch targets of at least 44 px (64 px
// at a kiosk); close pins merge into clusters that zoom in when tapped; a tapped pin opens a
// sheet that lies on screen and closes with Escape; Hoàn Kiếm Lake, distance rings and a scale
// bar give bearings; axe finds nothing serious.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, HandbookPage, PHONE, DESKTOP, axeViolations } from "../lib/handbook.mjs";


let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});


/** The map page as a visitor sees it. */
class MapPage {
  constructor(h) {
    this.h = h;
    this.page = h.page;
  }

  static async open(path, options) {
    const h = await HandbookPage.open(site, path, options);
    await h.waitReady();
    await h.page.locator(".zoom-map .pin").first().waitFor();
    // The view has taken the frame's size (measured once the map is on the page).
    await h.page.waitForFunction(() => {
      const svg = document.querySelector("svg.zoom-map");
      const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
      const box = svg.getBoundingClientRect();
      return Math.abs(w / h - box.width / box.height) < 0.01;
    });
    return new MapPage(h);
  }

  /** The SVG's viewBox as numbers [x, y, width, height]. */
  async viewBox() {
    const text = await this.page.locator("svg.zoom-map").getAttribute("viewBox");
    return text.split(" ").map(Number);
  }

  /** Waits until the viewBox differs from `before` (as `viewBox()` gave it), and returns it. */
  async viewBoxChangedFrom(before) {
    await this.page.waitForFunction(
      (before) => {
        const now = document.querySelector("svg.zoom-map").getAttribute("viewBox").split(" ").map(Number);
        return now.some((n, i) => Math.abs(n - before[i]) > 0.005);
      },
      before,
    );
    return this.viewBox();
  }

  /** Counts of what the map draws, and the smallest marker's box, px. */
  async census() {
    return this.page.evaluate(() => {
      const boxes = [...document.querySelectorAll(".zoom-map .pin, .zoom-map .cluster")].map((g) => g.getBoundingClientRect());
      return {
        pins: document.querySelectorAll(".zoom-map .pin").length,
        clusters: document.querySelectorAll(".zoom-map .cluster").length,
        villagesInClusters: [...document.querySelectorAll(".zoom-map .cluster")].reduce((n, c) => n + c.dataset.members.split(" ").length, 0),
        villageLabels: document.querySelectorAll(".zoom-map .village-label").length,
        communeLabels: document.querySelectorAll(".zoom-map .commune-label").length,
        rings: document.querySelectorAll(".zoom-map .ring").length,
        smallest: Math.min(...boxes.map((b) => Math.min(b.width, b.height))),
      };
    });
  }

  /** The id of a pin whose middle lies inside the map frame, clear of its buttons and edges. */
  async reachablePin() {
    return this.page.evaluate(() => {
      const frame = document.querySelector(".map-frame").getBoundingClientRect();
      const controls = document.querySelector(".map-controls").getBoundingClientRect();
      for (const pin of document.querySelectorAll(".zoom-map .pin")) {
        const b = pin.getBoundingClientRect();
        const [x, y] = [b.left + b.width / 2, b.top + b.height / 2];
        const inside = x > frame.left + 30 && x < frame.right - 30 && y > frame.top + 30 && y < frame.bottom - 60;
        const underControls = x > controls.left - 30 && y < controls.bottom + 30;
        if (inside && !underControls) return pin.dataset.id;
      }
      return null;
    });
  }

  sheet() {
    return this.page.locator(".sheet");
  }

  /** Asserts that the sheet's box lies inside the viewport. */
  async assertSheetOnScreen() {
    const { box, viewport } = await this.sheet().evaluate((el) => ({
      box: el.getBoundingClientRect().toJSON(),
      viewport: { width: window.innerWidth, height: window.innerHeight },
    }));
    assert.ok(box.width > 0 && box.height > 0, `sheet drawn: ${JSON.stringify(box)}`);
    assert.ok(
      box.left >= 0 && box.top >= 0 && box.right <= viewport.width + 0.5 && box.bottom <= viewport.height + 0.5,
      `sheet ${JSON.stringify(box)} inside ${JSON.stringify(viewport)}`,
    );
    return box;
  }

  /** axe's serious and critical violations on the page as it is. */
  axe() {
    return axeViolations(this.page);
  }

  async close() {
    await this.h.close();
  }
}

test("on a phone: pins are 44 px targets, the + button zooms, a tapped pin opens a bottom sheet on screen, Escape closes it", async () => {
  const map = await MapPage.open("/map", PHONE);
  const census = await map.census();
  console.log(`map at 390×844, zoom 1: ${JSON.stringify(census)}`);
  assert.ok(census.smallest >= 44 - 0.01, `smallest pin or cluster ${census.smallest} px`);
  assert.ok(census.clusters > 0, "close villages merge at zoom 1");
  assert.ok(census.villageLabels > 0, "villages are labelled");
  assert.ok(census.rings > 0, "distance rings around the lake");
  assert.match(await map.page.locator(".zoom-map .landmark-label").textContent(), /^Hồ Hoàn Kiếm$/);
  assert.match(await map.page.locator(".zoom-map .ring-label").first().textContent(), /^\d+ km$/);
  assert.match(await map.page.locator(".scale-bar text").textContent(), /^\d+ (k?m)$/);

  const before = await map.viewBox();
  await map.page.locator(".map-controls .zoom-in").tap();
  const after = await map.viewBoxChangedFrom(before);
  assert.ok(Math.abs(after[2] - before[2] / 2) < 0.1, `zoom in halves the width: ${before} → ${after}`);
  const zoomed = await map.census();
  assert.ok(zoomed.smallest >= 44 - 0.01, `after zooming, smallest target ${zoomed.smallest} px`);

  const id = await map.reachablePin();
  assert.ok(id, "a pin inside the frame");
  const name = await map.page.locator(`.zoom-map .pin[data-id="${id}"]`).getAttribute("aria-label");
  await map.page.locator(`.zoom-map .pin[data-id="${id}"]`).tap();
  await map.page.waitForURL(new RegExp(`/map\\?v=${id}`));
  await map.sheet().waitFor();
  assert.equal((await map.sheet().locator("h2").innerText()).trim(), name);
  const box = await map.assertSheetOnScreen();
  assert.ok(box.bottom >= 844 - 1, `a bottom sheet: ${JSON.stringify(box)}`);
  assert.match(await map.sheet().locator('[data-testid="sheet-distance"]').innerText(), /Hồ Hoàn Kiếm/);
  assert.equal(await map.sheet().locator(`a[href="/village/${id}?lang=vi"]`).count(), 1);
  // Choosing a village kept the zoom.
  assert.deepEqual(await map.viewBox(), after);

  await map.page.keyboard.press("Escape");
  await map.sheet().waitFor({ state: "detached" });
  await map.page.waitForURL((url) => url.pathname === "/map" && !url.search.includes("v="));
  assert.deepEqual(map.h.errors, []);
  await map.close();
});

test("on a desktop: the wheel and the keyboard zoom and pan, a clicked pin opens a panel beside the map", async () => {
  const map = await MapPage.open("/map", DESKTOP);
  const frame = await map.page.locator(".map-frame").boundingBox();
  const start = await map.viewBox();
  await map.page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await map.page.mouse.wheel(0, -300);
  const wheeled = await map.viewBoxChangedFrom(start);
  assert.ok(Math.abs(wheeled[2] - start[2] / 2) < 0.1, `300 px of wheel doubles the zoom: ${start} → ${wheeled}`);

  await map.page.locator(".map-frame").focus();
  await map.page.keyboard.press("+");
  const plus = await map.viewBoxChangedFrom(wheeled);
  assert.ok(plus[2] < wheeled[2], `+ zooms in: ${wheeled} → ${plus}`);
  await map.page.keyboard.press("ArrowRight");
  const right = await map.viewBoxChangedFrom(plus);
  assert.ok(right[0] > plus[0], `→ shows more of the east: ${plus} → ${right}`);
  await map.page.keyboard.press("-");
  const minus = await map.viewBoxChangedFrom(right);
  assert.ok(minus[2] > right[2], `- zooms out: ${right} → ${minus}`);

  // Dragging with the mouse moves the map with it, and the release over a pin is no tap.
  await map.page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await map.page.mouse.down();
  await map.page.mouse.move(frame.x + frame.width / 2 + 120, frame.y + frame.height / 2 + 40, { steps: 6 });
  await map.page.mouse.up();
  const dragged = await map.viewBoxChangedFrom(minus);
  assert.ok(dragged[0] < minus[0] && dragged[1] < minus[1], `dragging right and down shows the north-west: ${minus} → ${dragged}`);
  assert.equal(await map.sheet().count(), 0, "a drag opens no sheet");

  // Reset shows all of Hanoi again.
  await map.page.locator(".map-controls .reset").click();
  assert.deepEqual(await map.viewBoxChangedFrom(dragged), start);

  const id = await map.reachablePin();
  await map.page.locator(`.zoom-map .pin[data-id="${id}"]`).click();
  await map.sheet().waitFor();
  const box = await map.assertSheetOnScreen();
  const frameBox = await map.page.locator(".map-frame").boundingBox();
  assert.ok(box.left >= frameBox.x + frameBox.width, `the panel is beside the map: ${JSON.stringify(box)}`);
  // The close button closes it and gives the focus back to the map.
  await map.sheet().locator(".sheet-close").click();
  await map.sheet().waitFor({ state: "detached" });
  assert.equal(await map.page.evaluate(() => document.activeElement?.classList.contains("map-frame")), true);
  assert.deepEqual(map.h.errors, []);
  await map.close();
});

test("two fingers spreading apart zoom the map in about them", async () => {
  const map = await MapPage.open("/map", PHONE);
  const before = await map.viewBox();
  // Two touch pointers, as a phone reports a pinch (Playwright's touch has one finger).
  await map.page.evaluate(() => {
    const frame = document.querySelector(".map-frame");
    const box = frame.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    const fire = (type, pointerId, clientX, isPrimary) =>
      frame.dispatchEvent(new PointerEvent(type, { pointerId, clientX, clientY: y, isPrimary, pointerType: "touch", bubbles: true }));
    fire("pointerdown", 1, x - 40, true);
    fire("pointerdown", 2, x + 40, false);
    for (let i = 1; i <= 4; i++) fire("pointermove", 2, x + 40 + i * 20, false);
    fire("pointerup", 2, x + 120, false);
    fire("pointerup", 1, x - 40, true);
  });
  const after = await map.viewBoxChangedFrom(before);
  // The fingers went from 80 to 160 px apart: twice as close.
  assert.ok(Math.abs(after[2] - before[2] / 2) < 0.5, `pinch doubles the zoom: ${before} → ${after}`);
  assert.deepEqual(map.h.errors, []);
  await map.close();
});

test("a tapped cluster zooms in until its villages part; two at one point are listed", async () => {
  // Bát Tràng and Giang Cao share the former Bát Tràng commune's centroid in the data.
  const map = await MapPage.open("/map?v=bat-trang", PHONE);
  await map.sheet().waitFor();
  assert.equal((await map.sheet().locator("h2").innerText()).trim(), "Bát Tràng");
  // The deep link's sheet opened while the prerendered page still showed; it has the focus
  // now that the app has taken over, so Escape closes it.
  await map.page.waitForFunction(() => document.activeElement?.closest(".sheet") !== null);
  await map.page.keyboard.press("Escape");
  await map.sheet().waitFor({ state: "detached" });
  const cluster = map.page.locator('.zoom-map .cluster[data-members~="bat-trang"]');
  for (let taps = 0; ; taps++) {
    assert.ok(taps < 6, "the cluster parts within a few taps");
    const before = await map.viewBox();
    await cluster.tap();
    // Either the map zooms in on the cluster, or (its villages at one point) lists them.
    await map.page.waitForFunction((before) => {
      const now = document.querySelector("svg.zoom-map").getAttribute("viewBox").split(" ").map(Number);
      return document.querySelector(".sheet") !== null || now.some((n, i) => Math.abs(n - before[i]) > 0.005);
    }, before);
    if ((await map.sheet().count()) > 0) break;
    await cluster.waitFor();
  }
  assert.equal(await cluster.getAttribute("data-members"), "bat-trang giang-cao");
  await map.sheet().waitFor();
  const listed = await map.sheet().locator("li a").allInnerTexts();
  assert.deepEqual(listed.map((t) => t.trim()).sort(), ["Bát Tràng", "Giang Cao"]);
  await map.assertSheetOnScreen();
  assert.deepEqual(map.h.errors, []);
  await map.close();
});

test("the map and its open sheet pass axe, on a phone and on a desktop, in both languages", async () => {
  for (const [options, path] of [
    [PHONE, "/map?v=bat-trang"],
    [DESKTOP, "/map?v=van-phuc-ha-dong&lang=en"],
  ]) {
    const map = await MapPage.open(path, { ...options, bypassCSP: true });
    await map.sheet().waitFor();
    assert.deepEqual(await map.axe(), [], path);
    await map.close();
  }
});

test("in English the lake and the controls speak English", async () => {
  const map = await MapPage.open("/map?lang=en", DESKTOP);
  await map.page.waitForFunction(() => document.documentElement.lang === "en");
  await map.page.locator(".zoom-map .landmark-label", { hasText: "Hoàn Kiếm Lake" }).waitFor();
  assert.equal(await map.page.locator(".map-controls .reset").innerText(), "Reset view");
  assert.equal(await map.page.locator(".map-controls .zoom-in").getAttribute("aria-label"), "Zoom in");
  await map.close();
});

test("a kiosk's map has 64 px targets and 32 px labels", async () => {
  const map = await MapPage.open("/map?mode=kiosk", DESKTOP);
  await map.page.locator("body.kiosk").waitFor({ state: "attached" });
  const census = await map.census();
  console.log(`kiosk map at 1920×1080, zoom 1: ${JSON.stringify(census)}`);
  assert.ok(census.smallest >= 64 - 0.01, `smallest kiosk target ${census.smallest} px`);
  assert.ok(census.villageLabels > 0, "villages are labelled at the kiosk's size too");
  const sizes = await map.page.evaluate(() => ({
    label: Math.min(...[...document.querySelectorAll(".zoom-map .label")].map((t) => t.getBoundingClientRect().height)),
    buttons: Math.min(...[...document.querySelectorAll(".map-controls button")].map((b) => b.getBoundingClientRect().height)),
  }));
  assert.ok(sizes.label >= 32, `labels ${sizes.label} px high`);
  assert.ok(sizes.buttons >= 64, `map buttons ${sizes.buttons} px high`);
  await map.close();
});

/** The markers and legend items in `scope`: fill, label and shape (read from the path). */
async function markersIn(page, selector) {
  return page.locator(selector).evaluateAll((paths) =>
    paths.map((p) => {
      const d = p.getAttribute("d");
      const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      let shape = "circle";
      if (!/a/.test(d)) {
        const cx = points.reduce((s, q) => s + q[0], 0) / points.length;
        const cy = points.reduce((s, q) => s + q[1], 0) / points.length;
        const [x, y] = [points[0][0] - cx, points[0][1] - cy];
        if (points.length === 3) shape = y < 0 ? "triangle-up" : "triangle-down";
        else shape = Math.abs(x) < 0.01 ? "diamond" : "square";
      }
      return { fill: p.getAttribute("fill").toUpperCase(), shape, label: p.closest("li")?.textContent.trim() ?? null };
    }),
  );
}

test("a tour's small map draws its villages with the /map page's markers, and the same legend", async () => {
  const tour = await HandbookPage.open(site, "/tour/gom-go-bac-song-hong", DESKTOP);
  await tour.waitReady();
  await tour.page.locator("svg.map .pin .marker").first().waitFor();
  const pins = await markersIn(tour.page, "svg.map .pin .marker");
  const legend = await markersIn(tour.page, "ul.legend .legend-marker path");
  assert.ok(pins.length >= 2 && legend.length >= 1, `${pins.length} pins, ${legend.length} legend items`);
  const key = (m) => `${m.fill} ${m.shape}`;
  const legendKeys = new Set(legend.map(key));
  for (const pin of pins) assert.ok(legendKeys.has(key(pin)), `pin ${key(pin)} is in the tour's legend ${[...legendKeys]}`);
  await tour.close();

  const map = await MapPage.open("/map", DESKTOP);
  const everyGroup = new Map((await markersIn(map.page, "ul.legend .legend-marker path")).map((m) => [m.label, key(m)]));
  for (const item of legend) assert.equal(everyGroup.get(item.label), key(item), `${item.label}: the same marker on both maps`);
  await map.close();
});

test("a tour's stops that share one point are drawn apart around it, the map says so, and no stop number hides a pin", async () => {
  // Bát Tràng and Giang Cao are both placed at their commune's centre.
  const tour = await HandbookPage.open(site, "/tour/gom-go-bac-song-hong", PHONE);
  await tour.waitReady();
  await tour.page.locator("svg.map .pin .marker").first().waitFor();
  const markers = await tour.page.locator("svg.map .pin .marker").evaluateAll((ps) => ps.map((p) => p.getAttribute("d")));
  assert.equal(new Set(markers).size, markers.length, markers.join(" | "));
  const numbers = await tour.page
    .locator("svg.map .stop-number circle")
    .evaluateAll((cs) => cs.map((c) => `${c.getAttribute("cx")},${c.getAttribute("cy")}`));
  assert.ok(numbers.length >= 3 && new Set(numbers).size === numbers.length, numbers.join(" | "));
  assert.ok(await tour.page.locator('[data-testid="map-spread"]').isVisible());
  // Each marker is in sight and takes a tap: what lies at its centre belongs to its pin, not to
  // a stop number drawn over it.
  await tour.page.locator("svg.map").scrollIntoViewIfNeeded();
  const hidden = await tour.page.locator("svg.map .pin .marker").evaluateAll((ps) =>
    ps
      .map((p) => {
        const r = p.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return top?.closest(".pin") === p.closest(".pin") ? null : `${p.closest(".pin").dataset.id} under ${top?.closest("g")?.getAttribute("class")}`;
      })
      .filter(Boolean),
  );
  assert.deepEqual(hidden, []);
  await tour.close();
  // A tour whose stops each have their own point says nothing of the kind.
  const other = await HandbookPage.open(site, "/tour/am-thuc-lang-nghe-phia-nam", PHONE);
  await other.waitReady();
  await other.page.locator("svg.map .pin .marker").first().waitFor();
  assert.equal(await other.page.locator('[data-testid="map-spread"]').count(), 0);
  await other.close();
});

test("on a phone, each pin of a tour's small map is a target of at least 44 px", async () => {
  const tour = await HandbookPage.open(site, "/tour/gom-go-bac-song-hong", PHONE);
  await tour.waitReady();
  const pins = tour.page.locator("svg.map .pin");
  await pins.first().waitFor();
  await tour.page.locator("svg.map").scrollIntoViewIfNeeded();
  // The map takes the screen's width, not a sliver of it (a tour along a river once drew
  // 83 px wide).
  const frame = await tour.page.locator("svg.map").boundingBox();
  assert.ok(frame.width >= 300, `the tour map is ${frame.width.toFixed(0)} px wide`);
  const sizes = await pins.evaluateAll((gs) => gs.map((g) => g.getBoundingClientRect()).map((r) => [r.width, r.height]));
  assert.ok(sizes.length >= 2, `${sizes.length} pins`);
  for (const [w, h] of sizes) assert.ok(w >= 44 && h >= 44, `a pin's target is ${w.toFixed(1)} × ${h.toFixed(1)} px`);
  // A tap 18 px from a marker's centre, well outside the marker itself, lands on a pin (the
  // nearest, or a neighbour whose disc overlaps) and follows its link.
  // The point is taken towards the map's middle, so that it stays on the map.
  const marker = await tour.page.locator("svg.map .pin .marker").first().boundingBox();
  const [mx, my] = [marker.x + marker.width / 2, marker.y + marker.height / 2];
  const [cx, cy] = [frame.x + frame.width / 2, frame.y + frame.height / 2];
  const length = Math.hypot(cx - mx, cy - my) || 1;
  const [x, y] = [mx + ((cx - mx) / length) * 18, my + ((cy - my) / length) * 18];
  const landed = await tour.page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.closest(".pin")?.getAttribute("data-href") ?? null, [x, y]);
  assert.match(landed ?? "", /^\/village\//, "the tap lands on a pin");
  await tour.page.mouse.click(x, y);
  await tour.page.waitForURL((url) => url.pathname + url.search === landed);
  await tour.close();
});
