// Writes a brotli copy (quality 11) beside every compressible file of the built site, as
// `<file>.br`: the copies a static host or CDN serves to browsers that accept brotli
// (nginx's `brotli_static`, or the host's own precompressed-asset support), and that
// `tests/e2e/serve.mjs` serves. Compressing once at build time affords brotli's best quality,
// which a server compressing each response cannot: the site's WebAssembly and data are about
// 10 % smaller at quality 11 than at 9.
//
//   node scripts/precompress.mjs <dir>...
//
// A copy is rewritten only when it is older than its file, so a second run costs nothing.
import { readdir, readFile, stat, writeFile, rename } from "node:fs/promises";
import { join, extname } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";

const compress = promisify(brotliCompress);

/** Types worth compressing (images other than SVG are compressed already). */
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".webmanifest", ".bundle", ".rec", ".txt"]);

/** Smaller files gain nothing a response's headers would not cost back. */
const MIN_BYTES = 1024;

/** `bytes` compressed as the copies are: brotli at quality 11 (on libuv's threads). */
function brotli11(bytes) {
  return compress(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** The files under `dir` whose copy is missing or older than they are. */
async function stale(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...(await stale(path)));
      continue;
    }
    if (!COMPRESSIBLE.has(extname(entry.name))) continue;
    const info = await stat(path);
    if (info.size < MIN_BYTES) continue;
    const copy = await stat(`${path}.br`).catch(() => null);
    if (!copy || copy.mtimeMs < info.mtimeMs) out.push(path);
  }
  return out;
}

/** Writes the missing or stale copies under `dir`; returns how many were written. */
export async function precompress(dir) {
  const paths = await stale(dir);
  await Promise.all(
    paths.map(async (path) => {
      // Written aside, then renamed: a server never reads half a copy.
      await writeFile(`${path}.br.tmp`, await brotli11(await readFile(path)));
      await rename(`${path}.br.tmp`, `${path}.br`);
    }),
  );
  return paths.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  let written = 0;
  for (const dir of process.argv.slice(2)) written += await precompress(dir);
  console.log(`precompressed ${written} file(s) with brotli 11 in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
