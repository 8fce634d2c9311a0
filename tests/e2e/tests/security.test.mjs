// Data that reaches a page (issue 11): the Content-Security-Policy allows only the site's own
// scripts, the main journeys run without a single violation, and a source address that is not
// http(s) — `javascript:` from a spreadsheet cell — is shown as text, never as a live link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST, HandbookPage, startSite } from "../lib/handbook.mjs";

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
  await h.page.waitForURL(/\/village\/bat-trang\?lang=vi$/);
  await h.page.locator(".sources").waitFor();
  for (const path of ["/map", "/tours", "/learn", "/about", "/villages", "/crafts"]) {
    await h.page.locator(`header a[href="${path}?lang=vi"]`).first().click();
    await h.page.waitForURL((url) => url.pathname === path);
    await h.page.locator("main h1").first().waitFor();
  }
  // The plan is reached from About.
  await h.page.locator('header a[href="/about?lang=vi"]').first().click();
  await h.page.locator('main a[href="/plan?lang=vi"]').first().click();
  await h.page.waitForURL((url) => url.pathname === "/plan");
  await h.page.locator("main h1").first().waitFor();
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

test("a javascript: source address never reaches a bundle: the build names it and writes nothing", async () => {
  // Seeds with one hostile source address. The publisher's build is the first line: it refuses
  // the address with its file, line and field, and leaves the output folder empty. (The app's
  // own refusal when rendering, for a bundle made some other way, is `safe_href` in
  // app/src/components/bits.rs, unit-tested in search/src/links.rs.)
  const dir = mkdtempSync(join(tmpdir(), "handbook-hostile-"));
  try {
    cpSync(join(ROOT, "seeds"), join(dir, "seeds"), { recursive: true });
    const file = join(dir, "seeds", "villages", "bat-trang.toml");
    const toml = readFileSync(file, "utf8");
    const at = toml.indexOf("[[sources]]");
    const hostile = toml.slice(0, at) + toml.slice(at).replace(/^url = "https?:[^"]*"/m, `url = "${HOSTILE}"`);
    assert.notEqual(hostile, toml, "a source url to replace");
    writeFileSync(file, hostile);
    let failure;
    try {
      execFileSync(
        "cargo",
        ["run", "--release", "--quiet", "-p", "indexer", "--", "build", "--seeds", join(dir, "seeds"), "--out", join(dir, "data")],
        { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
      );
    } catch (e) {
      failure = e;
    }
    assert.ok(failure, "the build must refuse the seeds");
    assert.match(String(failure.stderr), /bat-trang\.toml:\d+: sources\.url: `javascript:[^`]*` is not an http\(s\) address/);
    assert.equal(existsSync(join(dir, "data", "manifest.json")), false, "nothing was written");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
