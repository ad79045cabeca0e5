/**
 * The typed message contract between the extension host and the dashboard webview.
 * Both sides switch exhaustively on `type` (see `assertNever`). The page posts `ready` first; the
 * host queues everything until then. Events are batched by the host (≤ 10 posts/s), so most
 * training traffic arrives as `events` with many TrainEvents in one message.
 *
 * Imports only types: this file is bundled into the webview too.
 */

import type { TrainEvent, RunStatus } from '../core/events';
import type { LeaderboardRow } from '../core/sweep/leaderboard';

/** A run as the dashboard lists it (from meta.json + summary.json). */
export interface RunInfo {
  runId: string;
  runDir: string;
  experiment: string;
  status: RunStatus;
  startedAt: string;
}

export type HostToWebview =
  /** Reset the page to show this run (a live one or one rebuilt from its folder). */
  | { type: 'init'; run: RunInfo; settings: DashboardSettings }
  /** A batch of TrainEvents in order. `replay` is true when rebuilt from the run folder. */
  | { type: 'events'; runId: string; events: TrainEvent[]; replay?: boolean }
  | { type: 'settings'; settings: DashboardSettings }
  /** Turn the page into the compare view: up to 8 runs overlaid (seqlab.compareRuns, raceCells). */
  | { type: 'compare'; runs: CompareRun[]; title: string }
  /** Turn the page into a sweep's leaderboard (seqlab.showLeaderboard); re-sent as the sweep's runs finish. */
  | { type: 'leaderboard'; board: LeaderboardInfo }
  | { type: 'error'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'stop'; runId: string }
  | { type: 'openRunFolder'; runId: string }
  | { type: 'openConfig'; runId: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** Export: a chart as PNG (a data: URL of the canvas on the theme background); the host saves it. */
  | { type: 'exportPng'; runId: string; chart: string; dataUrl: string }
  /** Export: a chart's data as CSV text; the host saves it. */
  | { type: 'exportCsv'; runId: string; chart: string; csv: string }
  /** "Copy as Markdown": the host builds the report from the run folder and copies it. */
  | { type: 'copyMarkdown'; runId: string }
  /** A lesson call-out's link: open the walkthrough at this step (STEP_IDS of src/core/lesson). */
  | { type: 'openWalkthrough'; step: string }
  /** Leaderboard: open one run's dashboard. */
  | { type: 'openRun'; runDir: string }
  /** Leaderboard: overlay these runs in the compare view. */
  | { type: 'overlayRuns'; runDirs: string[] }
  /** Leaderboard: write the best completed point by `metric` into the experiment file (seqlab.promoteBest). */
  | { type: 'promoteBest'; sweepId: string; metric: string };

/** A sweep's leaderboard as the page shows it: one row per point (src/core/sweep/leaderboard.ts). */
export interface LeaderboardInfo {
  sweepId: string;
  /** The runs root the sweep's runs are in (a restored panel reopens the same sweep). */
  root?: string;
  experiment: string;
  /** The experiment file the sweep ran (promote writes there). */
  configPath?: string;
  rows: LeaderboardRow[];
  /** True while the panel still watches for runs of this sweep to finish. */
  live: boolean;
  /** The metric to judge by first (valLoss when present). */
  metric?: string;
}

/** One run of a comparison: its per-epoch curves, downsampled step losses and latest gradient through time. */
export interface CompareRun {
  runId: string;
  runDir: string;
  /** Legend text: the config keys where the compared runs differ, e.g. "model.type=gru". */
  label: string;
  status: RunStatus;
  epochs: Array<{ epoch: number; loss?: number; valLoss?: number }>;
  /** Training loss per step, at most a few hundred points. */
  steps: Array<{ x: number; y: number }>;
  /** ‖∂L/∂h_t‖ of the last epoch (first layer, forward), when recorded. */
  gradientThroughTime?: number[];
  /** The task baseline's valLoss, when known. */
  baselineValLoss?: number;
}

export interface DashboardSettings {
  /** Debiased EMA smoothing weight in [0, 1) (TensorBoard's slider). */
  smoothing: number;
  /** Series longer than this are downsampled for drawing. */
  maxPointsPerSeries: number;
  logScale: boolean;
}

/** Persisted by the webview (vscode.setState) so a reloaded panel knows which run it showed. */
export interface WebviewPersistedState {
  runId?: string;
  runDir?: string;
  /** Set while the page shows a sweep's leaderboard. */
  leaderboard?: { root: string; sweepId: string };
}

export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
