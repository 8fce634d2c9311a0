// Data that reaches a page (issue 11): the Content-Security-Policy allows only the site's own
// scripts, the main journeys run without a single violation, and a source address that is not
// http(s) — `javascript:` from a spreadsheet cell — is shown as text, never as a live link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, DIST, HandbookPage, startSite } from "../lib/handbook.mjs";
import { serve } from "../serve.mjs";

const ROOT = join(DIST, "..");
const HOSTILE = "javascript:alert(document.domain)";

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

/** Records CSP violations (an init script, before the app runs). */
function recordViolations() {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (ev) => {
    window.__violations.push(`${ev.violatedDirective} ${ev.blockedURI}`);
  });
}

/** A page that collects CSP violations, from the event and from the console. */
async function watched(target, path, options = {}) {
  const context = await target.browser.newContext({ serviceWorkers: "block", ...options });
  await context.addInitScript(recordViolations);
  const h = new HandbookPage(await context.newPage(), target.url);
  h.console = [];
  h.page.on("console", (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) h.console.push(msg.text());
  });
  await h.goto(path);
  await h.waitReady();
  return h;
}

async function violations(h) {
  return [...(await h.page.evaluate(() => window.__violations)), ...h.console];
}

test("index.html carries a strict Content-Security-Policy with hashed inline scripts", async () => {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(policy, "a CSP meta");
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|https?:|\*/, policy);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+;/, policy);
  assert.match(policy, /default-src 'none'/);
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].length;
  assert.equal(policy.match(/'sha256-/g).length, inline, "one hash per inline script");
});

test("the main journeys run without a CSP violation, and an injected inline script is blocked", async () => {
  const h = await watched(site, "/");
  await h.type("bat trang");
  await h.hits().first().locator("a").click();
  await h.page.waitForURL(/\/village\/bat-trang$/);
  await h.page.locator(".sources").waitFor();
  for (const path of ["/map", "/tours", "/learn", "/plan", "/about", "/villages", "/crafts"]) {
    await h.page.locator(`header a[href="${path}"]`).first().click();
    await h.page.waitForURL((url) => url.pathname === path);
    await h.page.locator("main h1").first().waitFor();
  }
  await h.page.locator("button.lang").click();
  await h.page.waitForFunction(() => document.documentElement.lang === "en");
  assert.deepEqual(await violations(h), [], "no violation on the journeys");
  assert.deepEqual(h.errors, []);
  // The policy is live: text that reaches the page as a script does not run.
  await h.page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.append(s);
  });
  await h.page.waitForFunction(() => window.__violations.length > 0);
  assert.equal(await h.page.evaluate(() => window.__injected), undefined);
  await h.close();

  const k = await watched(site, "/village/bat-trang?mode=kiosk&idle=120");
  await k.page.locator(".sources .outbound-qr").first().waitFor();
  assert.deepEqual(await violations(k), [], "no violation in kiosk mode");
  await k.close();
});

test("a javascript: source address is shown as text, never as a live link or a QR code", async () => {
  // Seeds with one hostile source address, built into their own data (the checker reports it,
  // the build still writes it: the app must not trust the data).
  const dir = mkdtempSync(join(tmpdir(), "handbook-hostile-"));
  try {
    cpSync(join(ROOT, "seeds"), join(dir, "seeds"), { recursive: true });
    const file = join(dir, "seeds", "villages", "bat-trang.toml");
    const toml = readFileSync(file, "utf8");
    const at = toml.indexOf("[[sources]]");
    const hostile = toml.slice(0, at) + toml.slice(at).replace(/^url = "https?:[^"]*"/m, `url = "${HOSTILE}"`);
    assert.notEqual(hostile, toml, "a source url to replace");
    writeFileSync(file, hostile);
    execFileSync(
      "cargo",
      ["run", "--release", "--quiet", "-p", "indexer", "--", "build", "--seeds", join(dir, "seeds"), "--out", join(dir, "data")],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
    );
    const { server, url } = await serve({ dir: DIST, port: 0, mounts: { "/data": join(dir, "data") } });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      const target = { browser, url };
      for (const path of ["/village/bat-trang", "/village/bat-trang?mode=kiosk&idle=120"]) {
        const h = await watched(target, path);
        const refused = h.page.locator(".sources .refused-url", { hasText: HOSTILE });
        await refused.waitFor();
        assert.equal(await h.page.locator('a[href^="javascript:" i]').count(), 0, `${path}: no javascript: link`);
        assert.equal(await h.page.locator('[data-href^="javascript:" i]').count(), 0, `${path}: no QR code of it`);
        assert.equal(await refused.evaluate((el) => el.closest("a")), null, `${path}: the text is not inside a link`);
        assert.deepEqual(await violations(h), []);
        await h.close();
      }
    } finally {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
