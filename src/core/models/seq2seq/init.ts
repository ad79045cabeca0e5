/** Seeded initial values of a seq2seq layout: one forked PRNG stream per weight, as for the other models. */
import { Rng } from '../../util/rng';
import { embeddingUniform, glorotUniform, initMatrix } from '../initializers';
import type { ModelSpec } from '../types';
import type { S2SLayout, S2SWeight } from './layout';

function initialValue(spec: ModelSpec, w: S2SWeight, rng: Rng): Float32Array {
  const size = w.shape.reduce((a, b) => a * b, 1);
  const gates = w.gates ?? 1;
  const units = w.units ?? 0;
  switch (w.role) {
    case 'embedding':
      return embeddingUniform(rng, w.shape[0] as number, w.shape[1] as number);
    case 'kernel':
      return initMatrix(spec.init.kernel, rng, w.shape[0] as number, units, gates, 1);
    case 'recurrent':
      return initMatrix(spec.init.recurrent, rng, units, units, gates, spec.init.gain);
    case 'bias': {
      const b = new Float32Array(size);
      if (gates === 4) b.fill(spec.init.forgetBias, units, 2 * units);
      return b;
    }
    case 'glorot':
      return glorotUniform(rng, w.shape[0] as number, w.shape[1] as number);
    case 'zeros':
      return new Float32Array(size);
  }
}

export function seq2seqInitialWeights(spec: ModelSpec, layout: S2SLayout): Float32Array[] {
  const root = new Rng(spec.seed);
  return layout.weights.map((w) => initialValue(spec, w, root.fork()));
}
