/** The training loss: mean squared error, or softmax cross-entropy in nats (mean over examples/tokens). */
import * as tf from '@tensorflow/tfjs-core';

export type LossKind = 'mse' | 'crossentropy';

export interface LossOptions {
  /**
   * Token targets equal to this id are padding: they are left out of the mean (seq2seq), so padding a
   * batch further changes neither the loss nor its gradients.
   */
  padId?: number;
}

/**
 * @param output regression: [B, O]; classification: logits [B, C] with y int [B];
 *   sequence: logits [B, T, C] with y int [B, T].
 */
export function lossOf(kind: LossKind, output: tf.Tensor, y: tf.Tensor, opts: LossOptions = {}): tf.Scalar {
  if (kind === 'mse') return tf.mean(tf.square(tf.sub(output, y))) as tf.Scalar;
  const classes = output.shape[output.rank - 1] as number;
  const logits = tf.reshape(output, [-1, classes]);
  const labels = tf.cast(tf.reshape(y, [-1]), 'int32');
  const logp = tf.logSoftmax(logits);
  const perToken = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, classes), logp), -1));
  if (opts.padId === undefined) return tf.mean(perToken) as tf.Scalar;
  const mask = tf.cast(tf.notEqual(labels, tf.scalar(opts.padId, 'int32')), 'float32');
  // max(1, ·): a batch of nothing but padding has loss 0, not NaN.
  return tf.div(tf.sum(tf.mul(perToken, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}
