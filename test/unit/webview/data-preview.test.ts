// The data preview sent with `start`: bounded series points with the statistics of `seqlab data
// preview`, kept by the reducer for the dashboard's Data card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PREVIEW_POINTS, startPreview } from '../../../src/core/data/preview-event';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import type { TrainEvent } from '../../../src/core/events';
import { testConfig } from '../train/helpers';

test('startPreview: a long synthetic series is thinned to ≤ 500 points and keeps its statistics', () => {
  const p = startPreview(testConfig({ data: { kind: 'noisy-sine', length: 2000 } }), '/nowhere');
  assert.ok(p?.series);
  assert.ok(p.series.values.length <= MAX_PREVIEW_POINTS && p.series.values.length >= 400, String(p.series.values.length));
  assert.equal(p.series.every, 4);
  assert.equal(p.series.length, 2000);
  assert.ok(p.series.min <= Math.min(...p.series.values) && p.series.max >= Math.max(...p.series.values));
  assert.equal(p.examples.length, 3);
});

test('startPreview: a data set that cannot be built gives no preview instead of throwing', () => {
  assert.equal(startPreview(testConfig({ data: { kind: 'csv', path: './missing.csv' } }), '/nowhere'), undefined);
});

test('the reducer keeps the start event preview', () => {
  const preview = { series: { values: [1, 2, 3], every: 1, length: 3, mean: 2, std: 0.8, min: 1, max: 3 }, examples: [] };
  const start = { type: 'start', runId: 'r', runDir: '/r', experiment: 'x', backend: { name: 'cpu', requested: 'cpu', reasons: [] }, kernel: { requested: 'auto', name: 'tfjs', reason: '' },
    paramCount: 1, data: { kind: 'sine', trainExamples: 1, valExamples: 1, timeSteps: 3, features: 1, outputs: 1, task: 'regression', baselineName: 'b', fingerprint: 'f' },
    baseline: {}, epochs: 1, stepsPerEpoch: 1, config: {}, time: 0, preview } as unknown as TrainEvent;
  let s = applyMessage(initialState(), { type: 'init', run: { runId: 'r', runDir: '/r', experiment: 'x', status: 'running', startedAt: '' }, settings: { smoothing: 0.6, maxPointsPerSeries: 100, logScale: false } });
  s = applyMessage(s, { type: 'events', runId: 'r', events: [start] });
  assert.deepEqual(s.start?.preview, preview);
});
