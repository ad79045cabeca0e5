/** Seeded initialisers: reproducible, orthogonal where asked, gain and forget bias applied. */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../src/core/models';
import { initMatrix, orthogonalBlocks } from '../../../src/core/models/initializers';
import { Rng } from '../../../src/core/util/rng';
import type { NamedArray } from '../../../src/core/models/types';
import { cpuBackend, layer, spec } from './util';

before(cpuBackend);

function weight(ws: NamedArray[], name: string): NamedArray {
  const w = ws.find((x) => x.name === name);
  assert.ok(w, `no weight ${name}`);
  return w;
}

/** max |BᵀB - s²·I| over each n×n gate block of a [n, blocks·n] matrix. */
function blockOrthogonalityError(m: Float32Array, n: number, blocks: number, s = 1): number {
  let worst = 0;
  const cols = n * blocks;
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += (m[k * cols + b * n + i] as number) * (m[k * cols + b * n + j] as number);
        worst = Math.max(worst, Math.abs(dot - (i === j ? s * s : 0)));
      }
    }
  }
  return worst;
}

test('same seed gives the same weights, another seed other weights', () => {
  const a = buildModel(spec('lstm', [layer(6), layer(5, { bidirectional: true })], { seed: 3 }));
  const b = buildModel(spec('lstm', [layer(6), layer(5, { bidirectional: true })], { seed: 3 }));
  const c = buildModel(spec('lstm', [layer(6), layer(5, { bidirectional: true })], { seed: 4 }));
  try {
    const wa = a.getWeights();
    assert.deepEqual(wa, b.getWeights());
    const wc = c.getWeights();
    for (const w of wa) {
      if (w.name.endsWith('bias')) continue; // biases are constants
      assert.notDeepEqual(w.values, weight(wc, w.name).values, `${w.name} did not change with the seed`);
    }
  } finally {
    [a, b, c].forEach((m) => m.dispose());
  }
});

test('orthogonal recurrent kernel: every gate block is orthogonal; gain scales it', () => {
  for (const [cell, blocks, prefix] of [['rnn', 1, 'simple_rnn_1'], ['lstm', 4, 'lstm_1'], ['gru', 3, 'gru_1']] as const) {
    for (const gain of [1, 2.5]) {
      const m = buildModel(spec(cell, [layer(8)], { init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain, forgetBias: 1 } }));
      const rk = weight(m.getWeights(), `${prefix}/recurrent_kernel`);
      assert.deepEqual(rk.shape, [8, 8 * blocks]);
      assert.ok(blockOrthogonalityError(rk.values, 8, blocks, gain) < 1e-5 * gain * gain, `${cell} gain ${gain}`);
      // and not orthogonal at another scale: the check can fail
      assert.ok(blockOrthogonalityError(rk.values, 8, blocks, gain * 1.1) > 0.1);
      m.dispose();
    }
  }
});

test('the orthogonal blocks of one matrix differ (each gate gets its own rotation)', () => {
  const m = orthogonalBlocks(new Rng(1), 4, 2);
  const first = [0, 1, 2, 3].flatMap((r) => Array.from(m.slice(r * 8, r * 8 + 4)));
  const second = [0, 1, 2, 3].flatMap((r) => Array.from(m.slice(r * 8 + 4, r * 8 + 8)));
  assert.notDeepEqual(first, second);
});

test('glorotUniform stays inside ±sqrt(6/(fanIn+fanOut)); normal has std 1/sqrt(fanIn); gain scales the recurrent init only', () => {
  const rng = new Rng(5);
  const g = initMatrix('glorotUniform', rng, 50, 40, 4);
  const limit = Math.sqrt(6 / (50 + 160));
  assert.ok(g.every((v) => Math.abs(v) <= limit));
  assert.ok(g.some((v) => Math.abs(v) > 0.9 * limit));
  const n = initMatrix('normal', rng, 100, 100, 2);
  const std = Math.sqrt(n.reduce((s, v) => s + v * v, 0) / n.length);
  assert.ok(Math.abs(std - 0.1) < 0.005, `std ${std}`);

  const base = { kernel: 'normal', recurrent: 'normal', forgetBias: 1 } as const;
  const weightsWithGain = (gain: number): NamedArray[] => {
    const m = buildModel(spec('rnn', [layer(6)], { init: { ...base, gain } }));
    const ws = m.getWeights();
    m.dispose();
    return ws;
  };
  const one = weightsWithGain(1);
  const three = weightsWithGain(3);
  const rk1 = weight(one, 'simple_rnn_1/recurrent_kernel').values;
  const rk3 = weight(three, 'simple_rnn_1/recurrent_kernel').values;
  rk1.forEach((v, i) => assert.ok(Math.abs((rk3[i] as number) - 3 * v) < 1e-6));
  assert.deepEqual(weight(one, 'simple_rnn_1/kernel').values, weight(three, 'simple_rnn_1/kernel').values);
});

test('LSTM bias: forget block = forgetBias, the other gates 0; dense bias 0', () => {
  const m = buildModel(spec('lstm', [layer(3)], { init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1.5 } }));
  const ws = m.getWeights();
  assert.deepEqual(Array.from(weight(ws, 'lstm_1/bias').values), [0, 0, 0, 1.5, 1.5, 1.5, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(weight(ws, 'dense/bias').values), [0, 0]);
  m.dispose();
  const g = buildModel(spec('gru', [layer(3)]));
  assert.ok(weight(g.getWeights(), 'gru_1/bias').values.every((v) => v === 0), 'forgetBias is an LSTM thing only');
  g.dispose();
});

test('orthogonal input kernel (non-square blocks): each gate block has orthonormal rows', () => {
  const k = initMatrix('orthogonal', new Rng(9), 3, 5, 4); // [3, 4·5]
  for (let b = 0; b < 4; b++) {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let c = 0; c < 5; c++) dot += (k[i * 20 + b * 5 + c] as number) * (k[j * 20 + b * 5 + c] as number);
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `block ${b} rows ${i},${j}: ${dot}`);
      }
    }
  }
});
