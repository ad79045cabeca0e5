/**
 * `reproduceRun`: train a run again from what it recorded (its resolved config.yaml with the seed,
 * the backend and kernel path meta.json says ran) into a NEW run folder beside it, then compare the
 * two metrics.jsonl files step by step. On the same path the records must be bit-for-bit equal; when
 * the recorded backend or kernel cannot load here (or the fused kernel's SIMD variant, the tfjs
 * version or the platform differ) it trains on what loads and compares within a tolerance, saying
 * why. `seqlab reproduce` and the extension's "Reproduce run" call this.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendName, KernelChoice } from '../config/types';
import type { OnEvent } from '../events';
import { preferRecordedKernelVariant, runExperiment, type RunExperimentResult } from '../run-experiment';
import { FILES, readJsonl, readMeta, RUNS_SUBDIR, runVersionProblem, SEQLAB_DIR, writeJsonAtomic, type RunMeta } from '../runs';
import { compareMetrics, type MetricDifference, type MetricsComparison, type MetricsRecord, type Tolerance } from './compare';

/** Used when the path differs: float32 rounding grows over training, so relative, not bitwise. */
export const DEFAULT_TOLERANCE: Tolerance = { relative: 1e-3, absolute: 1e-7 };

/** Written into the reproduction's run folder: what it reproduced and how that went. */
export const REPRODUCTION_FILE = 'reproduction.json';

export interface ReproduceOptions {
  /** The run folder to reproduce. */
  runDir: string;
  /** Runs root for the new run (default: the root the original run lives in). */
  runsDir?: string;
  /** Tolerance when the path differs (default DEFAULT_TOLERANCE). */
  tolerance?: Partial<Tolerance>;
  onEvent?: OnEvent;
  signal?: AbortSignal;
  tfjsNodePath?: string;
  wasmDir?: string;
}

/** The computation path of a run: what decides whether two runs can be bitwise equal. */
export interface ComputePath {
  backend: string;
  kernel: string;
  /** The fused kernel's SIMD variant ('relaxed SIMD' | 'SIMD128'), from its reason. */
  variant?: string;
  tfjs?: string;
  platform?: string;
}

export interface ReproduceResult {
  /** 0 reproduced (bitwise, or within the tolerance on another path); 1 differs or the rerun failed; 2 cannot start. */
  exitCode: 0 | 1 | 2;
  verdict: 'identical' | 'within-tolerance' | 'differs' | 'failed' | 'invalid';
  /** One line for people: "identical: 250 steps, bitwise". */
  message: string;
  original: { runId: string; runDir: string };
  recordedPath?: ComputePath;
  usedPath?: ComputePath;
  /** Why the rerun is not on the recorded path, and anything else that may explain a difference. */
  notes: string[];
  /** Undefined when the rerun compares bitwise (same path). */
  tolerance?: Tolerance;
  comparison?: MetricsComparison;
  /** The new run. */
  run?: RunExperimentResult;
}

export async function reproduceRun(o: ReproduceOptions): Promise<ReproduceResult> {
  const runDir = path.resolve(o.runDir);
  const original = { runId: path.basename(runDir), runDir };
  const configFile = path.join(runDir, FILES.config);
  const fail = (message: string): ReproduceResult => ({ exitCode: 2, verdict: 'invalid', message, original, notes: [] });
  if (!fs.existsSync(configFile)) return fail(`${runDir} is not a run folder (no ${FILES.config})`);
  const { meta } = readMeta(runDir);
  const versionProblem = runVersionProblem(meta);
  if (versionProblem) return fail(`run ${original.runId} was ${versionProblem.message}`);
  if (!meta.backend || !meta.kernel) return fail(`run ${original.runId} did not record its backend and kernel path (it failed before training started)`);
  const recordedPath = pathOf(meta);
  const notes: string[] = [];

  // The config's relative data paths are relative to the experiment file the run came from.
  const experimentFile = meta.configPath && fs.existsSync(meta.configPath) ? meta.configPath : undefined;
  if (meta.configPath && !experimentFile) notes.push(`the experiment file ${meta.configPath} is gone; relative data paths are read from the run folder`);
  const base = {
    configPath: configFile,
    dataDir: experimentFile ? path.dirname(experimentFile) : runDir,
    ...(experimentFile ? { experimentPath: experimentFile } : {}),
    runsDir: o.runsDir ?? rootOfRun(runDir),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.tfjsNodePath ? { tfjsNodePath: o.tfjsNodePath } : {}),
    ...(o.wasmDir ? { wasmDir: o.wasmDir } : {}),
  };
  const restoreEnv = preferRecordedKernelVariant(meta.kernel);
  let run: RunExperimentResult;
  try {
    run = await runOnBestPath(base, recordedPath, notes);
  } finally {
    restoreEnv();
  }
  if (run.status === 'invalid') {
    const why = run.error?.message ?? run.configErrors?.map((e) => `${e.key}: ${e.message}`).join('; ') ?? 'the config is invalid';
    return { ...fail(`cannot rerun ${original.runId}: ${why}`), recordedPath, notes, run };
  }
  const newDir = run.runDir as string;
  const newMeta = readMeta(newDir).meta;
  const usedPath = pathOf(newMeta);
  const pathDifferences = pathNotes(recordedPath, usedPath);
  notes.push(...pathDifferences);
  const samePath = pathDifferences.length === 0;
  if (meta.dataFingerprint && newMeta.dataFingerprint && newMeta.dataFingerprint !== meta.dataFingerprint) {
    notes.push(`the data differ from the recorded run's (fingerprint ${newMeta.dataFingerprint}, was ${meta.dataFingerprint})`);
  }
  const tolerance = samePath ? undefined : { ...DEFAULT_TOLERANCE, ...o.tolerance };

  const recorded = readJsonl<MetricsRecord>(path.join(runDir, FILES.metrics)).records;
  const reproduced = readJsonl<MetricsRecord>(path.join(newDir, FILES.metrics)).records;
  const comparison = compareMetrics(recorded, reproduced, tolerance);
  const result = verdictOf({ original, recordedPath, usedPath, notes, run, comparison, recordedStatus: meta.status, ...(tolerance ? { tolerance } : {}) });
  writeJsonAtomic(path.join(newDir, REPRODUCTION_FILE), {
    reproduces: original.runId,
    verdict: result.verdict,
    message: result.message,
    recordedPath,
    usedPath,
    notes,
    ...(tolerance ? { tolerance } : {}),
    comparison,
  });
  return result;
}

type RunBase = Omit<Parameters<typeof runExperiment>[0], 'backend' | 'kernel'>;

/**
 * The recorded backend and kernel; if one cannot load here, `auto` for it (with a note), so the
 * rerun still happens and is compared within a tolerance.
 */
async function runOnBestPath(base: RunBase, recorded: ComputePath, notes: string[]): Promise<RunExperimentResult> {
  let backend = recorded.backend as BackendName;
  let kernel = recorded.kernel as KernelChoice;
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await runExperiment({ ...base, backend, kernel });
    if (r.status !== 'invalid' || !r.error) return r;
    if (r.error.key === 'backend' && backend !== 'auto') {
      notes.push(`the recorded backend '${recorded.backend}' cannot load here (${r.error.message}); ran on what loads`);
      backend = 'auto';
    } else if (r.error.key === 'training.kernel' && kernel !== 'auto') {
      notes.push(`the recorded kernel path '${recorded.kernel}' cannot run here (${r.error.message}); ran on what runs`);
      kernel = 'auto';
    } else {
      return r;
    }
  }
  return runExperiment({ ...base, backend: 'auto', kernel: 'auto' });
}

function pathOf(meta: RunMeta): ComputePath {
  const variant = meta.kernel?.name === 'fused' ? /relaxed SIMD|SIMD128/.exec(meta.kernel.reason)?.[0] : undefined;
  return {
    backend: meta.backend?.name ?? 'unknown',
    kernel: meta.kernel?.name ?? 'unknown',
    ...(variant ? { variant } : {}),
    ...(meta.versions.tfjs ? { tfjs: meta.versions.tfjs } : {}),
    ...(meta.platform ? { platform: meta.platform } : {}),
  };
}

/** Everything that makes bit equality impossible (or not promised). */
function pathNotes(a: ComputePath, b: ComputePath): string[] {
  const notes: string[] = [];
  if (a.backend !== b.backend) notes.push(`backend differs: recorded ${a.backend}, here ${b.backend}`);
  if (a.kernel !== b.kernel) notes.push(`kernel path differs: recorded ${a.kernel}, here ${b.kernel}`);
  else if (a.variant !== b.variant) notes.push(`fused kernel variant differs: recorded ${a.variant ?? '?'}, here ${b.variant ?? '?'}`);
  if (a.tfjs && b.tfjs && a.tfjs !== b.tfjs) notes.push(`tfjs version differs: recorded ${a.tfjs}, here ${b.tfjs}`);
  if (a.platform && b.platform && a.platform !== b.platform) notes.push(`platform differs: recorded ${a.platform}, here ${b.platform}`);
  return notes;
}

/** `<root>` of `<root>/.seqlab/runs/<id>`; the run's parent folder when it lives elsewhere. */
function rootOfRun(runDir: string): string {
  const runs = path.dirname(runDir);
  if (path.basename(runs) === RUNS_SUBDIR && path.basename(path.dirname(runs)) === SEQLAB_DIR) return path.dirname(path.dirname(runs));
  return runs;
}

function verdictOf(x: {
  original: ReproduceResult['original'];
  recordedPath: ComputePath;
  usedPath: ComputePath;
  notes: string[];
  run: RunExperimentResult;
  comparison: MetricsComparison;
  recordedStatus: RunMeta['status'];
  tolerance?: Tolerance;
}): ReproduceResult {
  const { comparison: c, tolerance, run } = x;
  const common = { original: x.original, recordedPath: x.recordedPath, usedPath: x.usedPath, notes: x.notes, comparison: c, run, ...(tolerance ? { tolerance } : {}) };
  const counted = `${plural(c.steps, 'step')}${c.epochs ? `, ${plural(c.epochs, 'epoch')}` : ''}`;
  if (run.status !== 'completed' && run.status !== x.recordedStatus) {
    return { ...common, exitCode: 1, verdict: 'failed', message: `the rerun ${run.status}${run.error ? `: ${run.error.message}` : ''} (run ${run.runId})` };
  }
  if (c.steps === 0) return { ...common, exitCode: 1, verdict: 'differs', message: 'nothing to compare: one of the runs has no step records' };
  // A recorded run that was stopped early is compared over what it recorded; the rerun going on is expected.
  const extraIsExpected = x.recordedStatus !== 'completed' && c.recordedOnly === 0;
  const lengths = (c.recordedOnly || c.reproducedOnly) && !extraIsExpected ? `; the recorded run has ${c.recordedOnly} more and the rerun ${c.reproducedOnly} more records` : '';
  const over = extraIsExpected && c.reproducedOnly ? ` (the recorded run ${x.recordedStatus} there; the rerun went on)` : '';
  if (c.bitwise && !lengths) return { ...common, exitCode: 0, verdict: 'identical', message: `identical: ${counted}, bitwise${over}` };
  if (!tolerance) {
    const d = c.firstDifference;
    return { ...common, exitCode: 1, verdict: 'differs', message: d ? `differs on the same path: ${describeDifference(d)} (bitwise expected)${lengths}` : `differs: ${counted} equal${lengths}` };
  }
  const tol = `relative ${tolerance.relative}, absolute ${tolerance.absolute}`;
  const first = c.firstDifference ? `; first difference ${describeDifference(c.firstDifference)}` : '';
  if (!c.firstBeyondTolerance && !lengths) {
    return { ...common, exitCode: 0, verdict: 'within-tolerance', message: `within tolerance (${tol}): ${counted}${over}${first}; largest relative difference ${fmt(c.largest?.relDiff ?? 0)}` };
  }
  const beyond = c.firstBeyondTolerance ? `: ${describeDifference(c.firstBeyondTolerance)} exceeds the tolerance (${tol})` : ` (${tol})`;
  return { ...common, exitCode: 1, verdict: 'differs', message: `differs${beyond}${lengths}` };
}

/** "step 17 (epoch 1) loss: recorded 0.3012, rerun 0.3013 (abs 1.2e-4, rel 4.0e-4)". */
export function describeDifference(d: MetricDifference): string {
  const where = d.type === 'step' ? `step ${d.step} (epoch ${d.epoch})` : `epoch ${d.epoch} record`;
  const nums = Number.isFinite(d.absDiff) ? ` (abs ${fmt(d.absDiff)}, rel ${fmt(d.relDiff)})` : '';
  return `${where} ${d.field}: recorded ${String(d.recorded)}, rerun ${String(d.reproduced)}${nums}`;
}

function fmt(v: number): string {
  return v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
