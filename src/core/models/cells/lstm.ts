/**
 * LSTM in Keras's layout: gate blocks i, f, c, o; sigmoid gates, tanh candidate and output.
 *   z = x_t·W + b + h_{t-1}·U;  i,f,o = σ(z_i,z_f,z_o);  g = tanh(z_c)
 *   c_t = f·c_{t-1} + i·g;      h_t = o·tanh(c_t)
 */

import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from './cell';

export const lstmCell: CellDef<tf.Tensor2D> = {
  type: 'lstm',
  kerasClass: 'LSTM',
  kerasBase: 'lstm',
  gates: 4,
  gateNames: ['i', 'f', 'o', 'g'],
  hasCell: true,
  prepare: (recurrentKernel) => recurrentKernel,
  step({ xProj, hRec, cPrev, cProbe, wantGates }, u) {
    const z = tf.add(xProj, tf.matMul(hRec, u));
    const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const i = tf.sigmoid(zi);
    const f = tf.sigmoid(zf);
    const g = tf.tanh(zc);
    const o = tf.sigmoid(zo);
    const fc = cPrev ? tf.mul(f, cPrev) : tf.zerosLike(f);
    let c: tf.Tensor2D = tf.add(fc, tf.mul(i, g));
    // The probe joins c_t before h_t reads it, so its gradient includes the path through h_t.
    if (cProbe) c = tf.add(c, cProbe);
    const h: tf.Tensor2D = tf.mul(o, tf.tanh(c));
    return wantGates ? { h, c, gates: { i, f, o, g } } : { h, c };
  },
};
