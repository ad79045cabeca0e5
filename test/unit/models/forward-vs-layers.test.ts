/**
 * The explicit cells compute exactly what tf.layers.simpleRNN / lstm / gru compute (with
 * recurrentActivation 'sigmoid' and GRU reset_after: false) when the same weights are copied in —
 * both by setWeights on a hand-built tf.layers model and by loading our own model.json export.
 */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import type { CellType } from '../../../src/core/config/types';
import type { SeqModel } from '../../../src/core/models/types';
import { cpuBackend, layer, maxAbsDiff, randomTensor, spec } from './util';
import { forwardMatchesLayers, layersTwin, loadExported } from './layers-twin';

before(cpuBackend);

const cells: CellType[] = ['rnn', 'lstm', 'gru'];
const shapes = {
  single: [layer(4)],
  stacked: [layer(5), layer(4)],
  bidirectional: [layer(4, { bidirectional: true })],
  'stacked bidirectional': [layer(3, { bidirectional: true }), layer(4)],
};

for (const cell of cells) {
  for (const [shapeName, layers] of Object.entries(shapes)) {
    test(`${cell} ${shapeName}: forward = tf.layers (setWeights) and = loaded export`, async () => {
      const model = buildModel(spec(cell, layers, { seed: 11 }));
      const x = randomTensor([2, 6, 3], 5);
      try {
        const twin = layersTwin(model);
        const ours = tf.tidy(() => model.forward(x, { training: false }).output);
        const theirs = twin.predict(x) as tf.Tensor;
        assert.ok(maxAbsDiff(ours, theirs) <= 1e-5, `setWeights twin differs by ${maxAbsDiff(ours, theirs)}`);
        const loaded = await loadExported(model);
        const fromJson = loaded.predict(x) as tf.Tensor;
        assert.ok(maxAbsDiff(ours, fromJson) <= 1e-5, `loaded export differs by ${maxAbsDiff(ours, fromJson)}`);
        assert.ok(forwardMatchesLayers(model, twin, x).ok);
        tf.dispose([ours, theirs, fromJson]);
        twin.dispose();
        loaded.dispose();
      } finally {
        x.dispose();
        model.dispose();
      }
    });
  }
}

test('long sequences (T = 23, chunked time slicing) match tf.layers too, for every cell', async () => {
  for (const cell of cells) {
    const model = buildModel(spec(cell, [layer(4, { bidirectional: true }), layer(3)], { seed: 5 }));
    const x = randomTensor([2, 23, 3], 6, 0.5);
    const twin = layersTwin(model);
    const check = forwardMatchesLayers(model, twin, x);
    assert.ok(check.ok, `${cell}: ${check.diff}`);
    tf.dispose(x);
    twin.dispose();
    model.dispose();
  }
});

test('classification head exports softmax; sequence head = Dense at every step', async () => {
  for (const kind of ['classification', 'sequence'] as const) {
    const model: SeqModel = buildModel(spec('lstm', [layer(4), layer(3)], { head: { kind, outputSize: 5 } }));
    const x = randomTensor([2, 4, 3], 9);
    const loaded = await loadExported(model);
    const logits = tf.tidy(() => model.forward(x, { training: false }).output);
    assert.deepEqual(logits.shape, kind === 'sequence' ? [2, 4, 5] : [2, 5]);
    const probs = tf.softmax(logits);
    const pred = loaded.predict(x) as tf.Tensor;
    assert.ok(maxAbsDiff(probs, pred) <= 1e-5, `${kind}: ${maxAbsDiff(probs, pred)}`);
    tf.dispose([x, logits, probs, pred]);
    loaded.dispose();
    model.dispose();
  }
});

test('token inputs: embedding and one-hot export as an Embedding layer with the same predictions', async () => {
  for (const embeddingDim of [3, undefined]) {
    const model = buildModel(
      spec('gru', [layer(4)], { inputSize: 6, tokenInput: { vocabSize: 6, embeddingDim }, head: { kind: 'sequence', outputSize: 6 } }),
    );
    const ids = tf.tensor2d([[0, 1, 2, 5], [3, 3, 4, 1]], [2, 4], 'int32');
    const loaded = await loadExported(model);
    const probs = tf.tidy(() => tf.softmax(model.forward(ids, { training: false }).output));
    const pred = loaded.predict(ids) as tf.Tensor;
    assert.ok(maxAbsDiff(probs, pred) <= 1e-5, `embeddingDim=${embeddingDim}: ${maxAbsDiff(probs, pred)}`);
    assert.equal(model.variableNames[0], embeddingDim ? 'embedding/embeddings' : 'gru_1/kernel');
    tf.dispose([ids, probs, pred]);
    loaded.dispose();
    model.dispose();
  }
});
