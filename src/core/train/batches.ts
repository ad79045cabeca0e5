/** Mini-batches: a seeded shuffle per epoch, and tensors cut from the dataset's typed arrays. */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset, SplitArrays } from '../data';
import type { Rng } from '../util/rng';

/** Shuffled example indices cut into batches (the last may be smaller). */
export function batchOrder(n: number, batchSize: number, rng: Rng): number[][] {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

export function stepsPerEpoch(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}

/** x and y of the given examples as tensors (caller disposes, or creates them inside tf.tidy). */
export function batchTensors(ds: Dataset, split: SplitArrays, indices: number[]): { x: tf.Tensor; y: tf.Tensor } {
  return {
    x: gatherRows(split.x, indices, ds.xShape, ds.xDtype),
    y: gatherRows(split.y, indices, ds.yShape, ds.yDtype),
  };
}

function gatherRows(src: Float32Array | Int32Array, indices: number[], rowShape: number[], dtype: 'float32' | 'int32'): tf.Tensor {
  const row = rowShape.reduce((a, b) => a * b, 1);
  const out = dtype === 'int32' ? new Int32Array(indices.length * row) : new Float32Array(indices.length * row);
  indices.forEach((idx, k) => out.set(src.subarray(idx * row, idx * row + row), k * row));
  return tf.tensor(out, [indices.length, ...rowShape], dtype);
}

/** Indices 0..n-1 in order, cut into batches (evaluation). */
export function sequentialBatches(n: number, batchSize: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(Array.from({ length: Math.min(batchSize, n - i) }, (_, k) => i + k));
  return out;
}
