// No tensor leak: the count is equal after step 10 and step 1,000 (tiny model), after a cancel and
// after a NaN stop (see train-loop.test.ts). The AbortSignal stops within one batch.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { selectKernel } from '../../../src/core/train';
import { ofType, testConfig, trainConfig } from './helpers';

before(async () => {
  await initBackend('cpu');
});

test('tf.memory().numTensors is the same after step 10 and step 1,000, and back to the start after training', async () => {
  const cfg = testConfig({
    data: { length: 120, window: 4 },
    model: { type: 'lstm', cell: 'lstm', layers: [{ units: 3, dropout: 0.1, recurrentDropout: 0.1, bidirectional: false }] },
    training: { epochs: 12, batchSize: 1, clipNorm: 1, optimizer: { name: 'adam', learningRate: 0.001, momentum: 0 } },
    samples: { every: 1, count: 1 },
  });
  const counts = new Map<number, number>();
  const { outcome, model, tensorsBefore } = await trainConfig(cfg, {
    onEvent: (e) => {
      if (e.type === 'step' && (e.step === 10 || e.step === 1000)) counts.set(e.step, tf.memory().numTensors);
    },
  });
  assert.equal(outcome.status, 'completed');
  assert.ok(outcome.steps >= 1000, `${outcome.steps} steps`);
  assert.equal(counts.get(1000), counts.get(10));
  assert.equal(tf.memory().numTensors, tensorsBefore, 'optimizer slots and every temporary freed');
  model.dispose();
});

test('the fused kernel path leaks no tensor either (step 10 vs step 300, and after training)', async () => {
  const cfg = testConfig({
    data: { length: 120, window: 6 },
    model: { type: 'gru', cell: 'gru', layers: [{ units: 4, dropout: 0, recurrentDropout: 0, bidirectional: true }] },
    training: { epochs: 4, batchSize: 1, optimizer: { name: 'adam', learningRate: 0.001, momentum: 0 } },
  });
  const counts = new Map<number, number>();
  const { outcome, model, tensorsBefore } = await trainConfig(cfg, {
    buildOptions: selectKernel('fused', 'cpu').buildOptions,
    onEvent: (e) => {
      if (e.type === 'step' && (e.step === 10 || e.step === 300)) counts.set(e.step, tf.memory().numTensors);
    },
  });
  assert.equal(outcome.status, 'completed');
  assert.ok(outcome.steps >= 300);
  assert.equal(counts.get(300), counts.get(10));
  assert.equal(tf.memory().numTensors, tensorsBefore);
  model.dispose();
});

test('an abort stops within one batch as stopped, with no leak', async () => {
  const cfg = testConfig({ training: { epochs: 50, batchSize: 4 } });
  const ac = new AbortController();
  let stepsAfterAbort = 0;
  const { outcome, events, model, tensorsBefore } = await trainConfig(cfg, {
    signal: ac.signal,
    onEvent: (e) => {
      if (e.type !== 'step') return;
      if (ac.signal.aborted) stepsAfterAbort++;
      // Abort from a timer, as Stop / Ctrl-C / IPC disconnect do, not synchronously in the loop.
      if (e.step === 5) setImmediate(() => ac.abort());
    },
  });
  assert.equal(outcome.status, 'stopped');
  assert.ok(stepsAfterAbort <= 1, `${stepsAfterAbort} steps after the abort`);
  assert.ok(ofType(events, 'step').length <= 7);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  model.dispose();
});
