/**
 * Typed IPC messages between the extension host (parent) and the training worker (a forked Node
 * child process running dist/worker.js). Plain JSON only: everything crosses `process.send`.
 *
 * Flow: parent → {type:'start'} once; the child streams {type:'event'} (TrainEvents in order) and
 * ends with exactly one {type:'result'}, then disconnects and exits. Parent → {type:'stop'} at any
 * time asks for a clean stop (the run is marked `stopped`); a lost IPC channel means the same.
 *
 * Imports only types and stays free of tfjs and vscode.
 */

import type { BackendName, KernelChoice } from '../core/config/types';
import type { RunErrorInfo, RunSummary, TrainEvent } from '../core/events';
import type { ReproduceResult } from '../core/reproduce';

/** What the worker passes on to runExperiment (RunExperimentOptions minus the callbacks). */
export interface WorkerStartOptions {
  configPath: string;
  overrides?: string[];
  runsDir?: string;
  backend?: BackendName;
  kernel?: KernelChoice;
  tfjsNodePath?: string;
  /** Where the tfjs wasm files are; defaults to the folder of the worker bundle. */
  wasmDir?: string;
}

/** A config problem as the core reports it (ConfigError of src/core/config, structurally). */
export interface WorkerConfigError {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  key: string;
  message: string;
  fix?: string;
  severity: 'error' | 'warning';
}

/** RunExperimentResult, structurally (so this file never pulls in the engine). */
export interface WorkerRunResult {
  exitCode: 0 | 1 | 2;
  status: 'completed' | 'stopped' | 'failed' | 'invalid';
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  configErrors?: WorkerConfigError[];
  error?: RunErrorInfo;
}

/** `resume` (seqlab.resumeRun): continue a stopped run in its own folder from its checkpoint. */
export interface WorkerResumeOptions {
  runDir: string;
  backend?: BackendName;
  tfjsNodePath?: string;
  wasmDir?: string;
}

/** `reproduce` (seqlab.reproduceRun): rerun a run's recorded config, seed, backend and kernel path into a new run. */
export interface WorkerReproduceOptions {
  runDir: string;
  runsDir?: string;
  tfjsNodePath?: string;
  wasmDir?: string;
}

/** ReproduceResult of src/core/reproduce without the new run's result (that arrives as `result`). */
export type WorkerReproduceReport = Omit<ReproduceResult, 'run'>;

/**
 * One worker runs one request: `start` (train an experiment file), `resume` or `reproduce` (both
 * start from a run folder); each streams events and ends with one `result`.
 */
export type ParentToWorker =
  | { type: 'start'; options: WorkerStartOptions }
  | { type: 'resume'; options: WorkerResumeOptions }
  | { type: 'reproduce'; options: WorkerReproduceOptions }
  | { type: 'stop'; reason?: string };

export type WorkerToParent =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; result: WorkerRunResult }
  /** After a `reproduce` request, just before its `result`: identical / first differing step. */
  | { type: 'reproduced'; report: WorkerReproduceReport }
  /** The worker failed outside runExperiment (bad start message, crash in set-up). */
  | { type: 'fatal'; message: string; stack?: string };

export function isParentToWorker(x: unknown): x is ParentToWorker {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  if (t === 'stop') return true;
  const o = (x as { options?: { configPath?: unknown; runDir?: unknown } }).options;
  if (typeof o !== 'object' || o === null) return false;
  if (t === 'resume' || t === 'reproduce') return typeof o.runDir === 'string';
  return t === 'start' && typeof o.configPath === 'string';
}

export function isWorkerToParent(x: unknown): x is WorkerToParent {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  return t === 'event' || t === 'result' || t === 'fatal' || t === 'reproduced';
}
