/**
 * What a queue worker does with one point (one BullMQ job), free of BullMQ so it is unit-tested
 * without Redis:
 *
 * 1. If the point's marker exists, it is done: return the counted run (nothing is trained).
 * 2. Write the job's resolved config to `<root>/.seqlab/queue/<hash>.seqlab.yaml`, load it and check
 *    its hash is the job's (a worker of another version that resolves configs differently would
 *    train something else under the same identity).
 * 3. Train it through `runPoint` (a child process: the worker's event loop must stay free to renew
 *    its BullMQ lock, or the job is declared stalled and handed to another worker).
 * 4. Completed → claim the marker (O_EXCL). The winner tags its run as the sweep point; a loser marks
 *    its run `duplicateOf` the winner's and returns the winner's result.
 *
 * Failures: a deterministic one (bad config, a run that ended `failed`, e.g. NaN loss) throws
 * PermanentPointError (no retry); anything else (the child crashed, was stopped, the disk refused)
 * throws a plain Error, which BullMQ retries with backoff.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatConfigError, loadExperiment } from '../config';
import type { RunSummary, TrainEvent } from '../events';
import { FILES, SEQLAB_DIR, runsDirOf, writeFileAtomic, writeJsonAtomic } from '../runs';
import { configHash, tagRun } from '../sweep';
import type { PointJobData, PointJobResult, PointProgress } from './jobs';
import { claimPoint, readMarker, type PointMarker } from './markers';

/** How one point's run ended, as seen from outside the child that trained it. */
export interface ChildOutcome {
  status: 'completed' | 'failed' | 'stopped' | 'invalid';
  /** True when the run itself reported its end (a result), false when the child died without one. */
  ended: boolean;
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  error?: string;
}

export interface RunPointRequest {
  file: string;
  root: string;
  signal: AbortSignal;
  onEvent: (ev: TrainEvent) => void;
}
export type RunPointInChild = (req: RunPointRequest) => Promise<ChildOutcome>;

export interface ProcessContext {
  /** The runs root every worker shares (`--runs-dir`). */
  root: string;
  runPoint: RunPointInChild;
  signal?: AbortSignal;
  jobId?: string;
  attempt?: number;
  onProgress?: (p: PointProgress) => void;
  log?: (line: string) => void;
}

/** A failure that would repeat on every attempt: BullMQ must not retry it. */
export class PermanentPointError extends Error {}

export async function processPoint(data: PointJobData, ctx: ProcessContext): Promise<PointJobResult> {
  const t0 = Date.now();
  const done = readMarker(ctx.root, data.hash);
  if (done) return reuse(ctx.root, data, done, t0);

  const file = writeJobConfig(ctx.root, data);
  const loaded = loadExperiment(file);
  if (!loaded.ok) throw new PermanentPointError(`point ${data.label}: ${loaded.errors.map((e) => formatConfigError(e)).join('; ')}`);
  const hash = configHash(loaded.config);
  if (hash !== data.hash) {
    throw new PermanentPointError(
      `point ${data.label}: this worker resolves the config to hash ${hash}, the submitter to ${data.hash}; run the same Sequence Lab version (submitter ${data.version}) on every machine`,
    );
  }

  const host = os.hostname();
  let epochs: number | undefined;
  let runId: string | undefined;
  const out = await ctx.runPoint({
    file,
    root: ctx.root,
    signal: ctx.signal ?? new AbortController().signal,
    onEvent: (ev) => {
      if (ev.type === 'start') {
        epochs = ev.epochs;
        runId = ev.runId;
        ctx.onProgress?.({ runId, host, epoch: 0, epochs });
      } else if (ev.type === 'epoch') {
        ctx.onProgress?.({ runId, host, epoch: ev.epoch, epochs, ...(ev.valLoss !== undefined ? { valLoss: ev.valLoss } : {}) });
      }
    },
  });
  const where = out.runId ? ` (run ${out.runId})` : '';
  if (out.status !== 'completed' || !out.runId || !out.runDir) {
    const why = `point ${data.label}${where} ${out.status}: ${out.error ?? 'no reason given'}`;
    if (out.ended && (out.status === 'failed' || out.status === 'invalid')) throw new PermanentPointError(why);
    throw new Error(why);
  }

  const claim = claimPoint(ctx.root, { hash: data.hash, runId: out.runId, sweepId: data.sweepId, ...(ctx.jobId ? { jobId: ctx.jobId } : {}), ...(ctx.attempt ? { attempt: ctx.attempt } : {}) });
  if (claim.claimed) {
    tagRun(out.runDir, { id: data.sweepId, point: data.hash, index: data.index, values: data.values });
    return { hash: data.hash, status: 'completed', runId: out.runId, host, pid: process.pid, ...(out.summary ? { summary: out.summary } : {}), seconds: secondsSince(t0) };
  }
  // Someone finished this point first: keep our run for inspection, but it does not count.
  const winner = await settledMarker(ctx.root, data.hash, claim.existing);
  markDuplicate(out.runDir, data.hash, winner.runId);
  ctx.log?.(`point ${data.label}: already completed by run ${winner.runId || '?'} on ${winner.host}; run ${out.runId} marked as a duplicate`);
  return { ...(await reuse(ctx.root, data, winner, t0)), reused: false, duplicateRunId: out.runId };
}

/** The result of a point whose marker exists; re-tags its run if the winner died between claim and tag. */
async function reuse(root: string, data: PointJobData, marker: PointMarker, t0: number): Promise<PointJobResult> {
  const m = await settledMarker(root, data.hash, marker);
  const runDir = m.runId ? path.join(runsDirOf(root), m.runId) : undefined;
  const meta = runDir ? readJson<{ sweep?: unknown }>(path.join(runDir, FILES.meta)) : undefined;
  if (runDir && meta && !meta.sweep) tagRun(runDir, { id: data.sweepId, point: data.hash, index: data.index, values: data.values });
  const summary = runDir ? readJson<RunSummary>(path.join(runDir, FILES.summary)) : undefined;
  return { hash: data.hash, status: 'completed', runId: m.runId, host: m.host, pid: m.pid, ...(summary ? { summary } : {}), seconds: secondsSince(t0), reused: true };
}

/** A marker read while its creator is still writing it has no run id yet: give it a moment. */
async function settledMarker(root: string, hash: string, first: PointMarker | undefined): Promise<PointMarker> {
  let m = first;
  for (let i = 0; i < 20 && (!m || !m.runId); i++) {
    await new Promise((r) => setTimeout(r, 100));
    m = readMarker(root, hash) ?? m;
  }
  return m ?? { hash, runId: '', sweepId: '', host: '?', pid: 0, at: '' };
}

export function jobConfigPath(root: string, hash: string): string {
  return path.join(root, SEQLAB_DIR, 'queue', `${hash}.seqlab.yaml`);
}

function writeJobConfig(root: string, data: PointJobData): string {
  const file = jobConfigPath(root, data.hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, data.resolvedYaml);
  return file;
}

function markDuplicate(runDir: string, point: string, runId: string): void {
  const file = path.join(runDir, FILES.meta);
  const meta = readJson<Record<string, unknown>>(file);
  if (!meta) return;
  const { sweep: _sweep, ...rest } = meta;
  writeJsonAtomic(file, { ...rest, duplicateOf: { point, runId } });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function secondsSince(t0: number): number {
  return Math.round((Date.now() - t0) / 100) / 10;
}
