import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { buildModel } from '../../../src/core/models';
import type { ModelSpec, SeqModel } from '../../../src/core/models/types';
import { lossOf } from '../../../src/core/train/loss';
import { gradientThroughTime } from '../../../src/core/train/probes';
import { captureHidden } from '../../../src/core/train/capture';
import { beamSearch } from '../../../src/core/train/decode/beam';
import { decodeGreedy } from '../../../src/core/train/decode/greedy';
import { SEQ2SEQ_EXPORT_UNSUPPORTED } from '../../../src/core/models/seq2seq';

before(async () => {
  await initBackend('cpu');
});

const PAD = 0;
const V = 9;

function spec(over: Partial<ModelSpec> = {}, attention: 'none' | 'dot' | 'general' = 'general'): ModelSpec {
  return {
    cell: 'lstm',
    inputSize: V,
    tokenInput: { vocabSize: V, embeddingDim: 5 },
    layers: [
      { units: 6, dropout: 0, recurrentDropout: 0, bidirectional: true },
      { units: 4, dropout: 0, recurrentDropout: 0, bidirectional: false },
    ],
    init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
    head: { kind: 'sequence', outputSize: V },
    seed: 11,
    seq2seq: { attention, targetSteps: 6, padId: PAD, startId: 1, endId: 2 },
    ...over,
  };
}

/** Rows of ids padded with PAD to `width`. */
function padded(rows: number[][], width: number): tf.Tensor2D {
  return tf.tensor2d(rows.map((r) => [...r, ...new Array(width - r.length).fill(PAD)]), [rows.length, width], 'int32');
}

function lossAndGrads(model: SeqModel, x: tf.Tensor2D, y: tf.Tensor2D): { loss: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossOf('crossentropy', model.forward(x, { training: true, targets: y, teacherForcing: 1 }).output, y, { padId: PAD }), model.variables);
    return { loss: value.dataSync()[0] as number, grads: model.variables.map((v) => (grads[v.name] as tf.Tensor).dataSync() as Float32Array) };
  });
}

const SOURCES = [[3, 4, 5], [6, 7, 8, 3]];
const TARGETS = [[5, 4, 3, 2], [3, 8, 7, 6, 2]];

test('padding changes neither the loss nor any gradient (encoder mask, attention mask, masked loss)', () => {
  for (const attention of ['none', 'dot', 'general'] as const) {
    for (const cell of ['lstm', 'gru'] as const) {
      const model = buildModel(spec({ cell }, attention));
      try {
        const a = lossAndGrads(model, padded(SOURCES, 4), padded(TARGETS, 5));
        const b = lossAndGrads(model, padded(SOURCES, 9), padded(TARGETS, 11));
        assert.ok(Number.isFinite(a.loss) && a.loss > 0);
        assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `${cell}/${attention}: loss ${a.loss} vs ${b.loss}`);
        a.grads.forEach((g, i) => {
          const h = b.grads[i] as Float32Array;
          let maxDiff = 0;
          let maxAbs = 0;
          g.forEach((v, j) => {
            maxDiff = Math.max(maxDiff, Math.abs(v - (h[j] as number)));
            maxAbs = Math.max(maxAbs, Math.abs(v));
          });
          assert.ok(maxDiff < 1e-5, `${cell}/${attention}: ${model.variableNames[i]} differs by ${maxDiff}`);
          if (model.variableNames[i]?.endsWith('recurrent_kernel')) assert.ok(maxAbs > 0, 'the check is not vacuous');
        });
        // Without the mask the padding WOULD change the loss: the loss sees every position.
        const unmasked = (w: number, wy: number): number =>
          tf.tidy(() => lossOf('crossentropy', model.forward(padded(SOURCES, w), { training: false, targets: padded(TARGETS, wy) }).output, padded(TARGETS, wy)).dataSync()[0] as number);
        assert.ok(Math.abs(unmasked(4, 5) - unmasked(9, 11)) > 1e-4);
      } finally {
        model.dispose();
      }
    }
  }
});

test('encoder gradient through time and hidden capture; attention weights sum to 1 over real source steps', () => {
  const model = buildModel(spec());
  try {
    const x = padded(SOURCES, 6);
    const y = padded(TARGETS, 6);
    const recs = gradientThroughTime(model, 'crossentropy', x, y, 1, PAD);
    assert.deepEqual(recs.map((r) => `${r.layer}/${r.direction}`), ['encoder_lstm_1/forward', 'encoder_lstm_1/backward', 'encoder_lstm_2/forward']);
    for (const r of recs) {
      assert.equal(r.norms.length, 6);
      assert.ok(r.norms.slice(0, 3).every((n) => n > 0), 'real steps carry gradient');
      assert.equal(r.cellNorms?.length, 6);
    }
    const hidden = captureHidden(model, padded([SOURCES[0] as number[]], 6), 1, 0);
    assert.equal(hidden.layers.length, 3);
    assert.equal(hidden.layers[0]?.h.length, 6, 'units × time');
    const att = tf.tidy(() => model.forward(x, { training: false, capture: true }).attention?.arraySync() as number[][][]);
    assert.equal(att.length, 2);
    for (const [b, rows] of att.entries()) {
      const real = (SOURCES[b] as number[]).length;
      for (const row of rows) {
        assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5);
        assert.ok(row.slice(real).every((v) => v < 1e-6), 'no weight on padding');
      }
    }
  } finally {
    model.dispose();
  }
});

test('beam search of width 1 through the model equals greedy decoding; export says clearly it is not supported', () => {
  const model = buildModel(spec({}, 'dot'));
  try {
    const x = padded([SOURCES[1] as number[]], 4);
    const greedy = Array.from(decodeGreedy(model, x).dataSync());
    const dec = model.stepDecoder;
    assert.ok(dec);
    const before = tf.memory().numTensors;
    const [best] = beamSearch(dec, dec.start(x), { beamWidth: 1, maxLength: 6, startId: 1, endId: 2 });
    assert.equal(tf.memory().numTensors, before, 'beam search frees its states');
    const end = greedy.indexOf(2);
    assert.deepEqual(best?.tokens, end < 0 ? greedy : greedy.slice(0, end));
    const wide = beamSearch(dec, dec.start(x), { beamWidth: 4, maxLength: 6, startId: 1, endId: 2 });
    assert.ok((wide[0]?.logProb ?? -Infinity) >= (best?.logProb ?? 0) - 1e-6, 'a wider beam never finds a worse best');
    assert.throws(() => model.toLayersArtifacts(), (e: Error) => e.message === SEQ2SEQ_EXPORT_UNSUPPORTED && /not supported yet/.test(e.message));
  } finally {
    model.dispose();
  }
});

test('the batched teacher-forced path computes the same logits and attention as stepping the decoder', () => {
  for (const attention of ['none', 'general'] as const) {
    const model = buildModel(spec({ cell: 'gru' }, attention));
    try {
      const x = padded(SOURCES, 5);
      const y = padded(TARGETS, 6);
      const run = (ratio: number): { out: number[]; att: number[] } =>
        tf.tidy(() => {
          const r = model.forward(x, { training: false, targets: y, teacherForcing: ratio, capture: true });
          return { out: Array.from(r.output.dataSync()), att: r.attention ? Array.from(r.attention.dataSync()) : [] };
        });
      // A ratio just below 1 takes the step-by-step path, yet feeds the true token at every step.
      const fast = run(1);
      const stepped = run(1 - 1e-12);
      assert.equal(fast.out.length, 2 * 6 * V);
      fast.out.forEach((v, i) => assert.ok(Math.abs(v - (stepped.out[i] as number)) < 1e-5, `${attention}: logit ${i}`));
      assert.equal(fast.att.length, attention === 'none' ? 0 : 2 * 6 * 5);
      fast.att.forEach((v, i) => assert.ok(Math.abs(v - (stepped.att[i] as number)) < 1e-5));
    } finally {
      model.dispose();
    }
  }
});
