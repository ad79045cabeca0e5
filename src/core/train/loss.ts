/** The training loss: mean squared error, or softmax cross-entropy in nats (mean over examples/tokens). */
import * as tf from '@tensorflow/tfjs-core';

export type LossKind = 'mse' | 'crossentropy';

/**
 * @param output regression: [B, O]; classification: logits [B, C] with y int [B];
 *   sequence: logits [B, T, C] with y int [B, T].
 */
export function lossOf(kind: LossKind, output: tf.Tensor, y: tf.Tensor): tf.Scalar {
  if (kind === 'mse') return tf.mean(tf.square(tf.sub(output, y))) as tf.Scalar;
  const classes = output.shape[output.rank - 1] as number;
  const logits = tf.reshape(output, [-1, classes]);
  const labels = tf.reshape(y, [-1]);
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(tf.cast(labels, 'int32'), classes), logp), -1))) as tf.Scalar;
}
