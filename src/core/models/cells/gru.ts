/**
 * GRU in Keras's `reset_after: false` form (the only one tfjs-layers 4.22 loads): gate blocks
 * z, r, h; the reset gate multiplies h_{t-1} BEFORE the recurrent matmul of the candidate.
 *   z = σ(x_z + h_{t-1}·U_z);  r = σ(x_r + h_{t-1}·U_r)
 *   hh = tanh(x_h + (r·h_{t-1})·U_h);  h_t = z·h_{t-1} + (1 - z)·hh
 * (PyTorch's GRU is the reset_after form, r·(h_{t-1}·U_h + b_hh): not the same function.)
 */

import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from './cell';

interface GruPrepared {
  /** [U, 2U]: the z and r blocks, used in one matmul. */
  uZr: tf.Tensor2D;
  /** [U, U]: the candidate block. */
  uH: tf.Tensor2D;
}

export const gruCell: CellDef<GruPrepared> = {
  type: 'gru',
  kerasClass: 'GRU',
  kerasBase: 'gru',
  gates: 3,
  gateNames: ['z', 'r', 'hh'],
  hasCell: false,
  prepare(recurrentKernel, units) {
    const [uZr, uH] = tf.split(recurrentKernel, [2 * units, units], 1) as [tf.Tensor2D, tf.Tensor2D];
    return { uZr, uH };
  },
  step({ xProj, hPrev, hRec, wantGates }, { uZr, uH }) {
    const [xz, xr, xh] = tf.split(xProj, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [mz, mr] = tf.split(tf.matMul(hRec, uZr), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const z = tf.sigmoid(tf.add(xz, mz)) as tf.Tensor2D;
    const r = tf.sigmoid(tf.add(xr, mr)) as tf.Tensor2D;
    const hh = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, hRec), uH))) as tf.Tensor2D;
    const h: tf.Tensor2D = tf.add(tf.mul(z, hPrev), tf.mul(tf.sub(1, z), hh));
    return wantGates ? { h, gates: { z, r, hh } } : { h };
  },
};
