/** No tensor leaks: forward (plain, probed, captured) + gradients inside tidy, export, dispose. */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import type { CellType } from '../../../src/core/config/types';
import { cpuBackend, layer, randomTensor, spec } from './util';

before(cpuBackend);

for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
  test(`${cell}: forward + gradients + probes + capture leave tf.memory().numTensors unchanged`, () => {
    const model = buildModel(
      spec(cell, [layer(4, { dropout: 0.2, recurrentDropout: 0.2 }), layer(3, { bidirectional: true })], { head: { kind: 'classification', outputSize: 3 } }),
    );
    const x = randomTensor([2, 5, 3], 1);
    const labels = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const start = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const probes = {
          h: model.stateSlots.map((s) => tf.zeros([2, 5, s.units]) as tf.Tensor3D),
          c: model.stateSlots.map((s) => (s.hasCell ? (tf.zeros([2, 5, s.units]) as tf.Tensor3D) : null)),
        };
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(labels, model.forward(x, { training: true, probes, dropoutSeed: step }).output) as tf.Scalar,
          model.variables,
        );
        value.dataSync();
        Object.values(grads).forEach((g) => g.dataSync());
        const res = model.forward(x, { training: false, capture: true });
        assert.equal(res.captured?.length, model.stateSlots.length);
      });
      assert.equal(tf.memory().numTensors, start, `step ${step} leaked ${tf.memory().numTensors - start} tensors`);
    }
    model.toLayersArtifacts();
    model.getWeights();
    model.setWeights(model.getWeights());
    assert.equal(tf.memory().numTensors, start, 'export / getWeights / setWeights leaked');
    tf.dispose([x, labels]);
    const beforeDispose = tf.memory().numTensors;
    const nVars = model.variables.length;
    model.dispose();
    assert.equal(tf.memory().numTensors, beforeDispose - nVars, 'dispose did not free every variable');
  });
}

test('build + dispose frees everything; a disposed model says so', () => {
  const start = tf.memory().numTensors;
  const m = buildModel(spec('gru', [layer(4)], { tokenInput: { vocabSize: 7, embeddingDim: 3 }, inputSize: 7 }));
  assert.ok(tf.memory().numTensors > start);
  m.dispose();
  assert.equal(tf.memory().numTensors, start);
  assert.throws(() => m.getWeights(), /disposed/);
  m.dispose(); // idempotent
});
