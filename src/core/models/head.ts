/**
 * The Dense output head. Regression and classification read the last step's output [B, D];
 * `sequence` applies the same Dense at every step of [B, T, D]. Classification heads return
 * logits: the loss applies softmax (numerically stable cross-entropy), and the exported
 * tfjs-layers model adds the softmax activation so `predict` gives probabilities.
 */

import * as tf from '@tensorflow/tfjs-core';

export function denseHead(x: tf.Tensor, kernel: tf.Variable, bias: tf.Variable): tf.Tensor {
  if (x.rank === 2) return tf.add(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias);
  const [b, t, d] = x.shape as [number, number, number];
  const out = tf.add(tf.matMul(tf.reshape(x, [b * t, d]), kernel as tf.Tensor2D), bias);
  return tf.reshape(out, [b, t, kernel.shape[1] as number]);
}
