// Generates docs/benchmarks.md and the README's performance table from bench/results.json (called by
// bench/run.js; `npm run bench:report` = `node bench/report.js [results.json] [--check]` on its own:
// --check writes nothing and exits 1 when either file differs from what the results give).
// test/unit/kernels/bench-report.test.ts checks the committed README and docs match.
const fs = require('fs');
const path = require('path');

const IMPL_LABEL = {
  'layers-wasm': 'tf.layers, tfjs wasm backend (reference)',
  'layers-cpu': 'tf.layers, tfjs cpu backend',
  'engine-wasm': 'seqlab train step on the tfjs kernel path (tf ops, explicit loop), wasm',
  'engine-fused-wasm': 'seqlab train step, default path (engine + fused kernel), wasm',
  'engine-fused-wasm-relaxed': 'seqlab train step, default path, relaxed SIMD (flag on Node 20)',
  cli: '`seqlab train` as a process (dist/cli.js --json, steps 6-50), wasm',
  fused: 'fused kernel, 1 thread',
  'fused-relaxed': 'fused kernel, 1 thread, relaxed SIMD (flag on Node 20)',
  'fused-2t': 'fused kernel, 2 threads',
  'fused-2t-relaxed': 'fused kernel, 2 threads, relaxed SIMD',
  torch: 'PyTorch CPU, 1 thread',
};

const fmt = (v, d = 0) => (v == null ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

function lookup(doc, impl, cell) {
  if (impl === 'cli') {
    const c = doc.product?.cli?.[cell];
    return c ? { impl, cell, median: c.median, runs: c.runs, error: c.median?.trainSamplesPerSec == null ? c.runs?.[0]?.error ?? 'no result' : undefined } : undefined;
  }
  return doc.results.find((r) => r.impl === impl && r.cell === cell);
}

/** Implementations in table order: the kernel-level ones as run, the CLI process after the engine rows. */
function implsOf(doc) {
  const impls = [...new Set(doc.results.map((r) => r.impl))];
  if (doc.product?.cli) {
    const at = impls.findIndex((i) => !i.startsWith('engine') && !i.startsWith('layers'));
    impls.splice(at < 0 ? impls.length : at, 0, 'cli');
  }
  return impls;
}

function ratio(doc, impl, cell, base, metric = 'trainSamplesPerSec') {
  const a = lookup(doc, impl, cell)?.median?.[metric];
  const b = lookup(doc, base, cell)?.median?.[metric];
  return a && b ? a / b : null;
}

function buildTable(doc) {
  const cells = [...new Set(doc.results.map((r) => r.cell))];
  const impls = implsOf(doc);
  const hasTorch = impls.includes('torch');
  const head = ['implementation', ...cells.map((c) => `${c.toUpperCase()} train samples/s (×tf.layers wasm${hasTorch ? ', ×PyTorch' : ''})`)];
  const rows = impls.map((impl) => [
    IMPL_LABEL[impl] ?? impl,
    ...cells.map((cell) => {
      const r = lookup(doc, impl, cell);
      if (!r || r.error) return r?.error ? `error: ${r.error.slice(0, 60)}` : '—';
      const a = ratio(doc, impl, cell, 'layers-wasm');
      const t = hasTorch ? ratio(doc, impl, cell, 'torch') : null;
      return `${fmt(r.median.trainSamplesPerSec)} (${fmt(a, 1)}×${hasTorch ? `, ${fmt(t, 2)}×` : ''})`;
    }),
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function detailTable(doc) {
  const head = ['cell', 'implementation', 'train samples/s', 'train samples / CPU-s', 'train GFLOP/s', 'inference samples/s', 'cold start ms', 'peak RSS MB', 'runs'];
  const rows = doc.results.map((r) => [
    r.cell, IMPL_LABEL[r.impl] ?? r.impl,
    fmt(r.median.trainSamplesPerSec), fmt(r.median.trainSamplesPerCpuSec), fmt(r.median.trainGflops, 1),
    fmt(r.median.inferSamplesPerSec), fmt(r.median.coldStartMs), fmt(r.median.peakRssMB),
    r.runs.map((x) => (x.error ? 'error' : fmt(x.trainSamplesPerSec))).join(' / '),
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function goals(doc) {
  const lines = [];
  for (const cell of [...new Set(doc.results.map((r) => r.cell))]) {
    const def = ratio(doc, 'engine-fused-wasm', cell, 'layers-wasm');
    const defR = ratio(doc, 'engine-fused-wasm-relaxed', cell, 'layers-wasm');
    const cli = ratio(doc, 'cli', cell, 'layers-wasm');
    const defCpu = ratio(doc, 'engine-fused-wasm', cell, 'layers-wasm', 'trainSamplesPerCpuSec');
    lines.push(
      `- **${cell.toUpperCase()}, default path** (seqlab train's step on the fused kernel): ${fmt(def, 1)}× tf.layers on wasm (floor ≥ 10; per CPU-second ${fmt(defCpu, 1)}×)` +
        (defR != null ? `, ${fmt(defR, 1)}× with relaxed SIMD` : '') +
        (cli != null ? `; the CLI process ${fmt(cli, 1)}×` : '') +
        `; ${fmt(ratio(doc, 'engine-fused-wasm', cell, 'fused'), 2)} of the kernel alone, ${fmt(ratio(doc, 'engine-fused-wasm', cell, 'torch'), 2)}× PyTorch.`,
    );
    const vsTorch1 = ratio(doc, 'fused', cell, 'torch');
    const vsTorchR = ratio(doc, 'fused-relaxed', cell, 'torch');
    const vsTorch2 = ratio(doc, 'fused-2t', cell, 'torch');
    const vsLayers = ratio(doc, 'fused', cell, 'layers-wasm');
    const cpuRatio = ratio(doc, 'fused', cell, 'torch', 'trainSamplesPerCpuSec');
    lines.push(
      `- **${cell.toUpperCase()}**: fused 1 thread ${fmt(vsTorch1, 2)}× PyTorch (goal ≥ 1.2)` +
        (vsTorchR != null ? `, relaxed SIMD ${fmt(vsTorchR, 2)}×` : '') +
        `; 2 threads ${fmt(vsTorch2, 2)}× (goal ≥ 2.0); ${fmt(vsLayers, 1)}× tf.layers on wasm (floor ≥ 10)` +
        (cpuRatio != null ? `; per CPU-second ${fmt(cpuRatio, 2)}× PyTorch` : '') + '.',
    );
  }
  return lines.join('\n');
}

function productSection(doc) {
  const p = doc.product;
  if (!p) return 'Product measurements: not taken in this run (`node bench/run.js` without `--no-product`).';
  const lines = [];
  const a = p.activation?.median;
  if (a?.totalMs != null) {
    lines.push(`- **Extension activation**: ${fmt(a.totalMs)} ms wall (${fmt(a.totalCpuMs)} ms CPU): require of dist/extension.js ${fmt(a.requireMs)} ms + activate() ${fmt(a.activateMs)} ms (goal < 50 ms). Measured as ${p.activation.method}; median of ${p.activation.runs.length}.`);
  } else if (p.activation) lines.push(`- **Extension activation**: failed (${p.activation.runs?.find((r) => r.error)?.error ?? 'no result'}).`);
  if (p.cli) {
    const parts = Object.entries(p.cli).map(([cell, c]) => `${cell.toUpperCase()} ${fmt(c.median?.coldStartMs)} ms (${fmt(c.median?.coldStartCpuMs)} ms CPU)`);
    lines.push(`- **CLI start → first step** (\`node dist/cli.js train bench/experiments/standard.seqlab.yaml --json\`, spawn → first step event, median): ${parts.join(', ')} (goal < 1 s).`);
  }
  const m = p.memory;
  if (m?.rssMB) {
    lines.push(`- **Memory**: RSS of \`seqlab train\` (${m.cell}, ${fmt(m.steps)} steps, ${fmt(m.seconds)} s): ${fmt(m.earlyMB)} MB over the second quarter → ${fmt(m.lateMB)} MB over the last (${fmt(m.growthPct, 1)}%). Samples [step, MB]: ${m.rssMB.map(([s, r]) => `${s}:${Math.round(r)}`).join(' ')}.${m.note ? ` (${m.note}.)` : ''}`);
  } else if (m) lines.push(`- **Memory**: ${m.error}.`);
  const d = p.dashboard;
  if (d && !d.error) {
    lines.push(`- **Dashboard at the training rate**: ${fmt(d.rate)} events/s for ${d.seconds} s in batches every 100 ms (as the host's EventBatcher posts, ≤ 10 posts/s): ${fmt(d.stepsShown)} steps shown, ${d.longTaskCount} long tasks (p95 ${d.longTaskP95} ms, max ${d.longTaskMax} ms), main-thread lag p95 ${d.lagP95} ms (headless Chromium, test/e2e/long-tasks.js).`);
  } else if (d) lines.push(`- **Dashboard**: not measured (${d.error}).`);
  return lines.join('\n');
}

/** The README's performance table and its one-paragraph summary (between the bench:readme markers). */
function readmeBlock(doc) {
  const cells = ['lstm', 'gru', 'rnn'].filter((c) => doc.results.some((r) => r.cell === c));
  const name = { lstm: 'LSTM', gru: 'GRU', rnn: 'SimpleRNN' };
  const hasTorch = doc.results.some((r) => r.impl === 'torch');
  const rows = [
    ['layers-wasm', 'tf.layers, wasm backend'],
    ['engine-fused-wasm', '`seqlab train` default path (fused kernel), per step'],
    ['engine-fused-wasm-relaxed', 'the same with relaxed SIMD (Node 22+, VS Code; Node 20 with the flag)'],
    ['cli', '`seqlab train` as a whole process (events, run folder)'],
    ['fused', 'fused kernel alone, 1 thread'],
    ['fused-2t', 'fused kernel alone, 2 threads (bench only, not yet in the product)'],
    ['torch', 'PyTorch CPU, 1 thread (same run)'],
  ].filter(([impl]) => cells.some((c) => lookup(doc, impl, c)));
  const head = `| training samples/s, standard workload (T=50, 64 units, batch 64; ×tf.layers${hasTorch ? ', ×PyTorch' : ''}) | ${cells.map((c) => name[c]).join(' | ')} |`;
  const body = rows.map(([impl, label]) => `| ${label} | ${cells.map((c) => {
    const r = lookup(doc, impl, c);
    if (!r || r.error || r.median?.trainSamplesPerSec == null) return '—';
    if (impl === 'layers-wasm' || impl === 'torch') return fmt(r.median.trainSamplesPerSec);
    const t = hasTorch ? `, ${fmt(ratio(doc, impl, c, 'torch'), 2)}×` : '';
    return `${fmt(r.median.trainSamplesPerSec)} (${fmt(ratio(doc, impl, c, 'layers-wasm'), 1)}×${t})`;
  }).join(' | ')} |`);
  const m = doc.machine;
  const p = doc.product;
  const facts = [];
  if (p?.cli) facts.push(`CLI start → first step ${Object.values(p.cli).map((c) => fmt(c.median?.coldStartMs)).join(' / ')} ms`);
  if (p?.activation?.median?.totalMs != null) facts.push(`extension activation ${fmt(p.activation.median.totalMs)} ms (stub host)`);
  if (p?.memory?.rssMB) facts.push(`RSS over ${fmt(p.memory.steps)} training steps ${fmt(p.memory.earlyMB)} → ${fmt(p.memory.lateMB)} MB`);
  const load = doc.shared ? ` while the machine was shared (load ${fmt(m.loadAverageStart, 1)} → ${fmt(m.loadAverageEnd, 1)} on ${m.nproc} cores: noisy)` : '';
  return [
    head,
    `|---|${cells.map(() => '---').join('|')}|`,
    ...body,
    '',
    `Recorded ${doc.started.slice(0, 10)} on ${m.cpu} (${m.nproc} cores), Node ${m.node}, tfjs ${m.tfjs}${m.torch ? `, PyTorch ${m.torch}` : ''}${load}; median of ${doc.reps} processes per number.` +
      (facts.length ? ` ${facts.join('; ')}.` : '') + ' Details: [docs/benchmarks.md](docs/benchmarks.md).',
  ].join('\n');
}

const README_START = '<!-- bench:readme:start (generated from bench/results.json by `npm run bench:report`; do not edit) -->';
const README_END = '<!-- bench:readme:end -->';

/** README text with the generated block replaced (throws when the markers are missing). */
function readmeWithTable(readme, doc) {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  return readme.slice(0, a + README_START.length) + '\n' + readmeBlock(doc) + '\n' + readme.slice(b);
}

function writeReadme(doc, file) {
  fs.writeFileSync(file, readmeWithTable(fs.readFileSync(file, 'utf8'), doc));
}

function writeReport(doc, file) {
  const m = doc.machine;
  const table = buildTable(doc);
  const peakLine = (p) =>
    `The kernel's own matmul (${p.variant}, best of many short runs): ` +
    Object.entries(p.gflops).map(([k, v]) => `${k} ${fmt(v, 1)} GFLOP/s`).join(', ') + '.';
  const peak = [doc.matmulPeak, doc.matmulPeakRelaxed].filter(Boolean).map(peakLine).join('\n');
  const mem = doc.memory?.rssMB
    ? `Memory over ${doc.memory.steps.toLocaleString('en-US')} fused LSTM training steps (RSS, MB, every 500 steps): ` +
      doc.memory.rssMB.map(([, m]) => Math.round(m)).join(' ') + '.'
    : 'Memory of the kernel alone: not measured in this run (`node bench/run.js --memory`).';
  const md = `# Benchmarks

<!-- Generated by bench/run.js from bench/results.json — do not edit by hand; re-run \`npm run bench\`. -->

Standard workload: ${doc.workload}. Training samples per second (wall clock), median of ${doc.reps} separate
process(es) per number, ${doc.secondsPerProcess} s timed per process after warm-up.
${doc.shared ? `\n> **Measured while the machine was shared** (load average ${fmt(m.loadAverageStart, 1)} → ${fmt(m.loadAverageEnd, 1)} on ${m.nproc} cores): the absolute numbers are low and noisy, two-thread numbers especially. The "samples / CPU-s" column is less sensitive to sharing. Re-run \`npm run bench\` on a quiet machine.\n` : ''}${doc.note && !doc.shared ? `\n> ${doc.note}\n` : ''}
Machine: ${m.cpu}, ${m.nproc} cores (nproc), ${m.os}. Node ${m.node} (V8 ${m.v8}), tfjs ${m.tfjs}, tfjs-backend-wasm ${m.tfjsBackendWasm}${m.torch ? `, PyTorch ${m.torch} (Debian python3-torch, OpenBLAS)` : ''}. Recorded ${doc.started}.

${table}

## Goals (issue 9) as measured in this run

${goals(doc)}

${peak}

## The product around the kernel

${productSection(doc)}

${mem}

## All numbers

${detailTable(doc)}

Columns: *train GFLOP/s* counts the recurrent layer's matmul work (forward x·W and h·U per step, the
backward products twice); *cold start* is process spawn → first finished training step (the bench
children run TypeScript through tsx, which adds about a second that a bundled CLI does not pay);
*peak RSS* is the process's maximum resident set.

## How the fused kernel works, and what limits it

- One call per sequence: the input projection of all steps is one matmul before the loop; per step
  only h_{t-1}·U (GRU: two products, the candidate uses r⊙h_{t-1}) and the gate math fused in one
  pass over the units; the backward loop keeps only dh = dZ·Uᵀ on the serial chain and computes dU,
  dW, db and dx as large matmuls afterwards. ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) are recorded inside the loop.
- Matmul microkernel: 2 rows × 16 floats (8 v128 accumulators); B is packed into K×16 panels
  (R and Rᵀ once per call) because rows 1 KB apart collide in a few L1 sets.
- Without fused multiply-add (Node 20's default V8) each multiply-add is two SIMD instructions; the
  relaxed-SIMD build (\`f32x4.relaxed_madd\`) is used automatically where the runtime validates it
  (Node 22+, VS Code's Electron, so the extension's training worker gets it); on Node 20 start Node
  with \`--experimental-wasm-relaxed-simd\`, or set \`SEQLAB_RELAXED_SIMD=1\` and the default path
  switches that V8 flag on at run time before the kernel compiles (\`=0\` forces SIMD128). The build
  is used only after its multiply-add self-test; the kernel tests cover both builds.
- The remaining serial work is the gate math (exp and divide per gate) and the per-step matmul of a
  64-row batch, which is too small to keep the SIMD units busy: the chain, not arithmetic, bounds
  one thread. Two threads split the batch; each still runs the full chain length.

## The default path around the kernel (what \`seqlab train\` runs per batch)

\`trainStep\` (src/core/train/step.ts) on the engine model: the fused kernel sits behind the models'
\`runDirection\` seam as one \`tf.customGrad\` op per layer direction (src/core/kernels/tfjs-adapter.ts);
the Dense head, the loss, the gradient norms before clipping and the project's own Adam stay tfjs ops.
Per step the seam copies each input once into the kernel's memory and each result once out. A last
layer under a last-step head (next value, classification) runs *last-only*: the op's value is h_T
[B,U] straight from the kernel and its gradient enters as ∂L/∂h_T, so no [B,T,U] sequence is copied
out, sliced, padded and read back (the full sequence is built only when something reads it: a lower
layer of a stack, a sequence head, hidden-state capture). What is left between the kernel alone and
the default path is tfjs's per-op cost for the ~100 small ops around it (Adam is ~70 of them).
\`node --import tsx bench/profile-step.ts lstm split\` shows how much of a step is inside the kernel.

Not yet in the product: the two-thread kernel (bench only). What it needs: the seam's forward and
backward are synchronous tfjs calls, so the second thread must be driven with Atomics.wait/notify
(as bench/fused-2t.ts does) and hold its own kernel instance and forward cache per layer direction
and batch half; inputs, h_T or the sequence, and the partial weight gradients cross in a
SharedArrayBuffer, the main thread sums the gradients. About 1.6-1.9× on two free cores; nothing on
a loaded machine.

## Which cases use the fused kernel

The kernel serves rnn, lstm and gru layers, stacked and bidirectional (the reverse direction runs the
kernel on the time-reversed sequence), with input dropout, gradient probes (‖∂L/∂h_t‖, ‖∂L/∂c_t‖)
and hidden-state/gate capture — through \`createFusedDirectionRunner()\` behind the models'
\`runDirection\` seam (tested equal to the tf-ops loop). These still run the tfjs path:
recurrent dropout (a mask inside the loop; the runner falls back per call and says why), the native
tensorflow backend, and \`model.type: seq2seq\` (\`training.kernel: auto\` picks tfjs for it and says
why: its decoder starts from the encoder's state and its padded batches need masking; the kernel
takes h0/c0 and returns dh0/dc0, but the seam passes neither initial states nor a mask yet).

Re-run: \`npm run bench\` (all: kernel-level rows, then the product measurements on dist/; it
rewrites bench/results.json, this file and the README table), \`node bench/run.js --cells lstm --impls
layers-wasm,engine-fused-wasm,fused --reps 3 --no-product\` for a quick comparison, \`--quick\` for a
one-process smoke run, \`node bench/product.js --only cli,activation\` for the product part alone;
\`npm run bench:report\` regenerates the docs from bench/results.json. Kernel correctness is tested in
test/unit/kernels/ (never timings).
`;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, md);
  }
  return { table, md };
}

module.exports = { writeReport, writeReadme, readmeWithTable, readmeBlock, buildTable, README_START, README_END };

if (require.main === module) {
  const args = process.argv.slice(2);
  const src = args.find((a) => !a.startsWith('--')) || path.join(__dirname, 'results.json');
  const doc = JSON.parse(fs.readFileSync(src, 'utf8'));
  const docsFile = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  const readmeFile = path.join(__dirname, '..', 'README.md');
  if (args.includes('--check')) {
    const stale = [];
    if (fs.readFileSync(docsFile, 'utf8') !== writeReport(doc, null).md) stale.push('docs/benchmarks.md');
    const readme = fs.readFileSync(readmeFile, 'utf8');
    if (readme !== readmeWithTable(readme, doc)) stale.push('README.md');
    if (stale.length) {
      process.stderr.write(`${stale.join(' and ')} differ from ${path.relative(process.cwd(), src)}: run npm run bench:report\n`);
      process.exitCode = 1;
    }
  } else {
    writeReport(doc, docsFile);
    writeReadme(doc, readmeFile);
    process.stdout.write(buildTable(doc) + '\n');
  }
}
