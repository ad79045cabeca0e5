/** Seeded initial values of a seq2seq layout: one forked PRNG stream per weight, as for the other models. */
import { Rng } from '../../util/rng';
import { initialValue } from '../init-weights';
import type { ModelSpec } from '../types';
import type { S2SLayout } from './layout';

export function seq2seqInitialWeights(spec: ModelSpec, layout: S2SLayout): Float32Array[] {
  const root = new Rng(spec.seed);
  return layout.weights.map((w) => initialValue(spec, w, root.fork()));
}
