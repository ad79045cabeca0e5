/** The model's outputs on a whole split, batch by batch, without dropout (for metrics and samples). */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, SplitArrays } from '../data';
import type { SeqModel } from '../models/types';
import { concat } from '../util/typed-arrays';
import { batchTensors, sequentialBatches } from './batches';

/** Seq2seq outputs are the teacher-forced logits (the decoder is fed the true previous tokens: valLoss). */
export function predictSplit(model: SeqModel, ds: Dataset, split: SplitArrays, batchSize: number): Float32Array {
  return concat(
    sequentialBatches(split.n, Math.max(batchSize, 64)).map((idx) =>
      tf.tidy(() => {
        const { x, y } = batchTensors(ds, split, idx);
        const extra = ds.seq2seq ? { targets: y, teacherForcing: 1 } : {};
        return model.forward(x, { training: false, ...extra }).output.dataSync() as Float32Array;
      }),
    ),
  );
}
