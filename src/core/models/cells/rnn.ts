/** Elman RNN (Keras SimpleRNN): h_t = tanh(x_t·W + b + h_{t-1}·U). */

import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from './cell';

export const rnnCell: CellDef<tf.Tensor2D> = {
  type: 'rnn',
  kerasClass: 'SimpleRNN',
  kerasBase: 'simple_rnn',
  gates: 1,
  gateNames: [],
  hasCell: false,
  prepare: (recurrentKernel) => recurrentKernel,
  step({ xProj, hRec }, u) {
    return { h: tf.tanh(tf.add(xProj, tf.matMul(hRec, u))) as tf.Tensor2D };
  },
};
