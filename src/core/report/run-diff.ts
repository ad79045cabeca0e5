/**
 * Two runs side by side (`seqlab diff RUN RUN`, the extension's "Compare configs"): the resolved
 * configs (config.yaml texts, for VS Code's diff editor), the dotted keys whose values differ, a
 * unified diff of the two texts, and the summary metrics next to each other. Pure given RunData;
 * `diffRunFolders` reads the two folders.
 */
import { parse as parseYaml } from 'yaml';
import type { Metrics } from '../events';
import { FILES, readRun, type RunData } from '../runs';
import * as path from 'node:path';
import { diffConfigs, type ConfigDiffRow } from './config-diff';
import { unifiedDiff } from './unified-diff';

export interface RunDiffSide {
  runId: string;
  runDir: string;
  /** `<runDir>/config.yaml`: what the diff editor opens. */
  configFile: string;
  /** Its text ('' when missing). */
  configText: string;
  experiment: string;
  status: string;
}

export interface MetricPair {
  name: string;
  /** 'final' values, or 'best' (the best epoch's) values, or the run's counts. */
  group: 'final' | 'best' | 'run';
  left?: number;
  right?: number;
}

export interface RunsDiff {
  left: RunDiffSide;
  right: RunDiffSide;
  /** Dotted keys (`training.optimizer.learningRate`) whose values differ; values [left, right]. */
  keys: ConfigDiffRow[];
  /** `--- a/config.yaml` … ('' when the texts are equal). */
  unified: string;
  metrics: MetricPair[];
  /** Reader warnings of either run (a missing config.yaml, a damaged meta.json). */
  warnings: string[];
}

const METRIC_ORDER = ['loss', 'valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'valAccuracy', 'valTokenAccuracy', 'valExactMatch', 'valPerplexity'];

export function diffRunFolders(leftDir: string, rightDir: string): RunsDiff {
  return diffRuns(readRun(leftDir), readRun(rightDir));
}

export function diffRuns(a: RunData, b: RunData): RunsDiff {
  const left = sideOf(a);
  const right = sideOf(b);
  const warnings = [...a.warnings.map((w) => `${a.runId}: ${w}`), ...b.warnings.map((w) => `${b.runId}: ${w}`)];
  // The first line of a resolved config names the file it came from; the key diff covers that.
  const keys = diffConfigs([parsed(left.configText, a.runId, warnings), parsed(right.configText, b.runId, warnings)]);
  const unified = unifiedDiff(left.configText, right.configText, `${a.runId}/${FILES.config}`, `${b.runId}/${FILES.config}`);
  return { left, right, keys, unified, metrics: metricPairs(a, b), warnings };
}

function sideOf(r: RunData): RunDiffSide {
  return { runId: r.runId, runDir: r.runDir, configFile: path.join(r.runDir, FILES.config), configText: r.config ?? '', experiment: r.meta.experiment, status: r.meta.status };
}

function parsed(text: string, runId: string, warnings: string[]): unknown {
  try {
    return (parseYaml(text) as unknown) ?? {};
  } catch (err) {
    warnings.push(`${runId}: config.yaml does not parse (${(err as Error).message.split('\n')[0]}); compared as text only`);
    return {};
  }
}

function metricPairs(a: RunData, b: RunData): MetricPair[] {
  const out: MetricPair[] = [];
  const counts = (r: RunData): Record<string, number | undefined> => ({
    epochs: r.summary?.epochs ?? r.epochs.length,
    steps: r.summary?.steps ?? r.steps.length,
    durationSec: r.summary ? r.summary.durationMs / 1000 : undefined,
    bestEpoch: r.summary?.best.epoch,
  });
  const ca = counts(a);
  const cb = counts(b);
  for (const name of Object.keys(ca)) out.push(pair(name, 'run', ca[name], cb[name]));
  for (const group of ['final', 'best'] as const) {
    const ma: Metrics = a.summary?.[group] ?? lastEpochMetrics(a);
    const mb: Metrics = b.summary?.[group] ?? lastEpochMetrics(b);
    for (const name of metricNames(ma, mb)) out.push(pair(name, group, num(ma, name), num(mb, name)));
  }
  return out;
}

function pair(name: string, group: MetricPair['group'], left: number | undefined, right: number | undefined): MetricPair {
  return { name, group, ...(left !== undefined ? { left } : {}), ...(right !== undefined ? { right } : {}) };
}

/** A run without summary.json (still running, killed): its last epoch record stands in. */
function lastEpochMetrics(r: RunData): Metrics {
  const last = r.epochs[r.epochs.length - 1];
  if (!last) return {};
  const { type: _t, epoch: _e, step: _s, clippedFraction: _c, durationMs: _d, best: _b, time: _tm, ...metrics } = last;
  return metrics;
}

function metricNames(a: Metrics, b: Metrics): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'epoch' && (typeof num(a, k) === 'number' || typeof num(b, k) === 'number')));
  return [...METRIC_ORDER.filter((m) => names.has(m)), ...[...names].filter((m) => !METRIC_ORDER.includes(m)).sort()];
}

function num(m: Metrics, name: string): number | undefined {
  const v = (m as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : undefined;
}
