// scripts/weigh-bundle.mjs reads the committed tiny bundle the way search/src/bundle.rs and
// tantivy lay it out: its parts add up to the whole, so no byte is weighed twice or missed
// (issue 13, "weigh every byte"). No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { files, sections, weigh } from "../../../scripts/weigh-bundle.mjs";

const fixture = fileURLToPath(new URL("../../fixtures/tiny.bundle", import.meta.url));

test("the files of the tiny bundle fill it after the header and the file table", () => {
  const bundle = readFileSync(fixture);
  const { files: byPath } = files(bundle);
  const payload = [...byPath.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const table = [...byPath.keys()].reduce(
    (sum, path) => sum + 2 + Buffer.byteLength(path) + 8 + 8 + 4,
    0,
  );
  assert.equal(20 + table + payload, bundle.length);
  assert.ok(byPath.has("meta.json") && byPath.has("dataset.postcard"), [...byPath.keys()].join(", "));
});

test("each per-field file's sections lie end to end, one per field, before its footers", () => {
  const { files: byPath } = files(readFileSync(fixture));
  const perField = [...byPath].filter(([path]) => /\.(idx|pos|term|fieldnorm)$/.test(path));
  assert.equal(perField.length, 4, perField.map(([p]) => p).join(", "));
  for (const [path, file] of perField) {
    const parts = sections(file);
    assert.ok(parts.length > 0, path);
    for (let i = 1; i < parts.length; i++) {
      const previous = parts[i - 1].bytes;
      assert.equal(previous.byteOffset + previous.length, parts[i].bytes.byteOffset, path);
    }
    const fields = parts.map((p) => `${p.field}/${p.idx}`);
    assert.equal(new Set(fields).size, fields.length, `${path}: a field twice`);
    const within = parts.reduce((sum, p) => sum + p.bytes.length, 0);
    assert.ok(within < file.length, path);
    assert.equal(parts[0].bytes.byteOffset, file.byteOffset, `${path} starts with a section`);
  }
});

test("the report names fields from the schema and weighs every file kind", () => {
  const report = weigh(fixture);
  const kinds = Object.values(report.kinds);
  const { files: byPath } = files(readFileSync(fixture));
  const raw = [...byPath.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  assert.equal(kinds.reduce((sum, k) => sum + k.raw, 0), raw);
  assert.ok(kinds.every((k) => k.brotli > 0 && k.brotli <= k.raw + 16), JSON.stringify(report.kinds));
  assert.ok(report.brotli < report.raw);
  // Positions are kept for phrase fields only (search/src/schema.rs).
  assert.ok(report.fields.body_folded?.pos, JSON.stringify(Object.keys(report.fields)));
  assert.equal(report.fields.english?.pos, undefined);
  assert.ok(report.fields.english?.idx);
});
