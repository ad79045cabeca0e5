/**
 * Pure series transforms and the selectors the charts draw from: TensorBoard's debiased EMA, the
 * log-y filter and min/max downsampling. The state keeps every raw value; these run per render.
 */

import type { EpochRecord, Metrics } from '../../src/core/events';
import type { State } from './types';

export interface Point {
  x: number;
  y: number;
}

/**
 * Debiased exponential moving average, exactly TensorBoard's scalar-chart smoothing:
 *   last = last * w + (1 - w) * v;  smoothed = last / (1 - w^n)   (n = finite values seen so far)
 * Non-finite values pass through unsmoothed and do not advance n; a constant series is returned as is
 * (TensorBoard does the same, to avoid float noise on flat lines).
 */
export function smoothEma(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 1);
  const isConstant = values.every((v) => v === values[0]);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (isConstant || !Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    n++;
    const debias = w === 1 ? 1 : 1 - Math.pow(w, n);
    return last / debias;
  });
}

/** Points a logarithmic axis can show: y finite and > 0 (chart.js cannot place 0 or negatives). */
export function forLogScale(points: readonly Point[]): Point[] {
  return points.filter((p) => Number.isFinite(p.y) && p.y > 0);
}

/**
 * Reduces a long series to at most `maxPoints` points for drawing. Keeps the first and the last
 * point, and for each bucket between them the minimum and the maximum (in x order), so spikes —
 * an exploding gradient on one step — survive downsampling. Non-finite y values are dropped from
 * the buckets. Short series come back unchanged (a copy).
 */
export function downsample(points: readonly Point[], maxPoints: number): Point[] {
  return downsampleXY(points.map((p) => p.x), points.map((p) => p.y), maxPoints);
}

/** `downsample` over columns: only the kept points become objects (a 100k-step run stays cheap).
 * With `dropNonFinite`, short series also lose their NaN/∞ points. */
export function downsampleXY(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints: number, dropNonFinite = false): Point[] {
  const n = Math.min(xs.length, ys.length);
  const max = Math.max(4, Math.floor(maxPoints));
  if (n <= max) {
    const out: Point[] = [];
    for (let i = 0; i < n; i++) if (!dropNonFinite || Number.isFinite(ys[i]!)) out.push({ x: xs[i]!, y: ys[i]! });
    return out;
  }
  const inner = n - 2;
  const buckets = Math.floor((max - 2) / 2);
  const out: Point[] = [];
  if (!dropNonFinite || Number.isFinite(ys[0]!)) out.push({ x: xs[0]!, y: ys[0]! });
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets); // exclusive
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    if (lo < 0) continue;
    const a = Math.min(lo, hi);
    const c = Math.max(lo, hi);
    out.push({ x: xs[a]!, y: ys[a]! });
    if (c !== a) out.push({ x: xs[c]!, y: ys[c]! });
  }
  if (!dropNonFinite || Number.isFinite(ys[n - 1]!)) out.push({ x: xs[n - 1]!, y: ys[n - 1]! });
  return out;
}

export function zip(xs: readonly number[], ys: readonly number[]): Point[] {
  const n = Math.min(xs.length, ys.length);
  const out: Point[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: xs[i]!, y: ys[i]! };
  return out;
}

/** Applies the drawing pipeline to one raw series: optional smoothing, log filter, downsampling. */
export function forDrawing(points: readonly Point[], o: DrawOptions): Point[] {
  return drawColumns(points.map((p) => p.x), points.map((p) => p.y), o);
}

export interface DrawOptions {
  smoothing?: number;
  logScale: boolean;
  maxPoints: number;
  dropNonFinite?: boolean;
}

/** The drawing pipeline over columns (no per-point objects until the downsampled output). */
export function drawColumns(xs: readonly number[], ys: readonly number[], o: DrawOptions): Point[] {
  let y: readonly number[] = ys;
  let x: readonly number[] = xs;
  if (o.smoothing !== undefined && o.smoothing > 0) y = smoothEma(y, o.smoothing);
  if (o.logScale) {
    const keepX: number[] = [];
    const keepY: number[] = [];
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      if (Number.isFinite(v) && v > 0) {
        keepX.push(x[i]!);
        keepY.push(v);
      }
    }
    x = keepX;
    y = keepY;
  }
  return downsampleXY(x, y, o.maxPoints, o.dropNonFinite);
}

/**
 * The q-quantile of the finite values (linear interpolation), for "ignore outliers in chart scaling"
 * (TensorBoard's option): the first steps' loss can be 50× the rest and flatten the whole curve.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const pos = Math.min(Math.max(q, 0), 1) * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

/** An upper y bound that ignores outliers, or undefined when nothing would be cut off. Everything
 * in `keep` (validation points, the baseline) always stays in view. */
export function robustYMax(values: readonly number[], keep: readonly number[], q = 0.98): number | undefined {
  const qv = quantile(values, q);
  if (qv === undefined) return undefined;
  const finite = values.filter((x) => Number.isFinite(x));
  const trueMax = Math.max(...finite, ...keep.filter((x) => Number.isFinite(x)));
  const bound = Math.max(qv, ...keep.filter((x) => Number.isFinite(x))) * 1.08;
  return bound < trueMax ? bound : undefined;
}

// ---- selectors ----

/** The step at which an epoch ended (x position of epoch metrics on the step axis). */
function epochX(e: EpochRecord): number {
  return e.step;
}

export function epochMetric(state: State, name: keyof Metrics): Point[] {
  const out: Point[] = [];
  for (const e of state.epochs) {
    const v = e[name];
    if (typeof v === 'number') out.push({ x: epochX(e), y: v });
  }
  return out;
}

export interface LossView {
  /** Steps recorded so far (the state keeps every value; `drawn` may be downsampled). */
  stepCount: number;
  /** The last step's training loss. */
  lastStep?: Point;
  /** What the chart draws: raw (faint) and smoothed training loss, validation loss per epoch. */
  drawn: { raw: Point[]; smoothed: Point[]; val: Point[]; epochTrain: Point[] };
  /** Baseline of the validation loss (the task's naive predictor), drawn as a dashed line. */
  baseline?: number;
  best?: { epoch: number; valLoss: number };
  logScale: boolean;
  /** y-axis maximum that ignores outlying steps (undefined: nothing to ignore, or log scale). */
  robustMax?: number;
}

export function lossView(state: State, opts?: { smoothing?: number; logScale?: boolean }): LossView {
  const smoothing = opts?.smoothing ?? state.settings.smoothing;
  const logScale = opts?.logScale ?? state.settings.logScale;
  const maxPoints = state.settings.maxPointsPerSeries;
  const { step, loss } = state.steps;
  const val = epochMetric(state, 'valLoss');
  const baseline = state.baseline.valLoss ?? state.baseline.loss;
  const n = step.length;
  return {
    stepCount: n,
    lastStep: n ? { x: step[n - 1]!, y: loss[n - 1]! } : undefined,
    drawn: {
      raw: drawColumns(step, loss, { logScale, maxPoints }),
      smoothed: drawColumns(step, loss, { smoothing, logScale, maxPoints }),
      val: forDrawing(val, { logScale, maxPoints }),
      epochTrain: forDrawing(epochMetric(state, 'loss'), { logScale, maxPoints }),
    },
    baseline: typeof baseline === 'number' && (!logScale || baseline > 0) ? baseline : undefined,
    best: bestValLoss(state),
    logScale,
    robustMax: logScale ? undefined : robustYMax(loss, [...val.map((p) => p.y), ...(typeof baseline === 'number' ? [baseline] : [])]),
  };
}

export function bestValLoss(state: State): { epoch: number; valLoss: number } | undefined {
  let best: { epoch: number; valLoss: number } | undefined;
  for (const e of state.epochs) {
    if (typeof e.valLoss === 'number' && Number.isFinite(e.valLoss) && (!best || e.valLoss < best.valLoss)) {
      best = { epoch: e.epoch, valLoss: e.valLoss };
    }
  }
  return best;
}

export interface GradView {
  stepCount: number;
  lastStep?: Point;
  drawn: { raw: Point[]; clippedPoints: Point[]; byLayer: Record<string, Point[]> };
  clipNorm?: number;
  /** Share of steps so far whose norm was clipped (0..1), undefined before the first step. */
  clippedShare?: number;
  /** clippedFraction of each epoch (0..1). */
  clippedByEpoch: Array<{ epoch: number; fraction: number }>;
}

export function gradView(state: State, opts?: { logScale?: boolean }): GradView {
  const logScale = opts?.logScale ?? false;
  const maxPoints = state.settings.maxPointsPerSeries;
  const s = state.steps;
  const n = s.step.length;
  const clipped: Point[] = [];
  let nClipped = 0;
  for (let i = 0; i < s.step.length; i++) {
    if (s.clipped[i]) {
      nClipped++;
      clipped.push({ x: s.step[i]!, y: s.gradNorm[i]! });
    }
  }
  const byLayer: Record<string, Point[]> = {};
  for (const [layer, col] of Object.entries(s.gradNormByLayer)) {
    byLayer[layer] = drawColumns(s.step, col, { logScale, maxPoints, dropNonFinite: true });
  }
  return {
    stepCount: n,
    lastStep: n ? { x: s.step[n - 1]!, y: s.gradNorm[n - 1]! } : undefined,
    drawn: {
      raw: drawColumns(s.step, s.gradNorm, { logScale, maxPoints }),
      clippedPoints: forDrawing(clipped, { logScale, maxPoints }),
      byLayer,
    },
    clipNorm: state.clipNorm,
    clippedShare: s.step.length ? nClipped / s.step.length : undefined,
    clippedByEpoch: state.epochs
      .filter((e) => typeof e.clippedFraction === 'number')
      .map((e) => ({ epoch: e.epoch, fraction: e.clippedFraction })),
  };
}

/** The latest epoch number seen (from epoch records, else from steps). */
export function currentEpoch(state: State): number {
  const lastEpoch = state.epochs[state.epochs.length - 1]?.epoch ?? 0;
  const lastStepEpoch = state.steps.epoch[state.steps.epoch.length - 1] ?? 0;
  return Math.max(lastEpoch, lastStepEpoch);
}
