import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import { lossView, gradView } from '../../../webview/state/series';
import { readRun } from '../../../src/core/runs';
import { replayEvents, runInfoOf } from '../../../src/extension/dashboard/replay';

// A real run folder recorded by `seqlab train` (noisy sine, SimpleRNN, 12 epochs × 50 steps).
const RUN = path.join(__dirname, '../../e2e/fixtures/runs/20261125-164000-sine-next-value-2851');

test('a recorded run folder, replayed as the extension does, gives the metrics.jsonl series', () => {
  const data = readRun(RUN);
  const run = runInfoOf(data);
  let s = applyMessage(initialState(), { type: 'init', run, settings: { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false } });
  s = applyMessage(s, { type: 'events', runId: run.runId, events: replayEvents(data), replay: true });
  const lines = fs.readFileSync(path.join(RUN, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const steps = lines.filter((l) => l.type === 'step');
  const epochs = lines.filter((l) => l.type === 'epoch');
  assert.equal(s.status, 'completed');
  assert.deepEqual(s.steps.loss, steps.map((l) => l.loss));
  assert.deepEqual(s.steps.gradNorm, steps.map((l) => l.gradNorm));
  const lv = lossView(s);
  assert.deepEqual(lv.drawn.val.map((p) => p.y), epochs.map((e) => e.valLoss));
  assert.equal(lv.baseline, data.summary?.baseline.valLoss);
  assert.equal(gradView(s).clipNorm, 1);
  assert.equal(s.samples.series?.samples.length, 3);
  assert.ok(s.gradients.length > 0);
  assert.ok(s.hidden);
  // The loss falls, and the model ends below the persistence baseline.
  assert.ok(epochs.at(-1).loss < epochs[0].loss);
  assert.ok(lv.best!.valLoss < lv.baseline!);
});
