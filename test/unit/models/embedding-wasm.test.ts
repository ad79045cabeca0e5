/**
 * Token embeddings train on the wasm backend: tf.gather's own gradient needs UnsortedSegmentSum,
 * which tfjs-backend-wasm 4.22 lacks, so the model uses a host-side scatter-add there. Its
 * gradients must equal the cpu backend's (where the kernel exists and tf.gather's gradient runs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import { initBackend } from '../../../src/core/backend';
import { layer, spec } from './util';

async function embeddingGrads(backend: 'cpu' | 'wasm'): Promise<Record<string, Float32Array>> {
  await initBackend(backend);
  const model = buildModel(spec('gru', [layer(4)], { tokenInput: { vocabSize: 7, embeddingDim: 3 }, inputSize: 7, head: { kind: 'sequence', outputSize: 7 } }));
  // ids repeat within and across sequences, so the scatter must accumulate
  const ids = tf.tensor2d([[1, 2, 2, 6], [0, 1, 5, 1]], [2, 4], 'int32');
  const labels = tf.oneHot(tf.tensor2d([[2, 2, 6, 0], [1, 5, 1, 3]], [2, 4], 'int32'), 7);
  const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.forward(ids, { training: false }).output) as tf.Scalar, model.variables);
  const out: Record<string, Float32Array> = {};
  model.variables.forEach((v, i) => (out[model.variableNames[i] as string] = (grads[v.name] as tf.Tensor).dataSync() as Float32Array));
  tf.dispose([ids, labels, ...Object.values(grads)]);
  model.dispose();
  return out;
}

test('embedding gradients on wasm (host scatter-add) equal cpu (tf.gather gradient)', async () => {
  const cpu = await embeddingGrads('cpu');
  assert.ok(tf.getKernel('UnsortedSegmentSum', 'cpu'), 'cpu has the kernel, so it is the reference');
  const wasm = await embeddingGrads('wasm');
  assert.equal(tf.getKernel('UnsortedSegmentSum', 'wasm'), undefined, 'wasm lacks the kernel (else this test checks nothing new)');
  const names = Object.keys(cpu);
  assert.ok(names.some((n) => /embedding/.test(n)), `an embedding variable among ${names.join(', ')}`);
  for (const name of names) {
    const a = wasm[name] as Float32Array;
    const b = cpu[name] as Float32Array;
    const scale = Math.max(1e-6, ...Array.from(b, Math.abs));
    for (let i = 0; i < b.length; i++) assert.ok(Math.abs((a[i] as number) - (b[i] as number)) <= 1e-5 * scale, `${name}[${i}]: wasm ${a[i]} vs cpu ${b[i]}`);
  }
  const emb = cpu[names.find((n) => /embedding/.test(n)) as string] as Float32Array;
  assert.ok(emb.some((v) => v !== 0), 'the embedding gradient is not all zero');
});
