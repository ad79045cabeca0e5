// The workbench part of the UI e2e (issue 6, "UI end-to-end"): a real VS Code workbench (code-server)
// in headless Chromium with the built extension installed in a fresh extensions folder. It opens a
// tiny experiment, runs F1 → "Sequence Lab: Train Experiment", waits on the dashboard's DOM state
// until the run ends, reads the loss series from the page and compares it with the run's
// metrics.jsonl, checks that the loss falls, saves docs/images/e2e-dashboard.png, and stops
// everything by PID. The harness (test/harness/harness.js: code-server + Chromium start/stop) belongs
// to the extension side; this file only drives it.
'use strict';
const assert = require('assert/strict');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const FIXTURE = path.join(__dirname, 'fixtures', 'tiny-sine.seqlab.yaml');
const COMMAND_TITLE = 'Sequence Lab: Train Experiment';
const SCREENSHOT = path.join(root, 'docs/images/e2e-dashboard.png');
// Safety limits only: every wait below ends on a DOM state; these bound a hung run.
const WORKBENCH_LIMIT_MS = 120_000;
const TRAINING_LIMIT_MS = 300_000;

/** What the workbench test needs from the rest of the project; each missing piece is named. */
function missingPrerequisites() {
  const missing = [];
  const harness = path.join(root, 'test/harness/harness.js');
  if (!fs.existsSync(harness)) missing.push('test/harness/harness.js (EXTENSION helper: code-server + Chromium start/stop)');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const commands = pkg.contributes?.commands ?? [];
  if (!commands.some((c) => c.command === 'seqlab.train')) missing.push('package.json contributes.commands seqlab.train (EXTENSION helper)');
  for (const f of ['src/extension/extension.ts', 'src/worker/worker.ts', 'src/core/run-experiment.ts']) {
    if (!fs.existsSync(path.join(root, f))) missing.push(`${f} (${f.includes('core') ? 'ENGINE' : 'EXTENSION'} helper)`);
  }
  return missing;
}

function buildAll() {
  const r = cp.spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node esbuild.js failed (exit ${r.status}):\n${(r.stderr || r.stdout).split('\n').slice(0, 12).join('\n')}`);
  for (const f of ['dist/extension.js', 'dist/worker.js', 'dist/webview.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`the build did not produce ${f}`);
  }
}

/** Installs the built extension: a symlink to the repository named <publisher>.<name>-<version>. */
function installExtension(extensionsDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.symlinkSync(root, target, 'dir');
  return target;
}

function readJsonl(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

async function workbenchTest(check, log) {
  const missing = missingPrerequisites();
  if (missing.length) {
    await check('workbench e2e prerequisites', () => {
      throw new Error(`waiting on:\n  - ${missing.join('\n  - ')}`);
    });
    return;
  }
  const h = require('../harness/harness.js');
  buildAll();
  log('built extension, worker and webview');
  if (typeof h.setup === 'function') await h.setup();
  else cp.execFileSync('bash', [path.join(root, 'test/harness/setup.sh')], { stdio: 'inherit' });

  const dirs = h.makeRunDir('e2e-dashboard');
  installExtension(dirs.extensions);
  fs.copyFileSync(FIXTURE, path.join(dirs.workspace, path.basename(FIXTURE)));
  // Pre-trust is in the harness settings; these keep the run and the dashboard predictable.
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'seqlab.openDashboardOnTrain': true }, null, 2));

  let cs;
  let browser;
  const pageErrors = [];
  const seenChromium = new Map();
  try {
    const port = await h.freePort();
    cs = await h.startCodeServer({ dirs, port });
    log(`code-server pid ${cs.child.pid}`);
    const b = await h.launchBrowser();
    browser = b.browser;
    const page = b.page;
    const chromium = h.chromiumPid?.();
    if (chromium) for (const p of h.descendants(h.readProcs(), chromium)) seenChromium.set(p.pid, { start: p.start });
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(`${cs.url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await h.acceptTrustDialogIfShown?.(page);
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: WORKBENCH_LIMIT_MS });

    // Open the experiment (the command trains the active *.seqlab.yaml) through Quick Open.
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: WORKBENCH_LIMIT_MS });
    await input.fill(path.basename(FIXTURE));
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(FIXTURE) }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await page.keyboard.press('Enter');
    await page.locator(`.tab[aria-label*="${path.basename(FIXTURE)}"]`).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });

    // F1 → the command, listed once the remote extension host has registered the extension.
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: WORKBENCH_LIMIT_MS });
    await input.fill(`>${COMMAND_TITLE}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await page.keyboard.press('Enter');
    log('ran the train command');

    // The dashboard: outer iframe (class "webview ready") → inner #active-frame with our page.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#app[data-status]').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    log('dashboard rendered');
    const ended = view.locator('#app[data-status="completed"], #app[data-status="failed"], #app[data-status="stopped"]');
    await ended.waitFor({ timeout: TRAINING_LIMIT_MS });
    const status = await view.locator('#app').getAttribute('data-status');
    const pageState = JSON.parse(await view.locator('#seqlab-state').textContent());
    log(`run ${pageState.runId} ended: ${status}`);
    await view.locator('#samples-series canvas').first().waitFor({ timeout: WORKBENCH_LIMIT_MS }).catch(() => {});
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    log(`screenshot ${path.relative(root, SCREENSHOT)}`);

    await check('the run completed (dashboard status)', () => assert.equal(status, 'completed'));
    const runDir = path.join(dirs.workspace, '.seqlab', 'runs', pageState.runId);
    const metrics = readJsonl(path.join(runDir, 'metrics.jsonl'));
    const steps = metrics.filter((m) => m.type === 'step');
    const epochs = metrics.filter((m) => m.type === 'epoch');
    await check("the dashboard's loss series equals metrics.jsonl (every step, in order)", () => {
      assert.ok(steps.length > 0, 'metrics.jsonl has no step records');
      assert.deepEqual(pageState.loss.raw.map((p) => p.x), steps.map((s) => s.step));
      assert.deepEqual(pageState.loss.raw.map((p) => p.y), steps.map((s) => s.loss));
    });
    await check("the dashboard's validation loss per epoch equals metrics.jsonl", () => {
      assert.deepEqual(pageState.loss.val.map((p) => p.y), epochs.filter((e) => typeof e.valLoss === 'number').map((e) => e.valLoss));
      assert.deepEqual(pageState.epochs.map((e) => e.loss), epochs.map((e) => e.loss));
    });
    await check('the loss shown falls (last epoch below the first; smoothed curve ends lower)', () => {
      assert.ok(pageState.epochs.length >= 2, 'fewer than two epochs');
      assert.ok(pageState.epochs.at(-1).loss < pageState.epochs[0].loss, `epoch losses ${pageState.epochs.map((e) => e.loss)}`);
      assert.ok(pageState.loss.smoothed.at(-1).y < pageState.loss.smoothed[0].y);
    });
    await check('gradient norm chart has the clip threshold of the config', () => assert.equal(pageState.grad.clipNorm, 1));
    await check('no uncaught page errors', () => assert.deepEqual(pageErrors, []));
  } finally {
    if (browser) {
      await browser.close().catch(() => {});
      const left = await h.waitGone(seenChromium, 5000);
      await check('Chromium stopped (by PID)', () => assert.deepEqual(left, []));
    }
    if (cs) {
      const left = await h.killTree(cs.child.pid);
      await check('code-server tree stopped (by PID)', () => assert.deepEqual(left, []));
    }
  }
}

module.exports = { workbenchTest, missingPrerequisites };
