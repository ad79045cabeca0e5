/**
 * Free-running greedy decoding of a seq2seq model over a whole split: each decoder step is fed the
 * model's own previous argmax (no teacher forcing), as at inference time. Ids [n, targetSteps]; what
 * follows a predicted end token is left as the model wrote it (metrics and display stop at the end).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, SplitArrays } from '../../data';
import type { SeqModel } from '../../models/types';
import { batchTensors, sequentialBatches } from '../batches';
import { concat } from '../../util/typed-arrays';

export function decodeGreedy(model: SeqModel, x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.argMax(model.forward(x, { training: false, teacherForcing: 0 }).output, 2) as tf.Tensor2D);
}

export function decodeSplit(model: SeqModel, ds: Dataset, split: SplitArrays, batchSize: number): Int32Array {
  return concat(
    sequentialBatches(split.n, Math.max(batchSize, 64)).map((idx) =>
      tf.tidy(() => Int32Array.from(decodeGreedy(model, batchTensors(ds, split, idx).x).dataSync())),
    ),
  );
}
