import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveRun, MAX_KEPT_STEPS } from '../../../src/extension/live-run';
import type { StepRecord, TrainEvent } from '../../../src/core/events';

const step = (s: number): StepRecord => ({ type: 'step', epoch: 1, step: s, loss: 1 / s, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: s });

test('a live run tracks epoch, loss and counts, and notifies listeners in order', () => {
  const r = new LiveRun('/x/a.seqlab.yaml', 'a.seqlab.yaml');
  const seen: string[] = [];
  const sub = r.onEvent((e) => seen.push(e.type));
  r.push(step(1));
  r.push({ type: 'epoch', epoch: 1, step: 1, loss: 0.5, valLoss: 0.25, clippedFraction: 0, durationMs: 1, best: true, time: 1 });
  assert.equal(r.epoch, 1);
  assert.equal(r.lastLoss, 0.25);
  sub.dispose();
  r.push(step(2));
  assert.deepEqual(seen, ['step', 'epoch']);
  assert.deepEqual(r.counts, { step: 2, epoch: 1 });
  let ended = false;
  r.onEnd(() => (ended = true));
  r.finish({ exitCode: 0, status: 'completed', runId: 'id', runDir: '/d' });
  assert.equal(ended, true);
  assert.equal(r.isActive, false);
  assert.equal(r.runDir, '/d');
});

test('history keeps every non-step event and only the last MAX_KEPT_STEPS steps', () => {
  const r = new LiveRun('/x/a.seqlab.yaml', 'a');
  const marker: TrainEvent = { type: 'log', level: 'info', message: 'first' };
  r.push(marker);
  const total = MAX_KEPT_STEPS + 1500;
  for (let i = 1; i <= total; i++) r.push(step(i));
  const h = r.history();
  const steps = h.filter((e): e is StepRecord => e.type === 'step');
  assert.ok(steps.length <= MAX_KEPT_STEPS + 1000 && steps.length >= MAX_KEPT_STEPS);
  assert.equal(steps.at(-1)?.step, total, 'the newest step is kept');
  assert.deepEqual(h[0], marker, 'non-step events are never dropped');
  for (let i = 1; i < steps.length; i++) assert.equal(steps[i]!.step, steps[i - 1]!.step + 1, 'contiguous, in order');
});
