/**
 * Initial values of every weight of a layout, from the project's seeded PRNG: one forked stream
 * per weight, in Keras weight order, so a weight's values depend only on the seed and its position.
 */

import { Rng } from '../util/rng';
import type { ModelSpec } from './types';
import type { ModelLayout, WeightLayout } from './layout';
import { embeddingUniform, glorotUniform, initMatrix } from './initializers';

/** What initialisation needs of a weight: the plain models' WeightLayout and seq2seq's S2SWeight both fit. */
export interface InitTarget {
  role: WeightLayout['role'] | 'glorot' | 'zeros';
  shape: number[];
  gates?: number;
  units?: number;
}

/** One weight's initial values (the seq2seq layout uses it too, so both models initialise alike). */
export function initialValue(spec: ModelSpec, w: InitTarget, rng: Rng): Float32Array {
  const size = w.shape.reduce((a, b) => a * b, 1);
  const gates = w.gates ?? 1;
  const units = w.units ?? 0;
  switch (w.role) {
    case 'embedding':
      return embeddingUniform(rng, w.shape[0] as number, w.shape[1] as number);
    case 'onehot':
      throw new Error('one-hot lookup has no trainable weight');
    case 'kernel':
      return initMatrix(spec.init.kernel, rng, w.shape[0] as number, units, gates, 1);
    case 'recurrent':
      // `gain` scales only the recurrent kernel: the lesson's knob for vanishing/exploding gradients.
      return initMatrix(spec.init.recurrent, rng, units, units, gates, spec.init.gain);
    case 'bias': {
      const b = new Float32Array(size);
      // LSTM (4 gate blocks i,f,c,o): start with the forget gate open so memory survives early training.
      if (gates === 4) b.fill(spec.init.forgetBias, units, 2 * units);
      return b;
    }
    case 'denseKernel':
    case 'glorot':
      return glorotUniform(rng, w.shape[0] as number, w.shape[1] as number);
    case 'denseBias':
    case 'zeros':
      return new Float32Array(size);
  }
}

export function initialWeights(spec: ModelSpec, layout: ModelLayout): Float32Array[] {
  const root = new Rng(spec.seed);
  return layout.weights.map((w) => initialValue(spec, w, root.fork()));
}
