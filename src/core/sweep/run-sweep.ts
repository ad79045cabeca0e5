/**
 * `runSweep`: every point of a sweep as an ordinary run (same run folders as `seqlab train`),
 * one after another in this process, or N at a time as child `seqlab train --json` processes.
 *
 * - Each finished run's meta.json is tagged `sweep: {id, point, index, values}`; a rerun of the same
 *   file skips every point whose resolved-config hash already has a COMPLETED run in the runs root
 *   (failed or stopped points run again).
 * - A point that fails (bad value, data error, NaN, a crash of its child process) is recorded as
 *   failed and the sweep goes on.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigError } from '../config';
import type { RunSummary, TrainEvent } from '../events';
import { FILES, findRunsRoot, runsDirOf, writeJsonAtomic, type RunMeta } from '../runs';
import { loadPoint, planSweep } from './plan';
import type { SweepPoint } from './points';

export interface PointResult {
  point: SweepPoint;
  /** configHash of the point's resolved config ('' when it did not load). */
  hash: string;
  status: 'completed' | 'failed' | 'stopped' | 'invalid' | 'skipped';
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  error?: string;
  seconds: number;
}

/** meta.json's `sweep` field (RunMeta.sweep). */
export type SweepTag = NonNullable<RunMeta['sweep']>;

export interface RunPointRequest {
  file: string;
  overrides: string[];
  root: string;
  signal?: AbortSignal;
}
export interface RunPointOutcome {
  status: 'completed' | 'failed' | 'stopped' | 'invalid';
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  error?: string;
}

export interface SweepOptions {
  configPath: string;
  cwd?: string;
  runsDir?: string;
  /** `--set` overrides applied to every point (before the point's own values). */
  overrides?: string[];
  /** Points at a time; > 1 runs child processes (each with one kernel thread). */
  parallel?: number;
  random?: { count: number; seed: number };
  signal?: AbortSignal;
  onPlan?: (plan: { sweepId: string; root: string; points: SweepPoint[] }) => void;
  onPoint?: (r: PointResult) => void;
  /** Replaces how one point is trained (tests). */
  runPoint?: (req: RunPointRequest) => Promise<RunPointOutcome>;
}

export type SweepResult =
  | { ok: true; sweepId: string; root: string; file: string; results: PointResult[] }
  | { ok: false; configErrors: ConfigError[] };

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const cwd = o.cwd ?? process.cwd();
  const plan = planSweep({ configPath: o.configPath, overrides: o.overrides, random: o.random, cwd });
  if (!plan.ok) return plan;
  const { base, points, sweepId } = plan;
  const root = findRunsRoot(base.file, { runsDir: o.runsDir, cwd });
  o.onPlan?.({ sweepId, root, points });
  const done = completedPoints(root);
  // No in-process default: that would pull the trainer (and tfjs) into every bundle that imports the
  // sweep, the extension host's included. The CLI passes runPointInProcess (./run-point-in-process).
  const runPoint = o.runPoint ?? runPointInChild;

  const results: PointResult[] = new Array(points.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < points.length && !o.signal?.aborted) {
      const i = next++;
      const point = points[i] as SweepPoint;
      const r = await runOne(point);
      results[i] = r;
      o.onPoint?.(r);
    }
  };
  const runOne = async (point: SweepPoint): Promise<PointResult> => {
    const t0 = Date.now();
    const p = loadPoint(base.file, o.overrides ?? [], point, cwd);
    if (!p.ok) return p.invalid;
    const { hash, overrides } = p;
    const prior = done.get(hash);
    if (prior) return { point, hash, status: 'skipped', runId: path.basename(prior.runDir), runDir: prior.runDir, summary: prior.summary, seconds: 0 };
    let out: RunPointOutcome;
    try {
      out = await runPoint({ file: base.file, overrides, root, signal: o.signal });
    } catch (err) {
      out = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
    if (out.runDir) tagRun(out.runDir, { id: sweepId, point: hash, index: point.index, values: point.values });
    return { point, hash, ...out, seconds: (Date.now() - t0) / 1000 };
  };
  const n = Math.max(1, Math.min(o.parallel ?? 1, points.length));
  await Promise.all(Array.from({ length: n }, worker));
  return { ok: true, sweepId, root, file: base.file, results: results.filter(Boolean) };
}

/** Completed runs in the root that carry a sweep tag, by point hash. */
export function completedPoints(root: string): Map<string, { runDir: string; summary?: RunSummary }> {
  const out = new Map<string, { runDir: string; summary?: RunSummary }>();
  const dir = runsDirOf(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const runDir = path.join(dir, name);
    const meta = readJson(path.join(runDir, FILES.meta)) as { status?: string; sweep?: SweepTag } | undefined;
    if (!meta?.sweep?.point || meta.status !== 'completed') continue;
    const summary = readJson(path.join(runDir, FILES.summary)) as RunSummary | undefined;
    out.set(meta.sweep.point, { runDir, ...(summary ? { summary } : {}) });
  }
  return out;
}

/** Adds the sweep tag to a finished run's meta.json (the recorder has closed it). */
export function tagRun(runDir: string, tag: SweepTag): void {
  const file = path.join(runDir, FILES.meta);
  const meta = readJson(file);
  if (meta && typeof meta === 'object') writeJsonAtomic(file, { ...(meta as object), sweep: tag });
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The CLI entry to fork: the bundle beside this code (dist/cli.js) or the TypeScript source. */
function cliEntry(): { entry: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'cli.js');
  if (fs.existsSync(bundled)) return { entry: bundled, execArgv: [] };
  return { entry: path.resolve(__dirname, '../../cli/main.ts'), execArgv: process.execArgv.length ? process.execArgv : ['--import', 'tsx'] };
}

/** One point as a child `seqlab train --json` (a crash there cannot take the sweep down). */
export function runPointInChild(req: RunPointRequest): Promise<RunPointOutcome> {
  const { entry, execArgv } = cliEntry();
  const args = [...execArgv, entry, 'train', req.file, '--json', '--runs-dir', req.root, ...req.overrides.flatMap((s) => ['--set', s])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, SEQLAB_KERNEL_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = (): void => void child.kill('SIGINT');
    req.signal?.addEventListener('abort', onAbort);
    let buf = '';
    let stderr = '';
    const out: RunPointOutcome = { status: 'failed' };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let ev: TrainEvent;
        try {
          ev = JSON.parse(line) as TrainEvent;
        } catch {
          continue;
        }
        if (ev.type === 'start') {
          out.runId = ev.runId;
          out.runDir = ev.runDir;
        } else if (ev.type === 'end') {
          out.status = ev.status;
          out.summary = ev.summary;
          if (ev.error) out.error = ev.error.message;
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString('utf8')).slice(-4000)));
    child.on('close', (code) => {
      req.signal?.removeEventListener('abort', onAbort);
      if (code === 2 && !out.runDir) out.status = 'invalid';
      if (!out.summary && !out.error) out.error = stderr.trim() || `seqlab train exited with code ${code}`;
      resolve(out);
    });
  });
}
