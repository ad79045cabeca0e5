#!/usr/bin/env node
// Dashboard preview without VS Code: serves dist/webview.js + media/dashboard.css on a page shaped like
// the extension's panel (nonce CSP `default-src 'none'`, <div id="app">, theme variables on <html>, a
// body class), with a fake acquireVsCodeApi, and feeds it a TrainEvent stream through postMessage.
//
//   node test/e2e/preview.js                       screenshots (dark, light, high contrast) of the recorded
//                                                  run (test/e2e/fixtures/runs/<id>) into docs/images/
//   node test/e2e/preview.js --run synthetic        the same with the synthetic stream (webview/dev)
//   node test/e2e/preview.js --serve [--theme light] keeps serving; open the printed URL
//   node test/e2e/preview.js --run .seqlab/runs/<id> [--out DIR]  replay a real run folder instead
//   node test/e2e/preview.js --lesson <rnn run> <lstm run> [<gru run>...]  every view's screenshot
//                                                  (dark and light) into docs/images/lesson-*.png
//                                                  (the UI e2e makes the same from its own runs)
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const crypto = require('crypto');
const { themeCss } = require('./themes');
const { buildWebview } = require('./build-webview');

const root = path.resolve(__dirname, '../..');
/** A real run recorded by `seqlab train` (noisy sine, SimpleRNN): the default feed for screenshots. */
const RECORDED_RUN = path.join(__dirname, 'fixtures', 'runs', '20261125-164000-sine-next-value-2851');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** The dashboard bundle served; SEQLAB_WEBVIEW_BUNDLE points at another build (e.g. an older one, to compare). */
const WEBVIEW_BUNDLE = process.env.SEQLAB_WEBVIEW_BUNDLE ? path.resolve(process.env.SEQLAB_WEBVIEW_BUNDLE) : path.join(root, 'dist/webview.js');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function pageHtml({ origin, theme, nonce }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${origin}; img-src ${origin} data:; font-src ${origin}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${origin}/theme/${theme}.css">
<link rel="stylesheet" href="${origin}/media/dashboard.css">
<title>Sequence Lab dashboard (preview)</title>
</head>
<body class="${require('./themes').THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}">
  // Stand-in for VS Code's webview API: records what the page posts and persists.
  window.__posted = [];
  window.__persisted = undefined;
  // ?profile=1: the page records each view's update time (window.__seqlab.viewTimes()).
  window.__seqlabProfile = new URLSearchParams(location.search).has('profile');
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => window.__persisted,
    setState: (s) => { window.__persisted = s; },
  });
</script>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script>
</body>
</html>`;
}

/** Starts the preview server on a free port. */
function startPreviewServer() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const origin = `http://127.0.0.1:${server.address().port}`;
      const send = (type, body) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
      try {
        if (url.pathname === '/') {
          const theme = url.searchParams.get('theme') || 'dark';
          return send('text/html', pageHtml({ origin, theme, nonce: crypto.randomBytes(16).toString('base64') }));
        }
        const th = /^\/theme\/([\w-]+)\.css$/.exec(url.pathname);
        if (th) return send('text/css', themeCss(th[1]));
        if (url.pathname === '/dist/webview.js') return send('text/javascript', fs.readFileSync(WEBVIEW_BUNDLE));
        if (url.pathname === '/dist/webview.js.map') return send('application/json', fs.readFileSync(path.join(root, 'dist/webview.js.map')));
        if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
        if (url.pathname === '/media/dashboard.css') return send('text/css', fs.readFileSync(path.join(root, 'media/dashboard.css')));
      } catch (e) {
        res.writeHead(500);
        return res.end(String(e));
      }
      res.writeHead(404);
      res.end();
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

function loadSyntheticRun(opts) {
  const tsx = require('tsx/cjs/api');
  return tsx.require('../../webview/dev/synthetic-run.ts', __filename).syntheticRun(opts);
}

/** A recorded run folder as the TrainEvent stream the extension replays (its own readRun + replayEvents). */
function loadRunFolder(dir) {
  const tsx = require('tsx/cjs/api');
  const { readRun } = tsx.require('../../src/core/runs/index.ts', __filename);
  const { replayEvents } = tsx.require('../../src/extension/dashboard/replay.ts', __filename);
  return replayEvents(readRun(path.resolve(dir)));
}

async function launch() {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return browser;
}

/** Opens the page, waits for `ready`, returns the page plus collected errors. */
async function openDashboard(browser, url, { theme = 'dark', width = 1280, height = 900, profile = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
  await page.goto(`${url}/?theme=${theme}${profile ? '&profile=1' : ''}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}

/** Sends init, then the events in batches as the host would (live), or in one batch (replay). */
async function feed(page, events, { runId, batch = 25, replay = false, settings = { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } } = {}) {
  const start = events.find((e) => e.type === 'start');
  const id = runId ?? start?.runId ?? 'preview';
  const run = { runId: id, runDir: start?.runDir ?? '/tmp/run', experiment: start?.experiment ?? 'preview', status: 'running', startedAt: new Date(start?.time ?? 0).toISOString() };
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'init', run, settings });
  const size = replay ? events.length : batch;
  for (let i = 0; i < events.length; i += size) {
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'events', runId: id, events: events.slice(i, i + size), replay });
  }
  return id;
}

async function screenshots(outDir, runDir) {
  await buildWebview();
  const { server, url } = await startPreviewServer();
  const browser = await launch();
  try {
    const events = runDir === 'synthetic' ? loadSyntheticRun({ epochs: 12, stepsPerEpoch: 25 }) : loadRunFolder(runDir ?? RECORDED_RUN);
    for (const theme of ['dark', 'light', 'high-contrast']) {
      const { page, errors } = await openDashboard(browser, url, { theme });
      await feed(page, events);
      await page.locator('#app[data-status="completed"], #app[data-status="stopped"], #app[data-status="failed"]').waitFor();
      await page.locator('#samples-series canvas').first().waitFor();
      const file = path.join(outDir, `dashboard-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${path.relative(root, file)}${errors.length ? `  ERRORS: ${errors.join(' | ')}` : ''}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * Screenshots of each dashboard view in dark and light, from real run folders: the loss, the
 * gradient norms (per layer, log scale), the gradient through time of a SimpleRNN (vanishing) and of
 * an LSTM (h and c side by side), the hidden state with the LSTM forget gate, the sample outputs, the
 * data card (recomputed on replay) and the compare view of `compareDirs` (e.g. a race sweep). Files:
 * <outDir>/lesson-<view>-<theme>.png. Returns the files written. Used by the UI e2e (its own runs)
 * and by `--lesson` (any runs).
 */
async function viewScreenshots(outDir, { rnnDir, lstmDir, compareDirs, compareTitle = 'Race on the adding problem: rnn vs lstm vs gru', themes = ['dark', 'light'], browser: given, build = true } = {}) {
  if (build) await buildWebview();
  const { server, url } = await startPreviewServer();
  const browser = given ?? (await launch());
  const tsx = require('tsx/cjs/api');
  const { readRun } = tsx.require('../../src/core/runs/index.ts', __filename);
  const { compareRuns } = tsx.require('../../src/core/report/compare-data.ts', __filename);
  const written = [];
  const shot = async (page, selector, name, theme) => {
    const file = path.join(outDir, `${name}-${theme}.png`);
    // No focus ring from the last control used; a margin of page background around the card.
    await page.evaluate(() => document.activeElement?.blur?.());
    // Page coordinates (a fullPage clip is relative to the document, boundingBox to the viewport,
    // and the controls used before may have scrolled the page).
    const box = await page.locator(selector).first().evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
    });
    const m = 8;
    await page.screenshot({ path: file, fullPage: true, clip: { x: Math.max(0, box.x - m), y: Math.max(0, box.y - m), width: box.width + 2 * m, height: box.height + 2 * m } });
    written.push(file);
  };
  const done = '#app[data-status="completed"], #app[data-status="stopped"], #app[data-status="failed"]';
  const open = async (theme, dir) => {
    const d = await openDashboard(browser, url, { theme, width: 1100 });
    await feed(d.page, loadRunFolder(dir));
    await d.page.locator(done).waitFor();
    return d;
  };
  try {
    for (const theme of themes) {
      const rnn = await open(theme, rnnDir);
      await rnn.page.locator('#gtt-card:not([hidden]) canvas').first().waitFor();
      await shot(rnn.page, '#gtt-card', 'lesson-gradient-through-time-rnn', theme);
      await shot(rnn.page, '#loss-card', 'lesson-loss', theme);
      await rnn.page.locator('#data-card:not([hidden]) .chart-summary').first().waitFor();
      await shot(rnn.page, '#data-card', 'lesson-data-preview', theme);
      await rnn.page.locator('.samples-stack .card:not([hidden]) canvas').first().waitFor();
      await shot(rnn.page, '.samples-stack .card:not([hidden])', 'lesson-samples', theme);
      await rnn.page.locator('#grad-card').getByLabel('Per layer').check();
      await rnn.page.locator('#grad-card').getByLabel('Log scale').check();
      await shot(rnn.page, '#grad-card', 'lesson-gradient-norms', theme);
      if (rnn.errors.length) throw new Error(`dashboard errors: ${rnn.errors.join(' | ')}`);
      await rnn.page.context().close();

      const lstm = await open(theme, lstmDir);
      await lstm.page.locator('#gtt-card.has-cell canvas').first().waitFor();
      await shot(lstm.page, '#gtt-card', 'lesson-gradient-through-time-lstm', theme);
      await lstm.page.locator('#hidden-card select').nth(1).selectOption('f');
      await lstm.page.locator('#hidden-card input[type="range"]').fill('0.5');
      await lstm.page.locator('#hidden-card .chart-summary', { hasText: 'forget gate' }).waitFor();
      await shot(lstm.page, '#hidden-card', 'lesson-hidden-state-gates', theme);
      if (lstm.errors.length) throw new Error(`dashboard errors: ${lstm.errors.join(' | ')}`);
      await lstm.page.context().close();

      if (compareDirs?.length) {
        const cmp = await openDashboard(browser, url, { theme, width: 1100 });
        const runs = compareRuns(compareDirs.map((d) => readRun(path.resolve(d))));
        await cmp.page.evaluate((m) => window.postMessage(m, '*'), { type: 'compare', title: compareTitle, runs });
        await cmp.page.locator('#compare:not([hidden]) canvas').first().waitFor();
        await shot(cmp.page, '#compare', 'lesson-compare', theme);
        await cmp.page.context().close();
      }
    }
    return written;
  } finally {
    if (!given) await browser.close();
    server.close();
  }
}

/** `--lesson <rnn run> <lstm run> [<more runs>...]`: every view; the compare view overlays all of them. */
async function lessonScreenshots(outDir, runDirs) {
  const [rnnDir, lstmDir] = runDirs;
  const written = await viewScreenshots(outDir, { rnnDir, lstmDir, compareDirs: runDirs });
  for (const w of written) console.log(`wrote ${path.relative(root, w)}`);
}

module.exports = { lessonScreenshots, viewScreenshots, startPreviewServer, launch, openDashboard, feed, loadSyntheticRun, loadRunFolder, CHROMIUM, CHROMIUM_ARGS };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--serve')) {
    buildWebview().then(startPreviewServer).then(({ url }) => console.log(`preview at ${url}/?theme=dark (feed events from the console with window.postMessage)`));
  } else {
    const i = args.indexOf('--out');
    const out = i >= 0 ? path.resolve(args[i + 1]) : path.join(root, 'docs/images');
    fs.mkdirSync(out, { recursive: true });
    const lesson = args.indexOf('--lesson');
    if (lesson >= 0) {
      lessonScreenshots(out, args.slice(lesson + 1).filter((a) => !a.startsWith('--'))).catch((e) => { console.error(e); process.exit(1); });
      return;
    }
    const r = args.indexOf('--run');
    screenshots(out, r >= 0 ? args[r + 1] : undefined).catch((e) => { console.error(e); process.exit(1); });
  }
}
