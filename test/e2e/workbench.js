// The workbench part of the UI e2e (issues 6 and 8): a real VS Code workbench (code-server) in
// headless Chromium with the built extension installed in a fresh extensions folder.
//  1. a small SimpleRNN on the adding problem through F1 → "Sequence Lab: Train Experiment": the page's
//     loss, per-layer gradient norms, gradient-through-time heatmap and hidden-state heatmap equal the
//     run folder's metrics.jsonl / gradients.jsonl / hidden.json, and the gradient through time spans
//     ≥ 2 decades between the first and the last step (vanishing gradient);
//  2. a small LSTM on the adding problem: ‖∂L/∂c_t‖ beside ‖∂L/∂h_t‖, the gates;
//  3. "Race RNN vs LSTM vs GRU": a real sweep, overlaid in the compare panel, grouped under its sweep
//     node in the Runs view (screenshots of the Runs view in dark and light);
//  4. a broken experiment's diagnostic in the Problems view.
// After the workbench is stopped (by PID), every dashboard view of these runs is screenshotted in dark
// and light (test/e2e/preview.js viewScreenshots). docs/images is refreshed only with
// SEQLAB_UPDATE_SCREENSHOTS=1. The harness (test/harness/harness.js) belongs to the extension side.
'use strict';
const assert = require('assert/strict');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
/** The first run: a SimpleRNN on the adding problem (T = 40, recurrent gain 0.5: the gradient vanishes). */
const FIXTURE = path.join(__dirname, 'fixtures', 'tiny-rnn-adding.seqlab.yaml');
/** The second run: a tiny LSTM on the adding problem (cell-state gradients, gates). */
const FIXTURE_LSTM = path.join(__dirname, 'fixtures', 'tiny-lstm-adding.seqlab.yaml');
const COMMAND_TITLE = 'Sequence Lab: Train Experiment';
const RACE_TITLE = 'Sequence Lab: Race RNN vs LSTM vs GRU';
const UPDATE_SCREENSHOTS = process.env.SEQLAB_UPDATE_SCREENSHOTS === '1';
const IMAGES = path.join(root, 'docs/images');
// The README's screenshot is refreshed only on request (SEQLAB_UPDATE_SCREENSHOTS=1), so `npm test`
// leaves the work tree clean; every run keeps its own copy in its run folder.
const SCREENSHOT_README = path.join(root, 'docs/images/e2e-dashboard.png');
const SCREENSHOT_FAILED = (dirs) => path.join(dirs.root, 'failure.png');
// Safety limits only: every wait below ends on a DOM state; these bound a hung run.
const WORKBENCH_LIMIT_MS = 120_000;
const TRAINING_LIMIT_MS = 300_000;

/** Hard prerequisites (without them nothing can start); each missing piece is named with its owner. */
function missingPrerequisites() {
  const missing = [];
  if (!fs.existsSync(path.join(root, 'test/harness/harness.js'))) missing.push('test/harness/harness.js (EXTENSION helper: code-server + Chromium start/stop)');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const commands = pkg.contributes?.commands ?? [];
  if (!commands.some((c) => c.command === 'seqlab.train')) missing.push('package.json contributes.commands seqlab.train (EXTENSION helper)');
  if (!fs.existsSync(path.join(root, 'src/extension/extension.ts'))) missing.push('src/extension/extension.ts (EXTENSION helper)');
  return missing;
}

/** Builds every bundle. A failing build is reported, and the test goes on as far as the bundles that
 * were written allow (the training engine may still be missing while the extension is there). */
function buildAll() {
  const r = cp.spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  const problems = [];
  if (r.status !== 0) problems.push(`node esbuild.js failed (exit ${r.status}):\n${(r.stderr || r.stdout).split('\n').filter((l) => /ERROR|Could not resolve|error/i.test(l)).slice(0, 8).join('\n')}`);
  for (const f of ['dist/extension.js', 'dist/worker.js', 'dist/webview.js']) {
    if (!fs.existsSync(path.join(root, f))) problems.push(`the build did not produce ${f}`);
  }
  return problems;
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

/** F1 → a command by its title → Enter, once the palette lists it (the extension host is up). */
const runCommand = (page, title) => require('../harness/harness.js').runCommand(page, title, { limitMs: WORKBENCH_LIMIT_MS });

async function workbenchTest(check, log) {
  const missing = missingPrerequisites();
  if (missing.length) {
    await check('workbench e2e prerequisites', () => {
      throw new Error(`waiting on:\n  - ${missing.join('\n  - ')}`);
    });
    return;
  }
  const h = require('../harness/harness.js');
  const buildProblems = buildAll();
  await check('extension, worker and webview bundles build', () => {
    if (buildProblems.length) throw new Error(buildProblems.join('\n'));
  });
  if (!fs.existsSync(path.join(root, 'dist/extension.js')) || !fs.existsSync(path.join(root, 'dist/webview.js'))) return;
  log('bundles ready');
  await h.setup();

  // Pre-trusted workspace (harness default), the dashboard opening on train.
  const dirs = h.makeRunDir('e2e-dashboard', { settings: { 'seqlab.openDashboardOnTrain': true } });
  installExtension(dirs.extensions);
  fs.copyFileSync(FIXTURE, path.join(dirs.workspace, path.basename(FIXTURE)));
  fs.copyFileSync(FIXTURE_LSTM, path.join(dirs.workspace, path.basename(FIXTURE_LSTM)));
  // The run folder root is the nearest ancestor with a .seqlab/ (else the git root, which here would
  // be this repository): give the workspace its own.
  fs.mkdirSync(path.join(dirs.workspace, '.seqlab'), { recursive: true });

  let cs;
  let browser;
  const pageErrors = [];
  /** Screenshots written (run folder copies; docs/images only on request). */
  const shots = [];
  /** Run folders whose dashboard views are screenshotted after the workbench is stopped. */
  const viewRuns = {};
  const mem = h.memorySampler(500);
  try {
    const port = await h.freePort();
    cs = await h.startCodeServer({ dirs, port });
    mem.track('codeServer', cs.child.pid);
    const b = await h.launchBrowser();
    browser = b.browser;
    const page = b.page;
    mem.track('chromium', h.chromiumPid());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // Every action and wait below ends on a DOM state; on a loaded machine (load 15+ on 2 cores)
    // playwright's 30 s default for a click's actionability checks is not enough.
    page.setDefaultTimeout(WORKBENCH_LIMIT_MS);
    // Room for the config and the dashboard side by side in the README screenshot.
    await page.setViewportSize({ width: 1680, height: 1050 });

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

    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden', timeout: WORKBENCH_LIMIT_MS });
    // F1 → the command, listed once the remote extension host has registered the extension.
    await runCommand(page, COMMAND_TITLE);
    log('ran the train command');

    // The dashboard: outer iframe (class "webview ready") → inner #active-frame with our page.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    // Whichever comes first: the dashboard, or an error notification of the extension (then the
    // test says what failed instead of waiting out its limit).
    const toast = page.locator('.notification-toast', { hasText: 'Sequence Lab' }).filter({ hasText: /fail|error|cannot|not available/i }).first();
    const first = await Promise.race([
      view.locator('#app[data-status]').waitFor({ timeout: WORKBENCH_LIMIT_MS }).then(() => 'dashboard'),
      toast.waitFor({ timeout: WORKBENCH_LIMIT_MS }).then(() => 'error'),
    ]);
    if (first === 'error') {
      const text = (await toast.locator('.notification-list-item-message').first().textContent().catch(() => '')) || '';
      await page.screenshot({ path: SCREENSHOT_FAILED(dirs) }).catch(() => {});
      throw new Error(`the train command reported an error instead of opening the dashboard: ${text.replace(/\s+/g, ' ').trim()}`);
    }
    log('dashboard rendered');
    const ended = view.locator('#app[data-status="completed"], #app[data-status="failed"], #app[data-status="stopped"]');
    await ended.waitFor({ timeout: TRAINING_LIMIT_MS });
    const status = await view.locator('#app').getAttribute('data-status');
    const pageState = JSON.parse(await view.locator('#seqlab-state').textContent());
    log(`run ${pageState.runId} ended: ${status}`);
    if (status !== 'completed') {
      const banner = await view.locator('.banner.error').textContent().catch(() => '');
      const lines = await view.locator('.log-lines li').allTextContents().catch(() => []);
      log(`dashboard error banner: ${banner}\nrun log:\n  ${lines.join('\n  ')}`);
    }
    await view.locator('#samples-series canvas').first().waitFor({ timeout: WORKBENCH_LIMIT_MS }).catch(() => {});
    // The completion notification would cover the charts: clear it (focus the editor first, so the
    // palette opens in the workbench rather than inside the webview).
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: WORKBENCH_LIMIT_MS });
    const shot = path.join(dirs.root, 'e2e-dashboard.png');
    await page.screenshot({ path: shot });
    if (UPDATE_SCREENSHOTS) {
      fs.mkdirSync(path.dirname(SCREENSHOT_README), { recursive: true });
      fs.copyFileSync(shot, SCREENSHOT_README);
    }
    log(`screenshot ${path.relative(root, shot)}`);

    await check('the run completed (dashboard status)', () => assert.equal(status, 'completed'));
    const runDir = pageState.runDir || path.join(dirs.workspace, '.seqlab', 'runs', pageState.runId);
    await check('the run folder is in the workspace', () => assert.equal(path.dirname(runDir), path.join(dirs.workspace, '.seqlab', 'runs')));
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
    const gradientLines = readJsonl(path.join(runDir, 'gradients.jsonl'));
    const gttRows = view.locator('#gtt-card table tbody tr');
    await view.locator('#gtt-card button.table-toggle').click();
    await gttRows.first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const gttCount = await gttRows.count();
    const gttLast = (await gttRows.last().locator('td').allTextContents()).map(Number);
    await check('gradient-through-time heatmap holds the run\'s gradients.jsonl (epochs × time steps)', () => {
      const forward = gradientLines.filter((g) => g.direction === 'forward' && g.layer === gradientLines[0].layer);
      assert.equal(gttCount, forward.length);
      assert.deepEqual(gttLast, forward.at(-1).norms.map((v) => Number(v.toPrecision(3))));
    });
    const gttSummary = (await view.locator('#gtt-card .chart-summary').textContent()) || '';
    await check('SimpleRNN adding: the gradient through time spans ≥ 2 decades (gradients.jsonl), and the heatmap says how many', () => {
      const forward = gradientLines.filter((g) => g.direction === 'forward' && g.layer === gradientLines[0].layer);
      const last = forward.at(-1).norms;
      const decades = Math.log10(last.at(-1) / last[0]);
      assert.ok(decades >= 2, `‖∂L/∂h_T‖ / ‖∂L/∂h_1‖ spans ${decades.toFixed(2)} decades (norms ${last[0]} … ${last.at(-1)})`);
      const shown = /spans ([\d.]+) decades/.exec(gttSummary);
      assert.ok(shown, `the heatmap summary names the decades: ${gttSummary}`);
      assert.ok(Math.abs(Number(shown[1]) - decades) < 0.11, `page says ${shown[1]} decades, the run ${decades.toFixed(2)}`);
    });
    await check("per-layer gradient norms on the page equal metrics.jsonl's gradNormByLayer", () => {
      const layers = Object.keys(steps[0].gradNormByLayer ?? {});
      assert.ok(layers.length > 0, 'no gradNormByLayer in metrics.jsonl');
      for (const layer of layers) {
        assert.deepEqual(pageState.grad.byLayer[layer].map((p) => p.y), steps.map((s) => s.gradNormByLayer[layer]), layer);
      }
    });
    const hidden = JSON.parse(fs.readFileSync(path.join(runDir, 'hidden.json'), 'utf8'));
    await view.locator('#hidden-card button.table-toggle').click();
    const hiddenRows = view.locator('#hidden-card table tbody tr');
    await hiddenRows.first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const hiddenCount = await hiddenRows.count();
    const hiddenFirst = (await hiddenRows.first().locator('td').allTextContents()).map(Number);
    await check("hidden-state heatmap holds the run's hidden.json (units × time steps of h)", () => {
      assert.equal(hiddenCount, hidden.layers[0].h.length);
      assert.deepEqual(hiddenFirst, hidden.layers[0].h[0].map((v) => Number(v.toPrecision(3))));
    });

    const dashboardErrors = await view.locator('#app').getAttribute('data-errors');
    await check('no uncaught errors in the workbench page or the dashboard', () => {
      assert.deepEqual(pageErrors, []);
      assert.equal(dashboardErrors, null, `the dashboard counted ${dashboardErrors} errors (see the Sequence Lab log)`);
    });

    // ---- the second run: a tiny LSTM on the adding problem, from a fresh editor area ----
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'View: Close All Editors');
    await page.locator('iframe.webview.ready').first().waitFor({ state: 'detached', timeout: WORKBENCH_LIMIT_MS });
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: WORKBENCH_LIMIT_MS });
    await input.fill(path.basename(FIXTURE_LSTM));
    await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(FIXTURE_LSTM) }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await page.keyboard.press('Enter');
    await page.locator(`.tab[aria-label*="${path.basename(FIXTURE_LSTM)}"]`).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await runCommand(page, COMMAND_TITLE);
    log('ran the train command on the LSTM adding fixture');
    const lstmView = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await lstmView.locator('#app[data-status="completed"], #app[data-status="failed"], #app[data-status="stopped"]').waitFor({ timeout: TRAINING_LIMIT_MS });
    const lstmState = JSON.parse(await lstmView.locator('#seqlab-state').textContent());
    const lstmRunDir = lstmState.runDir || path.join(dirs.workspace, '.seqlab', 'runs', lstmState.runId);
    await check('the LSTM adding run completed', () => assert.equal(lstmState.status, 'completed'));
    const lstmGrads = readJsonl(path.join(lstmRunDir, 'gradients.jsonl')).filter((g) => g.direction === 'forward');
    await lstmView.locator('#gtt-card button.table-toggle').click();
    const cellRows = lstmView.locator('#gtt-card table.cell-norms tbody tr');
    await cellRows.first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const cellCount = await cellRows.count();
    const cellLast = (await cellRows.last().locator('td').allTextContents()).map(Number);
    await check("LSTM: the ‖∂L/∂c_t‖ heatmap beside ‖∂L/∂h_t‖ holds gradients.jsonl's cellNorms", () => {
      assert.equal(cellCount, lstmGrads.length);
      assert.deepEqual(cellLast, lstmGrads.at(-1).cellNorms.map((v) => Number(v.toPrecision(3))));
    });
    const lstmHidden = JSON.parse(fs.readFileSync(path.join(lstmRunDir, 'hidden.json'), 'utf8'));
    const matrixSelect = lstmView.locator('#hidden-card select').nth(1);
    await matrixSelect.selectOption('f');
    await lstmView.locator('#hidden-card .chart-summary', { hasText: 'forget gate f' }).waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await lstmView.locator('#hidden-card button.table-toggle').click();
    const gateRows = lstmView.locator('#hidden-card table tbody tr');
    await gateRows.first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const gateFirst = (await gateRows.first().locator('td').allTextContents()).map(Number);
    const gateOptions = await matrixSelect.locator('option').evaluateAll((os) => os.map((o) => o.value));
    await check("LSTM: the hidden-state card shows hidden.json's gates (i, f, o selectable; forget gate values)", () => {
      for (const g of ['h', 'c', 'i', 'f', 'o']) assert.ok(gateOptions.includes(g), `${g} missing from ${gateOptions}`);
      assert.deepEqual(gateFirst, lstmHidden.layers[0].gates.f[0].map((v) => Number(v.toPrecision(3))));
    });
    const lstmErrors = await lstmView.locator('#app').getAttribute('data-errors');
    await check('no uncaught errors in the LSTM dashboard', () => assert.equal(lstmErrors, null));

    // ---- the race: seqlab.raceCells runs a sweep (rnn, lstm, gru), overlaid; the Runs view groups it ----
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'View: Close All Editors');
    await page.locator('iframe.webview.ready').first().waitFor({ state: 'detached', timeout: WORKBENCH_LIMIT_MS });
    await openFile(page, path.basename(FIXTURE_LSTM));
    await runCommand(page, RACE_TITLE);
    log('ran the race command');
    const cmpView = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    // The overlay grows as each cell finishes; gru is the last point of the sweep.
    await cmpView.locator('#compare-card .legend li', { hasText: 'model.type=gru' }).waitFor({ timeout: TRAINING_LIMIT_MS });
    const runsRoot = path.join(dirs.workspace, '.seqlab', 'runs');
    const raced = fs.readdirSync(runsRoot).map((id) => ({ id, meta: JSON.parse(fs.readFileSync(path.join(runsRoot, id, 'meta.json'), 'utf8')) })).filter((r) => r.meta.sweep);
    const sweepId = raced[0]?.meta.sweep.id;
    const cellOf = (id) => /^\s*type: (\w+)/m.exec(fs.readFileSync(path.join(runsRoot, id, 'config.yaml'), 'utf8'))?.[1];
    await check('the race is a sweep: three completed runs (rnn, lstm, gru) tagged with one sweep id', () => {
      assert.equal(raced.length, 3, `runs with a sweep tag: ${raced.map((r) => r.id)}`);
      assert.deepEqual(raced.map((r) => r.meta.sweep.id), [sweepId, sweepId, sweepId]);
      assert.deepEqual(raced.map((r) => r.meta.status), ['completed', 'completed', 'completed']);
      assert.deepEqual(raced.map((r) => cellOf(r.id)).sort(), ['gru', 'lstm', 'rnn']);
    });
    const legend = await cmpView.locator('#compare-card .legend li').allTextContents();
    await check('the compare panel overlays the three race runs (legend from the config diff)', () => {
      for (const r of raced) assert.ok(legend.some((l) => l.includes(r.id) && l.includes(`model.type=${cellOf(r.id)}`)), `${r.id} missing from ${JSON.stringify(legend)}`);
    });
    await runCommand(page, 'Sequence Lab: Focus on Runs View');
    const sidebar = page.locator('#workbench\\.parts\\.sidebar');
    const sweepRow = sidebar.locator('.monaco-list-row', { hasText: `sweep ${sweepId}` }).first();
    await sweepRow.waitFor({ timeout: WORKBENCH_LIMIT_MS });
    if ((await sweepRow.getAttribute('aria-expanded')) !== 'true') await sweepRow.click();
    await sidebar.locator('.monaco-list-row', { hasText: raced[2].id }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const treeRows = await sidebar.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({ level: Number(r.getAttribute('aria-level')), text: r.textContent || '' })));
    await check("the Runs view lists the race's runs under its sweep node", () => {
      const i = treeRows.findIndex((r) => r.text.includes(`sweep ${sweepId}`));
      assert.ok(i >= 0, `no sweep node in ${JSON.stringify(treeRows)}`);
      assert.match(treeRows[i].text, /3 points/);
      const children = [];
      for (let j = i + 1; j < treeRows.length && treeRows[j].level > treeRows[i].level; j++) children.push(treeRows[j]);
      for (const r of raced) assert.ok(children.some((c) => c.level === treeRows[i].level + 1 && c.text.includes(r.id)), `${r.id} is not under the sweep node: ${JSON.stringify(children)}`);
    });
    // The Runs view and the race overlay, in the dark theme, then light (the default theme follows
    // the browser, so both are set explicitly). The side bar is widened so run ids are readable.
    await page.locator('.monaco-editor .view-lines').first().click().catch(() => {});
    await runCommand(page, 'Notifications: Clear All Notifications');
    const side = await sidebar.boundingBox();
    await page.mouse.move(side.x + side.width + 1, side.y + side.height / 2);
    await page.mouse.down();
    await page.mouse.move(side.x + side.width + 180, side.y + side.height / 2, { steps: 5 });
    await page.mouse.up();
    // F1 → Preferences: Color Theme → the theme (code-server does not pick up a settings.json edit).
    const setTheme = async (label) => {
      // Not runCommand: its quick input reopens at once as the theme picker (no hidden state between).
      const pick = page.locator('.quick-input-widget input');
      await page.keyboard.press('F1');
      await pick.waitFor({ state: 'visible' });
      await pick.fill('>Preferences: Color Theme');
      // Clicked: Enter would take the first fuzzy match ("Browse Color Themes in Marketplace").
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
      await page.locator('.quick-input-widget input[placeholder*="Select Color Theme"]').waitFor();
      await pick.fill(label);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    };
    await setTheme('Dark Modern');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await cmpView.locator('#app[data-theme="dark"]').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await shootWorkbench(page, dirs, 'dark', shots);
    await setTheme('Light Modern');
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await cmpView.locator('#app[data-theme="light"]').waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await shootWorkbench(page, dirs, 'light', shots);
    viewRuns.rnn = runDir;
    viewRuns.lstm = lstmRunDir;
    viewRuns.compare = raced.map((r) => path.join(runsRoot, r.id));

    // ---- editor support (issue 7): a broken experiment's diagnostic reaches the Problems view ----
    const BROKEN = 'broken.seqlab.yaml';
    fs.writeFileSync(path.join(dirs.workspace, BROKEN), 'name: broken\nmodel:\n  type: lstmm\n');
    await runCommand(page, 'View: Close All Editors');
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: WORKBENCH_LIMIT_MS });
    await input.fill(BROKEN);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: BROKEN }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await page.keyboard.press('Enter');
    await page.locator(`.tab[aria-label*="${BROKEN}"]`).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
    await runCommand(page, 'Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'lstmm' }).first();
    await problem.waitFor({ timeout: WORKBENCH_LIMIT_MS });
    const problemText = (await problem.textContent()) || '';
    await page.screenshot({ path: path.join(dirs.root, 'problems-view.png') });
    await check('a broken experiment shows its diagnostic in the Problems view (bad enum, did you mean)', () => {
      assert.match(problemText, /model\.type/);
      assert.match(problemText, /lstm/);
    });
  } catch (e) {
    if (browser) {
      const p = browser.contexts().flatMap((c) => c.pages())[0];
      if (p) await p.screenshot({ path: path.join(dirs.root, 'failure.png') }).catch(() => {});
    }
    throw new Error(`${e.message.split('\n')[0]} (screenshot and logs in ${path.relative(root, dirs.root)})`);
  } finally {
    mem.sample();
    mem.stop();
    const left = await h.stopAll({ browser, cs, mem });
    await check('Chromium and the code-server tree stopped (by PID)', () => assert.deepEqual(left, []));
  }
  // Every dashboard view of this test's runs, dark and light, from the run folders (the page the
  // workbench showed, replayed in plain Chromium: no workbench chrome around the cards).
  if (viewRuns.rnn && viewRuns.lstm) {
    const out = path.join(dirs.root, 'views');
    fs.mkdirSync(out, { recursive: true });
    let written = [];
    await check('screenshots of every dashboard view in dark and light (loss, gradient norms, gradient through time, hidden state, samples, data, compare)', async () => {
      written = await require('./preview').viewScreenshots(out, { rnnDir: viewRuns.rnn, lstmDir: viewRuns.lstm, compareDirs: viewRuns.compare, compareTitle: `Race: ${path.basename(FIXTURE_LSTM)} (rnn vs lstm vs gru)`, build: false });
      assert.equal(written.length, 16, written.join(', '));
    });
    shots.push(...written);
  }
  if (UPDATE_SCREENSHOTS) for (const f of shots) fs.copyFileSync(f, path.join(IMAGES, path.basename(f)));
  log(`${shots.length} screenshots in ${path.relative(root, dirs.root)}${UPDATE_SCREENSHOTS ? ' (copied to docs/images)' : ''}`);
}

/** Quick Open → a workspace file → its editor tab. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WORKBENCH_LIMIT_MS });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout: WORKBENCH_LIMIT_MS });
}

/** The Runs view (side bar) and the whole window with the race overlay, in `theme`. */
async function shootWorkbench(page, dirs, theme, shots) {
  const side = path.join(dirs.root, `lesson-runs-view-${theme}.png`);
  // The side bar down to its last tree row (not the empty space below).
  const bar = page.locator('#workbench\\.parts\\.sidebar');
  const box = await bar.boundingBox();
  const rows = await bar.locator('.monaco-list-row').evaluateAll((rs) => Math.max(...rs.map((r) => r.getBoundingClientRect().bottom)));
  await page.screenshot({ path: side, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, rows - box.y + 16) } });
  const whole = path.join(dirs.root, `e2e-race-${theme}.png`);
  await page.screenshot({ path: whole });
  shots.push(side, whole);
}

module.exports = { workbenchTest, missingPrerequisites };
