// CPU time of Material's search worker building its index from a search_index.js, in Node:
//     node benchmarks/search_worker.js .venv/lib/python3*/site-packages/material/templates/assets/javascripts/workers/search.*.min.js site/search/search_index.js
// (the offline copy builds the same index on the page's thread before its first search).
const fs = require("fs"), vm = require("vm"), path = require("path");
const js = process.argv[2], indexFile = process.argv[3];
const base = path.join(path.dirname(js), "..", "lunr");
let handler = null;
const ctx = { console, setTimeout, clearTimeout, Promise,
  addEventListener: (t, h) => { if (t === "message") handler = h; },
  postMessage: (m) => { ctx.__last = m; },
  importScripts: (...urls) => { for (const u of urls) vm.runInContext(fs.readFileSync(path.join(base, u.replace(/^.*?\/min\//, "min/")), "utf8"), ctx); },
  location: { href: "file:///x/" } };
ctx.self = ctx; ctx.globalThis = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(js, "utf8"), ctx);
const text = fs.readFileSync(indexFile, "utf8").replace(/^var __index = /, "");
const index = JSON.parse(text);
(async () => {
  const t0 = process.cpuUsage(), w0 = Date.now();
  await handler({ data: { type: 0, data: { ...index, options: { suggest: false } } } });
  // wait until the worker answers READY
  for (let i = 0; i < 1000 && !ctx.__last; i++) await new Promise(r => setTimeout(r, 5));
  const cpu = process.cpuUsage(t0);
  console.log(JSON.stringify({ cpu_ms: (cpu.user + cpu.system) / 1000, wall_ms: Date.now() - w0, ready: ctx.__last }));
})();
