// scripts/precompress.mjs writes the brotli copies a static host serves, and serve.mjs serves
// them as such a host does, never one older than its file, and answers a check of an unchanged
// file 304. No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile, readFile, rm, utimes, stat } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { brotliDecompressSync } from "node:zlib";
import { request } from "node:http";

import { precompress } from "../../../scripts/precompress.mjs";
import { serve, cacheControl } from "../serve.mjs";

/** A site folder: a page, a module, a tiny script and an image. */
async function site() {
  const dir = await mkdtemp(join(tmpdir(), "precompress-"));
  const page = "<!doctype html><title>Bát Tràng</title>" + "<p>Làng gốm Bát Tràng</p>".repeat(200);
  await writeFile(join(dir, "index.html"), page);
  // Varied enough that brotli 11 and a server's quality 9 write different bytes.
  const module = Array.from({ length: 3000 }, (_, i) => `f${(i * 7919) % 1009}(${i % 97});`).join("");
  await writeFile(join(dir, "app.wasm"), module);
  await writeFile(join(dir, "tiny.js"), "let a = 1;");
  await writeFile(join(dir, "icon.png"), Buffer.alloc(4096, 1));
  return dir;
}

/** The status, raw body and headers of `path`, asked with `accept-encoding` (and more `headers`). */
function get(url, path, encoding, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request(url + path, { headers: { "accept-encoding": encoding, ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", fail);
    req.end();
  });
}

test("a brotli copy is written beside each compressible file, and again only when the file is newer", async () => {
  const dir = await site();
  try {
    assert.equal(await precompress(dir), 2, "index.html and app.wasm");
    for (const name of ["index.html", "app.wasm"]) {
      const copy = await readFile(join(dir, `${name}.br`));
      assert.deepEqual(brotliDecompressSync(copy), await readFile(join(dir, name)), name);
    }
    await assert.rejects(stat(join(dir, "tiny.js.br")), "too small to gain");
    await assert.rejects(stat(join(dir, "icon.png.br")), "already compressed");
    assert.equal(await precompress(dir), 0, "nothing stale");
    await writeFile(join(dir, "index.html"), "<!doctype html>" + "<p>Vạn Phúc</p>".repeat(300));
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, "index.html"), later, later);
    assert.equal(await precompress(dir), 1, "the changed page");
    assert.match(brotliDecompressSync(await readFile(join(dir, "index.html.br"))).toString(), /Vạn Phúc/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("the server answers with the build's copy, unless the file is newer than it", async () => {
  const dir = await site();
  const { server, url } = await serve({ dir, port: 0 });
  try {
    await precompress(dir);
    const copy = await readFile(join(dir, "app.wasm.br"));
    const served = await get(url, "/app.wasm", "gzip, deflate, br");
    assert.equal(served.headers["content-encoding"], "br");
    assert.equal(served.headers["content-type"], "application/wasm");
    assert.deepEqual(served.body, copy, "the copy itself");
    const plain = await get(url, "/app.wasm", "identity");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.deepEqual(plain.body, await readFile(join(dir, "app.wasm")));

    // A page rebuilt after its copy: the copy is stale and is not served.
    await writeFile(join(dir, "index.html"), "<!doctype html>" + "<p>Đồng Kỵ</p>".repeat(300));
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, "index.html"), later, later);
    const page = await get(url, "/", "br");
    assert.equal(page.headers["content-encoding"], "br");
    assert.match(brotliDecompressSync(page.body).toString(), /Đồng Kỵ/);
  } finally {
    server.close();
    await rm(dir, { recursive: true });
  }
});

test("the server answers a check of an unchanged file 304, without its bytes, and a changed one in full", async () => {
  const dir = await site();
  const { server, url } = await serve({ dir, port: 0 });
  try {
    const first = await get(url, "/app.wasm", "br");
    assert.equal(first.status, 200);
    assert.ok(first.headers.etag, "an ETag to check against");
    const again = await get(url, "/app.wasm", "br", { "if-none-match": first.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    await writeFile(join(dir, "app.wasm"), "changed".repeat(400));
    const later = new Date(Date.now() + 5000);
    await utimes(join(dir, "app.wasm"), later, later);
    const changed = await get(url, "/app.wasm", "identity", { "if-none-match": first.headers.etag });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.toString(), "changed".repeat(400));
  } finally {
    server.close();
    await rm(dir, { recursive: true });
  }
});

test("files named by their contents may be kept for good; pages, the service worker and the data's manifest are checked again", async () => {
  const dir = await site();
  await writeFile(join(dir, "app-85d18dd20f24c6ce_bg.wasm"), "wasm");
  const { server, url } = await serve({ dir, port: 0 });
  try {
    const kept = "public, max-age=31536000, immutable";
    for (const path of [
      "/app-85d18dd20f24c6ce.js",
      "/app-85d18dd20f24c6ce_bg.wasm",
      "/app-85d18dd20f24c6ce_split.js",
      "/app-85d18dd20f24c6ce_later.wasm",
      "/engine-286479f241a96c14.js",
      "/engine-286479f241a96c14_bg.wasm",
      "/engine-286479f241a96c14_loader.js",
      "/style-444893ebd27585f8.css",
      "/data/handbook.426488456e96cc86.bundle",
      "/data/details/0123456789abcdef.rec",
    ]) {
      assert.equal(cacheControl(path), kept, path);
    }
    for (const path of [
      "/",
      "/village/bat-trang",
      "/index.html",
      "/sw.js",
      "/manifest.webmanifest",
      "/favicon.svg",
      "/data/manifest.json",
      "/data/names.json",
      "/app.wasm",
      "/style-444893ebd2758.css",
      "/data/details/0123456789ABCDEF.rec",
      "/data/details/index.rec",
    ]) {
      assert.equal(cacheControl(path), "no-cache", path);
    }
    // And the server sends them so.
    assert.equal((await get(url, "/app-85d18dd20f24c6ce_bg.wasm", "identity")).headers["cache-control"], kept);
    assert.equal((await get(url, "/", "br")).headers["cache-control"], "no-cache");
    assert.equal((await get(url, "/app.wasm", "br")).headers["cache-control"], "no-cache");
  } finally {
    server.close();
    await rm(dir, { recursive: true });
  }
});
