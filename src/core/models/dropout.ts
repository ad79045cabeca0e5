/**
 * Inverted-dropout masks from the project's seeded PRNG (not tfjs's random ops), so a run with
 * dropout reproduces: the trainer passes a `dropoutSeed` per step. A mask keeps a unit with
 * probability 1 - rate and scales kept units by 1 / (1 - rate), so the expected value is unchanged
 * and inference needs no rescaling.
 */

import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng';

export function dropoutMask(rng: Rng, rows: number, cols: number, rate: number): tf.Tensor2D {
  const keep = 1 - rate;
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() < keep ? 1 / keep : 0;
  return tf.tensor2d(values, [rows, cols]);
}
