// "A 100k-step run opens without posting every line": the replay of a 100,000-step run is one bounded
// message (≤ DEFAULT_MAX_REPLAY_STEPS step records plus every epoch) that still spans the whole run
// (first step, latest steps, the highest and lowest loss), and the page draws ≤ maxPointsPerSeries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochRecord, StepRecord } from '../../../src/core/events';
import type { RunData } from '../../../src/core/runs';
import { DEFAULT_MAX_REPLAY_STEPS, replayEvents, thinSteps } from '../../../src/extension/dashboard/replay';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import { lossView } from '../../../webview/state/series';

const N = 100_000;
const PER_EPOCH = 1000;

function longRun(): RunData {
  const steps: StepRecord[] = [];
  const epochs: EpochRecord[] = [];
  for (let s = 1; s <= N; s++) {
    const epoch = Math.ceil(s / PER_EPOCH);
    // A slowly falling loss with one spike (step 31,337) and one NaN step (77,777).
    const loss = s === 31_337 ? 50 : s === 77_777 ? NaN : 1 / Math.sqrt(s) + 0.01 * Math.sin(s);
    steps.push({ type: 'step', epoch, step: s, loss, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 0.001, samplesPerSec: 1000, time: s });
    if (s % PER_EPOCH === 0) epochs.push({ type: 'epoch', epoch, step: s, loss, valLoss: loss, clippedFraction: 0, durationMs: 1, best: false, time: s });
  }
  const meta = { formatVersion: 1, runId: 'long', experiment: 'long', status: 'completed', startedAt: new Date(0).toISOString() } as unknown as RunData['meta'];
  return { runId: 'long', runDir: '/nowhere/long', meta, recordedStatus: 'completed', steps, epochs, gradients: [], samples: [], artifacts: [], files: [], warnings: [] };
}

test('a 100k-step run replays as one bounded message spanning the whole run; the page draws ≤ maxPointsPerSeries', () => {
  const data = longRun();
  const events = replayEvents(data);
  const steps = events.filter((e): e is StepRecord => e.type === 'step');
  assert.ok(steps.length <= DEFAULT_MAX_REPLAY_STEPS, `${steps.length} step records posted`);
  assert.equal(events.filter((e) => e.type === 'epoch').length, N / PER_EPOCH, 'every epoch record');
  assert.equal(steps[0]!.step, 1);
  assert.equal(steps.at(-1)!.step, N);
  assert.ok(steps.some((s) => s.step === 31_337), 'the loss spike survives thinning');
  assert.ok(steps.some((s) => s.step === 77_777), 'the NaN step survives thinning');
  assert.ok(steps.some((s) => s.step < 1000) && steps.some((s) => s.step > 50_000 && s.step < 60_000), 'the whole run is covered');
  const bytes = JSON.stringify(events).length;
  assert.ok(bytes < 2_000_000, `the replay message is ${bytes} bytes`);

  let s = applyMessage(initialState(), { type: 'init', run: { runId: 'long', runDir: '/nowhere/long', experiment: 'long', status: 'completed', startedAt: '' }, settings: { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } });
  s = applyMessage(s, { type: 'events', runId: 'long', events, replay: true });
  assert.equal(s.steps.step.length, steps.length);
  const v = lossView(s);
  assert.ok(v.drawn.raw.length <= 2000, `${v.drawn.raw.length} points drawn`);
  assert.equal(v.lastStep?.x, N);
});

test('thinSteps keeps short runs whole and returns steps in order', () => {
  const few = longRun().steps.slice(0, 10);
  assert.deepEqual(thinSteps(few, 100), few);
  const many = thinSteps(longRun().steps, 400);
  assert.ok(many.length <= 400);
  assert.deepEqual(many.map((x) => x.step), [...many.map((x) => x.step)].sort((a, b) => a - b));
});
