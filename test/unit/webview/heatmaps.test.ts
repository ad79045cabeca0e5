import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMessage, initialState } from '../../../webview/state/reducer';
import { decadesSpanned, gradientHeatmap, gradientKeys, hiddenHeatmap, hiddenMatrixNames, thresholdHeatmap } from '../../../webview/state/heatmaps';
import type { TrainEvent } from '../../../src/core/events';

function stateOf(events: TrainEvent[]) {
  const s = applyMessage(initialState(), { type: 'init', run: { runId: 'r', runDir: '/r', experiment: 'x', status: 'running', startedAt: '' }, settings: { smoothing: 0.6, maxPointsPerSeries: 100, logScale: false } });
  return applyMessage(s, { type: 'events', runId: 'r', events });
}

test('gradient heatmap: epochs × steps per layer and direction, LSTM cell norms beside it', () => {
  const s = stateOf([
    { type: 'gradients', epoch: 2, records: [
      { epoch: 2, layer: 'lstm_0', direction: 'forward', norms: [1e-4, 1e-2, 1], cellNorms: [1e-3, 1e-2, 1e-1] },
      { epoch: 2, layer: 'lstm_0', direction: 'backward', norms: [1, 0.5, 0.1] },
    ] },
    { type: 'gradients', epoch: 1, records: [{ epoch: 1, layer: 'lstm_0', direction: 'forward', norms: [1e-3, 1e-1, 1], cellNorms: [1, 1, 1] }] },
    // A re-sent epoch replaces the earlier record.
    { type: 'gradients', epoch: 1, records: [{ epoch: 1, layer: 'lstm_0', direction: 'forward', norms: [1e-5, 1e-1, 2], cellNorms: [1, 1, 1] }] },
  ]);
  assert.deepEqual(gradientKeys(s), [{ layer: 'lstm_0', direction: 'forward' }, { layer: 'lstm_0', direction: 'backward' }]);
  const h = gradientHeatmap(s, { layer: 'lstm_0', direction: 'forward' });
  assert.deepEqual(h.rows, [1, 2]);
  assert.equal(h.cols, 3);
  assert.deepEqual(h.values, [[1e-5, 1e-1, 2], [1e-4, 1e-2, 1]]);
  assert.equal(h.positiveMin, 1e-5);
  assert.equal(h.max, 2);
  assert.ok(Math.abs(decadesSpanned(h.values[1]!) - 4) < 1e-9);
  const c = gradientHeatmap(s, { layer: 'lstm_0', direction: 'forward' }, 'cell');
  assert.deepEqual(c.values[1], [1e-3, 1e-2, 1e-1]);
  const back = gradientHeatmap(s, { layer: 'lstm_0', direction: 'backward' });
  assert.deepEqual(back.rows, [2]);
});

test('hidden heatmap: h, c and gates of the captured sample as units × time', () => {
  const s = stateOf([{ type: 'hidden', epoch: 3, sampleIndex: 0, layers: [{ layer: 'gru_0', direction: 'forward', h: [[0.1, -0.5], [0.9, 0.2]], gates: { z: [[0.5, 0.6], [0.1, 0.2]], r: [[1, 0], [0, 1]] } }] }]);
  assert.deepEqual(hiddenMatrixNames(s, 'gru_0'), ['h', 'z', 'r']);
  const h = hiddenHeatmap(s, 'gru_0', 'h');
  assert.deepEqual(h?.rows, [0, 1]);
  assert.equal(h?.cols, 2);
  assert.equal(h?.min, -0.5);
  assert.equal(h?.max, 0.9);
  assert.deepEqual(hiddenHeatmap(s, 'gru_0', 'z')?.values, [[0.5, 0.6], [0.1, 0.2]]);
  assert.equal(hiddenHeatmap(s, 'gru_0', 'c'), undefined);
  assert.equal(hiddenHeatmap(s, 'nope', 'h'), undefined);
});

test('activation threshold: |v| for the hidden state, v for gates; blanks the rest and counts the active share', () => {
  const map = { rows: [0, 1], cols: 3, values: [[-0.9, 0.1, 0.5], [0.2, NaN, -0.4]], min: -0.9, max: 0.5 };
  const mag = thresholdHeatmap(map, 0.4, 'magnitude');
  assert.deepEqual(mag.map.values.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))), [[-0.9, null, 0.5], [null, null, -0.4]]);
  assert.equal(mag.active, 3 / 5);
  const gate = thresholdHeatmap(map, 0.4, 'value');
  assert.equal(gate.active, 1 / 5);
  assert.equal(thresholdHeatmap(map, 0, 'magnitude').active, 1);
  // The input is not changed.
  assert.equal(map.values[0]![1], 0.1);
});
