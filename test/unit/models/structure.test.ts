/**
 * Names, slots, parameter count, capture and probes of built models; setWeights validation;
 * saveLayersModel's files load in tfjs-layers.
 */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel, layersModelJson, saveLayersModel } from '../../../src/core/models';
import type { SeqModel, StateProbes } from '../../../src/core/models/types';
import { cpuBackend, layer, maxAbsDiff, randomTensor, spec } from './util';
import { layersTwin } from './layers-twin';

before(cpuBackend);

test('Keras-like names, layers, slots (forward then backward) and paramCount = tf.layers countParams', () => {
  const m = buildModel(spec('lstm', [layer(4, { bidirectional: true }), layer(3)]));
  assert.deepEqual(m.variableNames, [
    'bidirectional_1/forward_lstm_1/kernel',
    'bidirectional_1/forward_lstm_1/recurrent_kernel',
    'bidirectional_1/forward_lstm_1/bias',
    'bidirectional_1/backward_lstm_1/kernel',
    'bidirectional_1/backward_lstm_1/recurrent_kernel',
    'bidirectional_1/backward_lstm_1/bias',
    'lstm_2/kernel',
    'lstm_2/recurrent_kernel',
    'lstm_2/bias',
    'dense/kernel',
    'dense/bias',
  ]);
  assert.deepEqual(m.variableLayers, [...Array(6).fill('bidirectional_1'), ...Array(3).fill('lstm_2'), 'dense', 'dense']);
  assert.deepEqual(m.stateSlots, [
    { layer: 'bidirectional_1', direction: 'forward', units: 4, hasCell: true },
    { layer: 'bidirectional_1', direction: 'backward', units: 4, hasCell: true },
    { layer: 'lstm_2', direction: 'forward', units: 3, hasCell: true },
  ]);
  assert.equal(new Set(m.variables.map((v) => v.name)).size, m.variables.length);
  const twin = layersTwin(m);
  assert.equal(m.paramCount(), twin.countParams());
  // A second model with the same architecture coexists (tfjs variable names are global).
  const again = buildModel(spec('lstm', [layer(4, { bidirectional: true }), layer(3)]));
  assert.deepEqual(again.variableNames, m.variableNames);
  [m, again, twin].forEach((x) => x.dispose());
  const r = buildModel(spec('rnn', [layer(2)]));
  assert.deepEqual(r.variableNames, ['simple_rnn_1/kernel', 'simple_rnn_1/recurrent_kernel', 'simple_rnn_1/bias', 'dense/kernel', 'dense/bias']);
  r.dispose();
});

test('capture: h, c and gates per slot are consistent with the cell equations and the output', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    const m = buildModel(spec(cell, [layer(4, { bidirectional: true }), layer(3)]));
    const x = randomTensor([2, 6, 3], 3);
    tf.tidy(() => {
      const { output, captured } = m.forward(x, { training: false, capture: true });
      assert.ok(captured);
      assert.deepEqual(captured.map((c) => `${c.layer}/${c.direction}`), m.stateSlots.map((s) => `${s.layer}/${s.direction}`));
      for (const c of captured) assert.deepEqual(c.h.shape, [2, 6, c.units]);
      const last = captured[2] as NonNullable<typeof captured>[number];
      // The head reads the last layer's h at the last step.
      const hLast = tf.squeeze(tf.slice(last.h, [0, 5, 0], [2, 1, 3]), [1]);
      const dense = tf.add(tf.matMul(hLast, m.variables[m.variables.length - 2] as tf.Tensor2D), m.variables[m.variables.length - 1] as tf.Tensor);
      assert.ok(maxAbsDiff(dense, output) < 1e-6);
      if (cell === 'lstm') {
        const g = last.gates as Record<string, tf.Tensor3D>;
        assert.deepEqual(Object.keys(g).sort(), ['f', 'g', 'i', 'o']);
        assert.ok(maxAbsDiff(last.h, tf.mul(g.o as tf.Tensor, tf.tanh(last.c as tf.Tensor))) < 1e-6, 'h = o·tanh(c)');
      }
      if (cell === 'gru') {
        const g = last.gates as Record<string, tf.Tensor3D>;
        assert.deepEqual(Object.keys(g).sort(), ['hh', 'r', 'z']);
        // h_t = z·h_{t-1} + (1-z)·hh, h_{-1} = 0
        const hPrev = tf.concat([tf.zeros([2, 1, 3]), tf.slice(last.h, [0, 0, 0], [2, 5, 3])], 1);
        const rebuilt = tf.add(tf.mul(g.z as tf.Tensor, hPrev), tf.mul(tf.sub(1, g.z as tf.Tensor), g.hh as tf.Tensor));
        assert.ok(maxAbsDiff(last.h, rebuilt) < 1e-6, 'GRU update');
      }
      if (cell === 'rnn') assert.equal(last.gates, undefined);
    });
    // Time alignment: the backward direction's h at t = T-1 is its first step, so it depends only
    // on x_{T-1}; the forward direction's h at t = 0 only on x_0. Change every other step of x.
    tf.tidy(() => {
      const x2 = tf.concat([tf.add(tf.slice(x, [0, 0, 0], [2, 5, 3]), 0.5), tf.slice(x, [0, 5, 0], [2, 1, 3])], 1);
      const x3 = tf.concat([tf.slice(x, [0, 0, 0], [2, 1, 3]), tf.add(tf.slice(x, [0, 1, 0], [2, 5, 3]), 0.5)], 1);
      const cap = (xx: tf.Tensor) => m.forward(xx, { training: false, capture: true }).captured ?? [];
      const [fw, bw] = cap(x);
      const [, bw2] = cap(x2);
      const [fw3] = cap(x3);
      const step = (h: tf.Tensor3D, t: number) => tf.slice(h, [0, t, 0], [2, 1, 4]);
      assert.equal(maxAbsDiff(step(bw!.h, 5), step(bw2!.h, 5)), 0, 'backward h_{T-1} must see only x_{T-1}');
      assert.ok(maxAbsDiff(step(bw!.h, 0), step(bw2!.h, 0)) > 1e-3, 'backward h_0 sees the whole sequence');
      assert.equal(maxAbsDiff(step(fw!.h, 0), step(fw3!.h, 0)), 0, 'forward h_0 must see only x_0');
    });
    x.dispose();
    m.dispose();
  }
});

/**
 * Probe gradients of every slot (stacked, bidirectional, LSTM c) against a float32 directional
 * derivative: (L(+εv) − L(−εv)) / 2ε ≈ ⟨∂L/∂probe, v⟩ with a random direction v. Float32 noise
 * allows only ~1e-2 relative here; the exact per-element checks are in gradients.test.ts.
 */
test('probe gradients of stacked and bidirectional slots match directional derivatives', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const m: SeqModel = buildModel(spec(cell, [layer(4, { bidirectional: true }), layer(3)], { head: { kind: 'sequence', outputSize: 2 } }));
    const x = randomTensor([2, 5, 3], 8);
    const y = randomTensor([2, 5, 2], 9);
    const zeros = (): StateProbes => ({
      h: m.stateSlots.map((s) => tf.zeros([2, 5, s.units]) as tf.Tensor3D),
      c: m.stateSlots.map((s) => (s.hasCell ? (tf.zeros([2, 5, s.units]) as tf.Tensor3D) : null)),
    });
    const loss = (p: StateProbes): tf.Scalar => tf.mean(tf.squaredDifference(m.forward(x, { training: false, probes: p }).output, y)) as tf.Scalar;
    const kinds = cell === 'lstm' ? (['h', 'c'] as const) : (['h'] as const);
    for (const kind of kinds) {
      m.stateSlots.forEach((s, slot) => {
        tf.tidy(() => {
          const grad = tf.grads((p: tf.Tensor) => {
            const probes = zeros();
            if (kind === 'h') probes.h[slot] = p as tf.Tensor3D;
            else (probes.c as Array<tf.Tensor3D | null>)[slot] = p as tf.Tensor3D;
            return loss(probes);
          })([tf.zeros([2, 5, s.units])])[0] as tf.Tensor;
          const v = randomTensor([2, 5, s.units], 100 + slot);
          const eps = 1e-2;
          const at = (sign: number): number => {
            const probes = zeros();
            const pv = tf.mul(v, sign * eps) as tf.Tensor3D;
            if (kind === 'h') probes.h[slot] = pv;
            else (probes.c as Array<tf.Tensor3D | null>)[slot] = pv;
            return loss(probes).dataSync()[0] as number;
          };
          const numeric = (at(1) - at(-1)) / (2 * eps);
          const analytic = tf.sum(tf.mul(grad, v)).dataSync()[0] as number;
          assert.ok(Math.abs(analytic) > 1e-4, `${cell} ${kind} slot ${slot}: zero gradient`);
          assert.ok(Math.abs(numeric - analytic) <= 1e-2 * Math.abs(analytic), `${cell} ${kind} slot ${slot} (${s.layer} ${s.direction}): ${numeric} vs ${analytic}`);
          // Every step of every slot gets gradient with the sequence head.
          const perStep = tf.sum(tf.abs(grad), [0, 2]).dataSync();
          assert.ok(Array.from(perStep).every((g) => g > 0), `${cell} ${kind} slot ${slot}: a step without gradient`);
        });
      });
    }
    tf.dispose([x, y]);
    m.dispose();
  }
});

test('bad probes and bad inputs are clear errors', () => {
  const m = buildModel(spec('rnn', [layer(4)]));
  const x = randomTensor([2, 5, 3], 1);
  tf.tidy(() => {
    assert.throws(() => m.forward(x, { training: false, probes: { h: [] } }), /one tensor per state slot \(1\)/);
    assert.throws(() => m.forward(x, { training: false, probes: { h: [tf.zeros([2, 4, 4]) as tf.Tensor3D] } }), /must be \[2,5,4\]/);
    assert.throws(() => m.forward(x, { training: false, probes: { h: [tf.zeros([2, 5, 4]) as tf.Tensor3D], c: [tf.zeros([2, 5, 4]) as tf.Tensor3D] } }), /no cell state/);
    assert.throws(() => m.forward(tf.zeros([2, 5, 4]), { training: false }), /\[batch, time, 3\]/);
  });
  assert.throws(() => buildModel(spec('rnn', [])), /layers: needs at least one layer/);
  assert.throws(() => buildModel(spec('rnn', [layer(0)])), /layers\.0\.units/);
  x.dispose();
  m.dispose();
});

test('setWeights: round trip, and a missing or misshapen weight changes nothing', () => {
  const a = buildModel(spec('gru', [layer(4)], { seed: 1 }));
  const b = buildModel(spec('gru', [layer(4)], { seed: 2 }));
  const wb = b.getWeights();
  a.setWeights(wb);
  assert.deepEqual(a.getWeights(), wb);
  const before = a.getWeights();
  const third = buildModel(spec('gru', [layer(4)], { seed: 3 }));
  const c = third.getWeights();
  third.dispose();
  assert.throws(() => a.setWeights(c.slice(1)), /missing gru_1\/kernel/);
  const wrong = c.map((w) => (w.name === 'dense/kernel' ? { ...w, shape: [2, 4], values: new Float32Array(8) } : w));
  assert.throws(() => a.setWeights(wrong), /dense\/kernel has shape \[2,4\], the model needs \[4,2\]/);
  assert.throws(() => a.setWeights([...c, { name: 'lstm_9/kernel', shape: [1], values: new Float32Array(1) }]), /unknown weights lstm_9\/kernel/);
  assert.deepEqual(a.getWeights(), before);
  a.dispose();
  b.dispose();
});

test('saveLayersModel writes model.json + weights.bin that tfjs-layers loads with the same predictions', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-models-'));
  // Dropout rates are exported too; tfjs-layers ignores them at inference, as the engine does.
  const m = buildModel(spec('lstm', [layer(5, { bidirectional: true, dropout: 0.2 }), layer(4, { recurrentDropout: 0.3 })], { head: { kind: 'regression', outputSize: 1 } }));
  const x = randomTensor([3, 8, 3], 2);
  try {
    const files = saveLayersModel(m, path.join(dir, 'model'));
    const json = JSON.parse(fs.readFileSync(files.modelJson, 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
    assert.deepEqual(layersModelJson(m), { modelTopology: json.modelTopology, weightsManifest: json.weightsManifest });
    const bin = fs.readFileSync(files.weightsBin);
    assert.equal(bin.byteLength, m.paramCount() * 4);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    const ours = tf.tidy(() => m.forward(x, { training: false }).output);
    const theirs = loaded.predict(x) as tf.Tensor;
    assert.ok(maxAbsDiff(ours, theirs) <= 1e-5);
    // GRU/LSTM must say sigmoid (tfjs-layers defaults to hard_sigmoid).
    assert.match(fs.readFileSync(files.modelJson, 'utf8'), /"recurrent_activation": "sigmoid"/);
    tf.dispose([ours, theirs]);
    loaded.dispose();
  } finally {
    x.dispose();
    m.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('unstackSteps gives every step in order, for short and long (chunked) sequences', async () => {
  const { unstackSteps } = await import('../../../src/core/models/recurrent-layer');
  for (const steps of [1, 8, 9, 23, 50]) {
    tf.tidy(() => {
      const x = tf.reshape(tf.range(0, steps * 6), [steps, 2, 3]) as tf.Tensor3D;
      const parts = unstackSteps(x);
      assert.equal(parts.length, steps);
      parts.forEach((p, t) => assert.deepEqual(Array.from(p.dataSync()), [0, 1, 2, 3, 4, 5].map((v) => v + 6 * t)));
    });
  }
});

test('BuildOptions.runDirection replaces the time loop of every direction (the fused-kernel seam)', async () => {
  const { runDirection } = await import('../../../src/core/models/recurrent-layer');
  const calls: string[] = [];
  const plain = buildModel(spec('gru', [layer(4, { bidirectional: true }), layer(3)]));
  const hooked = buildModel(spec('gru', [layer(4, { bidirectional: true }), layer(3)]), {
    runDirection: (cell, units, w, x, o) => {
      calls.push(`${cell.kerasClass}:${units}:${o.reverse ? 'backward' : 'forward'}`);
      return runDirection(cell, units, w, x, o);
    },
  });
  const x = randomTensor([2, 5, 3], 1);
  const a = tf.tidy(() => plain.forward(x, { training: false }).output);
  const b = tf.tidy(() => hooked.forward(x, { training: false }).output);
  assert.deepEqual(calls, ['GRU:4:forward', 'GRU:4:backward', 'GRU:3:forward']);
  assert.equal(maxAbsDiff(a, b), 0);
  tf.dispose([a, b, x]);
  plain.dispose();
  hooked.dispose();
});
