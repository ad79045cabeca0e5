/**
 * A complete training step of the standard workload on the fused kernel: forward of the whole
 * sequence in one call, Dense(1) + MSE in JS, BPTT in one call, Adam in JS. Parameters live in one
 * Float32Array (optionally a SharedArrayBuffer for the two-thread variant).
 */

import { loadKernels, type FusedKernels, type FusedRecurrentLayer } from '../src/core/kernels/fused-recurrent';
import { Rng } from '../src/core/util/rng';
import { GATES, WORKLOAD, type Batch, type BenchCell } from './workload';

export interface ParamLayout {
  W: [number, number];
  R: [number, number];
  b: [number, number];
  Wd: [number, number];
  bd: [number, number];
  total: number;
}

export function paramLayout(cell: BenchCell): ParamLayout {
  const { features: F, units: U } = WORKLOAD;
  const GU = GATES[cell] * U;
  let o = 0;
  const take = (n: number): [number, number] => [o, (o += n)];
  const W = take(F * GU), R = take(U * GU), b = take(GU), Wd = take(U), bd = take(1);
  return { W, R, b, Wd, bd, total: o };
}

export function initParams(cell: BenchCell, params: Float32Array, seed = 7): void {
  const L = paramLayout(cell);
  const rng = new Rng(seed);
  const { features: F, units: U } = WORKLOAD;
  const GU = GATES[cell] * U;
  const fill = ([a, b]: [number, number], scale: number): void => {
    for (let i = a; i < b; i++) params[i] = rng.uniform(-scale, scale);
  };
  fill(L.W, Math.sqrt(6 / (F + GU)));
  fill(L.R, Math.sqrt(6 / (U + GU)));
  fill(L.Wd, Math.sqrt(6 / (U + 1)));
  if (cell === 'lstm') for (let j = 0; j < U; j++) params[L.b[0] + U + j] = 1; // forget bias
}

export class FusedTrainer {
  readonly kernels: FusedKernels;
  private readonly layer: FusedRecurrentLayer;
  private readonly L: ParamLayout;

  constructor(
    readonly cell: BenchCell,
    readonly batch: number,
    kernels?: FusedKernels,
  ) {
    this.kernels = kernels ?? loadKernels();
    this.L = paramLayout(cell);
    this.layer = this.kernels.createLayer({ cell, batch, steps: WORKLOAD.steps, features: WORKLOAD.features, units: WORKLOAD.units });
  }

  private forwardLayer(p: Float32Array, x: Float32Array): void {
    const s = (r: [number, number]): Float32Array => p.subarray(r[0], r[1]);
    this.layer.forward({ x, kernel: s(this.L.W), recurrentKernel: s(this.L.R), bias: s(this.L.b) });
  }

  /** Predictions [B] (inference). */
  predict(p: Float32Array, x: Float32Array): Float32Array {
    this.forwardLayer(p, x);
    const h = this.layer.lastHidden();
    return this.dense(p, h);
  }

  private dense(p: Float32Array, h: Float32Array): Float32Array {
    const U = WORKLOAD.units;
    const out = new Float32Array(this.batch);
    for (let b = 0; b < this.batch; b++) {
      let v = p[this.L.bd[0]]!;
      for (let j = 0; j < U; j++) v += h[b * U + j]! * p[this.L.Wd[0] + j]!;
      out[b] = v;
    }
    return out;
  }

  /**
   * Gradient of the batch-mean MSE into `grad` (same layout as params); returns the loss.
   * `scale` multiplies the gradient (the two-thread variant averages two half batches).
   */
  gradient(p: Float32Array, batch: Batch, grad: Float32Array, scale = 1): number {
    const U = WORKLOAD.units;
    const B = this.batch;
    this.forwardLayer(p, batch.x);
    const h = this.layer.lastHidden();
    const yhat = this.dense(p, h);
    let loss = 0;
    const dhT = new Float32Array(B * U);
    grad.fill(0);
    const [wd, bd] = [this.L.Wd[0], this.L.bd[0]];
    for (let b = 0; b < B; b++) {
      const e = yhat[b]! - batch.y[b]!;
      loss += e * e;
      const dy = ((2 * e) / B) * scale;
      grad[bd] = grad[bd]! + dy;
      for (let j = 0; j < U; j++) {
        grad[wd + j] = grad[wd + j]! + h[b * U + j]! * dy;
        dhT[b * U + j] = p[wd + j]! * dy;
      }
    }
    const g = this.layer.backward({ dhT, inputGrad: false });
    grad.set(g.dKernel, this.L.W[0]);
    grad.set(g.dRecurrentKernel, this.L.R[0]);
    grad.set(g.dBias, this.L.b[0]);
    return loss / B;
  }
}

export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    n: number,
    private readonly lr = WORKLOAD.learningRate,
    private readonly b1 = 0.9,
    private readonly b2 = 0.999,
    private readonly eps = 1e-7,
  ) {
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
  }

  step(p: Float32Array, g: Float32Array): void {
    this.t++;
    const { b1, b2, m, v } = this;
    const a = (this.lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      p[i] = p[i]! - (a * m[i]!) / (Math.sqrt(v[i]!) + this.eps);
    }
  }
}
