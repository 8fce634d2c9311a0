// The README's screenshots, taken from the built site (dist/) at the sizes the handbook is made
// for: the QR landing page and the map on a 390×844 phone, the map on a desktop, and a kiosk
// at 1920×1080 (its start screen and a village page).
//
//   node screenshots.mjs [--dir ../../dist] [--out ../../docs/screenshots]
import { parseArgs } from "node:util";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { startSite, waitReady } from "./lib/handbook.mjs";

const { values: args } = parseArgs({
  options: { out: { type: "string", default: "../../docs/screenshots" } },
});
const out = resolve(args.out);
await mkdir(out, { recursive: true });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const KIOSK = { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 };
const SHOTS = [
  { name: "landing-phone-en.png", options: { ...PHONE, locale: "en-US" }, path: "/village/bat-trang" },
  { name: "landing-phone-vi.png", options: { ...PHONE, locale: "vi-VN" }, path: "/village/bat-trang" },
  { name: "map-phone.png", options: { ...PHONE, locale: "vi-VN" }, path: "/map?v=bat-trang" },
  { name: "map-desktop.png", options: { ...KIOSK, locale: "en-US" }, path: "/map?v=van-phuc-ha-dong" },
  { name: "kiosk-start.png", options: KIOSK, path: "/?mode=kiosk" },
  { name: "kiosk-village.png", options: KIOSK, path: "/village/bat-trang?mode=kiosk&lang=en" },
];

const site = await startSite();
try {
  for (const { name, options, path } of SHOTS) {
    const context = await site.browser.newContext({ ...options, serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(site.url + path);
    await waitReady(page);
    await page.locator("main h1, .kiosk-start h1").first().waitFor();
    await page.screenshot({ path: join(out, name) });
    await context.close();
    console.log(name);
  }
} finally {
  await site.close();
}
