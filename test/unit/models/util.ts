/** Shared helpers of the model tests (not a test file itself). */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import type { CellType, LayerConfig } from '../../../src/core/config/types';
import type { HeadKind, ModelSpec } from '../../../src/core/models/types';
import { Rng } from '../../../src/core/util/rng';

let ready: Promise<void> | undefined;
/** The cpu backend (float32), set once per test process. */
export function cpuBackend(): Promise<void> {
  ready ??= tf.setBackend('cpu').then((ok) => {
    if (!ok) throw new Error('cpu backend did not load');
  });
  return ready;
}

export function layer(units: number, extra: Partial<LayerConfig> = {}): LayerConfig {
  return { units, dropout: 0, recurrentDropout: 0, bidirectional: false, ...extra };
}

export function spec(cell: CellType, layers: LayerConfig[], o: Partial<ModelSpec> & { head?: { kind: HeadKind; outputSize: number } } = {}): ModelSpec {
  return {
    cell,
    inputSize: 3,
    layers,
    init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
    head: { kind: 'regression', outputSize: 2 },
    seed: 7,
    ...o,
  };
}

/** Seeded random floats (the tests must not depend on tfjs's own random ops either). */
export function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal() * scale), shape);
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join(',') !== b.shape.join(',')) return Infinity;
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}
