// `node bench/activate-stub.js <dist/extension.js> <extensionPath>`: require the extension bundle and
// call activate() with a stub `vscode` module, in this fresh process; prints one JSON line with the
// milliseconds of each part. Every vscode member is a callable, constructible no-op returning
// another stub, so this times the extension's own work (module evaluation, registrations), not
// VS Code's. Used by bench/product.js.
'use strict';
const fs = require('fs');
const Module = require('module');
const path = require('path');

const [bundle, extensionPath] = process.argv.slice(2);
let calls = 0;
function stub(name) {
  const fn = function () {};
  const assigned = new Map(); // what the extension stored on a stub (statusBar.text = …) reads back
  return new Proxy(fn, {
    set(_t, prop, value) {
      assigned.set(prop, value);
      return true;
    },
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* () {};
      return stub(`${name}.${String(prop)}`);
    },
    apply(_t, _this, args) {
      calls++;
      // getConfiguration(...).get(key, default) → the default, as an unset setting reads
      if (name.endsWith('.get')) return args[1];
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}
// esbuild's __toESM copies the module's own keys: list the names the bundle reads (vscode3.window …).
const names = [...new Set([...fs.readFileSync(bundle, 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_]\w*)/g)].map((m) => m[1]))];
const members = Object.fromEntries(names.map((n) => [n, stub(`vscode.${n}`)]));
const vscode = new Proxy(members, {
  get: (t, prop) => (prop === 'then' || prop === '__esModule' ? undefined : (t[prop] ?? stub(`vscode.${String(prop)}`))),
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const cpuMs = (c) => (c.user + c.system) / 1000;
const t0 = performance.now();
const c0 = process.cpuUsage();
const ext = require(path.resolve(bundle));
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const context = {
  subscriptions: [],
  extensionPath,
  extensionUri: vscode.Uri.file(extensionPath),
  globalState: vscode.globalState,
  workspaceState: vscode.workspaceState,
  asAbsolutePath: (p) => path.join(extensionPath, p),
  extensionMode: 1,
  logUri: vscode.Uri,
  globalStorageUri: vscode.Uri,
  storageUri: undefined,
};
let error = null;
try {
  ext.activate(context);
} catch (e) {
  error = String((e && e.stack) || e).split('\n').slice(0, 3).join(' | ');
}
const t2 = performance.now();
const c2 = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, requireCpuMs: cpuMs(c1), totalCpuMs: cpuMs(c2), apiCalls: calls, subscriptions: context.subscriptions.length, error }) + '\n');
process.exit(0);
