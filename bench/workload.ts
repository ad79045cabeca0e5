/**
 * The standard workload: noisy-sine next value, window T=50, 1 feature, batch 64, one
 * recurrent layer of 64 units + Dense(1), MSE, Adam 1e-3, float32. Data is generated with the
 * project's seeded PRNG so every implementation (and torch_ref.py, which gets the same numbers
 * through its own generator with the same formula) trains on the same kind of batches.
 */

import { Rng } from '../src/core/util/rng';

export const WORKLOAD = { steps: 50, features: 1, batch: 64, units: 64, learningRate: 1e-3 } as const;
export type BenchCell = 'rnn' | 'lstm' | 'gru';
export const GATES: Record<BenchCell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface Batch {
  /** [B,T,1] */
  x: Float32Array;
  /** [B,1] */
  y: Float32Array;
}

export function makeBatches(count: number, seed = 1, batch: number = WORKLOAD.batch): Batch[] {
  const rng = new Rng(seed);
  const T = WORKLOAD.steps;
  const n = 4000;
  const series = new Float32Array(n);
  for (let i = 0; i < n; i++) series[i] = Math.sin(0.07 * i) + 0.1 * rng.normal();
  const out: Batch[] = [];
  for (let k = 0; k < count; k++) {
    const x = new Float32Array(batch * T);
    const y = new Float32Array(batch);
    for (let b = 0; b < batch; b++) {
      const s = rng.int(n - T - 1);
      x.set(series.subarray(s, s + T), b * T);
      y[b] = series[s + T]!;
    }
    out.push({ x, y });
  }
  return out;
}

/**
 * Floating-point work of one training step of the recurrent layer (the dense head is negligible):
 * forward x·W and h·U per step, backward the same products twice (dh = dZ·Uᵀ on the chain and the
 * weight gradients dU = Hᵀ·dZ, dW = Xᵀ·dZ). Used to turn samples/s into achieved GFLOP/s.
 */
export function trainFlopsPerStep(cell: BenchCell, batch: number = WORKLOAD.batch): number {
  const { steps: T, features: F, units: U } = WORKLOAD;
  const GU = GATES[cell] * U;
  const fwd = 2 * batch * T * (F + U) * GU;
  return 3 * fwd;
}

export function inferFlopsPerStep(cell: BenchCell, batch: number = WORKLOAD.batch): number {
  return trainFlopsPerStep(cell, batch) / 3;
}
