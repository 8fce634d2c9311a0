// A static file server for the built site (dist/), for the browser tests and the benchmark.
// Serves files with the right types, a folder's index.html for its path (the prerendered pages,
// e.g. dist/village/bat-trang/index.html for /village/bat-trang), falls back to the app for the
// other routes (404.html, trunk's page kept by the prerenderer; else index.html), and can compress with brotli or gzip like a CDN would:
// a file's brotli copy from the build (`<file>.br`, scripts/precompress.mjs) when it has one.
// An unchanged file asked for again with its ETag is answered 304. A file named by its contents
// (trunk's `app-<hash>…`, `engine-<hash>…`, `style-<hash>.css`, the bundle, a record's details)
// may be kept for good;
// every other answer must be checked again (README, "Hosting").
//
//   node serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { parseArgs } from "node:util";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".bundle": "application/octet-stream",
  ".rec": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

/** Files named by their contents: a new build writes new names, so a name never changes bytes. */
const CONTENT_NAMED = /-[0-9a-f]{16}(?:_bg|_loader|_split|_later)?\.(?:js|wasm|css)$|\/handbook\.[0-9a-f]{16}\.bundle$|\/data\/details\/[0-9a-f]{16}\.rec$/;

/** The `Cache-Control` of a file at `path`: kept for good if named by its contents. */
export function cacheControl(path) {
  return CONTENT_NAMED.test(path) ? "public, max-age=31536000, immutable" : "no-cache";
}

/** Starts the server; resolves to { server, url }. */
// `intercept(req, res, path)`, if given, sees each request first and returns true if it answered
// it (the offline journeys use it to play a host during a deploy).
export async function serve({ dir = "dist", port = 8080, host = "127.0.0.1", compress = true, mounts = {}, intercept } = {}) {
  const root = resolve(dir);
  // Extra folders served under a path prefix, e.g. { "/data": "target/bench/data-10000" }.
  const mounted = Object.entries(mounts).map(([prefix, folder]) => [prefix, resolve(folder)]);
  const cache = new Map();
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (intercept && (await intercept(req, res, path))) return;
      const mount = mounted.find(([prefix]) => path === prefix || path.startsWith(prefix + "/"));
      const base = mount ? mount[1] : root;
      let file = normalize(join(base, mount ? path.slice(mount[0].length) : path));
      if (!file.startsWith(base)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        // App routes (no extension) get the app; missing files get a 404.
        if (extname(path) !== "") {
          res.writeHead(404, { "content-type": "text/plain" }).end("not found");
          return;
        }
        file = join(root, "404.html");
        info = await stat(file).catch(() => null);
        if (!info) {
          file = join(root, "index.html");
          info = await stat(file);
        }
      }
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      // A file named by its contents may be kept for good; any other answer may be kept but must
      // be checked again (no-cache). A check of a file that has not changed is answered 304
      // without its bytes, as a CDN answers it (the service worker's install asks again, with
      // `cache: "no-cache"`, for what the page has just downloaded).
      const etag = `W/"${info.size}-${Math.floor(info.mtimeMs)}"`;
      const headers = { "content-type": type, "cache-control": cacheControl(path), etag, vary: "accept-encoding" };
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      const body = await readFile(file);
      const accept = String(req.headers["accept-encoding"] ?? "");
      let out = body;
      if (compress && body.length > 1024 && !type.startsWith("image/png")) {
        const key = `${file}:${info.mtimeMs}`;
        if (accept.includes("br")) {
          // The build's own copy (scripts/precompress.mjs, brotli 11) if it is as new as the
          // file, as a static host serves it; else compressed here, at a quality a server can
          // afford per response.
          const copy = await stat(`${file}.br`).catch(() => null);
          out =
            cache.get(`${key}:br`) ??
            (copy && copy.mtimeMs >= info.mtimeMs
              ? await readFile(`${file}.br`)
              : brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
          cache.set(`${key}:br`, out);
          headers["content-encoding"] = "br";
        } else if (accept.includes("gzip")) {
          out = cache.get(`${key}:gz`) ?? gzipSync(body);
          cache.set(`${key}:gz`, out);
          headers["content-encoding"] = "gzip";
        }
      }
      headers["content-length"] = out.length;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : out);
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    }
  });
  await new Promise((ok) => server.listen(port, host, ok));
  const address = server.address();
  return { server, url: `http://${host}:${address.port}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { dir: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
  });
  const { url } = await serve({ dir: values.dir, port: Number(values.port ?? 8080), host: values.host });
  console.log(`serving ${values.dir ?? "dist"} on ${url}`);
}
