// A run folder written by the real RunRecorder, read back with readRun, replayed as TrainEvents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunRecorder, readRun } from '../../../src/core/runs';
import type { TrainEvent, StepRecord, EpochRecord, RunSummary } from '../../../src/core/events';
import { replayEvents, runInfoOf } from '../../../src/extension/dashboard/replay';

const summary: RunSummary = { status: 'completed', epochs: 2, steps: 6, final: { loss: 0.2, valLoss: 0.3 }, best: { valLoss: 0.3, epoch: 2 }, baseline: { valLoss: 0.9 }, expect: [], durationMs: 10 };

function step(epoch: number, s: number): StepRecord {
  return { type: 'step', epoch, step: s, loss: 1 / s, gradNorm: s, gradNormByLayer: { rnn_0: s }, clipped: s % 2 === 0, lr: 0.01, samplesPerSec: 100, time: s };
}
function epochRec(epoch: number, s: number): EpochRecord {
  return { type: 'epoch', epoch, step: s, loss: 1 / s, valLoss: 1.1 / s, clippedFraction: 0.5, durationMs: 3, best: true, time: s };
}

function writeRun(root: string): string {
  const rec = RunRecorder.create({ root, experiment: 'tiny', resolvedYaml: 'model:\n  type: lstm\ntraining:\n  clipNorm: 1.5\n', seed: 1, heartbeatMs: 0 });
  const events: TrainEvent[] = [
    { type: 'start', runId: rec.runId, runDir: rec.runDir, experiment: 'tiny', backend: { name: 'wasm', requested: 'auto', reasons: ['no native'] },
      kernel: { requested: 'auto', name: 'tfjs', reason: 'r' }, paramCount: 10, data: { kind: 'sine', trainExamples: 8, valExamples: 2, timeSteps: 5,
      features: 1, outputs: 1, task: 'regression', baselineName: 'persistence', fingerprint: 'f' }, baseline: { valLoss: 0.9 }, epochs: 2, stepsPerEpoch: 3,
      config: {} as never, time: 0 },
    step(1, 1), step(1, 2), step(1, 3), epochRec(1, 3),
    { type: 'gradients', epoch: 1, records: [{ epoch: 1, layer: 'rnn_0', direction: 'forward', norms: [1, 2, 3] }] },
    { type: 'samples', epoch: 1, samples: [{ epoch: 1, kind: 'series', input: [1], target: [2], output: [2.1] }] },
    step(2, 4), step(2, 5), step(2, 6), epochRec(2, 6),
    { type: 'end', status: 'completed', summary },
  ];
  for (const e of events) rec.onEvent(e);
  rec.close();
  return rec.runDir;
}

test('a finished run replays in training order with the same numbers', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-replay-'));
  try {
    const runDir = writeRun(root);
    const data = readRun(runDir);
    const ev = replayEvents(data);
    assert.deepEqual(ev.map((e) => e.type), ['start', 'step', 'step', 'step', 'epoch', 'gradients', 'samples', 'step', 'step', 'step', 'epoch', 'end']);
    const start = ev[0]!;
    assert.equal(start.type, 'start');
    if (start.type === 'start') {
      assert.equal(start.backend.name, 'wasm');
      assert.equal(start.epochs, 2);
      // the page reads the clip threshold and model type from the resolved config
      assert.equal((start.config as unknown as { training: { clipNorm: number } }).training.clipNorm, 1.5);
      assert.equal(start.config.model.type, 'lstm');
    }
    const losses = ev.filter((e): e is StepRecord => e.type === 'step').map((e) => e.loss);
    assert.deepEqual(losses, [1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6]);
    const end = ev.at(-1)!;
    assert.ok(end.type === 'end' && end.status === 'completed' && end.summary.final.valLoss === 0.3);
    assert.deepEqual(runInfoOf(data), { runId: data.runId, runDir, experiment: 'tiny', status: 'completed', startedAt: data.meta.startedAt });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('long runs keep every epoch record and at most N step records (the first, the latest, the extremes)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-replay-'));
  try {
    const data = readRun(writeRun(root));
    const ev = replayEvents(data, 5);
    const kept = ev.filter((e) => e.type === 'step').map((e) => (e as StepRecord).step);
    assert.ok(kept.length <= 5, `${kept}`);
    assert.equal(kept[0], 1, 'the first step is kept');
    assert.equal(kept.at(-1), 6, 'the latest step is kept');
    assert.deepEqual(kept, [...kept].sort((a, b) => a - b));
    assert.equal(ev.filter((e) => e.type === 'epoch').length, 2);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a run whose writer died reads as stopped and replays an end event with the reason', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-replay-'));
  try {
    const rec = RunRecorder.create({ root, experiment: 'dead', resolvedYaml: 'x: 1\n', seed: 1, heartbeatMs: 0 });
    rec.close();
    // pretend another (gone) process wrote it
    const metaFile = path.join(rec.runDir, 'meta.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, pid: 2 ** 22 + 12345, heartbeatAt: new Date(0).toISOString() }));
    const ev = replayEvents(readRun(rec.runDir));
    const end = ev.at(-1)!;
    assert.equal(end.type, 'end');
    assert.equal(end.type === 'end' && end.status, 'stopped');
    assert.ok(ev.some((e) => e.type === 'log' && /status stopped/.test(e.message)));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
