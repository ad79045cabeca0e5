/**
 * `seqlab sweep FILE --queue URL`'s engine: resolve every point, put each on the BullMQ queue with
 * jobId = its config hash, then follow the results as they come back.
 *
 * Nothing depends on this process staying alive: jobs, their attempts and their results live in
 * Redis. Running the same command again (after a crash, a closed laptop, `--detach`) adds nothing
 * new (same jobIds), re-queues points whose job failed for good, and collects every result: those
 * already finished at once, the rest as they arrive. While following, QueueEvents brings results live
 * and a periodic check of every pending job's state covers anything missed while disconnected.
 */
import type { ConfigError } from '../config';
import { loadPoint, planSweep, type PointResult, type SweepPoint } from '../sweep';
import { connectionOptions, loadBullMQ } from './connection';
import { POINT_JOB_OPTIONS, type PointJobData, type PointJobResult, type PointProgress } from './jobs';
import type { QueueTarget } from './queue-target';
import { watchConnection } from './watch-connection';

export interface QueuedPointResult extends PointResult {
  /** Where the counted run was trained. */
  host?: string;
  /** The point was already done before this submission. */
  reused?: boolean;
}

export interface SubmitPlan {
  sweepId: string;
  file: string;
  points: SweepPoint[];
  /** Distinct jobs (points with equal resolved configs share one). */
  jobs: number;
  /** Jobs that were already in the queue (waiting, running or finished) before this submission. */
  existing: number;
}

export interface SubmitOptions {
  configPath: string;
  cwd?: string;
  overrides?: string[];
  random?: { count: number; seed: number };
  target: QueueTarget;
  queueName: string;
  /** Submit and return without following the results. */
  detach?: boolean;
  /** How often every pending job's state is checked besides the live events (ms). */
  pollMs?: number;
  signal?: AbortSignal;
  version?: string;
  onPlan?: (p: SubmitPlan) => void;
  onActive?: (point: SweepPoint) => void;
  onProgress?: (point: SweepPoint, p: PointProgress) => void;
  onPoint?: (r: QueuedPointResult) => void;
  log?: (line: string) => void;
}

export type SubmitResult =
  | { ok: true; sweepId: string; file: string; results: QueuedPointResult[]; detached: boolean; stopped: boolean }
  | { ok: false; configErrors: ConfigError[] };

interface PlannedJob {
  data: PointJobData;
  points: SweepPoint[];
}

export async function submitSweep(o: SubmitOptions): Promise<SubmitResult> {
  const cwd = o.cwd ?? process.cwd();
  const plan = planSweep({ configPath: o.configPath, overrides: o.overrides, random: o.random, cwd });
  if (!plan.ok) return plan;
  const { base, points, sweepId } = plan;

  // Resolve every point here: a bad value is reported now, not by a worker on another machine.
  const results = new Map<number, QueuedPointResult>();
  const jobs = new Map<string, PlannedJob>();
  const submittedAt = new Date().toISOString();
  for (const point of points) {
    const p = loadPoint(base.file, o.overrides ?? [], point, cwd);
    if (!p.ok) {
      results.set(point.index, p.invalid);
      continue;
    }
    const { loaded, hash } = p;
    const planned = jobs.get(hash);
    if (planned) planned.points.push(point);
    else {
      jobs.set(hash, {
        points: [point],
        data: { hash, sweepId, index: point.index, values: point.values, label: point.label, resolvedYaml: loaded.resolvedYaml, version: o.version ?? 'dev', submittedAt },
      });
    }
  }
  for (const r of results.values()) o.onPoint?.(r);

  const { Queue, QueueEvents } = await loadBullMQ();
  const log = o.log ?? (() => undefined);
  const queue = new Queue<PointJobData, PointJobResult>(o.queueName, { connection: connectionOptions(o.target), skipVersionCheck: true });
  // blockingTimeout: how long one XREAD waits; short, so close() does not wait 10 s for it.
  const events = new QueueEvents(o.queueName, { connection: connectionOptions(o.target), skipVersionCheck: true, blockingTimeout: 1000 });
  watchConnection('submitter', queue, queue.client, o.target, log);
  watchConnection('submitter events', events, events.client, o.target, log);
  const pending = new Set(jobs.keys());

  const finish = (hash: string, outcome: { result?: PointJobResult; error?: string; before?: boolean }): void => {
    if (outcome.result !== undefined && !outcome.result?.runId) outcome = { error: `the job's result is unreadable: ${JSON.stringify(outcome.result)}` };
    if (!pending.delete(hash)) return;
    for (const point of jobs.get(hash)?.points ?? []) {
      const r: QueuedPointResult = outcome.result
        ? {
            point,
            hash,
            status: 'completed',
            runId: outcome.result.runId,
            ...(outcome.result.summary ? { summary: outcome.result.summary } : {}),
            seconds: outcome.result.seconds,
            host: outcome.result.host,
            ...(outcome.result.reused || outcome.before ? { reused: true } : {}),
          }
        : { point, hash, status: 'failed', error: outcome.error ?? 'failed', seconds: 0 };
      results.set(point.index, r);
      o.onPoint?.(r);
    }
  };

  /** Looks at one job in Redis; re-adds it if Redis lost it (restarted without persistence, flushed). */
  /** `prior`: the job was in Redis before this submission (its outcome belongs to an earlier one). */
  const check = async (hash: string, prior: boolean): Promise<void> => {
    const job = await queue.getJob(hash);
    const planned = jobs.get(hash) as PlannedJob;
    if (!job) {
      await queue.add('point', planned.data, { ...POINT_JOB_OPTIONS, jobId: hash });
      return;
    }
    const state = await job.getState();
    // `job` is a snapshot taken before getState: a point that completed in between has no
    // returnvalue in it yet. Read the finished job again (BullMQ stores the result and the state together).
    if (state === 'completed') finish(hash, { result: parseResult((await queue.getJob(hash))?.returnvalue), before: prior });
    else if (state === 'failed') {
      if (prior) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      else finish(hash, { error: job.failedReason });
    }
  };

  let stopped = false;
  try {
    await events.waitUntilReady();
    events.on('completed', ({ jobId, returnvalue }) => {
      if (pending.has(jobId)) finish(jobId, { result: parseResult(returnvalue) });
    });
    // 'failed' also fires for attempts that will be retried: look at the state before calling it final.
    events.on('failed', ({ jobId }) => void (pending.has(jobId) ? check(jobId, false).catch(() => undefined) : undefined));
    events.on('active', ({ jobId }) => {
      if (pending.has(jobId)) for (const p of jobs.get(jobId)?.points ?? []) o.onActive?.(p);
    });
    events.on('progress', ({ jobId, data }) => {
      if (pending.has(jobId) && data && typeof data === 'object') for (const p of jobs.get(jobId)?.points ?? []) o.onProgress?.(p, data as unknown as PointProgress);
    });

    const fresh: string[] = [];
    for (const hash of jobs.keys()) if (!(await queue.getJob(hash))) fresh.push(hash);
    o.onPlan?.({ sweepId, file: base.file, points, jobs: jobs.size, existing: jobs.size - fresh.length });
    // Adding an existing jobId is a no-op in BullMQ, so a race with another submitter is harmless.
    for (const hash of fresh) await queue.add('point', (jobs.get(hash) as PlannedJob).data, { ...POINT_JOB_OPTIONS, jobId: hash });
    // A rerun re-queues points that failed for good, like a local sweep reruns failed points.
    // Jobs that were already there: report the finished ones, re-queue the failed ones. (A job
    // added just now may already have failed: that is this submission's result, not a rerun.)
    const added = new Set(fresh);
    for (const hash of [...pending]) await check(hash, !added.has(hash));

    if (!o.detach) {
      await new Promise<void>((resolve) => {
        const tick = (): void => {
          if (pending.size === 0 || o.signal?.aborted) {
            clearInterval(timer);
            o.signal?.removeEventListener('abort', tick);
            resolve();
          }
        };
        const timer = setInterval(() => {
          tick();
          void Promise.all([...pending].map((h) => check(h, false))).then(tick, () => undefined);
        }, o.pollMs ?? 3000);
        o.signal?.addEventListener('abort', tick);
        tick();
      });
      stopped = pending.size > 0;
    }
  } finally {
    await events.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
  const ordered = points.map((p) => results.get(p.index)).filter((r): r is QueuedPointResult => r !== undefined);
  return { ok: true, sweepId, file: base.file, results: ordered, detached: Boolean(o.detach), stopped };
}

function parseResult(v: unknown): PointJobResult {
  try {
    return (typeof v === 'string' ? JSON.parse(v) : v) as PointJobResult;
  } catch {
    return v as PointJobResult;
  }
}
