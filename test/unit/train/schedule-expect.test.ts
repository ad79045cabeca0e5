// Pure pieces: learning-rate schedules, expect rules, batching, the cross-entropy loss.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { learningRate, checkExpect } from '../../../src/core/train';
import { batchOrder } from '../../../src/core/train/batches';
import { lossOf } from '../../../src/core/train/loss';
import type { ScheduleConfig } from '../../../src/core/config/types';
import { Rng } from '../../../src/core/util/rng';

before(async () => {
  await initBackend('cpu');
});

const sched = (s: Partial<ScheduleConfig>): ScheduleConfig => ({ kind: 'constant', gamma: 0.5, everyEpochs: 2, minFactor: 0.1, warmupEpochs: 0, ...s });
const lr = (s: ScheduleConfig | undefined, epoch: number, batch = 0, epochs = 10): number =>
  learningRate({ optimizer: { name: 'adam', learningRate: 0.1, momentum: 0 }, schedule: s, epochs }, { epoch, batch, stepsPerEpoch: 10 });

test('schedules: constant, step, exponential, cosine, warm-up', () => {
  assert.equal(lr(undefined, 5), 0.1);
  assert.equal(lr(sched({ kind: 'constant' }), 9), 0.1);
  assert.deepEqual([0, 1, 2, 3, 4].map((e) => lr(sched({ kind: 'step' }), e)), [0.1, 0.1, 0.05, 0.05, 0.025]);
  assert.ok(Math.abs(lr(sched({ kind: 'exponential', gamma: 0.9 }), 3) - 0.1 * 0.9 ** 3) < 1e-15);
  assert.equal(lr(sched({ kind: 'cosine' }), 0, 0), 0.1);
  assert.ok(Math.abs(lr(sched({ kind: 'cosine' }), 9, 9) - 0.01) < 1e-12, 'ends at minFactor × base');
  const mid = lr(sched({ kind: 'cosine', minFactor: 0 }), 4, 9, 10);
  assert.ok(mid > 0.045 && mid < 0.055, `halfway ${mid}`);
  // warm-up: linear over 2 epochs (20 steps), then the base rate.
  const w = sched({ warmupEpochs: 2 });
  assert.ok(Math.abs(lr(w, 0, 0) - 0.1 / 20) < 1e-15);
  assert.ok(Math.abs(lr(w, 1, 9) - 0.1) < 1e-15);
  assert.equal(lr(w, 2, 0), 0.1);
});

test('expect rules against values and the baseline', () => {
  const r = checkExpect(
    { valLoss: { belowBaseline: 0.5 }, valMae: { below: 0.1 }, loss: { above: 1 }, valAccuracy: { aboveBaseline: 0.1 }, valRmse: { below: 1 } },
    { valLoss: 0.04, valMae: 0.2, loss: 0.5, valRmse: undefined },
    { valLoss: 0.1, valMae: 0.3 },
  );
  assert.deepEqual(
    r.map((x) => [x.metric, x.passed, x.threshold]),
    [
      ['valLoss', true, 0.05],
      ['valMae', false, 0.1],
      ['loss', false, 1],
      ['valAccuracy', false, undefined],
      ['valRmse', false, 1],
    ],
  );
  assert.match(r[0]?.rule ?? '', /≤ 0\.5 × baseline 0\.1/);
  assert.match(r[3]?.rule ?? '', /no baseline valAccuracy/);
  assert.match(r[4]?.rule ?? '', /not measured/);
  assert.equal(checkExpect({ valLoss: { aboveBaseline: 0.1 } }, { valLoss: 0.2 }, { valLoss: 0.1 })[0]?.passed, true);
});

test('batches: every example once per epoch, seeded order', () => {
  const a = batchOrder(10, 4, new Rng(1));
  assert.deepEqual(a.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual(a.flat().sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(batchOrder(10, 4, new Rng(1)), a);
  assert.notDeepEqual(batchOrder(10, 4, new Rng(2)), a);
});

test('softmax cross-entropy in nats, and MSE', () => {
  const ce = tf.tidy(() => lossOf('crossentropy', tf.tensor2d([[0, 0, 0, 0]]), tf.tensor1d([2], 'int32')).dataSync()[0]);
  assert.ok(Math.abs((ce as number) - Math.log(4)) < 1e-6, 'uniform over 4 classes = ln 4');
  const seq = tf.tidy(() => lossOf('crossentropy', tf.tensor3d([[[10, 0], [0, 10]]]), tf.tensor2d([[0, 1]], [1, 2], 'int32')).dataSync()[0]);
  assert.ok((seq as number) < 1e-3);
  const mse = tf.tidy(() => lossOf('mse', tf.tensor2d([[1], [3]]), tf.tensor2d([[0], [0]])).dataSync()[0]);
  assert.equal(mse, 5);
});
