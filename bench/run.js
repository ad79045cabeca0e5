#!/usr/bin/env node
// `npm run bench`: the standard workload of the performance issue (noisy-sine next value, T=50,
// 1 feature, batch 64, one recurrent layer of 64 units + Dense(1), MSE, Adam 1e-3, float32) for
// rnn, lstm and gru, on every implementation that loads here. Each number is the median of
// `--reps` (default 3) separate processes (bench/measure.ts, or bench/torch_ref.py for PyTorch).
// Writes bench/results.json and regenerates docs/benchmarks.md (bench/report.js).
//
// Options: --reps N  --seconds S (timed part of each process)  --cells lstm,gru
//          --impls fused,layers-wasm,...  --no-torch  --quick (1 rep, 1.5 s)  --out FILE
//          --note "text" (recorded with the results)
//          --no-product: skip the product measurements (bench/product.js: `seqlab train` as a real
//          process — cold start and its training rate —, extension activation, RSS over
//          --memory-steps N (10,000) steps of `seqlab train`, the dashboard fed at the training rate)
//          --memory: also RSS over N fused-kernel-alone LSTM steps (the kernel without tfjs)
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { writeReport, writeReadme } = require('./report');
const { measureProduct } = require('./product');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  // value of --name (flags without a value, like --memory, are read with args.includes)
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const reps = Number(opt('reps', quick ? 1 : 3));
const seconds = Number(opt('seconds', quick ? 1.5 : 3));
const cells = opt('cells', 'lstm,gru,rnn').split(',');
const out = path.resolve(opt('out', path.join(__dirname, 'results.json')));
const note = opt('note', '');

const torchPython = '/usr/bin/python3';
const hasTorch = !args.includes('--no-torch') && spawnSync(torchPython, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const nodeMajor = Number(process.versions.node.split('.')[0]);
// Node 20's V8 has relaxed SIMD only behind a flag (Node 22+ has it on): measure the relaxed
// build there as its own line, since the training worker can be started with that flag.
const relaxedFlag = nodeMajor < 22 && spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', '0']).status === 0;

const allImpls = ['layers-wasm', 'layers-cpu', 'engine-wasm', 'engine-fused-wasm', ...(relaxedFlag ? ['engine-fused-wasm-relaxed'] : []), 'fused', ...(relaxedFlag ? ['fused-relaxed'] : []), 'fused-2t', ...(relaxedFlag ? ['fused-2t-relaxed'] : []), ...(hasTorch ? ['torch'] : [])];
const impls = opt('impls', allImpls.join(',')).split(',').filter((i) => allImpls.includes(i));

function runOnce(impl, cell) {
  const spawnMs = Date.now();
  let cmd;
  let argv;
  if (impl === 'torch') {
    cmd = torchPython;
    argv = [path.join(__dirname, 'torch_ref.py'), cell, String(seconds), String(spawnMs)];
  } else {
    const relaxed = impl.endsWith('-relaxed');
    const base = relaxed ? impl.replace(/-relaxed$/, '') : impl;
    cmd = process.execPath;
    argv = [...(relaxed ? ['--experimental-wasm-relaxed-simd'] : []), '--import', 'tsx', path.join(__dirname, 'measure.ts'), base, cell, String(seconds), String(spawnMs)];
  }
  // layers-cpu is slow (about a second per step): fewer timed seconds would still be 2+ steps.
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', timeout: 600000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const line = (r.stdout || '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) return { impl, cell, error: `no result (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  const res = JSON.parse(line);
  res.impl = impl;
  return res;
}

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const METRICS = ['trainSamplesPerSec', 'trainSamplesPerCpuSec', 'trainGflops', 'inferSamplesPerSec', 'inferGflops', 'coldStartMs', 'peakRssMB'];

function cpuModel() {
  try {
    const m = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? m[1].trim() : os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

function version(pkg) {
  try {
    return require(path.join(root, 'node_modules', pkg, 'package.json')).version;
  } catch {
    return null;
  }
}

async function main() {
  const load0 = os.loadavg()[0];
  const started = new Date().toISOString();
  // Rounds: every implementation once per round, so each one samples the same stretches of time
  // (on a shared machine the load drifts; ratios measured side by side stay comparable).
  const runsOf = new Map();
  for (let i = 0; i < reps; i++) {
    for (const cell of cells) {
      for (const impl of impls) {
        const r = runOnce(impl, cell);
        const key = `${cell}/${impl}`;
        if (!runsOf.has(key)) runsOf.set(key, []);
        runsOf.get(key).push(r);
        const sps = r.trainSamplesPerSec != null ? r.trainSamplesPerSec.toFixed(0) : r.error;
        process.stderr.write(`  round ${i + 1}/${reps} ${cell.padEnd(5)} ${impl.padEnd(17)} train ${sps} samples/s\n`);
      }
    }
  }
  const results = [];
  for (const cell of cells) {
    for (const impl of impls) {
      const runs = runsOf.get(`${cell}/${impl}`) ?? [];
      const ok = runs.filter((r) => !r.error);
      const med = Object.fromEntries(METRICS.map((m) => [m, median(ok.map((r) => r[m]))]));
      results.push({ impl, cell, variant: ok[0]?.variant ?? null, runs, median: med, error: ok.length ? undefined : runs[0]?.error });
    }
  }
  const peak = (flags) => {
    const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', path.join(__dirname, 'matmul-peak.ts')], { cwd: root, encoding: 'utf8' });
    const line = (r.stdout || '').trim().split('\n').pop();
    try {
      return JSON.parse(line);
    } catch {
      return null;
    }
  };
  const matmulPeak = impls.some((i) => i.startsWith('fused')) ? peak([]) : null;
  const matmulPeakRelaxed = relaxedFlag && impls.some((i) => i.endsWith('-relaxed')) ? peak(['--experimental-wasm-relaxed-simd']) : null;
  let memory = null;
  if (args.includes('--memory')) {
    const steps = Number(opt('memory-steps', 10000));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'measure.ts'), 'memory', 'lstm', String(steps), String(Date.now())], { cwd: root, encoding: 'utf8' });
    try {
      memory = JSON.parse((r.stdout || '').trim().split('\n').pop());
    } catch {
      memory = { error: (r.stderr || '').slice(-300) };
    }
    process.stderr.write(`  memory over ${steps} fused LSTM steps: ${JSON.stringify(memory.rssMB?.map(([, m]) => Math.round(m)) ?? memory)}\n`);
  }
  let product = null;
  if (!args.includes('--no-product')) {
    product = await measureProduct({ cells, reps, memorySteps: Number(opt('memory-steps', 10000)), memoryCell: opt('memory-cell', 'rnn'), dashboardSeconds: Number(opt('dashboard-seconds', 10)) });
  }
  const load1 = os.loadavg()[0];
  const nproc = os.cpus().length;
  const shared = Math.max(load0, load1) > nproc * 0.75;
  let torchVersion = null;
  if (hasTorch) torchVersion = execFileSync(torchPython, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  const doc = {
    workload: 'noisy-sine next value, T=50, 1 feature, batch 64, one recurrent layer of 64 units + Dense(1), MSE, Adam 1e-3, float32',
    started,
    finished: new Date().toISOString(),
    reps,
    secondsPerProcess: seconds,
    machine: {
      nproc,
      cpu: cpuModel(),
      os: `${os.type()} ${os.release()}`,
      node: process.versions.node,
      v8: process.versions.v8,
      tfjs: version('@tensorflow/tfjs'),
      tfjsBackendWasm: version('@tensorflow/tfjs-backend-wasm'),
      torch: torchVersion,
      loadAverageStart: load0,
      loadAverageEnd: load1,
    },
    shared,
    note: note || (shared ? 'measured while the machine was shared (load average above the core count): numbers are noisy; re-run on a quiet machine' : ''),
    matmulPeak,
    matmulPeakRelaxed,
    memory,
    product,
    results,
  };
  fs.writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  // docs/benchmarks.md and the README table follow bench/results.json only (a run with --out
  // elsewhere is a side measurement): `npm run bench:report` regenerates them from it.
  const official = out === path.join(__dirname, 'results.json');
  const md = writeReport(doc, official ? path.join(root, 'docs', 'benchmarks.md') : null);
  if (official) writeReadme(doc, path.join(root, 'README.md'));
  process.stdout.write(md.table + '\n');
  process.stdout.write(`\nresults: ${path.relative(root, out)}${official ? '; docs/benchmarks.md and the README table regenerated' : ''}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
