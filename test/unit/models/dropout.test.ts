/** Dropout and recurrent dropout: seeded masks, reproducible by dropoutSeed, off unless training. */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import { dropoutMask } from '../../../src/core/models/dropout';
import { Rng } from '../../../src/core/util/rng';
import { cpuBackend, layer, maxAbsDiff, randomTensor, spec } from './util';

before(cpuBackend);

const run = (m: ReturnType<typeof buildModel>, x: tf.Tensor, training: boolean, dropoutSeed?: number): Float32Array =>
  tf.tidy(() => m.forward(x, { training, dropoutSeed }).output.dataSync() as Float32Array);

for (const [what, extra] of [
  ['dropout', { dropout: 0.4 }],
  ['recurrent dropout', { recurrentDropout: 0.4 }],
] as const) {
  test(`${what}: same dropoutSeed same output, other seed other output, none when not training`, () => {
    const withDropout = buildModel(spec('lstm', [layer(6, extra), layer(5, { ...extra, bidirectional: true })], { seed: 2 }));
    const without = buildModel(spec('lstm', [layer(6), layer(5, { bidirectional: true })], { seed: 2 }));
    const x = randomTensor([4, 7, 3], 1);
    try {
      const a = run(withDropout, x, true, 10);
      assert.deepEqual(a, run(withDropout, x, true, 10));
      assert.notDeepEqual(a, run(withDropout, x, true, 11));
      // Not training: dropout is off, so the model equals the same weights without dropout.
      const plain = run(without, x, false);
      assert.deepEqual(run(withDropout, x, false), plain);
      assert.deepEqual(run(withDropout, x, false, 10), plain);
      assert.notDeepEqual(a, plain);
      // A model without dropout ignores training and the seed.
      assert.deepEqual(run(without, x, true, 10), plain);
    } finally {
      x.dispose();
      withDropout.dispose();
      without.dispose();
    }
  });
}

test('dropout masks: zeros at about the rate, kept units scaled by 1/(1-rate)', () => {
  const m = dropoutMask(new Rng(3), 100, 100, 0.3);
  const v = m.dataSync();
  const zeros = v.filter((x) => x === 0).length / v.length;
  assert.ok(Math.abs(zeros - 0.3) < 0.02, `zero fraction ${zeros}`);
  assert.ok(v.every((x) => x === 0 || Math.abs(x - 1 / 0.7) < 1e-6));
  m.dispose();
});

test('without a dropoutSeed, training with dropout still works and leaves the eval output alone', () => {
  const model = buildModel(spec('gru', [layer(4, { dropout: 0.5, recurrentDropout: 0.5 })]));
  const x = randomTensor([3, 5, 3], 4);
  const before = tf.tidy(() => model.forward(x, { training: false }).output);
  const trained = tf.tidy(() => model.forward(x, { training: true }).output);
  const after = tf.tidy(() => model.forward(x, { training: false }).output);
  assert.equal(maxAbsDiff(before, after), 0);
  assert.ok(maxAbsDiff(before, trained) > 0);
  tf.dispose([x, before, trained, after]);
  model.dispose();
});
