// The training loop on the real explicit cells (cpu backend, tiny models): events, learning,
// per-slot gradient through time, hidden capture, samples, checkpoints and the saved best model.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import type { Checkpoint } from '../../../src/core/runs';
import { ofType, testConfig, trainConfig } from './helpers';

before(async () => {
  await initBackend('cpu');
});

test('a small RNN learns the noisy sine and beats persistence; events are complete', async () => {
  const cfg = testConfig({ training: { epochs: 4, batchSize: 16 }, data: { length: 400, window: 16 } });
  const { outcome, events, model, ds } = await trainConfig(cfg);
  try {
    assert.equal(outcome.status, 'completed');
    const steps = ofType(events, 'step');
    const epochs = ofType(events, 'epoch');
    assert.equal(epochs.length, 4);
    assert.equal(steps.length, 4 * Math.ceil(ds.train.n / 16));
    assert.equal(outcome.steps, steps.length);
    const s = steps[0];
    assert.ok(s && s.gradNorm > 0 && s.lr === 0.01 && typeof s.gradNormByLayer['simple_rnn_1'] === 'number' && typeof s.gradNormByLayer['dense'] === 'number');
    const layerSum = Math.sqrt(Object.values(s.gradNormByLayer).reduce((a, v) => a + v * v, 0));
    assert.ok(Math.abs(layerSum - s.gradNorm) < 1e-4 * s.gradNorm, 'global norm = norm of the layer norms');
    const last = epochs[3];
    assert.ok(last);
    for (const k of ['valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'clippedFraction', 'durationMs'] as const) assert.equal(typeof last[k], 'number', k);
    assert.ok((last.valLoss as number) < 0.8 * (ds.baseline.valLoss as number), `valLoss ${last.valLoss} vs baseline ${ds.baseline.valLoss}`);
    assert.ok(epochs[0]?.best, 'the first epoch is the best so far');
    assert.equal(outcome.best.epoch !== undefined, true);
  } finally {
    model.dispose();
  }
});

test('gradients (per time step, per slot, LSTM cell norms), hidden state and samples each epoch', async () => {
  const cfg = testConfig({
    model: { type: 'lstm', cell: 'lstm', layers: [{ units: 4, dropout: 0, recurrentDropout: 0, bidirectional: true }, { units: 3, dropout: 0, recurrentDropout: 0, bidirectional: false }] },
    training: { epochs: 2 },
    data: { window: 10, length: 200 },
    samples: { every: 2, count: 3 },
  });
  const { events, model } = await trainConfig(cfg);
  try {
    const grads = ofType(events, 'gradients');
    assert.equal(grads.length, 2);
    const recs = grads[1]?.records ?? [];
    assert.deepEqual(recs.map((r) => `${r.layer}/${r.direction}`), ['bidirectional_1/forward', 'bidirectional_1/backward', 'lstm_2/forward']);
    for (const r of recs) {
      assert.equal(r.epoch, 2);
      assert.equal(r.norms.length, 10);
      assert.equal(r.cellNorms?.length, 10);
      assert.ok(r.norms.every((v) => Number.isFinite(v) && v >= 0));
    }
    // The top layer's gradient is largest at the last step (the output reads h_T) and non-zero earlier.
    const top = recs[2];
    assert.ok(top && (top.norms[9] as number) > 0 && (top.norms[0] as number) > 0);
    const hidden = ofType(events, 'hidden');
    assert.equal(hidden.length, 2);
    const h0 = hidden[0]?.layers[0];
    assert.equal(h0?.h.length, 4, 'units rows');
    assert.equal(h0?.h[0]?.length, 10, 'time columns');
    assert.ok(h0?.gates && ['i', 'f', 'o'].every((g) => h0.gates?.[g]?.length === 4), `gates ${Object.keys(h0?.gates ?? {})}`);
    assert.equal(h0?.c?.length, 4);
    const samples = ofType(events, 'samples');
    assert.equal(samples.length, 1, 'every 2 epochs');
    assert.equal(samples[0]?.samples.length, 3);
    assert.equal(samples[0]?.samples[0]?.kind, 'series');
  } finally {
    model.dispose();
  }
});

test('a checkpoint each epoch and the best model in the tfjs-layers format', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-sink-'));
  const checkpoints: Checkpoint[] = [];
  try {
    const cfg = testConfig({ model: { type: 'gru', cell: 'gru' }, training: { epochs: 3, optimizer: { name: 'rmsprop', learningRate: 0.005, momentum: 0.5 } } });
    const { outcome, model } = await trainConfig(cfg, { sink: { writeCheckpoint: (c) => checkpoints.push(c), modelDir: () => dir } });
    model.dispose();
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(checkpoints.map((c) => c.epoch), [1, 2, 3]);
    const c = checkpoints[2] as Checkpoint;
    assert.equal(c.optimizer.name, 'rmsprop');
    assert.equal(c.optimizer.iterations, c.step);
    assert.equal(c.optimizer.state.length, 2 * c.weights.length, 'ms and momentum per weight');
    assert.ok(c.best && c.best.weights.length === c.weights.length);
    assert.equal(c.rng.state.length, 4);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { format: string };
    assert.equal(json.format, 'layers-model');
    assert.ok(fs.statSync(path.join(dir, 'weights.bin')).size > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
  // A learning rate far too high makes validation loss bounce: patience 1 stops within a few epochs.
  const cfg = testConfig({ training: { epochs: 30, optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 }, clipNorm: 1, earlyStopping: { patience: 1, minDelta: 0 } } });
  const { outcome, events, model, ds } = await trainConfig(cfg);
  try {
    assert.equal(outcome.status, 'completed');
    assert.ok(outcome.epochs < 30, `stopped after ${outcome.epochs}`);
    assert.ok(ofType(events, 'log').some((l) => /early stopping/.test(l.message)));
    // The model now holds the best epoch's weights: its valLoss is the best one.
    const { predictSplit } = await import('../../../src/core/train/evaluate');
    const now = ds.evaluate(predictSplit(model, ds, ds.val, 16)).valLoss as number;
    assert.ok(Math.abs(now - (outcome.best.valLoss as number)) < 1e-6, `${now} vs best ${outcome.best.valLoss}`);
  } finally {
    model.dispose();
  }
});

test('clipNorm: every step reports its norm before clipping and counts as clipped', async () => {
  const cfg = testConfig({ training: { epochs: 1, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0 }, clipNorm: 1e-3 } });
  const { outcome, events, model } = await trainConfig(cfg);
  model.dispose();
  assert.equal(outcome.status, 'completed');
  assert.ok(ofType(events, 'step').every((s) => s.clipped && s.gradNorm > 1e-3));
  assert.equal(ofType(events, 'epoch')[0]?.clippedFraction, 1);
});

test('a NaN loss stops the run as failed with the step and a hint, and leaks no tensor', async () => {
  const cfg = testConfig({ training: { epochs: 3, optimizer: { name: 'sgd', learningRate: 1e6, momentum: 0 } }, model: { init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 3, forgetBias: 1 } } });
  const { outcome, model, tensorsBefore } = await trainConfig(cfg);
  assert.equal(outcome.status, 'failed');
  assert.match(outcome.error?.message ?? '', /became (NaN|Infinity|-Infinity) at step \d+ \(epoch \d\); training stopped/);
  assert.equal(outcome.error?.hint, 'lower training.optimizer.learningRate or set training.clipNorm');
  assert.ok((outcome.error?.step ?? 0) >= 1);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  model.dispose();
});
