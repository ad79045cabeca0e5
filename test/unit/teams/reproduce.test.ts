// Reproduce: a run retrained from its folder is bit-for-bit equal on the same path; a difference is
// reported at its first step; when the recorded backend cannot load here the rerun uses what loads
// and compares within a tolerance it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reproduceCommand } from '../../../src/cli/commands/reproduce';
import { compareMetrics, REPRODUCTION_FILE, reproduceRun, type MetricsRecord } from '../../../src/core/reproduce';
import { runExperiment } from '../../../src/core/run-experiment';
import { editJson, memoryIO, runCliChild, tempDir, TINY, tinyOnWasm, writeFile } from './helpers';

const step = (n: number, loss: number, extra: Partial<MetricsRecord> = {}): MetricsRecord =>
  ({ type: 'step', epoch: 1, step: n, loss, gradNorm: 1, gradNormByLayer: { gru_1: 0.5 }, clipped: false, lr: 0.01, samplesPerSec: 100 + n, time: n, ...extra }) as MetricsRecord;

test('compareMetrics: bitwise when equal (timings ignored), the first differing value otherwise, tolerance applied', () => {
  const a = [step(1, 0.5), step(2, 0.4), step(3, 0.3)];
  const same = compareMetrics(a, a.map((r) => ({ ...r, samplesPerSec: 1, time: 99 }) as MetricsRecord));
  assert.equal(same.bitwise, true);
  assert.equal(same.steps, 3);

  const b = [step(1, 0.5), step(2, 0.4 + 1e-9), step(3, 0.31, { gradNormByLayer: { gru_1: 0.6 } } as Partial<MetricsRecord>)];
  const c = compareMetrics(a, b, { relative: 1e-3, absolute: 0 });
  assert.equal(c.bitwise, false);
  assert.equal(c.firstDifference?.step, 2);
  assert.equal(c.firstDifference?.field, 'loss');
  assert.equal(c.firstBeyondTolerance?.step, 3, 'step 2 is within 1e-3, step 3 is not');
  assert.ok(['loss', 'gradNormByLayer.gru_1'].includes(c.firstBeyondTolerance?.field ?? ''));
  assert.equal(c.largest?.field, 'gradNormByLayer.gru_1');

  // A flipped `clipped` follows a gradient norm at the threshold: fine under a tolerance, not bitwise.
  const flipped = compareMetrics([step(1, 0.5)], [step(1, 0.5, { clipped: true } as Partial<MetricsRecord>)], { relative: 1e-3, absolute: 0 });
  assert.equal(flipped.bitwise, false);
  assert.equal(flipped.firstBeyondTolerance, undefined);
  const shorter = compareMetrics(a, a.slice(0, 2));
  assert.equal(shorter.recordedOnly, 1);
});

/** Rewrites metrics.jsonl with `edit` applied to the step record `n`. */
function tamper(runDir: string, n: number, edit: (r: MetricsRecord) => void): void {
  const file = path.join(runDir, 'metrics.jsonl');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricsRecord);
  for (const r of lines) if (r.type === 'step' && r.step === n) edit(r);
  fs.writeFileSync(file, `${lines.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

test('seqlab reproduce: identical bitwise on the same path; a changed step is found; another backend → tolerance', async () => {
  const t = tempDir();
  try {
    const file = writeFile(t.dir, 'tiny.seqlab.yaml', TINY);
    const orig = await runExperiment({ configPath: file, runsDir: t.dir });
    assert.equal(orig.status, 'completed');
    const runDir = orig.runDir as string;

    const io = memoryIO(t.dir);
    assert.equal(await reproduceCommand([runDir], io), 0, io.text());
    assert.match(io.text(), /REPRODUCED {2}identical: 6 steps, 2 epochs, bitwise/);
    assert.match(io.text(), /recorded path {2}cpu \/ tfjs/);
    const reruns = fs.readdirSync(path.join(t.dir, '.seqlab', 'runs')).filter((id) => id !== orig.runId);
    assert.equal(reruns.length, 1, 'the rerun is a new run beside the original');
    const note = JSON.parse(fs.readFileSync(path.join(t.dir, '.seqlab', 'runs', reruns[0] as string, REPRODUCTION_FILE), 'utf8'));
    assert.equal(note.reproduces, orig.runId);
    assert.equal(note.verdict, 'identical');

    // One recorded loss changed in its last bits: on the same path that is a failure, at that step.
    tamper(runDir, 4, (r) => void (r.loss = r.loss * (1 + 1e-7)));
    const differs = await reproduceRun({ runDir });
    assert.equal(differs.exitCode, 1);
    assert.match(differs.message, /^differs on the same path: step 4 \(epoch 2\) loss: recorded .* \(bitwise expected\)/);

    // The recorded backend cannot load here: the rerun goes to what loads and compares within the tolerance.
    editJson(path.join(runDir, 'meta.json'), (m) => void ((m.backend as Record<string, unknown>).name = 'tensorflow'));
    const tolerant = await reproduceRun({ runDir });
    assert.equal(tolerant.exitCode, 0, tolerant.message);
    assert.equal(tolerant.verdict, 'within-tolerance');
    assert.ok(tolerant.notes.some((n) => /recorded backend 'tensorflow' cannot load here/.test(n)), tolerant.notes.join('\n'));
    // auto picks wasm here: a real second backend, so the numbers differ from the first step on, slightly.
    assert.match(tolerant.message, /^within tolerance \(relative 0\.001, absolute 1e-7\): 6 steps, 2 epochs; first difference step \d+ \(epoch \d\) \w+/);
    assert.ok(tolerant.notes.some((n) => /backend differs: recorded tensorflow, here (wasm|cpu)/.test(n)));

    tamper(runDir, 5, (r) => void (r.loss = r.loss * 1.1));
    const beyond = await reproduceRun({ runDir, tolerance: { relative: 0.01 } });
    assert.equal(beyond.exitCode, 1);
    assert.match(beyond.message, /^differs: step 5 \(epoch 2\) loss: .* exceeds the tolerance \(relative 0\.01/);
  } finally {
    t.cleanup();
  }
});

test('reproduce of something that is not a run: exit 2 with the reason', async () => {
  const t = tempDir();
  try {
    const io = memoryIO(t.dir);
    assert.equal(await reproduceCommand([t.dir], io), 2);
    assert.match(io.err.join(''), /no run/);
    const r = await reproduceRun({ runDir: t.dir });
    assert.equal(r.exitCode, 2);
    assert.match(r.message, /is not a run folder/);
  } finally {
    t.cleanup();
  }
});

test('a run that was stopped early is compared over what it recorded; the rerun going on is expected', async () => {
  const t = tempDir();
  try {
    const file = writeFile(t.dir, 'tiny.seqlab.yaml', TINY);
    const ac = new AbortController();
    const stopped = await runExperiment({ configPath: file, runsDir: t.dir, signal: ac.signal, onEvent: (e) => void (e.type === 'step' && e.step === 4 && ac.abort()) });
    assert.equal(stopped.status, 'stopped');
    const r = await reproduceRun({ runDir: stopped.runDir as string });
    assert.equal(r.exitCode, 0, r.message);
    assert.match(r.message, /^identical: 4 steps, 1 epoch, bitwise \(the recorded run stopped there; the rerun went on\)$/);
  } finally {
    t.cleanup();
  }
});

test('the fused kernel variant the run recorded (relaxed SIMD, as in VS Code) is the one the rerun asks for', () => {
  const t = tempDir();
  try {
    const file = writeFile(t.dir, 'fused.seqlab.yaml', tinyOnWasm('fused'));
    // Trained where relaxed SIMD is on (VS Code's Electron has it; Node 20 gets it through this switch)…
    const trained = runCliChild(['train', file], t.dir, { SEQLAB_RELAXED_SIMD: '1' });
    const variant = /fused WebAssembly kernel \(([^)]+)\)/.exec(trained)?.[1];
    assert.ok(variant, trained);
    // …reproduced by a plain CLI process that was not told: it asks for the recorded variant itself.
    const out = runCliChild(['reproduce', 'latest'], t.dir);
    assert.match(out, new RegExp(`rerun path {5}wasm / fused \\(${variant}\\)`));
    assert.match(out, /REPRODUCED {2}identical: 6 steps, 2 epochs, bitwise/);
  } finally {
    t.cleanup();
  }
});
