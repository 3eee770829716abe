// Extracts the plain-data cases of handlebars.js's own spec files into JSON (run by hand, output committed).
//
// usage: node extract.js <handlebars.js checkout at v4.7.9>/spec > cases.json
//
// The spec files are mocha tests written with handlebars.js's test bench:
// expectTemplate(t).withInput(i).withPartials(p).toCompileTo(expected). This script runs them
// with the bench and mocha replaced by recorders (handlebars.js itself is NOT loaded), so each
// expectTemplate call becomes one case: template, input, partials and the output the spec states.
// A case is "plain data" when it needs nothing but those: no helpers, decorators or options, an
// input that is pure JSON, and no other use of the Handlebars API in its test. Cases that are
// not plain data are written too, with the reason (`not_plain`), so the test can list them.
// The truth for every case is handlebars.js 4.7.10's own output, computed when the test runs.
"use strict";
const path = require("path");

const FILES = ["basic", "blocks", "builtins", "whitespace-control", "partials", "data", "regressions"];
const specDir = process.argv[2];
if (!specDir) {
  process.stderr.write("usage: node extract.js <handlebars.js>/spec > cases.json\n");
  process.exit(2);
}

let current = null; // the `it` being run: {reasons: Set, benches: []}
const cases = [];

function taint(reason) {
  if (current) current.reasons.add(reason);
}

// Anything reached through the Handlebars API marks the running test as not plain data.
function apiProxy(label) {
  const target = function () {};
  return new Proxy(target, {
    get(_, key) {
      if (key === Symbol.toPrimitive) return () => label;
      taint(`uses the JavaScript API (${label.split(/[.(]/)[0]})`);
      return apiProxy(label + "." + String(key));
    },
    set() {
      taint(`changes the JavaScript API (${label.split(/[.(]/)[0]})`);
      return true;
    },
    apply() {
      taint(`calls the JavaScript API (${label.split(/[.(]/)[0]})`);
      return apiProxy(label + "()");
    },
    construct() {
      taint(`calls the JavaScript API (${label.split(/[.(]/)[0]})`);
      return apiProxy("new " + label);
    },
  });
}

function isPlain(value) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item, i) => i in value && isPlain(item));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.keys(value).every((key) => isPlain(value[key]));
  }
  return false;
}

function Bench(template) {
  this.template = template;
  this.input = {};
  this.partials = {};
  this.notPlain = [];
  if (current) current.benches.push(this);
}
const unsupported = {
  withHelper: "registers a helper (JavaScript function)",
  withHelpers: "registers a helper (JavaScript function)",
  withDecorator: "registers a decorator (JavaScript function)",
  withDecorators: "registers a decorator (JavaScript function)",
  withCompileOptions: "needs compile options",
  withRuntimeOptions: "needs runtime options",
};
for (const [method, reason] of Object.entries(unsupported)) {
  Bench.prototype[method] = function (first) {
    const empty = first && typeof first === "object" && Object.keys(first).length === 0;
    if (!empty) this.notPlain.push(reason);
    return this;
  };
}
Bench.prototype.withInput = function (input) {
  this.input = input;
  return this;
};
Bench.prototype.withPartial = function (name, partial) {
  this.partials[name] = partial;
  return this;
};
Bench.prototype.withPartials = function (partials) {
  Object.assign(this.partials, partials);
  return this;
};
Bench.prototype.withMessage = function () {
  return this;
};
Bench.prototype.toCompileTo = function (expected) {
  this.expected = expected;
};
Bench.prototype.toThrow = function () {
  this.throws = true;
};

// mocha, replaced: describe runs its body at once, collecting `it`s with their hooks.
const describes = [];
const hooks = [];
const tests = [];
global.describe = function (name, body) {
  describes.push(name);
  hooks.push([]);
  body();
  hooks.pop();
  describes.pop();
};
global.describe.skip = global.describe;
global.describe.only = global.describe;
global.it = function (name, body) {
  tests.push({ name: [...describes, name].join(" / "), body, hooks: hooks.flat() });
};
global.it.skip = function (name) {
  tests.push({ name: [...describes, name].join(" / "), body: null, hooks: [] });
};
global.it.only = global.it;
// root-level hooks only reset handlebarsEnv between tests (basic.js): nothing a case depends on
global.beforeEach = (hook) => hooks.length && hooks[hooks.length - 1].push(hook);
global.before = global.beforeEach;
global.afterEach = () => {};
global.after = () => {};
global.expectTemplate = (template) => new Bench(template);
global.Handlebars = apiProxy("Handlebars");
const env = apiProxy("handlebarsEnv");
Object.defineProperty(global, "handlebarsEnv", { get: () => env, set: () => {} }); // basic.js assigns it
global.CompilerContext = apiProxy("CompilerContext");
global.sinon = apiProxy("sinon");
global.expect = apiProxy("expect");
for (const name of ["shouldCompileTo", "shouldCompileToWithPartials", "shouldThrow", "equals", "equal"]) {
  global[name] = apiProxy(name);
}

for (const file of FILES) {
  tests.length = 0;
  require(path.resolve(specDir, file + ".js"));
  for (const test of tests) {
    current = { reasons: new Set(), benches: [] };
    if (test.body === null) {
      current.reasons.add("skipped in the spec itself (it.skip)");
    } else {
      try {
        for (const hook of test.hooks) hook.call({});
        test.body.call({});
      } catch (error) {
        current.reasons.add("its test code failed outside the template bench: " + String(error.message).slice(0, 80));
      }
    }
    current.benches.forEach((bench, index) => {
      const reasons = [...current.reasons, ...bench.notPlain];
      if (!isPlain(bench.input)) reasons.push("its input is not plain JSON (functions, undefined or objects with prototypes)");
      if (!Object.values(bench.partials).every((p) => typeof p === "string")) reasons.push("a partial is a JavaScript function");
      if (bench.expected === undefined && !bench.throws) reasons.push("states no expected output");
      const name = test.name + (current.benches.length > 1 ? ` #${index + 1}` : "");
      const entry = { file: file + ".js", name, template: bench.template };
      if (reasons.length) {
        entry.not_plain = [...new Set(reasons)].sort();
      } else {
        entry.input = bench.input;
        entry.partials = bench.partials;
        if (bench.throws) entry.spec_throws = true;
        else entry.spec_expected = bench.expected;
      }
      cases.push(entry);
    });
    if (current.benches.length === 0) {
      cases.push({ file: file + ".js", name: test.name, template: null, not_plain: ["does not use the template bench (tests the JavaScript API)"] });
    }
  }
}
current = null;
process.stdout.write(JSON.stringify({ source: "handlebars-lang/handlebars.js spec/ at v4.7.9 (dce542c9)", cases }, null, 1) + "\n");
