/**
 * A tf.layers model with the same architecture and weights as one of ours (the independent
 * reference for forward outputs), and the loader of our own export.
 */

import * as tf from '@tensorflow/tfjs';
import type { SeqModel } from '../../../src/core/models/types';
import { maxAbsDiff } from './util';

export function layersTwin(model: SeqModel): tf.Sequential {
  const { spec } = model;
  const seq = tf.sequential();
  if (spec.tokenInput) throw new Error('layersTwin: float inputs only (token inputs are checked through the export)');
  spec.layers.forEach((l, i) => {
    const returnSequences = i < spec.layers.length - 1 || spec.head.kind === 'sequence';
    const common = { units: l.units, returnSequences };
    const rnn =
      spec.cell === 'rnn'
        ? tf.layers.simpleRNN(common)
        : spec.cell === 'lstm'
          ? tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' })
          : tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
    const inputShape = i === 0 ? { inputShape: [null, spec.inputSize] as unknown as number[] } : {};
    // Without a batch shape tf.layers.bidirectional cannot be the first layer; give the wrapper one.
    if (l.bidirectional) seq.add(tf.layers.bidirectional({ layer: rnn as tf.RNN, mergeMode: 'concat', ...inputShape }));
    else if (i === 0) {
      seq.add(tf.layers.inputLayer({ batchInputShape: [null, null, spec.inputSize] as unknown as number[] }));
      seq.add(rnn);
    } else seq.add(rnn);
  });
  seq.add(tf.layers.dense({ units: spec.head.outputSize }));
  // Our variables are in Keras weight order, so a positional copy is the whole mapping.
  seq.setWeights(model.variables);
  return seq;
}

export async function loadExported(model: SeqModel): Promise<tf.LayersModel> {
  const a = model.toLayersArtifacts();
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData }));
}

/** The forward check as a function that reports instead of throwing (the perturbation test needs it to fail). */
export function forwardMatchesLayers(model: SeqModel, twin: tf.LayersModel, x: tf.Tensor, tol = 1e-5): { ok: boolean; diff: number } {
  const ours = tf.tidy(() => model.forward(x, { training: false }).output);
  const theirs = twin.predict(x) as tf.Tensor;
  const diff = maxAbsDiff(ours, theirs);
  tf.dispose([ours, theirs]);
  return { ok: diff <= tol, diff };
}
