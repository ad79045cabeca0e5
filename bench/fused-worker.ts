/** The second thread of fused-2t.ts: gradient of its half batch into shared memory, per step. */

import { parentPort, workerData } from 'worker_threads';
import { FusedTrainer } from './fused-train';
import { sharedViews } from './fused-2t';
import { WORKLOAD, type Batch, type BenchCell } from './workload';

const data = workerData as { cell: BenchCell; sab: SharedArrayBuffer; P: number; batches: Batch[] };
const { ctl, params, grad, loss } = sharedViews(data.sab, data.P);
const trainer = new FusedTrainer(data.cell, WORKLOAD.batch / 2);
parentPort!.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  const n = Atomics.load(ctl, 0);
  if (n < 0) break;
  if (n === seen) continue;
  seen = n;
  loss[0] = trainer.gradient(params, data.batches[Atomics.load(ctl, 2)]!, grad, 0.5);
  Atomics.store(ctl, 1, n);
  Atomics.notify(ctl, 1);
}
