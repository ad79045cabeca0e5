// The dashboard under a steady live feed: `rate` TrainEvents per second for `seconds` (a synthetic
// run, posted from inside the page in batches of rate/10 every 100 ms, as the host's batcher does),
// long tasks recorded with PerformanceObserver('longtask') and the main thread's lag sampled every
// 10 ms. Reports numbers only: timings are never asserted (the machine is shared).
'use strict';
const preview = require('./preview');

function percentile(xs, p) {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Opens a page in `browser` (served at `url`), feeds it, returns the measurements. */
async function measureLongTasks(browser, url, { seconds = 60, rate = 100 } = {}) {
  const perBatch = Math.max(1, Math.round(rate / 10));
  const total = seconds * rate;
  // ~99 events per epoch (95 steps + epoch, samples, gradients, log).
  const events = preview.loadSyntheticRun({ epochs: Math.ceil(total / 99), stepsPerEpoch: 95, runId: 'perf-run' }).slice(0, total);
  const { page, errors } = await preview.openDashboard(browser, url, { theme: 'dark', profile: true });
  try {
    const result = await page.evaluate(async ({ events, perBatch }) => {
      const longTasks = [];
      const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
      obs.observe({ type: 'longtask', buffered: true });
      const lags = [];
      let expected = performance.now() + 10;
      const lagTimer = setInterval(() => {
        const now = performance.now();
        lags.push(Math.max(0, now - expected));
        expected = now + 10;
      }, 10);
      const start = events[0];
      window.postMessage({ type: 'init', run: { runId: start.runId, runDir: start.runDir, experiment: start.experiment, status: 'running', startedAt: '' }, settings: { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } }, '*');
      const t0 = performance.now();
      await new Promise((resolve) => {
        let i = 0;
        const timer = setInterval(() => {
          window.postMessage({ type: 'events', runId: start.runId, events: events.slice(i, i + perBatch) }, '*');
          i += perBatch;
          if (i >= events.length) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
      });
      const feedMs = performance.now() - t0;
      // Let the last render run, then stop sampling.
      await new Promise((r) => setTimeout(r, 500));
      clearInterval(lagTimer);
      obs.disconnect();
      return { longTasks, lags, feedMs, steps: Number(document.getElementById('app').dataset.steps), viewTimes: window.__seqlab.viewTimes?.() };
    }, { events, perBatch });
    return {
      seconds, rate, events: events.length, feedMs: Math.round(result.feedMs), stepsShown: result.steps,
      longTaskCount: result.longTasks.length,
      longTaskP95: Math.round(percentile(result.longTasks, 95)),
      longTaskMax: Math.round(Math.max(0, ...result.longTasks)),
      lagP95: Math.round(percentile(result.lags, 95) * 10) / 10,
      lagMax: Math.round(Math.max(0, ...result.lags)),
      // What each view's update cost (ms): how many updates, p95, max. Shows which view a long task was.
      views: Object.fromEntries(Object.entries(result.viewTimes ?? {}).map(([name, ts]) => [name, { updates: ts.length, p95: Math.round(percentile(ts, 95) * 10) / 10, max: Math.round(Math.max(...ts)) }])),
      errors,
    };
  } finally {
    await page.context().close();
  }
}

module.exports = { measureLongTasks, percentile };

// `node test/e2e/long-tasks.js [seconds] [rate]`: the full measurement, printed as JSON.
if (require.main === module) {
  (async () => {
    const seconds = Number(process.argv[2] ?? 60);
    const rate = Number(process.argv[3] ?? 100);
    const { buildWebview } = require('./build-webview');
    // SEQLAB_WEBVIEW_BUNDLE=<file>: measure that build instead of building the current one.
    if (!process.env.SEQLAB_WEBVIEW_BUNDLE) await buildWebview();
    const { server, url } = await preview.startPreviewServer();
    const browser = await preview.launch();
    try {
      console.log(JSON.stringify(await measureLongTasks(browser, url, { seconds, rate }), null, 2));
    } finally {
      await browser.close();
      server.close();
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
