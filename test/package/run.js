#!/usr/bin/env node
// The package test layer: `vsce package` gives a .vsix (< 20 MB, with LICENSE and the three tfjs wasm
// files; sources, tests and maps kept out by .vscodeignore), `code-server --install-extension` puts it
// into a fresh extensions folder outside the repository, and the extension-host suite
// package.installed trains the fixture with the INSTALLED copy (meta.json backend wasm). The host loads
// it as the development extension from its installed folder (the payload test hook needs one). Prints each
// check, each step's time and a closing `N passed, N failed` line; exits 1 on failure.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('../harness/harness');
const { buildSuites, FIXTURES } = require('../extension/run');

const REPO = h.REPO;
const MAX_BYTES = 20 * 1024 * 1024;
const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Entry names of a zip (the .vsix), read with Python's zipfile (always present where apt is). */
function zipEntries(file) {
  const out = cp.execFileSync('python3', ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

async function main() {
  h.setTag('package');
  const times = [];
  const timed = async (what, fn) => {
    const t = Date.now();
    try { return await fn(); } finally { times.push([what, (Date.now() - t) / 1000]); }
  };
  let passed = 0;
  let failed = 0;
  const check = (name, fn) => {
    try { fn(); passed++; console.log(`  ok   ${name}`); } catch (e) { failed++; console.log(`  FAIL ${name}\n       ${String(e.message).split('\n').slice(0, 8).join('\n       ')}`); }
  };
  // Everything installed goes outside the repository, in a temp folder removed at the end.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-package-'));
  try {
    await timed('build (node esbuild.js)', () => h.buildProject());
    await timed('code-server setup', () => h.ensureCodeServer());
    const vsix = path.join(tmp, 'sequence-lab.vsix');
    // `npm run package` is the one place the packaging flags live (README image base URLs included).
    await timed('vsce package', () => cp.execFileSync('npm', ['run', '-s', 'package', '--', '--out', vsix], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] }));
    const size = fs.statSync(vsix).size;
    const entries = zipEntries(vsix);
    console.log(`  .vsix: ${(size / 1024 / 1024).toFixed(2)} MB, ${entries.length} entries`);
    check('the .vsix is under 20 MB', () => { if (size >= MAX_BYTES) throw new Error(`${size} bytes`); });
    check('it contains LICENSE, package.json and the extension, worker and webview bundles', () => {
      for (const f of ['extension/LICENSE.txt', 'extension/package.json', 'extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/webview.js', 'extension/media/dashboard.css']) {
        if (!entries.includes(f) && !(f.endsWith('LICENSE.txt') && entries.includes('extension/LICENSE'))) throw new Error(`missing ${f}`);
      }
    });
    check('it contains the three tfjs wasm files next to the worker', () => {
      for (const w of WASM) if (!entries.includes(`extension/dist/${w}`)) throw new Error(`missing dist/${w}`);
    });
    check('sources, tests, source maps, metafiles and node_modules stay out', () => {
      const bad = entries.filter((e) => /^extension\/(src|test|webview|node_modules|bench|scripts|native)\//.test(e) || /\.(ts|map)$/.test(e) || /meta-.*\.json$/.test(e));
      if (bad.length) throw new Error(bad.slice(0, 10).join(', '));
    });

    const extensionsDir = path.join(tmp, 'extensions');
    fs.mkdirSync(extensionsDir);
    await timed('code-server --install-extension', () => cp.execFileSync(process.execPath, [h.CS_ENTRY, '--install-extension', vsix,
      '--extensions-dir', extensionsDir, '--user-data-dir', path.join(tmp, 'install-user-data'), '--config', path.join(tmp, 'cs-config.yaml')],
    { env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), EXTENSIONS_GALLERY: '{}' }, stdio: ['ignore', 'ignore', 'inherit'] }));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const installed = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    check('installed into a fresh extensions folder outside the repository', () => {
      if (!fs.existsSync(path.join(installed, 'dist', 'worker.js'))) throw new Error(`not found: ${installed}`);
      if (installed.startsWith(REPO + path.sep)) throw new Error('inside the repository');
    });

    const testsPath = await timed('bundle suites', buildSuites);
    const workspaceDir = path.join(tmp, 'workspace');
    fs.cpSync(path.join(FIXTURES, 'workspace'), workspaceDir, { recursive: true });
    const r = await timed('train with the installed extension', () => h.runExtensionHostTests({
      // payload's extensionTestsPath runs only together with extensionDevelopmentPath (measured: without
      // it nothing runs), so the development path IS the installed folder: the code under test is the
      // copy --install-extension unpacked from the .vsix, not the repository.
      name: 'package', testsPath, extensionsDir, workspaceDir, extensionPath: installed,
      env: { SEQLAB_TEST_SUITES: 'package.installed', SEQLAB_EXPECT_EXTENSIONS_DIR: extensionsDir, SEQLAB_REPO: REPO },
      timeoutMs: 300_000,
    }));
    if (r.report) {
      for (const t of r.report.tests) {
        if (t.state === 'passed') passed++;
        else if (t.state === 'failed') failed++;
        console.log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title}${t.error ? `\n       ${t.error.split('\n').slice(0, 6).join('\n       ')}` : ''}`);
      }
      if (r.report.passes + r.report.failures === 0) { failed++; console.log('  FAIL the installed-extension suite ran no test'); }
    }
    if (r.error) { failed++; console.log(`  FAIL ${r.error.stack || r.error}`); }
  } catch (e) {
    failed++;
    console.log(`  FAIL ${e.stack || e}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('\npackage layer times:');
  for (const [what, s] of times) console.log(`  ${what.padEnd(34)} ${s.toFixed(1).padStart(6)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main();
