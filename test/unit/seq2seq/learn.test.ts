// A short seeded seq2seq training run through the real loop: it must beat the copy-the-input baseline
// clearly, emit encoder gradients, sequence samples and the attention artifact, and free its tensors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { selectKernel } from '../../../src/core/train/kernel';
import { teacherForcingRatio } from '../../../src/core/train/train';
import { ofType, testConfig, trainConfig } from '../train/helpers';

before(async () => {
  await initBackend('wasm');
});

test('a seeded reverse run beats the copy baseline by a wide margin and shows samples and attention', async () => {
  const cfg = testConfig({
    seed: 4,
    data: { kind: 'reverse', size: 600, vocabSize: 6, minLength: 2, maxLength: 5 },
    model: { type: 'seq2seq', cell: 'gru', layers: [{ units: 32, dropout: 0, recurrentDropout: 0, bidirectional: false }], embedding: { dim: 12 }, attention: 'dot' },
    training: { epochs: 4, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.02, momentum: 0 }, clipNorm: 1, teacherForcing: { start: 1, end: 0.8 } },
    samples: { every: 4, count: 2, temperatures: [1], beamWidth: 2 },
  });
  const t = await trainConfig(cfg);
  try {
    assert.equal(t.outcome.status, 'completed');
    const base = t.ds.baseline;
    const final = t.outcome.final;
    assert.ok((final.valTokenAccuracy as number) >= (base.valTokenAccuracy as number) + 0.4, `token accuracy ${final.valTokenAccuracy} vs copy ${base.valTokenAccuracy}`);
    assert.ok((final.valExactMatch as number) >= (base.valExactMatch as number) + 0.3, `exact match ${final.valExactMatch} vs copy ${base.valExactMatch}`);
    assert.ok((final.valLoss as number) < 0.5 * (base.valLoss as number));
    const grads = ofType(t.events, 'gradients').at(-1)?.records ?? [];
    assert.deepEqual(grads.map((g) => g.layer), ['encoder_gru_1']);
    assert.equal(grads[0]?.norms.length, 5, 'one norm per input step');
    const samples = ofType(t.events, 'samples').at(-1)?.samples ?? [];
    assert.equal(samples.length, 2);
    assert.ok(samples.every((s) => s.kind === 'sequence' && typeof s.teacherForced === 'string' && typeof s.beam === 'string'));
    const att = ofType(t.events, 'artifact').find((a) => a.kind === 'attention');
    const data = att?.data as { source: string[]; target: string[]; weights: number[][] };
    assert.equal(data.weights.length, data.target.length);
    assert.ok(data.weights.every((row) => row.length === data.source.length));
    assert.equal(tf.memory().numTensors, t.tensorsBefore, 'no tensor leaks');
  } finally {
    t.model.dispose();
  }
});

test('kernel auto picks tfjs for seq2seq and says why; fused is refused; the teacher-forcing schedule is linear', () => {
  const k = selectKernel('auto', 'wasm', 'seq2seq');
  assert.equal(k.info.name, 'tfjs');
  assert.match(k.info.reason, /seq2seq/);
  assert.throws(() => selectKernel('fused', 'wasm', 'seq2seq'), /cannot run a seq2seq model/);
  const tc = testConfig({ training: { epochs: 5, teacherForcing: { start: 1, end: 0.6 } } }).training;
  assert.deepEqual([1, 3, 5].map((e) => Number(teacherForcingRatio(tc, e).toFixed(6))), [1, 0.8, 0.6]);
  assert.equal(teacherForcingRatio(testConfig().training, 3), 1, 'not set: pure teacher forcing');
});
