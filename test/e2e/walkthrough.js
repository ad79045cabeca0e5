#!/usr/bin/env node
// UI e2e of the learnRnns walkthrough (issue 10) on the real walkthrough page of a real workbench
// (code-server + headless Chromium, the harness of test/harness): F1 → "Sequence Lab: Open the
// Walkthrough", steps 1 and 2 are listed and open, step 2's button copies the next-value exercise
// into the workspace and trains it, and steps 1 and 2 turn checked when the run's milestones arrive
// (first run finished, beat the baseline) — not on the click. Stops everything by PID.
//
//   node test/e2e/walkthrough.js      prints each check and a closing `N passed, N failed` line
//
// To wire into test/e2e/run.js: `await require('./walkthrough').walkthroughTest(check, log)`.
'use strict';
const assert = require('assert/strict');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const OPEN_TITLE = 'Sequence Lab: Open the Walkthrough (Learn Recurrent Networks)';
const LIMIT_MS = 120_000;
const TRAINING_LIMIT_MS = 300_000;

const runCommand = (page, title) => require('../harness/harness.js').runCommand(page, title, { limitMs: LIMIT_MS });

/** meta.json of the completed runs under the workspace's .seqlab/runs. */
function completedRuns(workspace) {
  const dir = path.join(workspace, '.seqlab', 'runs');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((r) => {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(dir, r, 'meta.json'), 'utf8'));
      return m.status === 'completed' ? [m] : [];
    } catch {
      return [];
    }
  });
}

const stepButton = (page, id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();

async function walkthroughTest(check, log) {
  const h = require('../harness/harness.js');
  const build = cp.spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  await check('bundles build', () => assert.equal(build.status, 0, build.stderr));
  await h.setup();
  const dirs = h.makeRunDir('e2e-walkthrough', { settings: { 'seqlab.openDashboardOnTrain': false } });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.symlinkSync(root, path.join(dirs.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
  let cs;
  let browser;
  const mem = h.memorySampler(1000);
  try {
    cs = await h.startCodeServer({ dirs, port: await h.freePort() });
    mem.track('codeServer', cs.child.pid);
    const b = await h.launchBrowser();
    browser = b.browser;
    const page = b.page;
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: LIMIT_MS });
    await h.acceptTrustDialogIfShown?.(page);
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: LIMIT_MS });
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });

    // The extension's commands are listed once the remote extension host has registered it: wait
    // for one of them first (the palette filter is typed once and the list updates in place).
    await runCommand(page, OPEN_TITLE);
    await stepButton(page, 'sequenceData').waitFor({ timeout: LIMIT_MS });
    log('walkthrough page open');
    const step1 = ((await stepButton(page, 'sequenceData').textContent()) || '').replace(/\s+/g, ' ');
    const step2 = ((await stepButton(page, 'firstRnn').textContent()) || '').replace(/\s+/g, ' ');
    await check('steps 1 and 2 are listed with their titles', () => {
      assert.match(step1, /Sequence data/);
      assert.match(step2, /SimpleRNN predicts the next value/);
    });
    await check('step 2 is not done before any run', async () => assert.equal(await stepButton(page, 'firstRnn').getAttribute('aria-checked'), 'false'));

    await stepButton(page, 'firstRnn').click();
    const button = page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .button-link, .getting-started-step.expanded button', { hasText: 'Train the next-value example' }).first();
    await button.waitFor({ timeout: LIMIT_MS });
    await button.click();
    log('clicked "Train the next-value example"');
    const copied = path.join(dirs.workspace, 'lesson', '2-next-value.seqlab.yaml');
    await page.locator(`.tab[aria-label*="2-next-value.seqlab.yaml"]`).first().waitFor({ timeout: LIMIT_MS });
    await check('the exercise was copied into the workspace and opened', () => assert.ok(fs.existsSync(copied)));
    // The click alone completes nothing: back on the walkthrough page while the run still trains,
    // step 2 is open (unless the run already finished by the time the page is read).
    await runCommand(page, OPEN_TITLE);
    await stepButton(page, 'firstRnn').waitFor({ timeout: LIMIT_MS });
    const checkedEarly = await stepButton(page, 'firstRnn').getAttribute('aria-checked');
    const finishedEarly = completedRuns(dirs.workspace).length > 0;
    await check('step 2 is still open while its run trains (not completed by the click)', () => assert.ok(checkedEarly === 'false' || finishedEarly, `aria-checked ${checkedEarly} with no completed run`));
    log(`right after the click: step 2 aria-checked=${checkedEarly}, run finished: ${finishedEarly}`);

    // The steps turn checked when the milestones arrive.
    await page.locator('button.getting-started-step[data-step-id$="#firstRnn"][aria-checked="true"]').first().waitFor({ timeout: TRAINING_LIMIT_MS });
    log('step 2 checked');
    await check('steps 1 and 2 are checked after the run', async () => {
      assert.equal(await stepButton(page, 'sequenceData').getAttribute('aria-checked'), 'true');
      assert.equal(await stepButton(page, 'firstRnn').getAttribute('aria-checked'), 'true');
    });
    await check('a completed run of the exercise is in the workspace', () => assert.equal(completedRuns(dirs.workspace).filter((m) => m.experiment === 'next-value').length, 1));
    await page.screenshot({ path: path.join(dirs.root, 'walkthrough.png') });
  } catch (e) {
    if (browser) {
      const p = browser.contexts().flatMap((c) => c.pages())[0];
      if (p) await p.screenshot({ path: path.join(dirs.root, 'failure.png') }).catch(() => {});
    }
    await check('walkthrough e2e ran to the end', () => {
      throw new Error(`${e.message.split('\n')[0]} (screenshot and logs in ${path.relative(root, dirs.root)})`);
    });
  } finally {
    mem.stop();
    const left = await h.stopAll({ browser, cs, mem });
    await check('Chromium and the code-server tree stopped (by PID)', () => assert.deepEqual(left, []));
  }
}

module.exports = { walkthroughTest };

if (require.main === module) {
  let passed = 0;
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
      console.log(`  ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${name}\n       ${String(e.message).split('\n').join('\n       ')}`);
    }
  };
  walkthroughTest(check, (m) => console.log(`  .. ${m}`))
    .catch((e) => {
      failed++;
      console.log(`  FAIL ${e.stack || e}`);
    })
    .finally(() => {
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    });
}
