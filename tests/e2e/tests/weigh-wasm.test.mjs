// scripts/weigh-wasm.mjs weighs a module's code per crate from its name section (issue 13,
// "weigh every byte"): checked on a module assembled here byte by byte, so every figure is
// known. No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";

import { crateOf, moduleSections, weigh } from "../../../scripts/weigh-wasm.mjs";

const leb = (n) => {
  const out = [];
  do {
    let b = n & 127;
    n >>>= 7;
    if (n) b |= 128;
    out.push(b);
  } while (n);
  return out;
};
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];

/** One imported function, then two defined ones whose bodies are 2 and 4 bytes long. */
function module(names) {
  const nameMap = [...leb(names.length), ...names.flatMap(([i, n]) => [...leb(i), ...str(n)])];
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), // one type: () -> ()
    ...section(2, [1, ...str("env"), ...str("f"), 0, 0]), // import env.f, a function
    ...section(3, [2, 0, 0]), // two functions of type 0
    ...section(10, [2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b]), // bodies: end; nop nop end
    ...section(0, [...str("name"), 1, ...leb(nameMap.length), ...nameMap]),
  ]);
}

test("the code of each function counts for the crate its name starts with, imports skipped", () => {
  const bytes = module([
    [0, "env::f"],
    [1, "<tantivy::schema::Facet as core::fmt::Debug>::fmt"],
    [2, "core::slice::sort::stable::drift::sort::h0123"],
  ]);
  const report = weigh(bytes);
  assert.equal(report.functions, 2);
  // Each body with its size byte: 1 + 2 and 1 + 4. Had the imported function not been
  // counted, the names would be one function off and `env` would get 3 bytes.
  assert.deepEqual(report.crates, [
    { crate: "core", raw: 5 },
    { crate: "tantivy", raw: 3 },
  ]);
  assert.equal(report.raw, bytes.length);
  const sizes = report.sections.reduce((sum, s) => sum + s.raw, 0);
  assert.ok(sizes < bytes.length && sizes > bytes.length - 20, "sections fill the module");
});

test("a module without names is weighed by section only", () => {
  const bytes = module([]);
  const report = weigh(bytes);
  assert.equal(report.named, 0);
  assert.deepEqual(report.crates, [{ crate: "(unnamed)", raw: 8 }]);
  assert.deepEqual(
    moduleSections(bytes).map((s) => s.name),
    ["type", "import", "function", "code", 'custom "name"'],
  );
});

test("trait impls and generic code are attributed to the right crate", () => {
  assert.equal(crateOf("<T as tachys::view::any_view::IntoAny>::into_any::rebuild::h1"), "tachys");
  assert.equal(crateOf("<&mut serde_json::de::Deserializer<R> as serde::Deserializer>::x"), "serde_json");
  assert.equal(crateOf("core[c5930c85a12de822]::fmt::write"), "core");
  assert.equal(crateOf("_ZN11tantivy_fst3raw4Node4find17h0123456789abcdefE"), "tantivy_fst");
  assert.equal(crateOf("_ZN70_$LT$cap..Cap$LT$H$GT$$u20$as$u20$core..alloc..GlobalAlloc$GT$4free17h0E"), "cap");
  assert.equal(crateOf("__rust_alloc"), "(unnamed)");
});
