// One training step in isolation: clipping maths and the optimizers' checkpointable state.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { buildModel } from '../../../src/core/models';
import type { ModelSpec } from '../../../src/core/models/types';
import { makeOptimizer } from '../../../src/core/train';
import { trainStep } from '../../../src/core/train/step';
import type { OptimizerConfig } from '../../../src/core/config/types';

before(async () => {
  await initBackend('cpu');
});

const spec: ModelSpec = {
  cell: 'gru',
  inputSize: 1,
  layers: [{ units: 5, dropout: 0, recurrentDropout: 0, bidirectional: false }],
  init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
  head: { kind: 'regression', outputSize: 1 },
  seed: 3,
};

function batch(): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tensor3d(Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i)), [4, 6, 1]);
  const y = tf.tensor2d([[0.5], [-0.2], [0.1], [0.9]]);
  return { x, y };
}

function flat(ws: { values: Float32Array }[]): number[] {
  return ws.flatMap((w) => Array.from(w.values));
}

test('clipNorm scales the whole update to norm clipNorm (sgd: the weights move by lr × clipNorm)', () => {
  const model = buildModel(spec);
  const names = model.getWeights().map((w) => w.name);
  const opt = makeOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0 }, model.variables, names);
  const { x, y } = batch();
  const w0 = flat(model.getWeights());
  const r = trainStep({ model, optimizer: opt, lossKind: 'mse', x, y, lr: 0.1, clipNorm: 0.01, dropoutSeed: 1 });
  const w1 = flat(model.getWeights());
  const moved = Math.sqrt(w0.reduce((s, v, i) => s + (v - (w1[i] as number)) ** 2, 0));
  assert.ok(r.clipped && r.gradNorm > 0.01);
  assert.ok(Math.abs(moved - 0.1 * 0.01) < 1e-6, `moved ${moved}`);
  // Without clipping the same step moves by lr × gradNorm.
  const model2 = buildModel(spec);
  const opt2 = makeOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0 }, model2.variables, names);
  const v0 = flat(model2.getWeights());
  const r2 = trainStep({ model: model2, optimizer: opt2, lossKind: 'mse', x, y, lr: 0.1, dropoutSeed: 1 });
  const v1 = flat(model2.getWeights());
  const moved2 = Math.sqrt(v0.reduce((s, v, i) => s + (v - (v1[i] as number)) ** 2, 0));
  assert.equal(r2.clipped, false);
  assert.ok(Math.abs(moved2 - 0.1 * r2.gradNorm) < 1e-5 * Math.max(1, r2.gradNorm), `moved ${moved2} vs ${0.1 * r2.gradNorm}`);
  for (const t of [x, y]) t.dispose();
  for (const m of [model, model2]) m.dispose();
  opt.dispose();
  opt2.dispose();
});

test('clipValue caps each gradient element and marks the step clipped', () => {
  const model = buildModel(spec);
  const opt = makeOptimizer({ name: 'sgd', learningRate: 1, momentum: 0 }, model.variables, model.getWeights().map((w) => w.name));
  const { x, y } = batch();
  const w0 = flat(model.getWeights());
  const r = trainStep({ model, optimizer: opt, lossKind: 'mse', x, y, lr: 1, clipValue: 1e-4, dropoutSeed: 1 });
  const w1 = flat(model.getWeights());
  assert.ok(r.clipped);
  assert.ok(w0.every((v, i) => Math.abs(v - (w1[i] as number)) <= 1e-4 + 1e-7));
  x.dispose();
  y.dispose();
  model.dispose();
  opt.dispose();
});

for (const cfg of [
  { name: 'adam', learningRate: 0.01, momentum: 0 },
  { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
  { name: 'rmsprop', learningRate: 0.01, momentum: 0.3 },
] satisfies OptimizerConfig[]) {
  test(`${cfg.name}: state saved and restored continues exactly like the original`, () => {
    const a = buildModel(spec);
    const names = a.getWeights().map((w) => w.name);
    const optA = makeOptimizer(cfg, a.variables, names);
    const { x, y } = batch();
    for (let i = 0; i < 3; i++) trainStep({ model: a, optimizer: optA, lossKind: 'mse', x, y, lr: cfg.learningRate, dropoutSeed: i });
    // Restore into a fresh model + optimizer, then take one more step on both.
    const b = buildModel(spec);
    b.setWeights(a.getWeights());
    const optB = makeOptimizer(cfg, b.variables, names);
    optB.setState(optA.getState(), optA.iterations);
    const ra = trainStep({ model: a, optimizer: optA, lossKind: 'mse', x, y, lr: cfg.learningRate, dropoutSeed: 9 });
    const rb = trainStep({ model: b, optimizer: optB, lossKind: 'mse', x, y, lr: cfg.learningRate, dropoutSeed: 9 });
    assert.equal(ra.loss, rb.loss);
    assert.deepEqual(flat(a.getWeights()), flat(b.getWeights()));
    assert.ok(optA.getState().length > 0 || cfg.name === 'sgd');
    assert.throws(() => optB.setState([], 1), /missing/);
    for (const t of [x, y]) t.dispose();
    for (const m of [a, b]) m.dispose();
    optA.dispose();
    optB.dispose();
  });
}

test('adam decreases the loss on a fixed batch', () => {
  const model = buildModel(spec);
  const opt = makeOptimizer({ name: 'adam', learningRate: 0.02, momentum: 0 }, model.variables, model.getWeights().map((w) => w.name));
  const { x, y } = batch();
  const first = trainStep({ model, optimizer: opt, lossKind: 'mse', x, y, lr: 0.02, dropoutSeed: 0 }).loss;
  let last = first;
  for (let i = 0; i < 60; i++) last = trainStep({ model, optimizer: opt, lossKind: 'mse', x, y, lr: 0.02, dropoutSeed: 0 }).loss;
  assert.ok(last < 0.3 * first, `${first} → ${last}`);
  x.dispose();
  y.dispose();
  model.dispose();
  opt.dispose();
});
