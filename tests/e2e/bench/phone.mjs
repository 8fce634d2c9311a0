// The QR landing page on a slow phone (issue 13): a cold visit to a village page over
// Lighthouse's mobile profile — 150 ms round trip, 1.6 Mbps down, 750 kbps up
// (Network.emulateNetworkConditions) and a CPU four times slower (Emulation.setCPUThrottlingRate)
// — at 390×844, with brotli as a CDN would serve it. For each run: first contentful paint, the
// village's name readable (its `h1` on screen), the app ready (`html[data-handbook=ready]`), and
// the bytes transferred by then. `--spa` serves the bare app for every address, as before
// prerendering, so both can be measured on one build.
//
//   node bench/phone.mjs [--dir ../../dist] [--path /village/bat-trang] [--runs 5] [--spa]
//
// It measures; it does not judge. Prints one JSON object (medians and every run).
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";
import { CHROMIUM_ARGS } from "../lib/handbook.mjs";

const { values: args } = parseArgs({
  options: {
    dir: { type: "string", default: "../../dist" },
    path: { type: "string", default: "/village/bat-trang" },
    runs: { type: "string", default: "5" },
    spa: { type: "boolean", default: false },
    lang: { type: "string", default: "vi-VN" },
  },
});

const MOBILE = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const dir = resolve(args.dir);

// As before prerendering: every address is answered with the bare app.
const intercept = args.spa
  ? async (req, res, path) => {
      if (/\.[a-z0-9]+$/i.test(path)) return false;
      const body = await readFile(join(dir, "404.html"));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" }).end(body);
      return true;
    }
  : undefined;

const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

const { server, url } = await serve({ dir, port: 0, intercept });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
const runs = [];
try {
  for (let i = 0; i < Number(args.runs); i++) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: args.lang,
      serviceWorkers: "block",
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", MOBILE);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(url + args.path, { waitUntil: "commit" });
    // The name is readable once a visible h1 has text (prerendered or the app's).
    await page.waitForFunction(() => {
      const h1 = [...document.querySelectorAll("main h1")].find((h) => h.offsetParent !== null && h.textContent.trim());
      if (h1 && !window.__nameAt) window.__nameAt = performance.now();
      return !!h1;
    }, null, { timeout: 120_000, polling: 50 });
    const nameMs = await page.evaluate(() => window.__nameAt);
    const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
    const bytesToName = await page.evaluate(() => {
      const at = window.__nameAt;
      const nav = performance.getEntriesByType("navigation")[0];
      return (nav?.transferSize ?? 0) + performance.getEntriesByType("resource").filter((r) => r.responseEnd <= at).reduce((s, r) => s + (r.transferSize || 0), 0);
    });
    await page.locator('html[data-handbook="ready"]').waitFor({ state: "attached", timeout: 180_000 });
    const readyMs = await page.evaluate(() => performance.now());
    runs.push({ fcp_ms: fcp, name_ms: nameMs, ready_ms: readyMs, bytes_to_name: bytesToName });
    await context.close();
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
const summary = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
console.log(JSON.stringify({ path: args.path, spa: args.spa, lang: args.lang, median: summary, runs }, null, 2));
