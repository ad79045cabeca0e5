#!/usr/bin/env node
// `npm test`: every test layer in order, each layer's time, and one closing `N passed, N failed` line.
// Usage: node test/run-all.js [layer...]   layers: lint types build unit examples extension e2e package
// Each layer installs what it needs when missing (see test/harness/setup.sh for code-server and Chromium).
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => /\.test\.ts$/.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Each layer: the command and how to count its tests from its output. */
const LAYERS = {
  lint: () => ({ cmd: bin('eslint'), args: ['.'], count: 'single' }),
  types: () => ({ cmd: 'sh', args: ['-c', `"${bin('tsc')}" -p . && "${bin('tsc')}" -p webview`], count: 'single' }),
  build: () => ({ cmd: process.execPath, args: ['esbuild.js'], count: 'single' }),
  unit: () => {
    const files = findTests(path.join(root, 'test/unit'));
    return { cmd: process.execPath, args: ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], count: 'node-test' };
  },
  // Every shipped example with an `expect:` block trains and holds it, through the built CLI (what a
  // team's CI runs); runs go to a temp folder so the work tree stays clean.
  examples: () => ({
    cmd: process.execPath,
    args: ['dist/cli.js', 'test', 'examples/', '--runs-dir', fs.mkdtempSync(path.join(require('os').tmpdir(), 'seqlab-examples-'))],
    count: 'closing-line',
  }),
  extension: () => scriptLayer('test/extension/run.js'),
  e2e: () => scriptLayer('test/e2e/run.js'),
  package: () => scriptLayer('test/package/run.js'),
};

function scriptLayer(rel) {
  if (!fs.existsSync(path.join(root, rel))) return null;
  return { cmd: process.execPath, args: [rel], count: 'closing-line' };
}

function run({ cmd, args }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
    child.on('error', (err) => resolve({ code: 1, out: String(err) }));
  });
}

function countOf(kind, code, out) {
  if (kind === 'single') return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  if (kind === 'node-test') {
    const pass = /^ℹ pass (\d+)/m.exec(out);
    const fail = /^ℹ fail (\d+)/m.exec(out);
    if (pass && fail) return { passed: +pass[1], failed: +fail[1] + (code !== 0 && +fail[1] === 0 ? 1 : 0) };
  }
  const lines = [...out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)];
  const last = lines[lines.length - 1];
  if (last) return { passed: +last[1], failed: +last[2] + (code !== 0 && +last[2] === 0 ? 1 : 0) };
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

async function main() {
  const wanted = process.argv.slice(2);
  const order = wanted.length ? wanted : ['lint', 'types', 'build', 'unit', 'examples', 'extension', 'e2e', 'package'];
  const results = [];
  const t0 = Date.now();
  for (const name of order) {
    const make = LAYERS[name];
    if (!make) {
      console.error(`run-all: unknown layer '${name}' (known: ${Object.keys(LAYERS).join(', ')})`);
      process.exit(2);
    }
    const layer = make();
    if (!layer) {
      console.log(`\n=== ${name}: no tests in this layer yet`);
      continue;
    }
    console.log(`\n=== ${name}`);
    const t = Date.now();
    const { code, out } = await run(layer);
    const counts = countOf(layer.count, code, out);
    results.push({ name, ...counts, seconds: (Date.now() - t) / 1000, code });
  }
  console.log('\n=== layer times');
  for (const r of results) {
    console.log(`  ${r.name.padEnd(10)} ${r.seconds.toFixed(1).padStart(7)} s   ${r.passed} passed, ${r.failed} failed${r.code ? ` (exit ${r.code})` : ''}`);
  }
  const passed = results.reduce((s, r) => s + r.passed, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  console.log(`  total      ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
