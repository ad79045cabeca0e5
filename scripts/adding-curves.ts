/**
 * Measures the adding problem's learning curves: T (sequence length) × cell × seed, valLoss after
 * every epoch, each point trained in a child `seqlab train` process on the default path (backend auto).
 * Writes the raw numbers to docs/learning-curves.json as it goes (a killed run keeps what it measured)
 * and the tables to docs/learning-curves.md.
 *
 *   npx tsx scripts/adding-curves.ts [--T 20,30,50] [--cells rnn,lstm,gru] [--seeds 1,2,3]
 *                                     [--epochs 10] [--size 2000] [--units 32] [--batch 64]
 *                                     [--only-doc]   (rewrite the .md from the .json)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRun } from '../src/core/runs';
import { runPointInChild } from '../src/core/sweep';

interface Point {
  T: number;
  cell: string;
  seed: number;
  valLoss: number[];
  baseline: number;
  seconds: number;
  backend: string;
  kernel: string;
  status?: string;
  error?: string;
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : dflt;
};
const list = (s: string): string[] => s.split(',').map((v) => v.trim()).filter(Boolean);
const root = path.resolve(__dirname, '..');
const jsonFile = path.join(root, 'docs', 'learning-curves.json');
const mdFile = path.join(root, 'docs', 'learning-curves.md');

const settings = {
  epochs: Number(opt('epochs', '10')),
  size: Number(opt('size', '2000')),
  units: Number(opt('units', '32')),
  batch: Number(opt('batch', '64')),
  lr: Number(opt('lr', '0.01')),
};

function baseYaml(): string {
  return [
    'name: adding-curves',
    'seed: 1',
    'data: {kind: adding, window: 30, size: ' + settings.size + ', split: {train: 0.8, val: 0.2}}',
    'model: {type: lstm, layers: [{units: ' + settings.units + '}]}',
    `training: {epochs: ${settings.epochs}, batchSize: ${settings.batch}, optimizer: {name: adam, learningRate: ${settings.lr}}, clipNorm: 1.0}`,
    'samples: {every: 100, count: 1}',
    '',
  ].join('\n');
}

async function measure(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-curves-'));
  const file = path.join(tmp, 'adding.seqlab.yaml');
  fs.writeFileSync(file, baseYaml());
  const prior = readPoints();
  const points: Point[] = prior.settings && JSON.stringify(prior.settings) === JSON.stringify(settings) ? prior.points : [];
  try {
    for (const T of list(opt('T', '20,30,50')).map(Number)) {
      for (const cell of list(opt('cells', 'rnn,lstm,gru'))) {
        for (const seed of list(opt('seeds', '1,2,3')).map(Number)) {
          // Completed points are kept; a failed one (e.g. a kernel crash) is measured again.
          const prev = points.findIndex((p) => p.T === T && p.cell === cell && p.seed === seed);
          if (prev >= 0 && Number.isFinite(points[prev]?.baseline) && (points[prev]?.status ?? 'completed') === 'completed') continue;
          if (prev >= 0) points.splice(prev, 1);
          // Each point in its own process (as `seqlab sweep --parallel` runs them): a crash in one
          // cannot affect the next, and every point starts from a fresh backend.
          const t0 = Date.now();
          const r = await runPointInChild({ file, overrides: [`data.window=${T}`, `model.type=${cell}`, `seed=${seed}`], root: tmp });
          const run = r.runDir ? readRun(r.runDir) : undefined;
          const valLoss = (run?.epochs ?? []).map((e) => e.valLoss as number);
          const backend = run?.meta.backend?.name ?? '';
          const kernel = run?.meta.kernel?.name ?? '';
          const p: Point = { T, cell, seed, valLoss, baseline: r.summary?.baseline.valLoss ?? NaN, seconds: (Date.now() - t0) / 1000, backend, kernel, status: r.status, ...(r.error ? { error: r.error } : {}) };
          points.push(p);
          fs.writeFileSync(jsonFile, JSON.stringify({ settings, measuredAt: new Date().toISOString(), host: hostNote(), points }, null, 1) + '\n');
          process.stdout.write(`T=${T} ${cell} seed ${seed}: best valLoss ${Math.min(...valLoss).toFixed(4)} (baseline ${p.baseline.toFixed(3)}) in ${p.seconds.toFixed(0)} s\n`);
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function hostNote(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

function readPoints(): { settings?: typeof settings; host?: string; measuredAt?: string; points: Point[] } {
  try {
    return JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch {
    return { points: [] };
  }
}

function writeDoc(): void {
  const data = readPoints();
  const s = data.settings ?? settings;
  const Ts = [...new Set(data.points.map((p) => p.T))].sort((a, b) => a - b);
  const out: string[] = [
    '# Learning curves: the adding problem',
    '',
    '<!-- generated by scripts/adding-curves.ts from docs/learning-curves.json; rerun it rather than editing -->',
    '',
    "Hochreiter & Schmidhuber's adding problem (`data.kind: adding`): T steps of (value, marker), two marked",
    'values, one in each half of the sequence; the target is their sum. Predicting the mean gives',
    'MSE ≈ 0.167, the **baseline**. To beat it the network must carry the first marked value across',
    'up to T steps: a long-term dependency.',
    '',
    `Settings: ${s.size} sequences (80% train, 20% validation), one layer of ${s.units} units, batch ${s.batch},`,
    `Adam lr ${s.lr}, clipNorm 1.0, ${s.epochs} epochs; seeds as listed. Measured ${data.measuredAt ?? '?'} on ${data.host ?? '?'}`,
    `(a machine shared with other jobs, so the seconds include a process start and are pessimistic). Backend/kernel: ${[...new Set(data.points.map((p) => `${p.backend}/${p.kernel}`))].join(', ')}.`,
    '',
    'Each cell of a table is valLoss (MSE on the validation split) after that epoch. **Bold**: below',
    'half the baseline (the model really uses the marked values).',
    '',
  ];
  for (const T of Ts) {
    const order = ['rnn', 'lstm', 'gru'];
    const pts = data.points.filter((p) => p.T === T).sort((a, b) => order.indexOf(a.cell) - order.indexOf(b.cell) || a.seed - b.seed);
    const epochs = Math.max(...pts.map((p) => p.valLoss.length));
    out.push(`## T = ${T}`, '');
    out.push(`| cell | seed | ${Array.from({ length: epochs }, (_, i) => `ep ${i + 1}`).join(' | ')} | best | seconds | kernel |`);
    out.push(`|---|---|${'---|'.repeat(epochs)}---|---|---|`);
    for (const p of pts) {
      const cells = p.valLoss.map((v) => (v < p.baseline / 2 ? `**${v.toFixed(3)}**` : v.toFixed(3)));
      while (cells.length < epochs) cells.push(p.status && p.status !== 'completed' ? p.status : '');
      out.push(`| ${p.cell} | ${p.seed} | ${cells.join(' | ')} | ${Math.min(...p.valLoss).toFixed(4)} | ${p.seconds.toFixed(0)} | ${p.backend}/${p.kernel} |`);
    }
    out.push('');
  }
  out.push(
    '## What it shows',
    '',
    ...summaryLines(data.points),
    '',
    '## Time per point',
    '',
    ...timingLines(data.points),
    '',
    'The `examples/adding-race.seqlab.yaml` race uses these settings at T = 30 (rnn stays at the',
    'baseline on every seed, lstm and gru end far below it).',
    '',
  );
  fs.writeFileSync(mdFile, out.join('\n'));
}

function timingLines(points: Point[]): string[] {
  const lines: string[] = [];
  const groups = new Map<string, number[]>();
  for (const p of points) {
    const k = `T = ${p.T}, ${p.cell}, ${p.backend}/${p.kernel}`;
    groups.set(k, [...(groups.get(k) ?? []), p.seconds]);
  }
  for (const [k, secs] of groups) lines.push(`- ${k}: ${secs.map((s) => s.toFixed(0)).join(', ')} s`);
  lines.push(
    '',
    'Seconds are wall-clock time of the whole run (process start, backend, data, training, validation',
    'and the per-epoch gradient/hidden-state capture) on a 2-core machine shared with other jobs',
    '(load average 10–17 while measuring), so an idle machine is several times faster.',
    '',
    'The kernel column matters: `wasm/fused` is the project\'s WebAssembly recurrent kernel,',
    '`wasm/tfjs` the tensor-op path. Most rows were measured while `training.kernel: auto` chose the',
    'fused kernel; the `tfjs` rows were re-measured after `auto` went back to `tfjs` (on 25 Nov 2026, when',
    'the fused LSTM could trap with "memory access out of bounds" after several runs in one process).',
    'For scale on the tfjs path: one gru point of the race (T = 30, 8 epochs) took 138 s of wall time',
    'and 24 s of CPU time under that load.',
  );
  return lines;
}

function summaryLines(points: Point[]): string[] {
  const lines: string[] = [];
  const Ts = [...new Set(points.map((p) => p.T))].sort((a, b) => a - b);
  for (const T of Ts) {
    const parts: string[] = [];
    for (const cell of ['rnn', 'lstm', 'gru']) {
      const pts = points.filter((p) => p.T === T && p.cell === cell);
      if (pts.length === 0) continue;
      const bests = pts.map((p) => Math.min(...p.valLoss));
      const solved = pts.filter((p) => Math.min(...p.valLoss) < p.baseline / 2).length;
      parts.push(`${cell} best valLoss ${Math.min(...bests).toFixed(3)}–${Math.max(...bests).toFixed(3)} (${solved}/${pts.length} seeds below half the baseline)`);
    }
    lines.push(`- T = ${T}: ${parts.join('; ')}.`);
  }
  return lines;
}

(async () => {
  if (!args.includes('--only-doc')) await measure();
  writeDoc();
  process.stdout.write(`wrote ${path.relative(root, mdFile)}\n`);
})().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
