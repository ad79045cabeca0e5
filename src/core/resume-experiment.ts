/**
 * `resumeExperiment`: continue a stopped (or failed) run from its last checkpoint, in the same run
 * folder with the same run id. The run's own config.yaml (the resolved config it started with) is
 * reloaded, data and model are rebuilt from the same seed, the checkpoint restores weights,
 * optimizer state, the random stream and the best epoch (the trainer's `resumeFrom`), and
 * RunRecorder.resume drops any records written after that checkpoint, so metrics.jsonl reads as one
 * uninterrupted run with the resumed epochs appended.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadExperiment } from './config';
import type { BackendName } from './config/types';
import { BackendError, initBackend } from './backend';
import { buildDataset, DataError, type Dataset } from './data';
import type { BackendInfo, Metrics, OnEvent, RunErrorInfo, RunSummary, TrainEvent } from './events';
import { buildModel } from './models';
import type { SeqModel } from './models/types';
import type { RunExperimentResult } from './run-experiment';
import { FILES, readCheckpoint, readMeta, RunRecorder, type Checkpoint } from './runs';
import { checkExpect, KernelError, modelSpecFor, selectKernel, train, type KernelSelection, type TrainOutcome } from './train';
import { stepsPerEpoch } from './train/batches';
import { Rng } from './util/rng';

export interface ResumeExperimentOptions {
  /** The run folder. */
  runDir: string;
  backend?: BackendName;
  onEvent?: OnEvent;
  signal?: AbortSignal;
  tfjsNodePath?: string;
  wasmDir?: string;
}

/** Why a run cannot be resumed (exit 2: nothing was changed on disk). */
export class ResumeError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'ResumeError';
  }
}

export async function resumeExperiment(o: ResumeExperimentOptions): Promise<RunExperimentResult> {
  const runDir = path.resolve(o.runDir);
  const configFile = path.join(runDir, FILES.config);
  if (!fs.existsSync(configFile)) throw new ResumeError(`${runDir} is not a run folder (no ${FILES.config})`);
  const { meta } = readMeta(runDir);
  const cp: Checkpoint | undefined = readCheckpoint(runDir);
  if (!cp) throw new ResumeError(`run ${path.basename(runDir)} has no checkpoint to resume from (it ended before its first epoch finished)`, 'train it again with seqlab train');
  if (meta.status === 'running') throw new ResumeError(`run ${path.basename(runDir)} is still running (pid ${meta.pid} on ${meta.host})`, 'stop it first, or wait until its heartbeat is stale');
  const loaded = loadExperiment(configFile, { overrides: o.backend ? [`backend=${o.backend}`] : [] });
  if (!loaded.ok) return { exitCode: 2, status: 'invalid', configErrors: loaded.errors };
  const config = loaded.config;
  if (cp.epoch >= config.training.epochs) {
    throw new ResumeError(`run ${path.basename(runDir)} already trained all ${config.training.epochs} epochs`, 'start a new run to train longer (seqlab train FILE --set training.epochs=N)');
  }

  let backend: BackendInfo;
  let selected: KernelSelection;
  try {
    backend = await initBackend(config.backend, { wasmDir: o.wasmDir, tfjsNodePath: o.tfjsNodePath });
    selected = selectKernel(config.training.kernel, backend.name);
  } catch (err) {
    if (err instanceof BackendError || err instanceof KernelError) return { exitCode: 2, status: 'invalid', error: { message: err.message } };
    throw err;
  }

  // Data and model exactly as runExperiment builds them: the seed's first fork draws the data.
  const rng = new Rng(config.seed);
  const baseDir = meta.configPath ? path.dirname(meta.configPath) : runDir;
  let ds: Dataset;
  let model: SeqModel;
  try {
    ds = buildDataset(config, rng.fork(), baseDir);
    // The kernel path meta.json records is the one that runs (the fused runner, where selected).
    model = buildModel(modelSpecFor(config, ds), selected.buildOptions);
  } catch (err) {
    if (err instanceof DataError) throw new ResumeError(`the run's data cannot be rebuilt: ${err.key}: ${err.message}`, err.hint);
    throw err;
  }

  const recorder = RunRecorder.resume({ runDir, from: { epoch: cp.epoch, step: cp.step } });
  const emit = (ev: TrainEvent): void => {
    recorder.onEvent(ev);
    o.onEvent?.(ev);
  };
  const started = Date.now();
  const base = { runId: recorder.runId, runDir };
  try {
    emit({
      type: 'start',
      runId: recorder.runId,
      runDir,
      experiment: config.name,
      ...(meta.configPath ? { configPath: meta.configPath } : {}),
      backend,
      kernel: selected.info,
      paramCount: model.paramCount(),
      data: ds.summary,
      baseline: ds.baseline,
      epochs: config.training.epochs,
      stepsPerEpoch: stepsPerEpoch(ds.train.n, config.training.batchSize),
      config,
      time: Date.now(),
    });
    emit({ type: 'log', level: 'info', message: `resuming from the checkpoint of epoch ${cp.epoch} (step ${cp.step})` });
    if (meta.dataFingerprint && meta.dataFingerprint !== ds.summary.fingerprint) {
      emit({ type: 'log', level: 'warn', message: `the data differ from the first part of this run (fingerprint ${ds.summary.fingerprint}, was ${meta.dataFingerprint}): the file changed since` });
    }
    const outcome = await train({ config, dataset: ds, model, rng: rng.fork(), emit, signal: o.signal, sink: recorder, resumeFrom: cp });
    return end(emit, base, outcome.status, summaryOf(config.expect, outcome, ds.baseline, started), outcome.error);
  } catch (err) {
    const error: RunErrorInfo = { message: err instanceof Error ? err.message : String(err) };
    return end(emit, base, 'failed', summaryOf({}, undefined, ds.baseline, started), error);
  } finally {
    model.dispose();
    recorder.close();
  }
}

function summaryOf(expect: Parameters<typeof checkExpect>[0], outcome: TrainOutcome | undefined, baseline: Metrics, started: number): RunSummary {
  const status = outcome?.status ?? 'failed';
  const best = outcome?.best ?? {};
  const final = outcome?.final ?? {};
  return {
    status,
    epochs: outcome?.epochs ?? 0,
    steps: outcome?.steps ?? 0,
    final,
    best,
    baseline,
    expect: status === 'completed' ? checkExpect(expect, best.epoch !== undefined ? best : final, baseline) : [],
    durationMs: Date.now() - started,
  };
}

function end(emit: OnEvent, base: { runId: string; runDir: string }, status: TrainOutcome['status'], summary: RunSummary, error: RunErrorInfo | undefined): RunExperimentResult {
  emit({ type: 'end', status, summary, ...(error ? { error } : {}) });
  const exitCode = status === 'completed' && summary.expect.every((e) => e.passed) ? 0 : 1;
  return { exitCode, status, ...base, summary, ...(error ? { error } : {}) };
}
