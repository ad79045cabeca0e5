#!/usr/bin/env node
// The same extension-host suites under @vscode/test-electron, for machines that can download VS Code
// (it fetches a VS Code build into .vscode-test/). Offline machines use test/extension/run.js, which
// runs these very suites inside code-server's extension host.
//
//   node test/extension/electron.js [--untrusted]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { buildSuites, FIXTURES } = require('./run');

async function main() {
  const { runTests } = require('@vscode/test-electron');
  const repo = path.resolve(__dirname, '..', '..');
  const untrusted = process.argv.includes('--untrusted');
  require('child_process').execFileSync(process.execPath, [path.join(repo, 'esbuild.js')], { cwd: repo, stdio: 'inherit' });
  const testsPath = await buildSuites();
  // A throwaway copy of the fixture workspace, outside the repository (so it is its own runs root).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(FIXTURES, 'workspace'), workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, '.seqlab'), { recursive: true });
  const reportPath = path.join(tmp, 'test-report.json');
  let code = 0;
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', ...(untrusted ? [] : ['--disable-workspace-trust'])],
      extensionTestsEnv: {
        SEQLAB_TEST_REPORT: reportPath,
        SEQLAB_TEST_SUITES: untrusted ? 'trust.untrusted' : '',
        SEQLAB_FAKE_WORKER: path.join(FIXTURES, 'fake-worker.js'),
      },
    });
  } catch (e) {
    console.error(e);
    code = 1;
  }
  const report = fs.existsSync(reportPath) ? JSON.parse(fs.readFileSync(reportPath, 'utf8')) : undefined;
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(report ? `${report.passes} passed, ${report.failures} failed` : '0 passed, 1 failed');
  process.exitCode = code || (report && report.failures === 0 ? 0 : 1);
}

main();
