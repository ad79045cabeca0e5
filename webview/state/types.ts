/**
 * The dashboard's state: plain data built by `applyMessage` from HostToWebview messages. No DOM, no
 * chart.js — everything here runs in Node for the unit tests. Views read it through the selectors in
 * `series.ts` (smoothing, log-y, downsampling happen there, so the state keeps every raw value and a
 * test can compare it with metrics.jsonl).
 */

import type {
  ArtifactRecord,
  BackendInfo,
  DataSummary,
  EpochRecord,
  GradientRecord,
  HiddenCapture,
  KernelInfo,
  Metrics,
  RunErrorInfo,
  RunStatus,
  RunSummary,
  SampleRecord,
  StartDataPreview,
} from '../../src/core/events';
import type { CompareRun, DashboardSettings, LeaderboardInfo, RunInfo } from '../../src/shared/protocol';

/** 'waiting': init seen, no `start` event yet. 'idle': nothing to show. */
export type DashboardStatus = 'idle' | 'waiting' | RunStatus;

/** What the `start` event tells about the run (the config is kept whole for later views). */
export interface RunStartInfo {
  runId: string;
  runDir: string;
  experiment: string;
  configPath?: string;
  backend: BackendInfo;
  kernel: KernelInfo;
  paramCount: number;
  data: DataSummary;
  epochs: number;
  stepsPerEpoch: number;
  modelType: string;
  time: number;
  /** The data preview of the start event (absent for runs replayed from older folders). */
  preview?: StartDataPreview;
}

/** Step records stored column-wise (cheap to append, cheap to hand to a chart). */
export interface StepSeries {
  step: number[];
  epoch: number[];
  loss: number[];
  gradNorm: number[];
  clipped: boolean[];
  lr: number[];
  samplesPerSec: number[];
  /** layer name -> norm per step; NaN where a step did not report that layer. */
  gradNormByLayer: Record<string, number[]>;
}

/** Epoch records in epoch order; a re-sent epoch replaces the earlier one. */
export type EpochSeries = EpochRecord[];

export interface SampleSet {
  epoch: number;
  samples: SampleRecord[];
}

export interface GradientEpoch {
  epoch: number;
  records: GradientRecord[];
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  summary: RunSummary;
  error?: RunErrorInfo;
}

export interface State {
  run?: RunInfo;
  settings: DashboardSettings;
  status: DashboardStatus;
  start?: RunStartInfo;
  /** Baseline metrics of the task (from `start`, same names as the run's metrics). */
  baseline: Metrics;
  /** training.clipNorm of the run's config; undefined = no clipping. */
  clipNorm?: number;
  steps: StepSeries;
  epochs: EpochSeries;
  /** Latest sample set per record kind ('series', 'text', ...): renderers are chosen by kind. */
  samples: Record<string, SampleSet>;
  /** Latest artifact record per name (confusion / attention matrices, piano rolls, generated files). */
  artifacts: Record<string, ArtifactRecord>;
  /** Gradient-through-time records, one entry per epoch in epoch order. */
  gradients: GradientEpoch[];
  hidden?: HiddenCapture;
  end?: RunEnd;
  /** Last `maxLogLines` log events of the run. */
  log: LogLine[];
  /** Errors sent by the host (not by the run). */
  hostErrors: string[];
  /** Set when the page shows a comparison of runs instead of one run. */
  compare?: { title: string; runs: CompareRun[] };
  /** Set when the page shows a sweep's leaderboard (sorting and selection live in the view). */
  leaderboard?: LeaderboardInfo;
}

export const DEFAULT_SETTINGS: DashboardSettings = { smoothing: 0.6, maxPointsPerSeries: 2000, logScale: false };
export const MAX_LOG_LINES = 200;
