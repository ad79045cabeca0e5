/**
 * What travels through the queue. A job is one sweep point; its BullMQ jobId is the point's config
 * hash (src/core/sweep/points.ts), so the same point submitted twice (a rerun, a reconnecting
 * submitter, two sweeps sharing a point) is one job. Plain JSON both ways.
 */
import type { RunSummary } from '../events';

export interface PointJobData {
  /** configHash of the resolved config: the point's identity and the jobId. */
  hash: string;
  sweepId: string;
  /** 1-based position in the submitter's grid and the swept values (for tags and tables). */
  index: number;
  values: Record<string, unknown>;
  label: string;
  /** The point's resolved config (config.yaml text): workers need no copy of the experiment file or its `extends` chain. */
  resolvedYaml: string;
  /** The Sequence Lab version of the submitter: a worker that resolves the YAML differently says so. */
  version: string;
  submittedAt: string;
}

export interface PointJobResult {
  hash: string;
  /** Only completed points are results; failures fail the job (retried when it is worth it). */
  status: 'completed';
  runId: string;
  /** Host and pid of the worker that trained the counted run. */
  host: string;
  pid: number;
  summary?: RunSummary;
  seconds: number;
  /** True when the point was already done (its marker existed) and nothing was trained. */
  reused?: boolean;
  /** Set when this attempt also finished a run but another finisher had claimed the point first. */
  duplicateRunId?: string;
}

/** Progress a worker reports while a point trains (job.updateProgress → QueueEvents 'progress'). */
export interface PointProgress {
  runId?: string;
  host: string;
  epoch?: number;
  epochs?: number;
  valLoss?: number;
}

/** Job options every point gets: retries with exponential backoff, results kept for reconnecting submitters. */
export const POINT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 3000 },
  removeOnComplete: { age: 14 * 24 * 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;
