/** The model's trainable tf.Variables from initial values (plain models and seq2seq alike). */
import * as tf from '@tensorflow/tfjs-core';

/** Names are `<prefix>/<weight name>`: a per-instance prefix keeps two models' variables apart in tfjs's registry. */
export function createVariables(prefix: string, weights: ReadonlyArray<{ name: string; shape: number[] }>, values: readonly Float32Array[]): tf.Variable[] {
  return weights.map((w, i) => {
    const init = tf.tensor(values[i] as Float32Array, w.shape, 'float32');
    const v = tf.variable(init, true, `${prefix}/${w.name}`);
    init.dispose();
    return v;
  });
}
