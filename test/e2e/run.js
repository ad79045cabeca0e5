#!/usr/bin/env node
// The UI end-to-end layer. Two parts, each check printed as PASS/FAIL and counted:
//  1. dashboard page checks (test/e2e/page-checks.js): the built webview in headless Chromium,
//     no VS Code needed;
//  2. the workbench test (test/e2e/workbench.js): code-server + the built extension; a SimpleRNN and
//     an LSTM adding run through F1 → "Sequence Lab: Train Experiment" (the page's loss, gradient
//     norms, gradient through time and hidden state equal the run folder), the rnn/lstm/gru race sweep
//     in the compare panel and the Runs view, then every dashboard view screenshotted, dark and light;
//  3. the walkthrough test (test/e2e/walkthrough.js): steps 1–2 of the real "learnRnns" walkthrough
//     page, completed by a real run.
// Ends with `N passed, N failed`; exit 1 on any failure.
'use strict';
const { buildWebview } = require('./build-webview');

const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...a);

async function main() {
  const only = process.argv.slice(2);
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
      log(`PASS ${name}`);
    } catch (e) {
      results.push({ name, ok: false, error: e });
      log(`FAIL ${name}: ${e && e.message ? e.message.split('\n').slice(0, 6).join('\n') : e}`);
    }
  };
  if (!only.length || only.includes('page')) {
    await buildWebview();
    try {
      await require('./page-checks').pageChecks(check, log);
    } catch (e) {
      await check('dashboard page set-up', () => { throw e; });
    }
    try {
      await require('./leaderboard-page').leaderboardPageChecks(check, log);
    } catch (e) {
      await check('leaderboard page set-up', () => { throw e; });
    }
  }
  if (!only.length || only.includes('workbench')) {
    try {
      await require('./workbench').workbenchTest(check, log);
    } catch (e) {
      await check('workbench test set-up', () => { throw e; });
    }
  }
  if (!only.length || only.includes('walkthrough')) {
    try {
      await require('./walkthrough').walkthroughTest(check, log);
    } catch (e) {
      await check('walkthrough test set-up', () => { throw e; });
    }
  }
  const failed = results.filter((r) => !r.ok);
  for (const f of failed) console.log(`FAILED: ${f.name}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

main();
