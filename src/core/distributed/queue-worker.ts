/**
 * `seqlab worker`'s engine: a BullMQ Worker on the sweep queue whose processor hands each point to
 * processPoint (training happens in a child process, so this event loop stays free to renew locks).
 *
 * Stalls: a worker that dies (SIGKILL, power loss) stops renewing its job locks; after `lockMs` the
 * lock expires and the next stalled check (every `stalledMs`, run by any live worker) puts the job
 * back on the queue. `maxStalledCount` 3 lets a point survive several dead workers before it fails.
 */
import * as os from 'node:os';
import type { Job } from 'bullmq';
import { connectionOptions, loadBullMQ } from './connection';
import type { PointJobData, PointJobResult } from './jobs';
import { PermanentPointError, processPoint, type RunPointInChild } from './process-point';
import type { QueueTarget } from './queue-target';
import { watchConnection } from './watch-connection';

export interface QueueWorkerOptions {
  target: QueueTarget;
  queueName: string;
  root: string;
  concurrency: number;
  runPoint: RunPointInChild;
  /** How long a job's lock lives without renewal (BullMQ lockDuration; renewed every half of it). */
  lockMs?: number;
  /** How often stalled jobs are looked for (BullMQ stalledInterval). */
  stalledMs?: number;
  log: (line: string) => void;
  onJobStart?: (data: PointJobData, job: { id: string; attempt: number }) => void;
  onJobEnd?: (data: PointJobData, outcome: { result?: PointJobResult; error?: string; permanent?: boolean }) => void;
}

export interface QueueWorkerHandle {
  /** Points being trained right now. */
  running(): number;
  /** Stop taking points; with `now`, stop the running ones too (they go back to the queue). */
  close(now?: boolean): Promise<void>;
}

export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_STALLED_MS = 15_000;

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const { Worker, UnrecoverableError } = await loadBullMQ();
  const running = new Map<string, AbortController>();
  const processor = async (job: Job<PointJobData, PointJobResult>): Promise<PointJobResult> => {
    const id = job.id ?? job.data.hash;
    const attempt = job.attemptsMade + 1;
    const ac = new AbortController();
    running.set(id, ac);
    o.onJobStart?.(job.data, { id, attempt });
    try {
      const result = await processPoint(job.data, {
        root: o.root,
        runPoint: o.runPoint,
        signal: ac.signal,
        jobId: id,
        attempt,
        onProgress: (p) => void job.updateProgress({ ...p }).catch(() => undefined),
        log: o.log,
      });
      o.onJobEnd?.(job.data, { result });
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentPointError;
      o.onJobEnd?.(job.data, { error: message, permanent });
      throw permanent ? new UnrecoverableError(message) : err;
    } finally {
      running.delete(id);
    }
  };
  const lockDuration = o.lockMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker<PointJobData, PointJobResult>(o.queueName, processor, {
    connection: connectionOptions(o.target),
    concurrency: o.concurrency,
    lockDuration,
    stalledInterval: o.stalledMs ?? DEFAULT_STALLED_MS,
    maxStalledCount: 3,
    skipVersionCheck: true,
    name: `${os.hostname()}:${process.pid}`,
    autorun: false,
  });
  watchConnection('worker', worker, worker.client, o.target, o.log);
  void worker.run().catch((err: unknown) => o.log(`worker: stopped taking points: ${err instanceof Error ? err.message : String(err)}`));
  await worker.waitUntilReady();
  return {
    running: () => running.size,
    close: async (now = false) => {
      if (now) {
        // The children stop their runs (marked `stopped`); the jobs fail this attempt and are retried.
        for (const ac of running.values()) ac.abort(new Error('the worker is shutting down'));
      }
      await worker.close(now);
    },
  };
}
