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

/**
 * The renderer main thread's tasks from a Chromium trace: wall and CPU (thread) duration in ms.
 * Under load a task's wall time includes the time the thread was not scheduled; its CPU time is
 * what the dashboard cost, i.e. about what the task takes on a quiet machine.
 */
function mainThreadTasks(traceJson) {
  const events = JSON.parse(traceJson).traceEvents ?? [];
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 });
  }
  // The page's renderer is the busiest main thread.
  return [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

/** Opens a page in `browser` (served at `url`), feeds it, returns the measurements. */
async function measureLongTasks(browser, url, { seconds = 60, rate = 100, trace = false } = {}) {
  const perBatch = Math.max(1, Math.round(rate / 10));
  const total = seconds * rate;
  // ~99 events per epoch (95 steps + epoch, samples, gradients, log).
  const events = preview.loadSyntheticRun({ epochs: Math.ceil(total / 99), stepsPerEpoch: 95, runId: 'perf-run' }).slice(0, total);
  const { page, errors } = await preview.openDashboard(browser, url, { theme: 'dark', profile: true });
  // CPU time of the page's main thread (Chromium's ThreadTime): unlike long tasks and lag, which are
  // wall-clock and grow with the machine's load, this is the work the dashboard itself did.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  try {
    const before = await cpu();
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
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
    const after = await cpu();
    const ms = (k) => Math.round(1000 * ((after[k] ?? 0) - (before[k] ?? 0)));
    const tasks = trace ? mainThreadTasks((await browser.stopTracing()).toString('utf8')) : undefined;
    const long = tasks?.filter((t) => t.wall >= 50);
    return {
      seconds, rate, events: events.length, feedMs: Math.round(result.feedMs), stepsShown: result.steps,
      longTaskCount: result.longTasks.length,
      longTaskP95: Math.round(percentile(result.longTasks, 95)),
      longTaskMax: Math.round(Math.max(0, ...result.longTasks)),
      lagP95: Math.round(percentile(result.lags, 95) * 10) / 10,
      lagMax: Math.round(Math.max(0, ...result.lags)),
      // Main-thread CPU over the feed (ms), and how it splits: script, layout, style.
      cpuMs: ms('ThreadTime'), scriptMs: ms('ScriptDuration'), layoutMs: ms('LayoutDuration'), styleMs: ms('RecalcStyleDuration'),
      // With `trace`: the main thread's tasks from a Chromium trace. longTaskCpuP95: the CPU time of
      // the long tasks (≥ 50 ms wall) at p95 — under 50 ms means they were long because the machine
      // was busy, not because of the dashboard; cpuLongTasks: tasks whose CPU time alone was ≥ 50 ms.
      ...(tasks ? {
        tracedTasks: tasks.length,
        longTaskCpuP95: Math.round(percentile(long.map((t) => t.cpu), 95)),
        cpuLongTasks: tasks.filter((t) => t.cpu >= 50).length,
        taskCpuP95: Math.round(percentile(tasks.map((t) => t.cpu), 95) * 10) / 10,
        taskCpuMax: Math.round(Math.max(0, ...tasks.map((t) => t.cpu))),
      } : {}),
      // What each view's update cost (ms): how many updates, p95, max. Shows which view a long task was.
      views: Object.fromEntries(Object.entries(result.viewTimes ?? {}).map(([name, ts]) => [name, { updates: ts.length, p95: Math.round(percentile(ts, 95) * 10) / 10, max: Math.round(Math.max(...ts)) }])),
      errors,
    };
  } finally {
    await page.context().close();
  }
}

module.exports = { measureLongTasks, percentile, mainThreadTasks };

// `node test/e2e/long-tasks.js [seconds] [rate] [--no-trace]`: the full measurement, printed as JSON
// (with a Chromium trace of the main thread: CPU time per task besides wall time).
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
      console.log(JSON.stringify(await measureLongTasks(browser, url, { seconds, rate, trace: !process.argv.includes('--no-trace') }), null, 2));
    } finally {
      await browser.close();
      server.close();
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
