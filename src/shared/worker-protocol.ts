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

export type ParentToWorker = { type: 'start'; options: WorkerStartOptions } | { type: 'stop'; reason?: string };

export type WorkerToParent =
  | { type: 'event'; event: TrainEvent }
  | { type: 'result'; result: WorkerRunResult }
  /** The worker failed outside runExperiment (bad start message, crash in set-up). */
  | { type: 'fatal'; message: string; stack?: string };

export function isParentToWorker(x: unknown): x is ParentToWorker {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  if (t === 'stop') return true;
  if (t !== 'start') return false;
  const o = (x as { options?: { configPath?: unknown } }).options;
  return typeof o === 'object' && o !== null && typeof o.configPath === 'string';
}

export function isWorkerToParent(x: unknown): x is WorkerToParent {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  return t === 'event' || t === 'result' || t === 'fatal';
}
