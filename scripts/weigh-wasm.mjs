#!/usr/bin/env node
// Weighs a WebAssembly module: its sections, and its code per crate from the function names in
// its name section. Only a module that still has its names can be weighed per crate: the one
// wasm-bindgen writes before wasm-opt strips them (`target/wasm-bindgen/release/app_bg.wasm`
// after a release build), or that one re-optimised with its names kept, which weighs the code
// as shipped:
//
//   node scripts/weigh-wasm.mjs                                   # target/wasm-bindgen/release/app_bg.wasm
//   node scripts/weigh-wasm.mjs path/to/module.wasm [--top 40]    # one module, the 40 largest crates
//   wasm-opt -Oz -g --enable-bulk-memory … app_bg.wasm -o named.wasm && node scripts/weigh-wasm.mjs named.wasm
//   node scripts/weigh-wasm.mjs --json …                          # the same figures as JSON
//
// A function counts for the crate its name starts with, after the `<` and `T as ` of a trait
// impl: `<tantivy::X as core::fmt::Debug>::fmt` is tantivy's code, generic code the crate it is
// defined in (`core::slice::sort::…` is core's, whatever it sorts).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { brotli } from "./weigh-bundle.mjs";

const SECTIONS = [
  "custom", "type", "import", "function", "table", "memory", "global",
  "export", "start", "element", "code", "data", "datacount",
];

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("truncated LEB128");
    value += (b & 127) * 2 ** shift;
    if (b < 128) return [value, at];
    shift += 7;
  }
}

const utf8 = (bytes, at) => {
  const [len, start] = leb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + len)), start + len];
};

/** The module's sections in order: { id, name, bytes } (custom sections by their own name). */
export function moduleSections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module (magic)");
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const body = bytes.subarray(start, start + size);
    if (body.length !== size) throw new Error("truncated section");
    const name = id === 0 ? `custom "${utf8(body, 0)[0]}"` : (SECTIONS[id] ?? `section ${id}`);
    out.push({ id, name, bytes: body });
    at = start + size;
  }
  return out;
}

/** The number of imported functions (they come first in the function index space). */
function importedFunctions(section) {
  let [count, at] = leb(section, 0);
  let functions = 0;
  for (let i = 0; i < count; i++) {
    [, at] = utf8(section, at);
    [, at] = utf8(section, at);
    const kind = section[at++];
    if (kind === 0) {
      [, at] = leb(section, at);
      functions++;
    } else if (kind === 1) {
      at++;
      let flags;
      [flags, at] = leb(section, at);
      [, at] = leb(section, at);
      if (flags & 1) [, at] = leb(section, at);
    } else if (kind === 2) {
      let flags;
      [flags, at] = leb(section, at);
      [, at] = leb(section, at);
      if (flags & 1) [, at] = leb(section, at);
    } else if (kind === 3) {
      at += 2;
    } else {
      [, at] = leb(section, at); // a tag: attribute 0, then its type index
    }
  }
  return functions;
}

/** Function names from a name section: Map of function index → name. */
function functionNames(section) {
  const names = new Map();
  let [, at] = utf8(section, 0);
  while (at < section.length) {
    const kind = section[at];
    const [size, start] = leb(section, at + 1);
    if (kind === 1) {
      let [count, p] = leb(section, start);
      for (let i = 0; i < count; i++) {
        let index;
        let name;
        [index, p] = leb(section, p);
        [name, p] = utf8(section, p);
        names.set(index, name);
      }
    }
    at = start + size;
  }
  return names;
}

/** The crate a function's (demangled) name belongs to; see the header. */
export function crateOf(name) {
  let n = name;
  for (;;) {
    const before = n;
    n = n.replace(/^<+/, "").replace(/^(?:&mut |&|\*const |\*mut |dyn )/, "");
    n = n.replace(/^(?:T|F|I|S|A|E|R|V|K|B) as /, "");
    if (n === before) break;
  }
  // A legacy mangled name: _ZN, then length-prefixed path parts (an impl's first part is
  // `_$LT$crate..Type$u20$as$u20$…`).
  const legacy = /^_ZN(\d+)/.exec(n);
  if (legacy) {
    const part = n.slice(legacy[0].length, legacy[0].length + Number(legacy[1]));
    const crate = /^(?:_?\$LT\$)?(?:\$RF\$)?([A-Za-z_][A-Za-z0-9_]*)/.exec(part);
    return crate ? crate[1] : "(unnamed)";
  }
  const path = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(n);
  return path ? path[1] : "(unnamed)";
}

/** The figures: sections, and the code's bytes per crate (empty without a name section). */
export function weigh(bytes) {
  const sections = moduleSections(bytes);
  const imports = sections.find((s) => s.name === "import");
  const code = sections.find((s) => s.name === "code");
  const nameSection = sections.find((s) => s.name === 'custom "name"');
  const names = nameSection ? functionNames(nameSection.bytes) : new Map();
  const first = imports ? importedFunctions(imports.bytes) : 0;
  const perCrate = new Map();
  let functions = 0;
  if (code) {
    let [count, at] = leb(code.bytes, 0);
    functions = count;
    for (let i = 0; i < count; i++) {
      const [size, start] = leb(code.bytes, at);
      const whole = start + size - at;
      const name = names.get(first + i);
      const crate = name === undefined ? "(unnamed)" : crateOf(name);
      perCrate.set(crate, (perCrate.get(crate) ?? 0) + whole);
      at = start + size;
    }
  }
  return {
    raw: bytes.length,
    brotli: brotli(bytes),
    functions,
    named: names.size,
    sections: sections.map((s) => ({ name: s.name, raw: s.bytes.length, brotli: brotli(s.bytes) })),
    crates: [...perCrate]
      .map(([crate, raw]) => ({ crate, raw }))
      .sort((a, b) => b.raw - a.raw || a.crate.localeCompare(b.crate)),
  };
}

function main(argv) {
  const json = argv.includes("--json");
  const topAt = argv.indexOf("--top");
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 30;
  const path =
    argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--top")[0] ??
    "target/wasm-bindgen/release/app_bg.wasm";
  const report = weigh(readFileSync(path));
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const kib = (n) => (n / 1024).toFixed(1).padStart(9);
  console.log(`${path}: ${kib(report.raw)} KiB raw, ${kib(report.brotli)} KiB brotli-11`);
  console.log(`\n${"section".padEnd(34)}  raw KiB   brotli KiB`);
  for (const s of report.sections) console.log(`${s.name.padEnd(34)}${kib(s.raw)}   ${kib(s.brotli)}`);
  if (report.named === 0) {
    console.log("\nno name section: build a release and weigh target/wasm-bindgen/release/app_bg.wasm");
    return;
  }
  const total = report.crates.reduce((sum, c) => sum + c.raw, 0);
  console.log(`\ncode per crate (${report.functions} functions, ${report.named} named)   KiB raw   share`);
  for (const c of report.crates.slice(0, top)) {
    const share = ((100 * c.raw) / total).toFixed(1).padStart(5);
    console.log(`${c.crate.padEnd(44)}${kib(c.raw)}   ${share} %`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`weigh-wasm: ${e.message}`);
    process.exit(1);
  }
}
