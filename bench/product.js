// The product-level measurements of the performance issue, on the built bundles (dist/), run by
// bench/run.js (or alone: `node bench/product.js [--reps N] [--cells lstm,gru,rnn] [--memory-steps N]
// [--dashboard-seconds S] [--only cli,activation,memory,dashboard] [--into bench/results.json]`;
// prints one JSON document; --into merges it into that results file's `product` and regenerates
// docs/benchmarks.md and the README table from it, e.g. to add a long memory run afterwards).
//
//   cli        `node dist/cli.js train bench/experiments/standard.seqlab.yaml --json`, a real process:
//              spawn → first step event (wall ms, and the child's CPU ms then, from /proc), and the
//              training rate as the CLI runs it (steps 6..N of the step events: arrival times, CPU).
//   activation require('dist/extension.js') + activate(context) in a fresh Node process with a
//              stub `vscode` module (every API a no-op recorder): the extension's own cost, not
//              VS Code's. The real extension host adds its own loading around it.
//   memory     RSS of a real `seqlab train` process (read from /proc/<pid>/status once a second)
//              over --memory-steps (10,000) training steps, with its step count at each sample.
//   dashboard  the built dashboard page in headless Chromium fed at the rate the fused kernel trains
//              (steps/s measured above, rounded up, ≥ 100 events/s) in batches every 100 ms, as the
//              host's EventBatcher posts: long tasks and main-thread lag (test/e2e/long-tasks.js).
// Linux only where /proc is read (CPU and RSS); elsewhere those fields are null.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const CLI = path.join(root, 'dist', 'cli.js');
const EXPERIMENT = path.join(__dirname, 'experiments', 'standard.seqlab.yaml');
const BATCH = 64;
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

function procCpuMs(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime + stime
  } catch {
    return null;
  }
}

function procRssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * One `seqlab train --json` process. onStep(step, child) is called for each step event; resolves
 * with the exit code and stderr tail.
 */
function trainProcess(sets, onStep) {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-bench-'));
  const argv = [CLI, 'train', EXPERIMENT, '--json', '--runs-dir', runsDir, ...sets.flatMap((s) => ['--set', s])];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  let err = '';
  child.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.startsWith('{"type":"step"')) continue;
      const ev = JSON.parse(line);
      onStep(ev.step, child, performance.now() - spawnedAt);
    }
  });
  child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      fs.rmSync(runsDir, { recursive: true, force: true });
      resolve({ code, stderr: err.trim().split('\n').slice(-3).join(' | ') });
    });
  });
}

/** Cold start and the CLI's own training rate, one process. */
async function cliOnce(cell, steps) {
  let first = null;
  let from = null;
  let to = null;
  const fromStep = 6;
  const r = await trainProcess([`model.type=${cell}`, 'training.epochs=1'], (step, child, ms) => {
    if (step === 1) first = { wallMs: ms, cpuMs: procCpuMs(child.pid) };
    if (step === fromStep) from = { ms, cpu: procCpuMs(child.pid), step };
    if (step <= steps) to = { ms, cpu: procCpuMs(child.pid), step };
  });
  if (!first || !from || !to || to.step <= from.step) return { error: `no step events (exit ${r.code}): ${r.stderr}` };
  const n = (to.step - from.step) * BATCH;
  return {
    coldStartMs: first.wallMs,
    coldStartCpuMs: first.cpuMs,
    trainSamplesPerSec: n / ((to.ms - from.ms) / 1000),
    trainSamplesPerCpuSec: from.cpu != null && to.cpu > from.cpu ? n / ((to.cpu - from.cpu) / 1000) : null,
    steps: to.step - from.step,
  };
}

async function measureCli(cells, reps) {
  const out = {};
  for (let i = 0; i < reps; i++) {
    for (const cell of cells) {
      const r = await cliOnce(cell, 50);
      (out[cell] ??= { runs: [] }).runs.push(r);
      process.stderr.write(`  cli ${cell}: ${r.error ?? `first step ${Math.round(r.coldStartMs)} ms (CPU ${r.coldStartCpuMs} ms), ${Math.round(r.trainSamplesPerSec)} samples/s`}\n`);
    }
  }
  for (const cell of cells) {
    const ok = out[cell].runs.filter((r) => !r.error);
    out[cell].median = Object.fromEntries(['coldStartMs', 'coldStartCpuMs', 'trainSamplesPerSec', 'trainSamplesPerCpuSec'].map((k) => [k, median(ok.map((r) => r[k]))]));
  }
  return out;
}

function measureActivation(reps) {
  const bundle = path.join(root, 'dist', 'extension.js');
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'activate-stub.js'), bundle, root], { cwd: root, encoding: 'utf8', timeout: 60000 });
    const line = (r.stdout || '').trim().split('\n').pop();
    try {
      runs.push(JSON.parse(line));
    } catch {
      runs.push({ error: (r.stderr || '').trim().split('\n').slice(-3).join(' | ') });
    }
  }
  const ok = runs.filter((r) => r.totalMs != null && !r.error);
  const res = { method: 'require(dist/extension.js) + activate() in a fresh Node process with a stub vscode module', runs };
  res.median = Object.fromEntries(['requireMs', 'activateMs', 'totalMs', 'requireCpuMs', 'totalCpuMs'].map((k) => [k, median(ok.map((r) => r[k]))]));
  process.stderr.write(`  activation: ${JSON.stringify(res.median)}${runs.some((r) => r.error) ? ` (errors: ${runs.find((r) => r.error).error})` : ''}\n`);
  return res;
}

async function measureMemory(cell, steps) {
  // noisy-sine length L gives 0.8·(L−50) training windows: 6,400 windows = 100 steps of 64 per epoch.
  const perEpoch = 100;
  const epochs = Math.ceil(steps / perEpoch);
  const samples = [];
  let lastStep = 0;
  let pid = null;
  const timer = setInterval(() => {
    if (pid == null) return;
    const rss = procRssMB(pid);
    if (rss != null) samples.push([lastStep, rss]);
  }, 1000);
  const t0 = performance.now();
  const r = await trainProcess([`model.type=${cell}`, `training.epochs=${epochs}`, `data.length=${perEpoch * BATCH / 0.8 + 50}`], (step, child) => {
    pid = child.pid;
    lastStep = step;
  });
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (!samples.length) return { error: `no samples (exit ${r.code}): ${r.stderr}` };
  // Flat = the last quarter's mean within 10% of the mean over the second quarter (after warm-up).
  const q = (a, b) => samples.filter(([s]) => s >= a * lastStep && s < b * lastStep).map(([, m]) => m);
  const mean = (xs) => (xs.length ? xs.reduce((x, y) => x + y, 0) / xs.length : null);
  const early = mean(q(0.25, 0.5));
  const late = mean(q(0.75, 1.01));
  const res = { cell, steps: lastStep, seconds, exitCode: r.code, rssMB: thin(samples, 40), earlyMB: early, lateMB: late, growthPct: early && late ? ((late - early) / early) * 100 : null };
  process.stderr.write(`  memory: ${lastStep} ${cell} steps in ${Math.round(seconds)} s, RSS ${Math.round(early)} → ${Math.round(late)} MB\n`);
  return res;
}

/** At most n evenly spaced samples (keeps the first and the last). */
function thin(samples, n) {
  if (samples.length <= n) return samples;
  const out = [];
  for (let i = 0; i < n; i++) out.push(samples[Math.round((i * (samples.length - 1)) / (n - 1))]);
  return out;
}

async function measureDashboard(rate, seconds) {
  const preview = require('../test/e2e/preview');
  if (!fs.existsSync(preview.CHROMIUM)) return { error: `no Chromium at ${preview.CHROMIUM} (set CHROMIUM)` };
  const { measureLongTasks } = require('../test/e2e/long-tasks');
  const { buildWebview } = require('../test/e2e/build-webview');
  await buildWebview();
  const { server, url } = await preview.startPreviewServer();
  const browser = await preview.launch();
  try {
    const m = await measureLongTasks(browser, url, { seconds, rate });
    delete m.views;
    process.stderr.write(`  dashboard at ${rate} events/s for ${seconds} s: ${m.stepsShown} steps shown, ${m.longTaskCount} long tasks (max ${m.longTaskMax} ms), lag p95 ${m.lagP95} ms\n`);
    return m;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Builds dist/ when missing or older than the sources it bundles. */
function ensureBuilt() {
  const newest = (dir) => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }
    return t;
  };
  const built = ['cli.js', 'extension.js'].map((f) => path.join(root, 'dist', f));
  const stale = built.some((f) => !fs.existsSync(f)) || Math.min(...built.map((f) => fs.statSync(f).mtimeMs)) < newest(path.join(root, 'src'));
  if (stale) {
    process.stderr.write('  building dist/ (npm run build)\n');
    const r = spawnSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
}

async function measureProduct({ cells = ['lstm', 'gru', 'rnn'], reps = 3, memorySteps = 10000, memoryCell = 'rnn', dashboardSeconds = 10, only } = {}) {
  ensureBuilt();
  const want = (k) => !only || only.includes(k);
  const out = { bundles: 'dist/ (npm run build)' };
  if (want('activation')) out.activation = measureActivation(Math.max(reps, 5));
  if (want('cli')) out.cli = await measureCli(cells, reps);
  if (want('memory') && memorySteps > 0) out.memory = await measureMemory(memoryCell, memorySteps);
  if (want('dashboard')) {
    const rates = Object.values(out.cli ?? {}).map((c) => c.median?.trainSamplesPerSec ?? 0);
    const stepsPerSec = Math.max(0, ...rates) / BATCH;
    const rate = Math.max(100, Math.ceil(stepsPerSec / 10) * 10);
    try {
      out.dashboard = await measureDashboard(rate, dashboardSeconds);
    } catch (e) {
      out.dashboard = { error: String(e instanceof Error ? e.message : e) };
    }
  }
  return out;
}

module.exports = { measureProduct };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
  };
  measureProduct({
    cells: opt('cells', 'lstm,gru,rnn').split(','),
    reps: Number(opt('reps', 3)),
    memorySteps: Number(opt('memory-steps', 10000)),
    memoryCell: opt('memory-cell', 'rnn'),
    dashboardSeconds: Number(opt('dashboard-seconds', 10)),
    only: opt('only', undefined)?.split(','),
  }).then(
    (r) => {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      const into = opt('into', undefined);
      if (into) {
        const file = path.resolve(into);
        const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
        doc.product = { ...doc.product, ...r };
        fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
        if (file === path.join(__dirname, 'results.json')) {
          const { writeReport, writeReadme } = require('./report');
          writeReport(doc, path.join(root, 'docs', 'benchmarks.md'));
          writeReadme(doc, path.join(root, 'README.md'));
        }
        process.stderr.write(`merged into ${path.relative(root, file)}\n`);
      }
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
