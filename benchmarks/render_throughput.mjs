// handlebars.js side of render_throughput.py: renders one workload and prints JSON.
// usage: node render_throughput.mjs <handlebars dir> <template file> <contexts json file> [passes]
// The helpers are the ones of ../shared/bench/render_bench.mjs. The first pass over the contexts
// is timed as it comes (what render_bench.mjs reports); then `passes` more passes run and the best
// one is the "warmed" figure (V8 has optimised the template function by then).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const [handlebarsDir, templateFile, contextsFile, passesArg] = process.argv.slice(2);
const Handlebars = createRequire(join(handlebarsDir, "package.json"))("handlebars");
const hb = Handlebars.create();
hb.registerHelper("capitalize", (value) => {
  const s = value == null ? "" : String(value);
  return s.slice(0, 1).toUpperCase() + s.slice(1);
});
hb.registerHelper("eq", function (a, b, options) {
  if (options && typeof options.fn === "function") {
    return a === b ? options.fn(this) : options.inverse(this);
  }
  return a === b;
});

const contexts = JSON.parse(readFileSync(contextsFile, "utf8"));
const n = contexts.length;
let t0 = process.hrtime.bigint();
const template = hb.compile(readFileSync(templateFile, "utf8"));
template(contexts[0]);
const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;

function pass(outs) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) outs[i] = template(contexts[i]);
  return Number(process.hrtime.bigint() - start) / 1e9;
}
const outs = new Array(n);
const first = pass(outs);
let best = Infinity;
for (let p = 0; p < parseInt(passesArg || "5", 10); p++) best = Math.min(best, pass(outs));

const raw = createHash("sha256");
for (const o of outs) {
  raw.update(o);
  raw.update("\0");
}
process.stdout.write(JSON.stringify({
  version: Handlebars.VERSION,
  compile_plus_first_render_ms: compileMs,
  first_pass_per_s: n / first,
  warmed_per_s: n / best,
  sha256: raw.digest("hex").slice(0, 16),
}));
