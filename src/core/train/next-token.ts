/**
 * The model as a next-token function for Dataset.generate (text generation): token contexts in,
 * the logits of the last time step out. Runs without dropout, inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NextTokenLogits } from '../data';
import type { SeqModel } from '../models/types';

export function nextTokenLogits(model: SeqModel): NextTokenLogits {
  return (contexts) => {
    const k = contexts.length;
    const T = contexts[0]?.length ?? 0;
    if (k === 0 || T === 0) return [];
    const flat = new Int32Array(k * T);
    contexts.forEach((c, i) => flat.set(c, i * T));
    const logits = tf.tidy(() => {
      const out = model.forward(tf.tensor2d(flat, [k, T], 'int32'), { training: false }).output;
      const V = out.shape[out.rank - 1] as number;
      return (out.rank === 3 ? tf.reshape(tf.slice(out, [0, T - 1, 0], [k, 1, V]), [k, V]) : out).dataSync() as Float32Array;
    });
    const V = logits.length / k;
    return contexts.map((_, i) => logits.slice(i * V, (i + 1) * V));
  };
}
