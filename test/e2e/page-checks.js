// Dashboard page checks in headless Chromium, without VS Code: the built dist/webview.js on a page
// shaped like the extension's panel (nonce CSP default-src 'none'), driven through postMessage.
// Waits on DOM state only (data-* attributes, elements), never on time.
'use strict';
const assert = require('assert/strict');
const preview = require('./preview');
const { THEMES } = require('./themes');
const { measureLongTasks } = require('./long-tasks');

/** Runs the checks; `check(name, fn)` records each result. Returns nothing; throws only on set-up failure. */
async function pageChecks(check, log) {
  const { server, url } = await preview.startPreviewServer();
  const browser = await preview.launch();
  try {
    const events = preview.loadSyntheticRun({ epochs: 5, stepsPerEpoch: 12, experiment: 'sine <img src=x id=injected>' });
    const steps = events.filter((e) => e.type === 'step');
    const epochs = events.filter((e) => e.type === 'epoch');

    // ---- live: many small batches ----
    const { page, errors } = await preview.openDashboard(browser, url, { theme: 'dark' });
    const violations = [];
    await page.exposeFunction('__cspViolation', (v) => violations.push(v));
    await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    await check('page posts `ready` once its listener is attached', async () => {
      const posted = await page.evaluate(() => window.__posted.map((m) => m.type));
      assert.equal(posted[0], 'ready');
    });
    const runId = await preview.feed(page, events, { batch: 7 });
    await page.locator('#app[data-status="completed"]').waitFor();
    const live = await page.evaluate(() => JSON.parse(JSON.stringify(window.__seqlab.state())));
    const drawn = JSON.parse(await page.locator('#seqlab-state').textContent());

    await check('loss series on the page equals the step events (every value, in order)', async () => {
      assert.deepEqual(drawn.loss.raw.map((p) => p.x), steps.map((s) => s.step));
      assert.deepEqual(drawn.loss.raw.map((p) => p.y), steps.map((s) => s.loss));
      assert.deepEqual(drawn.loss.val.map((p) => p.y), epochs.map((e) => e.valLoss));
      assert.equal(drawn.loss.baseline, events[0].baseline.valLoss);
      assert.equal(drawn.grad.clipNorm, events[0].config.training.clipNorm);
    });
    await check('header: status, epoch x/N, backend and why', async () => {
      assert.equal(await page.locator('#run-status').textContent(), 'Completed');
      assert.equal(await page.locator('#tile-epoch').textContent(), '5 / 5');
      assert.match(await page.locator('#backend').textContent(), /backend wasm/);
      assert.match(await page.locator('.backend-why').textContent(), /tfjs-node is not installed/);
    });
    await check('user text is rendered as text, never as HTML', async () => {
      assert.equal(await page.locator('#experiment-name').textContent(), 'sine <img src=x id=injected>');
      assert.equal(await page.locator('#injected').count(), 0);
    });
    await check('gradient through time: heatmap table holds every epoch × time step of the gradients events', async () => {
      const grads = events.filter((e) => e.type === 'gradients');
      await page.locator('#gtt-card:not([hidden]) canvas').first().waitFor();
      await page.locator('#gtt-card button.table-toggle').click();
      const rows = page.locator('#gtt-card table tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), grads.length);
      const lastCells = await rows.last().locator('td').allTextContents();
      assert.deepEqual(lastCells.map(Number), grads.at(-1).records[0].norms.map((v) => Number(v.toPrecision(3))));
      assert.match(await page.locator('#gtt-card .chart-summary').textContent(), /decades/);
      await page.locator('#gtt-card button.table-toggle').click();
    });
    await check('hidden state: units × time heatmap of the captured sample', async () => {
      const hidden = events.find((e) => e.type === 'hidden');
      await page.locator('#hidden-card:not([hidden]) canvas').first().waitFor();
      await page.locator('#hidden-card button.table-toggle').click();
      const rows = page.locator('#hidden-card table tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), hidden.layers[0].h.length);
      const first = (await rows.first().locator('td').allTextContents()).map(Number);
      assert.deepEqual(first, hidden.layers[0].h[0].map((v) => Number(v.toPrecision(3))));
      await page.locator('#hidden-card button.table-toggle').click();
    });
    await check('hidden state: the activation-threshold slider blanks values below it and says how many remain', async () => {
      const slider = page.locator('#hidden-card input[type="range"]');
      await slider.fill('0.9');
      await page.locator('#hidden-card .chart-summary', { hasText: 'at or above the threshold 0.90' }).waitFor();
      const hidden = events.find((e) => e.type === 'hidden');
      const vals = hidden.layers[0].h.flat();
      const share = vals.filter((v) => Math.abs(v) >= 0.9).length / vals.length;
      assert.match(await page.locator('#hidden-card .chart-summary').textContent(), new RegExp(`${(100 * share).toFixed(0)}% at or above`));
      await slider.fill('0');
    });
    await check('data card: the start event preview (series plot, split sizes, baseline) is shown', async () => {
      await page.locator('#data-card:not([hidden]) canvas').waitFor();
      const text = await page.locator('#data-card .chart-summary').textContent();
      assert.match(text, /noisy-sine \(regression\)/);
      assert.match(text, /800 training \/ 200 validation examples/);
      assert.match(text, /series of 1000/);
      assert.equal(await page.locator('#data-card .data-examples li').count(), events[0].preview.examples.length);
    });
    await check('"view as table" shows a real <table> with the same data as the chart', async () => {
      const toggle = page.locator('#loss-card button.table-toggle');
      await toggle.click();
      await page.locator('#loss-card[data-view="table"] table').first().waitFor();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      const rows = await page.locator('#loss-card table').last().locator('tbody tr').count();
      assert.equal(rows, steps.length);
      const firstStep = await page.locator('#loss-card table').last().locator('tbody tr').first().locator('th').textContent();
      assert.equal(await page.locator('#loss-card table').first().locator('tbody tr').count(), epochs.length + 1, 'one row per epoch plus the baseline');
      assert.equal(Number(firstStep), steps[0].step);
      assert.equal(await page.locator('#loss-card canvas').isVisible(), false);
      await toggle.click();
      await page.locator('#loss-card[data-view="chart"] canvas').waitFor();
      for (const id of ['#grad-card', '#samples-series']) {
        await page.locator(`${id} button`, { hasText: 'View as table' }).click();
        await page.locator(`${id}[data-view="table"] table`).first().waitFor();
      }
    });
    await check('controls are keyboard-reachable, named, and show a visible focus ring', async () => {
      const seen = [];
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const cs = getComputedStyle(a);
          const label = a.getAttribute('aria-label') || (a.id && document.querySelector(`label[for="${a.id}"]`)?.textContent) || a.textContent;
          return { tag: a.tagName, label: (label || '').trim(), outline: cs.outlineStyle, outlineWidth: cs.outlineWidth, disabled: a.disabled === true };
        });
        if (info) seen.push(info);
      }
      const labels = seen.map((s) => s.label);
      for (const want of ['Open the run folder', 'Open the experiment config', 'Smoothing', 'Log scale', 'Per layer', 'View as table']) {
        assert.ok(labels.some((l) => l.includes(want)), `${want} not reachable by Tab; saw ${JSON.stringify(labels)}`);
      }
      for (const s of seen) {
        assert.ok(s.label.length > 0, `unnamed control ${s.tag}`);
        assert.notEqual(s.outline, 'none', `no focus ring on ${s.tag} ${s.label}`);
      }
    });
    await check('Open run folder / Open config post WebviewToHost messages with the run id', async () => {
      await page.getByRole('button', { name: 'Open the run folder' }).press('Enter');
      await page.getByRole('button', { name: 'Open the experiment config' }).click();
      const posted = await page.evaluate(() => window.__posted);
      assert.deepEqual(posted.filter((m) => m.type === 'openRunFolder' || m.type === 'openConfig'), [
        { type: 'openRunFolder', runId }, { type: 'openConfig', runId },
      ]);
      assert.equal(await page.getByRole('button', { name: 'Stop training' }).isDisabled(), true, 'Stop is disabled once the run ended');
    });
    await check('export: PNG of a chart, CSV of its data, Copy as Markdown post their messages', async () => {
      await page.getByRole('button', { name: 'Save the Loss chart as PNG' }).click();
      await page.getByRole('button', { name: 'Save the Gradient through time data as CSV' }).click();
      await page.getByRole('button', { name: /Copy the run report/ }).click();
      const posted = await page.evaluate(() => window.__posted.filter((m) => ['exportPng', 'exportCsv', 'copyMarkdown'].includes(m.type)));
      assert.deepEqual(posted.map((m) => [m.type, m.runId, m.chart]), [['exportPng', runId, 'loss'], ['exportCsv', runId, 'gradient-through-time'], ['copyMarkdown', runId, undefined]]);
      assert.match(posted[0].dataUrl, /^data:image\/png;base64,[A-Za-z0-9+/=]{1000,}$/);
      const csv = posted[1].csv.trim().split('\r\n');
      const grads = events.filter((e) => e.type === 'gradients');
      assert.equal(csv.length, grads.length + 1, 'a header row and one row per epoch');
      assert.equal(csv[0].split(',')[0], 'epoch');
      assert.deepEqual(csv.at(-1).split(',').slice(1).map(Number), grads.at(-1).records[0].norms.map((v) => Number(v.toPrecision(3))));
    });
    await check('smoothing slider and log-y change what is drawn (raw data unchanged)', async () => {
      await page.locator('#loss-card input[type="range"]').fill('0');
      await page.locator('#loss-card .slider-value', { hasText: '0.00' }).waitFor();
      const s0 = JSON.parse(await page.locator('#seqlab-state').textContent());
      assert.deepEqual(s0.loss.smoothed, s0.loss.raw);
      await page.locator('#loss-card input[type="range"]').fill('0.9');
      await page.locator('#loss-card .slider-value', { hasText: '0.90' }).waitFor();
      const s9 = JSON.parse(await page.locator('#seqlab-state').textContent());
      assert.notDeepEqual(s9.loss.smoothed, s9.loss.raw);
      assert.deepEqual(s9.loss.raw, drawn.loss.raw);
      await page.locator('#loss-card').getByLabel('Log scale').check();
      await page.waitForFunction(() => window.__seqlab.state() && document.querySelector('#loss-card canvas').getAttribute('aria-label').length > 0);
      const persisted = await page.evaluate(() => window.__persisted);
      assert.equal(persisted.prefs.smoothing, 0.9);
      assert.equal(persisted.prefs.lossLogScale, true);
    });
    await check('setState persists {runId, runDir}', async () => {
      const persisted = await page.evaluate(() => window.__persisted);
      assert.equal(persisted.runId, runId);
      assert.equal(persisted.runDir, events[0].runDir);
    });
    await check('theme change (body class + variables) re-reads colours and updates the charts', async () => {
      const vars = THEMES.light.vars;
      await page.evaluate(({ vars, cls }) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = cls;
      }, { vars, cls: THEMES.light.bodyClass });
      await page.locator('#app[data-theme="light"]').waitFor();
      const colors = await page.evaluate(() => window.__seqlab.chartColors());
      assert.ok(colors.loss.includes(vars['--vscode-charts-blue']), `loss colours ${colors.loss}`);
      assert.ok(colors.grad.includes(vars['--vscode-charts-red']), `grad colours ${colors.grad}`);
    });

    // ---- lesson call-outs: none on a healthy next-value run; exploding on a run whose loss went NaN ----
    await check('lesson call-out: hidden on a healthy run, shown (why, what to try, walkthrough link) when gradients explode', async () => {
      assert.equal(await page.locator('.findings').isHidden(), true, 'no call-out on the healthy sine run');
      const boom = preview.loadSyntheticRun({ epochs: 2, stepsPerEpoch: 6, runId: 'boom-run' });
      const last = boom.filter((e) => e.type === 'step').at(-1);
      last.loss = NaN;
      last.gradNorm = Infinity;
      const bp = await preview.openDashboard(browser, url, { theme: 'light' });
      await preview.feed(bp.page, boom);
      const callout = bp.page.locator('.findings .callout[data-kind="exploding"]');
      await callout.waitFor();
      assert.match(await callout.textContent(), /Try:/);
      await callout.getByRole('button', { name: 'Open the walkthrough step' }).click();
      const posted = await bp.page.evaluate(() => window.__posted.filter((m) => m.type === 'openWalkthrough'));
      assert.equal(posted.length, 1);
      assert.ok(posted[0].step, 'the message names the walkthrough step');
      assert.deepEqual(bp.errors, []);
      await bp.page.context().close();
    });

    // ---- an LSTM run: ‖∂L/∂cₜ‖ beside ‖∂L/∂hₜ‖, gates selectable ----
    const lstmEvents = preview.loadSyntheticRun({ epochs: 3, stepsPerEpoch: 5, cell: 'lstm', runId: 'lstm-run' });
    const lstmPage = await preview.openDashboard(browser, url, { theme: 'dark' });
    await preview.feed(lstmPage.page, lstmEvents);
    await lstmPage.page.locator('#app[data-status="completed"]').waitFor();
    await check('LSTM: cell-state gradient heatmap beside the hidden one; i, f, o gates selectable', async () => {
      const p = lstmPage.page;
      await p.locator('#gtt-card.has-cell .heatmap-pane:nth-child(2):not([hidden]) canvas').waitFor();
      await p.locator('#gtt-card button.table-toggle').click();
      const cellRows = p.locator('#gtt-card table.cell-norms tbody tr');
      await cellRows.first().waitFor();
      const grads = lstmEvents.filter((e) => e.type === 'gradients');
      assert.equal(await cellRows.count(), grads.length);
      assert.deepEqual((await cellRows.last().locator('td').allTextContents()).map(Number), grads.at(-1).records[0].cellNorms.map((v) => Number(v.toPrecision(3))));
      const options = await p.locator('#hidden-card select').nth(1).locator('option').evaluateAll((os) => os.map((o) => o.value));
      assert.deepEqual(options, ['h', 'c', 'i', 'f', 'o']);
      await p.locator('#hidden-card select').nth(1).selectOption('f');
      await p.locator('#hidden-card .chart-summary', { hasText: 'forget gate f' }).waitFor();
      assert.deepEqual(lstmPage.errors, []);
    });
    await lstmPage.page.context().close();

    // ---- compare: runs overlaid, legend from the config diff ----
    const cmpPage = await preview.openDashboard(browser, url, { theme: 'light' });
    const mk = (runId, label, scale) => ({
      runId, runDir: `/w/.seqlab/runs/${runId}`, label, status: 'completed', baselineValLoss: 0.167,
      epochs: [1, 2, 3].map((e) => ({ epoch: e, loss: scale / e, valLoss: scale / e + 0.01 })),
      steps: Array.from({ length: 30 }, (_, i) => ({ x: i + 1, y: scale / (1 + i / 10) })),
      gradientThroughTime: Array.from({ length: 20 }, (_, t) => Math.pow(label.includes('rnn') ? 0.7 : 0.97, 19 - t)),
    });
    const cmpRuns = [mk('r-rnn', 'model.type=rnn', 0.2), mk('r-lstm', 'model.type=lstm', 0.05), mk('r-gru', 'model.type=gru', 0.04)];
    await cmpPage.page.evaluate((m) => window.postMessage(m, '*'), { type: 'compare', title: 'Race: adding', runs: cmpRuns });
    await check('compare: runs overlaid with legends from the config diff; the run view is hidden', async () => {
      const p = cmpPage.page;
      await p.locator('#compare:not([hidden]) #compare-card canvas').waitFor();
      assert.equal(await p.locator('.run-view').isHidden(), true);
      const legend = await p.locator('#compare-card .legend li').allTextContents();
      assert.deepEqual(legend.slice(0, 3), ['model.type=rnn (r-rnn)', 'model.type=lstm (r-lstm)', 'model.type=gru (r-gru)']);
      assert.match(await p.locator('#compare-card .chart-summary').textContent(), /^Best validation loss: model\.type=gru \S+ < model\.type=lstm \S+ < model\.type=rnn \S+ \(baseline 0\.167\)\.$/);
      // #seqlab-state is published after the last view of a sliced render: wait for it, not for time.
      await p.waitForFunction(() => JSON.parse(document.getElementById('seqlab-state').textContent || '{}').compare !== undefined);
      const drawn = JSON.parse(await p.locator('#seqlab-state').textContent());
      assert.deepEqual(drawn.compare.filter((d) => d.label.endsWith('val loss')).map((d) => d.points), [3, 3, 3]);
      await p.locator('#compare-gtt-card button.table-toggle').click();
      assert.equal(await p.locator('#compare-gtt-card table tbody tr').count(), 3);
      await p.getByRole('button', { name: /Copy the comparison/ }).click();
      await p.getByRole('button', { name: 'Save the Compare runs chart as PNG' }).click();
      const posted = await p.evaluate(() => window.__posted.filter((m) => m.type === 'copyMarkdown' || m.type === 'exportPng'));
      assert.deepEqual(posted.map((m) => [m.type, m.runId]), [['copyMarkdown', 'r-rnn'], ['exportPng', 'r-rnn']]);
      assert.deepEqual(cmpPage.errors, []);
    });
    await cmpPage.page.context().close();

    // ---- a short steady live feed: long tasks measured (reported, never asserted) ----
    await check('live feed at 100 events/s: long tasks measured with PerformanceObserver', async () => {
      const m = await measureLongTasks(browser, url, { seconds: 3, rate: 100, trace: true });
      log?.(`long tasks over ${m.seconds}s at ${m.rate} events/s: ${m.longTaskCount}, p95 ${m.longTaskP95} ms, max ${m.longTaskMax} ms (their CPU time p95 ${m.longTaskCpuP95} ms; ${m.cpuLongTasks} tasks used ≥ 50 ms of CPU); main-thread lag p95 ${m.lagP95} ms; main-thread CPU ${m.cpuMs} ms (full run: node test/e2e/long-tasks.js 60 100)`);
      assert.deepEqual(m.errors, []);
      assert.ok(m.stepsShown > 0, 'the page drew the fed steps');
    });

    // ---- replay: the same run in one batch gives the same state ----
    const replayPage = await preview.openDashboard(browser, url, { theme: 'dark' });
    await preview.feed(replayPage.page, events, { replay: true });
    await replayPage.page.locator('#app[data-status="completed"]').waitFor();
    await check('a replayed run (one batch) gives the same state as the live one', async () => {
      const replay = await replayPage.page.evaluate(() => JSON.parse(JSON.stringify(window.__seqlab.state())));
      assert.deepEqual(replay, live);
    });
    await check('no page errors, console errors or CSP violations', async () => {
      assert.deepEqual([...errors, ...replayPage.errors], []);
      assert.equal(await page.locator('#app').getAttribute('data-errors'), null);
      assert.deepEqual(violations, []);
    });
    log?.(`page checks ran against ${url}`);
  } finally {
    await browser.close();
    server.close();
  }
}

module.exports = { pageChecks };
