// The leaderboard page (seqlab.showLeaderboard) in headless Chromium, without VS Code: the built
// dist/webview.js gets a `leaderboard` message; checks that the table is sorted best first, that a
// header click re-sorts (and again reverses), that the best row is marked, that ticking rows and
// "Overlay selected" / "Open" / "Promote best to config" post their WebviewToHost messages, and that
// a live re-send keeps the chosen sort and the ticked rows. Waits on DOM state only.
'use strict';
const assert = require('assert/strict');
const preview = require('./preview');

const row = (index, type, valLoss, valAccuracy, status = 'completed') => ({
  index, values: { 'model.type': type }, status, runId: `run-${index}`, runDir: `/w/.seqlab/runs/run-${index}`,
  metrics: valLoss === undefined ? {} : { valLoss, valAccuracy }, seconds: 2 + index,
});
const board = (rows) => ({ sweepId: 'race-0a1b2c3d', experiment: 'race <b>x</b>', configPath: '/w/race.seqlab.yaml', live: true, metric: 'valLoss', rows });
const ROWS = [row(1, 'rnn', 0.4, 0.7), row(2, 'lstm', 0.1, 0.8), row(3, 'gru', undefined, undefined, 'failed'), row(4, 'gru', 0.2, 0.95)];

async function leaderboardPageChecks(check, log) {
  const { server, url } = await preview.startPreviewServer();
  const browser = await preview.launch();
  try {
    const { page, errors } = await preview.openDashboard(browser, url, { theme: 'dark' });
    const snapshot = async () => JSON.parse(await page.locator('#seqlab-state').textContent());
    const post = (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
    await post({ type: 'leaderboard', board: board(ROWS) });
    await page.locator('#leaderboard:not([hidden]) table').waitFor();

    await check('leaderboard: rows sorted by valLoss best first, failed last, the best row marked; run view hidden', async () => {
      await page.waitForFunction(() => JSON.parse(document.getElementById('seqlab-state').textContent).leaderboard?.rows === 4);
      assert.deepEqual((await snapshot()).leaderboard.order, [2, 4, 1, 3]);
      assert.equal(await page.locator('tr.best').getAttribute('data-index'), '2');
      assert.match(await page.locator('#leaderboard .chart-summary').textContent(), /4 of 4 points finished.*Best valLoss: point 2 \(model\.type=lstm\) 0\.1/);
      assert.equal(await page.locator('.run-view').isHidden(), true);
      assert.equal(await page.locator('#leaderboard h1').textContent(), 'Leaderboard: race <b>x</b>', 'experiment name as text');
    });

    await check('leaderboard: a header click sorts by that column (accuracy: highest first), a second click reverses', async () => {
      await page.getByRole('button', { name: 'Sort by valAccuracy' }).click();
      await page.waitForFunction(() => JSON.parse(document.getElementById('seqlab-state').textContent).leaderboard.order[0] === 4);
      assert.deepEqual((await snapshot()).leaderboard.order, [4, 2, 1, 3]);
      assert.equal(await page.locator('tr.best').getAttribute('data-index'), '4', 'judged by the sorted metric now');
      await page.getByRole('button', { name: 'Sort by valAccuracy' }).click();
      await page.waitForFunction(() => JSON.parse(document.getElementById('seqlab-state').textContent).leaderboard.order[0] === 1);
      assert.deepEqual((await snapshot()).leaderboard.order, [1, 2, 4, 3]);
      assert.equal(await page.locator('th[aria-sort="descending"]').count(), 0);
      assert.equal(await page.locator('th[aria-sort="ascending"] button').textContent(), 'valAccuracy ▲');
    });

    await check('leaderboard: tick rows → Overlay selected, Open, Promote best post their messages', async () => {
      await page.getByLabel('Overlay point 2').check();
      await page.getByLabel('Overlay point 4').check();
      await page.getByRole('button', { name: 'Overlay the ticked runs in the compare view' }).click();
      await page.getByRole('button', { name: 'Open the dashboard of run run-1' }).click();
      await page.getByRole('button', { name: 'Promote best to config' }).click();
      const posted = await page.evaluate(() => window.__posted.filter((m) => m.type !== 'ready' && m.type !== 'log'));
      assert.deepEqual(posted, [
        { type: 'overlayRuns', runDirs: ['/w/.seqlab/runs/run-2', '/w/.seqlab/runs/run-4'] },
        { type: 'openRun', runDir: '/w/.seqlab/runs/run-1' },
        { type: 'promoteBest', sweepId: 'race-0a1b2c3d', metric: 'valAccuracy' },
      ]);
    });

    await check('leaderboard: a live re-send (a point finished) keeps the sort and the ticked rows', async () => {
      await post({ type: 'leaderboard', board: board([...ROWS, row(5, 'lstm2', 0.05, 0.5)]) });
      await page.waitForFunction(() => JSON.parse(document.getElementById('seqlab-state').textContent).leaderboard.rows === 5);
      assert.deepEqual((await snapshot()).leaderboard.order, [5, 1, 2, 4, 3]);
      assert.equal(await page.getByLabel('Overlay point 2').isChecked(), true);
      assert.deepEqual(errors, []);
    });
    await page.context().close();
  } finally {
    await browser.close();
    server.close();
  }
  log('leaderboard page checks done');
}

module.exports = { leaderboardPageChecks };
