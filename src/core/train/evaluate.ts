/** The model's outputs on a whole split, batch by batch, without dropout (for metrics and samples). */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, SplitArrays } from '../data';
import type { SeqModel } from '../models/types';
import { batchTensors, sequentialBatches } from './batches';

export function predictSplit(model: SeqModel, ds: Dataset, split: SplitArrays, batchSize: number): Float32Array {
  const parts: Float32Array[] = [];
  for (const idx of sequentialBatches(split.n, Math.max(batchSize, 64))) {
    parts.push(
      tf.tidy(() => {
        const { x } = batchTensors(ds, split, idx);
        return model.forward(x, { training: false }).output.dataSync() as Float32Array;
      }),
    );
  }
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
