// The engines a developer would otherwise reach for, set up the way their documentation
// suggests for search-as-you-type, on exactly the records and texts the handbook indexes
// (`indexer export`): MiniSearch (prefix + fuzzy, accents folded), FlexSearch (forward
// tokenizer, LatinBalance charset) and Pagefind (its Node indexing API).
//
// Each peer becomes a small static site under <out>/<name>/ whose page exposes
// `window.__peer.search(q) -> Promise<ids>` and, with `?q=`, records its first result.
import { mkdir, writeFile, copyFile, readFile } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import * as pagefind from "pagefind";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");

/** MiniSearch options shared by the Node build and the page (a module file both import). */
const MINISEARCH_OPTIONS = `
export const fields = ["title", "body", "english", "places"];
// Accents folded the usual way (NFD, drop combining marks); đ stays đ.
export const processTerm = (term) => term.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
export const options = { fields, storeFields: [], idField: "id", processTerm };
export const searchOptions = { prefix: true, fuzzy: 0.2, boost: { title: 3 } };
`;

const FIRST_RESULT = `
const q = new URLSearchParams(location.search).get("q");
if (q) {
  const ids = await window.__peer.search(q);
  window.__firstResult = { at: performance.now(), ids };
}
window.__peerReady = true;
`;

async function minisearchSite(records, out) {
  const dir = join(out, "minisearch");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "options.js"), MINISEARCH_OPTIONS);
  const { options } = await import(join(dir, "options.js"));
  const started = performance.now();
  const index = new MiniSearch(options);
  index.addAll(records);
  const json = JSON.stringify(index);
  const buildMs = performance.now() - started;
  await writeFile(join(dir, "index.json"), json);
  await copyFile(join(modules, "minisearch", "dist", "es", "index.js"), join(dir, "minisearch.js"));
  await writeFile(join(dir, "index.html"), `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>MiniSearch</title></head><body>
<script type="module">
import MiniSearch from "./minisearch.js";
import { options, searchOptions } from "./options.js";
const json = await (await fetch("./index.json")).text();
const index = MiniSearch.loadJSON(json, options);
window.__peer = { search: async (q) => index.search(q, searchOptions).slice(0, 10).map((r) => r.id) };
${FIRST_RESULT}
</script></body></html>`);
  return { name: "MiniSearch", dir, buildMs, files: ["index.html", "minisearch.js", "options.js", "index.json"] };
}

async function flexsearchSite(records, out) {
  const dir = join(out, "flexsearch");
  await mkdir(dir, { recursive: true });
  // FlexSearch's export is per key; a developer ships the records and indexes them on load.
  await writeFile(join(dir, "records.json"), JSON.stringify(records));
  await copyFile(join(modules, "flexsearch", "dist", "flexsearch.bundle.module.min.mjs"), join(dir, "flexsearch.mjs"));
  await writeFile(join(dir, "index.html"), `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>FlexSearch</title></head><body>
<script type="module">
import { Document, Charset } from "./flexsearch.mjs";
const records = await (await fetch("./records.json")).json();
const index = new Document({
  document: { id: "id", index: ["title", "body", "english", "places"] },
  tokenize: "forward",
  encoder: Charset.LatinBalance,
});
for (const r of records) index.add(r);
window.__peer = {
  search: async (q) => {
    const hits = index.search(q, { limit: 10, merge: true, suggest: true });
    return hits.map((h) => h.id).slice(0, 10);
  },
};
${FIRST_RESULT}
</script></body></html>`);
  return { name: "FlexSearch", dir, buildMs: 0, files: ["index.html", "flexsearch.mjs", "records.json"] };
}

async function pagefindSite(records, out) {
  const dir = join(out, "pagefind");
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const { index } = await pagefind.createIndex({});
  for (const r of records) {
    await index.addCustomRecord({
      url: "/" + r.id,
      content: [r.title, r.body, r.english, r.places].join("\n"),
      language: "vi",
      meta: { title: r.title },
    });
  }
  await index.writeFiles({ outputPath: join(dir, "pagefind") });
  await pagefind.close();
  const buildMs = performance.now() - started;
  await writeFile(join(dir, "index.html"), `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
const pf = await import("./pagefind/pagefind.js");
await pf.init();
window.__peer = {
  search: async (q) => {
    const found = await pf.search(q);
    const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    // Pagefind prefixes URLs with its base path; the record id is the rest.
    return top.map((d) => d.url.replace(/^\\/?(pagefind\\/)?/, ""));
  },
};
${FIRST_RESULT}
</script></body></html>`);
  return { name: "Pagefind", dir, buildMs, files: null };
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * The static site Pagefind is made for, as the phone profile's peer: a home page and one entity
 * page (`deepLink`, e.g. village/bat-trang) as plain HTML (name, the record's texts) with the
 * default Pagefind UI (`pagefind-ui.js`, default options) over the Pagefind index built above.
 * Under <out>/pagefind/ui/; its pages mark up the name as `main h1` and the summary as
 * `main p.lead`, as the handbook does.
 */
async function pagefindUiSite(records, out, deepLink) {
  const dir = join(out, "pagefind", "ui");
  const record = records.find((r) => r.id === deepLink);
  if (!record) throw new Error(`no record ${deepLink} for the Pagefind UI page`);
  const page = (title, main) => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<link href="/pagefind/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind/pagefind-ui.js"></script></head><body>
<div id="search"></div>
<main>${main}</main>
<script>window.addEventListener("DOMContentLoaded", () => { new PagefindUI({ element: "#search", bundlePath: "/pagefind/pagefind/" }); });</script>
</body></html>`;
  await mkdir(join(dir, deepLink), { recursive: true });
  await writeFile(join(dir, "index.html"), page("Làng nghề Hà Nội", "<h1>Làng nghề Hà Nội</h1>"));
  await writeFile(
    join(dir, deepLink, "index.html"),
    page(
      record.title,
      `<h1>${escape(record.title)}</h1><p class="lead">${escape(record.body)}</p><p lang="en">${escape(record.english)}</p><p>${escape(record.places)}</p>`,
    ),
  );
  return { home: "/pagefind/ui/", deepLink: `/pagefind/ui/${deepLink}/` };
}

/**
 * Builds every peer site for the records in `recordsPath` under `out`, and the Pagefind UI
 * static pages (`ui`: their addresses) with `deepLink` as the entity page.
 */
export async function buildPeers(recordsPath, out, deepLink = "village/bat-trang") {
  const records = JSON.parse(await readFile(recordsPath, "utf8"));
  const peers = [
    await minisearchSite(records, out),
    await flexsearchSite(records, out),
    await pagefindSite(records, out),
  ];
  const ui = await pagefindUiSite(records, out, deepLink);
  return { peers, ui };
}
