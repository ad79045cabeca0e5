/**
 * The fused kernels against tf.layers (tfjs 4.22, cpu backend) with the same Keras-layout weights:
 * forward outputs of LSTM (recurrentActivation 'sigmoid'), GRU (reset_after: false, the only tfjs
 * form) and SimpleRNN, and the weight/input gradients of the same linear loss via tf.grads.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadKernels } from '../../../src/core/kernels/fused-recurrent';
import { Rng } from '../../../src/core/util/rng';
import { GATES, type Cell64 as Cell } from '../../helpers/reference64';
import { compare, describe, f32, randomArray } from './compare';

const kernels = loadKernels({ relaxed: 'never' });

function tfLayer(cell: Cell, units: number): tf.layers.Layer {
  const common = { units, returnSequences: true, useBias: true };
  if (cell === 'lstm') return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  if (cell === 'gru') return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tf.layers.simpleRNN({ ...common, activation: 'tanh' });
}

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`fused ${cell} forward and gradients match tf.layers on the cpu backend`, async () => {
    await tf.setBackend('cpu');
    const rng = new Rng(42);
    const [B, T, F, U] = [3, 6, 2, 10];
    const GU = GATES[cell] * U;
    const x = f32(randomArray(rng, B * T * F));
    const W = f32(randomArray(rng, F * GU, 0.6));
    const R = f32(randomArray(rng, U * GU, 0.3));
    const b = f32(randomArray(rng, GU, 0.3));
    const dH = f32(randomArray(rng, B * T * U));

    const layer = tfLayer(cell, U);
    const xt = tf.tensor3d(x, [B, T, F]);
    layer.apply(xt); // builds the weights
    const wk = tf.variable(tf.tensor2d(W, [F, GU]));
    const wr = tf.variable(tf.tensor2d(R, [U, GU]));
    const wb = tf.variable(tf.tensor1d(b));
    layer.setWeights([wk, wr, wb]);
    const want = (layer.apply(xt) as tf.Tensor).dataSync();

    const fused = kernels.createLayer({ cell, batch: B, steps: T, features: F, units: U });
    fused.forward({ x, kernel: W, recurrentKernel: R, bias: b });
    const bad = [compare('h', fused.hiddenSequence(), want)];

    // Gradients of L = Σ dH⊙h w.r.t. the layer's weights and its input, by tfjs autodiff.
    const g = fused.backward({ dH });
    const dHt = tf.tensor3d(dH, [B, T, U]);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xt) as tf.Tensor, dHt)), vars);
    const [gk, gr, gb] = vars.map((v) => grads[v.name]!.dataSync());
    const gx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx) as tf.Tensor, dHt)))(xt).dataSync();
    bad.push(compare('dW', g.dKernel, gk!), compare('dU', g.dRecurrentKernel, gr!), compare('db', g.dBias, gb!), compare('dx', g.dx!, gx));
    assert.deepEqual(bad.filter((m) => !m.ok).map(describe), []);
    tf.dispose([xt, wk, wr, wb, dHt, ...Object.values(grads)]);
  });
}
