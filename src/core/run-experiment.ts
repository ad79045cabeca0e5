/**
 * `runExperiment`: one experiment file → one run folder and a TrainEvent stream. The CLI, the
 * extension's worker and the tests all call this.
 *
 *   config (errors → exit 2, no run folder) → backend and kernel (impossible request → exit 2, no run
 *   folder) → run folder → data and model (errors → a failed run with a readable error) → train →
 *   expect checks (a failed expect → exit 1) → end.
 *
 * Every run that gets a folder emits exactly one `start` first and exactly one `end` last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadExperiment, type ConfigError } from './config';
import type { BackendName, ExperimentConfig, KernelChoice } from './config/types';
import { BackendError, initBackend } from './backend';
import { buildDataset, DataError, type Dataset } from './data';
import type { BackendInfo, DataSummary, KernelInfo, Metrics, OnEvent, RunErrorInfo, RunSummary, StartDataPreview, TrainEvent } from './events';
import { startPreview } from './data/preview-event';
import { buildModel } from './models';
import type { SeqModel } from './models/types';
import { FILES, findRunsRoot, readCheckpoint, readMeta, RunRecorder, runVersionProblem, type Checkpoint, type RunMeta } from './runs';
import { checkExpect, KernelError, modelSpecFor, selectKernel, train, type KernelSelection, type TrainOutcome } from './train';
import { RELAXED_ENV } from './train/kernel';
import { stepsPerEpoch } from './train/batches';
import { Rng } from './util/rng';

export interface RunExperimentOptions {
  configPath: string;
  overrides?: string[];
  runsDir?: string;
  /** Overrides `backend:` (recorded in config.yaml as an override). */
  backend?: BackendName;
  /** Overrides `training.kernel:`. */
  kernel?: KernelChoice;
  onEvent?: OnEvent;
  signal?: AbortSignal;
  tfjsNodePath?: string;
  wasmDir?: string;
  /** Base for a relative configPath / runsDir (default process.cwd()). */
  cwd?: string;
  /**
   * Folder that relative data paths are read from (default: the config file's folder). `seqlab
   * reproduce` trains a run's own config.yaml, whose data paths are relative to the experiment file.
   */
  dataDir?: string;
  /** The experiment file recorded in meta.json and the start event (default: configPath). */
  experimentPath?: string;
}

export interface RunExperimentResult {
  exitCode: 0 | 1 | 2;
  status: 'completed' | 'stopped' | 'failed' | 'invalid';
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  configErrors?: ConfigError[];
  error?: RunErrorInfo;
}

export async function runExperiment(o: RunExperimentOptions): Promise<RunExperimentResult> {
  const cwd = o.cwd ?? process.cwd();
  const overrides = [...(o.overrides ?? []), ...(o.backend ? [`backend=${o.backend}`] : []), ...(o.kernel ? [`training.kernel=${o.kernel}`] : [])];
  const loaded = loadExperiment(o.configPath, { overrides, cwd });
  if (!loaded.ok) return { exitCode: 2, status: 'invalid', configErrors: loaded.errors };
  const config = loaded.config;

  const env = await prepareBackend(config, o, loaded.file);
  if ('invalid' in env) return env.invalid;
  const recorder = RunRecorder.create({
    root: findRunsRoot(loaded.file, { runsDir: o.runsDir, cwd }),
    experiment: config.name,
    configPath: o.experimentPath ?? loaded.file,
    resolvedYaml: loaded.resolvedYaml,
    seed: config.seed,
  });
  const source: RunSource = {
    configFile: loaded.file,
    dataDir: o.dataDir ? path.resolve(cwd, o.dataDir) : path.dirname(loaded.file),
    startConfigPath: o.experimentPath ?? loaded.file,
    warnings: loaded.warnings,
  };
  return trainRecorded(o, source, config, env, recorder, undefined);
}

export interface ResumeExperimentOptions extends Pick<RunExperimentOptions, 'backend' | 'kernel' | 'onEvent' | 'signal' | 'tfjsNodePath' | 'wasmDir'> {
  /** The run folder to continue (its config.yaml and checkpoint/). */
  runDir: string;
}

/**
 * Continues a stopped or failed run from its checkpoint/ in the same folder (`seqlab resume`, the
 * extension's "Resume run"): the records after the checkpoint are dropped (RunRecorder.resume) and
 * training goes on with the same weights, optimizer state and random stream, so the result equals
 * an uninterrupted run. Refused (exit 2, nothing on disk changed) when the folder is not a run, the
 * run is still running, has no checkpoint, or already trained all its epochs. The data are read
 * relative to the experiment file the run was started from (meta.configPath), as the first part was;
 * a changed data fingerprint is reported as a warning.
 */
export async function resumeExperiment(o: ResumeExperimentOptions): Promise<RunExperimentResult> {
  const runDir = path.resolve(o.runDir);
  const name = path.basename(runDir);
  const configFile = path.join(runDir, FILES.config);
  if (!fs.existsSync(configFile)) return invalid({ message: `${runDir} is not a run folder (no ${FILES.config})`, file: runDir });
  const { meta } = readMeta(runDir);
  const versionProblem = runVersionProblem(meta);
  if (versionProblem) return invalid({ message: `run ${name} was ${versionProblem.message}`, file: configFile });
  if (meta.status === 'running') {
    return invalid({ message: `run ${name} is still running (pid ${meta.pid} on ${meta.host})`, hint: 'stop it first, or wait until its heartbeat is stale', file: configFile });
  }
  const overrides = [...(o.backend ? [`backend=${o.backend}`] : []), ...(o.kernel ? [`training.kernel=${o.kernel}`] : [])];
  const loaded = loadExperiment(configFile, { overrides });
  if (!loaded.ok) return { exitCode: 2, status: 'invalid', configErrors: loaded.errors };
  const config = loaded.config;
  const cp = readCheckpoint(runDir);
  if (!cp) return invalid({ message: `run ${name} has no checkpoint to resume from (it ended before its first epoch did)`, hint: 'train it again with seqlab train', file: configFile });
  if (cp.epoch >= config.training.epochs) {
    return invalid({ message: `run ${name} already trained all ${config.training.epochs} epochs`, hint: 'start a new run to train longer (seqlab train FILE --set training.epochs=N)', file: configFile });
  }
  // Continue on the fused kernel build the first part ran on, so the result equals an uninterrupted run.
  const restoreEnv = preferRecordedKernelVariant(meta.kernel);
  try {
    const env = await prepareBackend(config, o, configFile);
    if ('invalid' in env) return env.invalid;
    return await continueRun(o, runDir, configFile, meta, loaded.warnings, config, env, cp);
  } finally {
    restoreEnv();
  }
}

async function continueRun(
  o: ResumeExperimentOptions,
  runDir: string,
  configFile: string,
  meta: RunMeta,
  warnings: ConfigError[],
  config: ExperimentConfig,
  env: BackendAndKernel,
  cp: Checkpoint,
): Promise<RunExperimentResult> {
  const recorder = RunRecorder.resume({ runDir, from: { epoch: cp.epoch, step: cp.step } });
  // Relative data paths in config.yaml were written relative to the experiment file, not the run folder.
  const experimentFile = meta.configPath && fs.existsSync(meta.configPath) ? meta.configPath : undefined;
  const source: RunSource = {
    configFile,
    dataDir: experimentFile ? path.dirname(experimentFile) : runDir,
    startConfigPath: experimentFile ?? configFile,
    warnings,
    expectFingerprint: meta.dataFingerprint,
  };
  return trainRecorded(o, source, config, env, recorder, cp);
}

/**
 * The fused kernel comes in a relaxed-SIMD build (fused multiply-add: VS Code's Electron, Node 22+)
 * and a plain SIMD128 one, whose float results differ. Resume and reproduce ask for the build a run
 * recorded (SEQLAB_RELAXED_SIMD, see src/core/train/kernel.ts) unless the user set it; what actually
 * loads is recorded and compared as usual. Returns the undo.
 */
export function preferRecordedKernelVariant(kernel: KernelInfo | undefined): () => void {
  if (kernel?.name !== 'fused' || process.env[RELAXED_ENV] !== undefined) return () => undefined;
  const relaxed = /relaxed SIMD/.test(kernel.reason);
  if (!relaxed && !/SIMD128/.test(kernel.reason)) return () => undefined;
  process.env[RELAXED_ENV] = relaxed ? '1' : '0';
  return () => void delete process.env[RELAXED_ENV];
}

type BackendAndKernel = { backend: BackendInfo; kernel: KernelSelection };

/** The backend and kernel path, or the "invalid" result when the requested one cannot run here. */
async function prepareBackend(
  config: ExperimentConfig,
  o: Pick<RunExperimentOptions, 'wasmDir' | 'tfjsNodePath'>,
  file: string,
): Promise<BackendAndKernel | { invalid: RunExperimentResult }> {
  try {
    const backend = await initBackend(config.backend, { wasmDir: o.wasmDir, tfjsNodePath: o.tfjsNodePath });
    return { backend, kernel: selectKernel(config.training.kernel, backend.name, config.model.type) };
  } catch (err) {
    if (err instanceof BackendError) {
      return { invalid: invalid({ message: err.message, key: 'backend', file, hint: 'use backend: auto, or install what is missing' }) };
    }
    if (err instanceof KernelError) return { invalid: invalid({ message: err.message, key: err.key, file, hint: err.hint }) };
    throw err;
  }
}

/** Where a run's config came from and where its data are read. */
interface RunSource {
  /** The YAML that was loaded. */
  configFile: string;
  /** Base folder of relative data paths. */
  dataDir: string;
  /** The experiment file the start event names. */
  startConfigPath: string;
  warnings: ConfigError[];
  /** Resume: the data fingerprint of the run's first part (a difference is warned about). */
  expectFingerprint?: string;
}

/** Data → model → start → train → end, all recorded; the recorder is closed on every path. */
async function trainRecorded(
  o: Pick<RunExperimentOptions, 'onEvent' | 'signal'>,
  { configFile, dataDir, startConfigPath, warnings, expectFingerprint }: RunSource,
  config: ExperimentConfig,
  { backend, kernel: selected }: BackendAndKernel,
  recorder: RunRecorder,
  resumeFrom: Checkpoint | undefined,
): Promise<RunExperimentResult> {
  // The run folder always gets every event; a failing listener (a closed pipe or IPC channel) must
  // neither stop the recording nor leave the run without its end.
  const kernel = selected.info;
  const emit = (ev: TrainEvent): void => {
    recorder.onEvent(ev);
    try {
      o.onEvent?.(ev);
    } catch {
      // ignored on purpose: the listener's owner sees its own failure; the run carries on
    }
  };
  const started = Date.now();
  const base = { runId: recorder.runId, runDir: recorder.runDir };
  let model: SeqModel | undefined;
  let startSent = false;
  try {
    const rng = new Rng(config.seed);
    let ds: Dataset;
    try {
      ds = buildDataset(config, rng.fork(), dataDir);
      model = buildModel(modelSpecFor(config, ds), selected.buildOptions);
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      emit(startEvent(recorder, startConfigPath, dataDir, config, backend, kernel, undefined, undefined));
      startSent = true;
      return end(emit, base, 'failed', summaryOf(config, 'failed', started, {}), { message: err.message, key: err.key, hint: err.hint, file: configFile });
    }
    emit(startEvent(recorder, startConfigPath, dataDir, config, backend, kernel, ds, model));
    startSent = true;
    for (const w of warnings) emit({ type: 'log', level: 'warn', message: `${w.key}: ${w.message}${w.fix ? ` (${w.fix})` : ''}` });
    if (resumeFrom) emit({ type: 'log', level: 'info', message: `resuming after epoch ${resumeFrom.epoch} (step ${resumeFrom.step})` });
    if (expectFingerprint && expectFingerprint !== ds.summary.fingerprint) {
      emit({ type: 'log', level: 'warn', message: `the data differ from the first part of this run (fingerprint ${ds.summary.fingerprint}, was ${expectFingerprint}): the data file changed since` });
    }

    const outcome = await train({ config, dataset: ds, model, rng: rng.fork(), emit, signal: o.signal, sink: recorder, resumeFrom });
    const summary = summaryOf(config, outcome.status, started, ds.baseline, outcome);
    return end(emit, base, outcome.status, summary, outcome.error);
  } catch (err) {
    // Anything unexpected (a tfjs kernel error, a full disk) still ends the run cleanly as failed.
    const error: RunErrorInfo = { message: err instanceof Error ? err.message : String(err) };
    if (!startSent) emit(startEvent(recorder, startConfigPath, dataDir, config, backend, kernel, undefined, undefined));
    return end(emit, base, 'failed', summaryOf(config, 'failed', started, {}), error);
  } finally {
    model?.dispose();
    recorder.close();
  }
}

function invalid(error: RunErrorInfo): RunExperimentResult {
  return { exitCode: 2, status: 'invalid', error };
}

function end(
  emit: OnEvent,
  base: { runId: string; runDir: string },
  status: TrainOutcome['status'],
  summary: RunSummary,
  error: RunErrorInfo | undefined,
): RunExperimentResult {
  emit({ type: 'end', status, summary, ...(error ? { error } : {}) });
  const expectFailed = summary.expect.some((e) => !e.passed);
  const exitCode = status === 'completed' && !expectFailed ? 0 : 1;
  return { exitCode, status, ...base, summary, ...(error ? { error } : {}) };
}

/**
 * `expect:` is checked against the best epoch's metrics: model/ holds those weights (and early
 * stopping restores them), so that is the model the run hands over. Only completed runs are checked.
 */
function summaryOf(config: ExperimentConfig, status: TrainOutcome['status'], started: number, baseline: Metrics, outcome?: TrainOutcome): RunSummary {
  const final = outcome?.final ?? {};
  const best = outcome?.best ?? {};
  const checked = best.epoch !== undefined ? best : final;
  return {
    status,
    epochs: outcome?.epochs ?? 0,
    steps: outcome?.steps ?? 0,
    final,
    best,
    baseline,
    expect: status === 'completed' ? checkExpect(config.expect, checked, baseline) : [],
    durationMs: Date.now() - started,
  };
}

function startEvent(
  recorder: RunRecorder,
  configPath: string,
  dataDir: string,
  config: ExperimentConfig,
  backend: BackendInfo,
  kernel: KernelInfo,
  ds: Dataset | undefined,
  model: SeqModel | undefined,
): TrainEvent {
  return {
    type: 'start',
    runId: recorder.runId,
    runDir: recorder.runDir,
    experiment: config.name,
    configPath,
    backend,
    kernel,
    paramCount: model?.paramCount() ?? 0,
    data: ds?.summary ?? emptySummary(config),
    baseline: ds?.baseline ?? {},
    epochs: config.training.epochs,
    stepsPerEpoch: ds ? stepsPerEpoch(ds.train.n, config.training.batchSize) : 0,
    config,
    time: Date.now(),
    ...previewField(config, dataDir, ds),
  };
}

/** The dashboard's data preview (optional; left out when the data did not build). */
function previewField(config: ExperimentConfig, dataDir: string, ds: Dataset | undefined): { preview?: StartDataPreview } {
  const preview = ds ? startPreview(config, dataDir) : undefined;
  return preview ? { preview } : {};
}

/** The start event of a run whose data could not be built. */
function emptySummary(config: ExperimentConfig): DataSummary {
  return {
    kind: config.data.kind,
    trainExamples: 0,
    valExamples: 0,
    timeSteps: config.data.window,
    features: 0,
    outputs: 0,
    task: 'regression',
    baselineName: '',
    fingerprint: '',
  };
}
