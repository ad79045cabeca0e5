/** The model's trainable tf.Variables (plain models and seq2seq alike): creation, reading, assignment. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../util/named-array';

/** Names are `<prefix>/<weight name>`: a per-instance prefix keeps two models' variables apart in tfjs's registry. */
export function createVariables(prefix: string, weights: ReadonlyArray<{ name: string; shape: number[] }>, values: readonly Float32Array[]): tf.Variable[] {
  return weights.map((w, i) => {
    const init = tf.tensor(values[i] as Float32Array, w.shape, 'float32');
    const v = tf.variable(init, true, `${prefix}/${w.name}`);
    init.dispose();
    return v;
  });
}

/** The variables' current values as NamedArrays (copies: later training does not change them). */
export function readWeights(variables: readonly tf.Variable[], names: readonly string[]): NamedArray[] {
  return variables.map((v, i) => ({ name: names[i] as string, shape: [...v.shape], values: Float32Array.from(v.dataSync() as Float32Array) }));
}

/**
 * Assigns weights by name. Everything is validated before anything is assigned (missing, unknown,
 * wrong shape), so a bad list leaves the model as it was.
 */
export function assignWeights(variables: readonly tf.Variable[], names: readonly string[], weights: readonly NamedArray[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new Error(`setWeights: missing ${missing.join(', ')}`);
  const extra = weights.filter((w) => !names.includes(w.name)).map((w) => w.name);
  if (extra.length > 0) throw new Error(`setWeights: unknown weights ${extra.join(', ')} (this model has ${names.join(', ')})`);
  const ordered = variables.map((v, i) => {
    const w = byName.get(names[i] as string) as NamedArray;
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (w.shape.join(',') !== v.shape.join(',') || w.values.length !== size)
      throw new Error(`setWeights: ${w.name} has shape [${w.shape.join(',')}], the model needs [${v.shape.join(',')}]`);
    return w;
  });
  variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor((ordered[i] as NamedArray).values, v.shape, 'float32'))));
}
