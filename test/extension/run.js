#!/usr/bin/env node
// The extension-host test layer: builds the project, installs code-server when missing
// (test/harness/setup.sh), bundles the mocha suites in test/extension/suite, and runs them INSIDE the
// real extension host of code-server (payload extensionDevelopmentPath + extensionTestsPath), twice:
// a trusted workspace (all suites) and an untrusted one (*.untrusted suites). Prints each test, each
// step's time, and a closing `N passed, N failed` line; exits 1 on any failure.
//
//   node test/extension/run.js            all sessions
//   node test/extension/run.js trusted    only the trusted session (untrusted likewise)
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const h = require('../harness/harness');

const REPO = h.REPO;
const SUITE_DIR = path.join(__dirname, 'suite');
const OUT = path.join(REPO, 'test', '.runs', 'exthost-build');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'extension');

/** Bundle each suite file (vscode and mocha stay external: the host and node_modules provide them). */
async function buildSuites() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const entries = fs.readdirSync(SUITE_DIR).filter((f) => f.endsWith('.ts')).map((f) => path.join(SUITE_DIR, f));
  await esbuild.build({
    entryPoints: entries, outdir: OUT, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  // mocha is resolved from the repo's node_modules: the output folder is inside the repo.
  return path.join(OUT, 'index.js');
}

/** Multi-root layout: two folders, b with its own seqlab.runsDirectory (resource-scoped setting). */
function multiRoot(dirs) {
  for (const f of ['a', 'b']) {
    fs.mkdirSync(path.join(dirs.workspace, f, '.vscode'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'workspace', 'tiny.seqlab.yaml'), path.join(dirs.workspace, f, `${f}.seqlab.yaml`));
    fs.mkdirSync(path.join(dirs.workspace, f, '.seqlab'), { recursive: true });
  }
  fs.writeFileSync(path.join(dirs.workspace, 'b', '.vscode', 'settings.json'), JSON.stringify({ 'seqlab.runsDirectory': 'b-runs' }));
  fs.writeFileSync(path.join(dirs.workspace, 'two.code-workspace'), JSON.stringify({ folders: [{ path: 'a' }, { path: 'b' }] }));
}

const SESSIONS = {
  trusted: { trust: true, suites: '' },
  untrusted: { trust: false, suites: 'trust.untrusted' },
  nofolder: { trust: true, suites: 'files.nofolder', open: 'none' },
  multiroot: { trust: true, suites: 'folders.multiroot', open: 'two.code-workspace', prepare: multiRoot },
};

async function main() {
  h.setTag('exthost');
  const wanted = process.argv.slice(2).filter((a) => SESSIONS[a]);
  const sessions = wanted.length ? wanted : Object.keys(SESSIONS);
  const times = [];
  const timed = async (what, fn) => {
    const t = Date.now();
    try { return await fn(); } finally { times.push([what, (Date.now() - t) / 1000]); }
  };
  let passed = 0;
  let failed = 0;
  try {
    await timed('build (node esbuild.js)', () => h.buildProject());
    await timed('code-server setup', () => h.ensureCodeServer());
    const testsPath = await timed('bundle suites', buildSuites);
    for (const name of sessions) {
      const s = SESSIONS[name];
      const r = await timed(`session ${name}`, () => h.runExtensionHostTests({
        name: `exthost-${name}`,
        extensionPath: REPO,
        testsPath,
        workspace: path.join(FIXTURES, 'workspace'),
        trust: s.trust,
        open: s.open || 'folder',
        prepare: s.prepare,
        env: { SEQLAB_TEST_SUITES: s.suites, SEQLAB_FAKE_WORKER: path.join(FIXTURES, 'fake-worker.js') },
        timeoutMs: 600_000,
      }));
      if (r.report) {
        for (const t of r.report.tests) {
          console.log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} [${name}] ${t.title}${t.durationMs !== undefined ? ` (${(t.durationMs / 1000).toFixed(1)} s)` : ''}`);
          if (t.error) console.log(`       ${t.error.split('\n').slice(0, 6).join('\n       ')}`);
        }
        passed += r.report.passes;
        failed += r.report.failures;
        console.log(`  [${name}] extension host pid ${r.report.extHostPid} (in the code-server tree: ${r.extHostInTree}), ${r.report.env.appName} ${r.report.env.vscodeVersion}, trusted ${r.report.env.trusted}; peak PSS ${JSON.stringify(r.memory.peakPssMb)} MB; logs ${path.relative(REPO, r.dirs.root)}`);
      }
      if (r.error) {
        failed++;
        console.log(`  FAIL [${name}] ${r.error.stack || r.error}`);
      } else if (r.exitCode !== undefined && r.exitCode !== 0 && r.report && r.report.failures === 0) {
        failed++;
        console.log(`  FAIL [${name}] the extension host exited with ${r.exitCode}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`  FAIL ${e.stack || e}`);
  }
  console.log('\nextension layer times:');
  for (const [what, s] of times) console.log(`  ${what.padEnd(28)} ${s.toFixed(1).padStart(6)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) main();

module.exports = { buildSuites, FIXTURES };
