/**
 * The TrainEvent stream: the one contract between the training core and everything that watches it
 * (the run recorder that writes the run folder, the CLI printer, the extension worker's IPC, tests).
 *
 * Rules:
 * - Plain JSON data only (no tensors, no typed arrays, no class instances): events cross IPC.
 * - `StepRecord` and `EpochRecord` are written to `metrics.jsonl` as they are, so their field names
 *   are DESIGN.md's metric names.
 * - Every run emits exactly one `start` first and exactly one `end` last, whatever happens between.
 */

import type { BackendName, ExperimentConfig, KernelChoice } from './config/types';

/** DESIGN.md's metric names. `baseline` objects use the same names. */
export interface Metrics {
  loss?: number;
  valLoss?: number;
  valMae?: number;
  valRmse?: number;
  valMaeRaw?: number;
  valRmseRaw?: number;
  valAccuracy?: number;
  valTokenAccuracy?: number;
  valExactMatch?: number;
  valPerplexity?: number;
  testLoss?: number;
  testAccuracy?: number;
  testMae?: number;
  testRmse?: number;
  testMaeRaw?: number;
  testRmseRaw?: number;
  testTokenAccuracy?: number;
  testExactMatch?: number;
  testPerplexity?: number;
}

export type MetricName = keyof Metrics;

export interface BackendInfo {
  /** The backend that runs: 'tensorflow' | 'wasm' | 'cpu'. */
  name: Exclude<BackendName, 'auto'>;
  /** What was asked for. */
  requested: BackendName;
  /** Why this one: e.g. "tensorflow: @tensorflow/tfjs-node is not installed (its install script could not download libtensorflow)". One entry per better backend that did not load. */
  reasons: string[];
  /** e.g. wasm SIMD / threads flags, tfjs version. */
  detail?: string;
}

export interface KernelInfo {
  requested: KernelChoice;
  /** The path that runs. */
  name: 'fused' | 'tfjs';
  reason: string;
}

export interface DataSummary {
  kind: string;
  trainExamples: number;
  valExamples: number;
  testExamples?: number;
  /** Time steps per example (window). */
  timeSteps: number;
  features: number;
  /** Output size (1 for next-value regression, classes or vocabulary size otherwise). */
  outputs: number;
  task: 'regression' | 'classification' | 'language-model' | 'seq2seq';
  /** Human name of the baseline, e.g. "persistence (predict the last value)". */
  baselineName: string;
  /** Content hash of the data (config + file bytes), recorded in meta.json. */
  fingerprint: string;
  /** Further baselines shown beside the main one (e.g. seasonal naive when data.period is set). */
  extraBaselines?: Array<{ name: string; metrics: Metrics }>;
}

/** One line of metrics.jsonl with type 'step'. */
export interface StepRecord {
  type: 'step';
  epoch: number;
  /** Global step, counting from 1 across epochs. */
  step: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  gradNormByLayer: Record<string, number>;
  clipped: boolean;
  lr: number;
  samplesPerSec: number;
  time: number;
}

/** One line of metrics.jsonl with type 'epoch'. */
export interface EpochRecord extends Metrics {
  type: 'epoch';
  epoch: number;
  step: number;
  loss: number;
  clippedFraction: number;
  durationMs: number;
  /** True when this epoch is the best so far on the early-stopping metric (valLoss). */
  best: boolean;
  time: number;
}

/** One line of gradients.jsonl: ‖∂L/∂h_t‖ for every time step of one layer and direction. */
export interface GradientRecord {
  epoch: number;
  layer: string;
  direction: 'forward' | 'backward';
  norms: number[];
  /** LSTM only: ‖∂L/∂c_t‖. */
  cellNorms?: number[];
}

/** hidden.json: hidden state (and gates) of one sample, each matrix units × time. */
export interface HiddenCapture {
  epoch: number;
  sampleIndex: number;
  layers: Array<{
    layer: string;
    direction: 'forward' | 'backward';
    /** [unit][t] */
    h: number[][];
    c?: number[][];
    /** LSTM: i, f, o (and g); GRU: z, r (and h~). Each [unit][t]. */
    gates?: Record<string, number[][]>;
  }>;
}

/** One line of samples.jsonl. Renderers are chosen by `kind`. */
export interface SampleRecord {
  epoch: number;
  kind: 'series' | 'text' | 'sequence' | 'label' | 'notes';
  input: unknown;
  target: unknown;
  output: unknown;
  baseline?: unknown;
  /** e.g. temperature of a text sample, free-running vs teacher-forced. */
  [extra: string]: unknown;
}

/**
 * A task's extra result for the dashboard and the run folder's `artifacts/` (DESIGN.md): a confusion
 * matrix, an attention matrix, a piano roll of a generated piece, or a file such as a generated `.mid`.
 * The recorder writes `artifacts/<name>.json` (the record without `file.base64`) and, when `file` is
 * set, the decoded bytes to `artifacts/<file.name>`. The dashboard keeps the latest record per `name`
 * and picks a renderer by `kind`. Keep `data` small (it crosses IPC): ≤ ~100 kB of JSON.
 */
export interface ArtifactRecord {
  /** File-name safe id, unique within the run, e.g. "confusion", "attention", "generated-epoch-5". */
  name: string;
  kind: 'confusion' | 'attention' | 'pianoroll' | 'file';
  epoch: number;
  /** Human title for the dashboard card. */
  title?: string;
  /**
   * Renderer input. confusion: {labels: string[], matrix: number[][] (rows = true label)};
   * attention: {source: string[], target: string[], weights: number[][] (rows = target steps)};
   * pianoroll: {notes: Array<{pitch, start, duration, velocity?}>, stepsPerBeat?, seed?: number (notes before it are the prompt)}.
   */
  data?: unknown;
  /** A binary file the task produced; `base64` is stripped from the stored JSON. */
  file?: { name: string; base64?: string; bytes?: number };
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

export interface RunErrorInfo {
  message: string;
  /** Where the user can fix it, when known. */
  hint?: string;
  file?: string;
  line?: number;
  key?: string;
  step?: number;
}

export interface ExpectResult {
  metric: string;
  rule: string;
  value: number | undefined;
  threshold: number | undefined;
  passed: boolean;
}

export interface RunSummary {
  status: RunStatus;
  epochs: number;
  steps: number;
  final: Metrics;
  best: Metrics & { epoch?: number };
  baseline: Metrics;
  expect: ExpectResult[];
  durationMs: number;
}

/** A small look at the data, sent with `start` (bounded: ≤ 500 series points, ≤ 15 tokens, 3 examples). */
export interface StartDataPreview {
  /** Series kinds (synthetic or csv): the raw series, every `every`-th point, and its statistics. */
  series?: { values: number[]; every: number; length: number; mean: number; std: number; min: number; max: number; column?: string };
  /** Token kinds: corpus size, vocabulary and the most frequent tokens. */
  tokens?: { tokens: 'char' | 'word'; totalTokens: number; vocabSize: number; top: Array<{ token: string; count: number }>; unkRate: number };
  /** The first training examples as the model sees them. */
  examples: Array<{ input: unknown; target: unknown }>;
}

export type TrainEvent =
  | {
      type: 'start';
      runId: string;
      runDir: string;
      experiment: string;
      configPath?: string;
      backend: BackendInfo;
      kernel: KernelInfo;
      paramCount: number;
      data: DataSummary;
      baseline: Metrics;
      epochs: number;
      stepsPerEpoch: number;
      config: ExperimentConfig;
      time: number;
      /** What the data looks like before training (the dashboard's data-preview card); optional. */
      preview?: StartDataPreview;
    }
  | StepRecord
  | EpochRecord
  | ({ type: 'gradients' } & { epoch: number; records: GradientRecord[] })
  | ({ type: 'hidden' } & HiddenCapture)
  | { type: 'samples'; epoch: number; samples: SampleRecord[] }
  | ({ type: 'artifact' } & ArtifactRecord)
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'end'; status: Exclude<RunStatus, 'running'>; summary: RunSummary; error?: RunErrorInfo };

export type TrainEventType = TrainEvent['type'];

/** What the core takes to run: plain data in, events out, a signal to stop. */
export type OnEvent = (event: TrainEvent) => void;
