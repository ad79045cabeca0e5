/**
 * The fused kernel with the batch split over two threads (this one and one worker_thread), the
 * gradients averaged, one Adam update: the "both cores" variant. Parameters and the
 * worker's gradient live in a SharedArrayBuffer; the threads hand over with Atomics.wait/notify,
 * so there is no message per step.
 */

import { Worker } from 'worker_threads';
import * as path from 'path';
import { Adam, FusedTrainer, paramLayout } from './fused-train';
import { WORKLOAD, type Batch, type BenchCell } from './workload';

/** ctl[0]: step number posted by the main thread (−1: stop); ctl[1]: step the worker finished; ctl[2]: batch index */
export const CTL_INTS = 4;

export function sharedViews(sab: SharedArrayBuffer, P: number): { ctl: Int32Array; params: Float32Array; grad: Float32Array; loss: Float32Array } {
  return {
    ctl: new Int32Array(sab, 0, CTL_INTS),
    params: new Float32Array(sab, CTL_INTS * 4, P),
    grad: new Float32Array(sab, CTL_INTS * 4 + P * 4, P),
    loss: new Float32Array(sab, CTL_INTS * 4 + 2 * P * 4, 1),
  };
}

export function halves(batches: Batch[], from: number, to: number): Batch[] {
  const T = WORKLOAD.steps;
  return batches.map((b) => ({ x: b.x.slice(from * T, to * T), y: b.y.slice(from, to) }));
}

export class TwoThreadTrainer {
  private readonly worker: Worker;
  private readonly views: ReturnType<typeof sharedViews>;
  private readonly own: FusedTrainer;
  private readonly ownBatches: Batch[];
  private readonly ownGrad: Float32Array;
  private readonly adam: Adam;
  private stepNo = 0;

  static async create(cell: BenchCell, batches: Batch[], init: Float32Array): Promise<TwoThreadTrainer> {
    const t = new TwoThreadTrainer(cell, batches, init);
    await new Promise<void>((resolve, reject) => {
      t.worker.once('message', () => resolve());
      t.worker.once('error', reject);
    });
    return t;
  }

  private constructor(cell: BenchCell, batches: Batch[], init: Float32Array) {
    const P = paramLayout(cell).total;
    const half = WORKLOAD.batch / 2;
    const sab = new SharedArrayBuffer(CTL_INTS * 4 + 2 * P * 4 + 16);
    this.views = sharedViews(sab, P);
    this.views.params.set(init);
    this.own = new FusedTrainer(cell, half);
    this.ownBatches = halves(batches, 0, half);
    this.ownGrad = new Float32Array(P);
    this.adam = new Adam(P);
    this.worker = new Worker(path.join(__dirname, 'fused-worker-boot.js'), {
      workerData: { cell, sab, P, batches: halves(batches, half, WORKLOAD.batch) },
    });
  }

  get variant(): string {
    return this.own.kernels.variant;
  }

  /** One training step on batch k (both halves); returns the mean loss. */
  step(k: number): number {
    const { ctl, params, grad, loss } = this.views;
    const n = ++this.stepNo;
    Atomics.store(ctl, 2, k);
    Atomics.store(ctl, 0, n);
    Atomics.notify(ctl, 0);
    const l0 = this.own.gradient(params, this.ownBatches[k]!, this.ownGrad, 0.5);
    while (Atomics.load(ctl, 1) !== n) Atomics.wait(ctl, 1, n - 1);
    const g = this.ownGrad;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! + grad[i]!;
    this.adam.step(params, g);
    return (l0 + loss[0]!) / 2;
  }

  async close(): Promise<void> {
    Atomics.store(this.views.ctl, 0, -1);
    Atomics.notify(this.views.ctl, 0);
    await this.worker.terminate();
  }
}
