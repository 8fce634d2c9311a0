#!/usr/bin/env node
// Weighs a search bundle: the whole file raw and brotli-11 (what the wire carries), each file
// kind (`.store`, `.idx`, `.pos`, `.term`, …), and, inside tantivy's per-field files, each
// field. Sizes of parts are each compressed alone, so they add up to more than the whole.
//
//   node scripts/weigh-bundle.mjs target/handbook-data            # the bundle its manifest names
//   node scripts/weigh-bundle.mjs path/to/handbook.<hash>.bundle  # one bundle
//   node scripts/weigh-bundle.mjs --json …                        # the same figures as JSON
//
// The bundle's layout is search/src/bundle.rs; a per-field file ends with tantivy's footer
// (JSON, its u32 length, u32 magic 1337) after a composite footer (field offsets as VInts,
// then its u32 length): tantivy's src/directory/{footer,composite_file}.rs.

import { readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";

const MAGIC = "LNGHEHN\0";
const PER_FIELD = new Set(["idx", "pos", "term", "fieldnorm"]);

/** The size of `bytes` compressed with brotli at quality 11, as a CDN's precompressed copy. */
export const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;

/** The files of a bundle, by path, and its format version. */
export function files(bundle) {
  if (bundle.subarray(0, 8).toString("latin1") !== MAGIC) throw new Error("not a bundle (magic)");
  const version = bundle.readUInt32LE(8);
  const count = bundle.readUInt32LE(12);
  let at = 20;
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const len = bundle.readUInt16LE(at);
    const path = bundle.subarray(at + 2, at + 2 + len).toString("utf8");
    at += 2 + len;
    const offset = Number(bundle.readBigUInt64LE(at));
    const length = Number(bundle.readBigUInt64LE(at + 8));
    at += 8 + 8 + 4;
    out.set(path, bundle.subarray(offset, offset + length));
  }
  return { version, files: out };
}

/** A tantivy VInt (7 bits a byte, the last byte's high bit set) at `at`. */
function vint(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("truncated VInt");
    value += (b & 127) * 2 ** shift;
    if (b >= 128) return [value, at];
    shift += 7;
  }
}

/** The sections of a per-field file, in file order: `[{ field, idx, bytes }]`. */
export function sections(file) {
  const tantivyFooter = file.readUInt32LE(file.length - 8) + 8;
  const body = file.subarray(0, file.length - tantivyFooter);
  const footerLen = body.readUInt32LE(body.length - 4);
  const footerStart = body.length - 4 - footerLen;
  let at = footerStart;
  let n;
  [n, at] = vint(body, at);
  const addrs = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    let delta, idx;
    [delta, at] = vint(body, at);
    offset += delta;
    const field = body.readUInt32LE(at);
    [idx, at] = vint(body, at + 4);
    addrs.push({ field, idx, offset });
  }
  return addrs.map((a, i) => ({
    field: a.field,
    idx: a.idx,
    bytes: body.subarray(a.offset, i + 1 < addrs.length ? addrs[i + 1].offset : footerStart),
  }));
}

/** The weights of the bundle at `path` (a bundle, or a folder whose manifest names one). */
export function weigh(path) {
  const bundlePath = statSync(path).isDirectory()
    ? join(path, JSON.parse(readFileSync(join(path, "manifest.json"), "utf8")).bundle)
    : path;
  const bundle = readFileSync(bundlePath);
  const { version, files: byPath } = files(bundle);
  const meta = JSON.parse(byPath.get("meta.json").toString("utf8"));
  const names = meta.index_settings ? meta.schema.map((f) => f.name) : [];
  const kinds = {};
  const fields = {};
  for (const [name, bytes] of byPath) {
    const kind = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
    const k = (kinds[kind] ??= { raw: 0, brotli: 0 });
    k.raw += bytes.length;
    k.brotli += brotli(bytes);
    if (!PER_FIELD.has(kind)) continue;
    for (const s of sections(bytes)) {
      if (s.bytes.length === 0) continue;
      const field = names[s.field] ?? `#${s.field}`;
      const f = (fields[field] ??= {});
      const part = s.idx ? `${kind}[${s.idx}]` : kind;
      f[part] = { raw: s.bytes.length, brotli: brotli(s.bytes) };
    }
  }
  return {
    bundle: bundlePath,
    format_version: version,
    raw: bundle.length,
    brotli: brotli(bundle),
    kinds,
    fields,
  };
}

function table(report) {
  const pad = (s, n) => String(s).padStart(n);
  const lines = [
    `${report.bundle} (format ${report.format_version})`,
    `whole bundle   ${pad(report.raw, 9)} B raw ${pad(report.brotli, 9)} B brotli-11`,
    "",
    "file kind          raw    brotli",
  ];
  const byBrotli = (a, b) => b[1].brotli - a[1].brotli;
  for (const [kind, s] of Object.entries(report.kinds).sort(byBrotli)) {
    lines.push(`${kind.padEnd(12)} ${pad(s.raw, 9)} ${pad(s.brotli, 9)}`);
  }
  lines.push("", "field / part                  raw    brotli");
  for (const [field, parts] of Object.entries(report.fields).sort()) {
    for (const [part, s] of Object.entries(parts)) {
      lines.push(`${`${field} ${part}`.padEnd(24)} ${pad(s.raw, 9)} ${pad(s.brotli, 9)}`);
    }
  }
  return lines.join("\n");
}

function main() {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const targets = args.filter((a) => a !== "--json");
  if (targets.length === 0) {
    console.error("usage: weigh-bundle.mjs [--json] <data dir | bundle>…");
    process.exit(2);
  }
  const reports = targets.map(weigh);
  console.log(json ? JSON.stringify(reports, null, 2) : reports.map(table).join("\n\n"));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
