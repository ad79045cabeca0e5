/**
 * Pure selectors for the lesson's heatmaps (issue 8 views plug in here): the gradient through time
 * (‖∂L/∂h_t‖, epochs × time steps, per layer and direction; ‖∂L/∂c_t‖ for LSTM) and the hidden state
 * and gates of one sample (units × time). The reducer already keeps the records; these shape them.
 */

import type { State } from './types';

export interface Heatmap {
  /** Row labels (epochs, or unit indices). */
  rows: number[];
  /** Number of columns (time steps). */
  cols: number;
  /** values[row][t]; NaN where a row has no value at t. */
  values: number[][];
  /** Smallest and largest finite value (min over positive values when `positiveMin`). */
  min: number;
  max: number;
  /** Smallest finite value > 0 (for a log colour scale); undefined when none. */
  positiveMin?: number;
}

export interface GradientSeriesKey {
  layer: string;
  direction: 'forward' | 'backward';
}

/** Layers and directions present in the gradient records, in first-seen order. */
export function gradientKeys(state: State): GradientSeriesKey[] {
  const seen = new Map<string, GradientSeriesKey>();
  for (const g of state.gradients) {
    for (const r of g.records) {
      const k = `${r.layer}\u0000${r.direction}`;
      if (!seen.has(k)) seen.set(k, { layer: r.layer, direction: r.direction });
    }
  }
  return [...seen.values()];
}

/** ‖∂L/∂h_t‖ (or ‖∂L/∂c_t‖ with which = 'cell') as epochs × time steps. */
export function gradientHeatmap(state: State, key: GradientSeriesKey, which: 'hidden' | 'cell' = 'hidden'): Heatmap {
  const rows: number[] = [];
  const values: number[][] = [];
  let cols = 0;
  for (const g of state.gradients) {
    const rec = g.records.find((r) => r.layer === key.layer && r.direction === key.direction);
    const norms = which === 'cell' ? rec?.cellNorms : rec?.norms;
    if (!norms) continue;
    rows.push(g.epoch);
    values.push(norms.map((v) => (typeof v === 'number' ? v : NaN)));
    cols = Math.max(cols, norms.length);
  }
  for (const row of values) while (row.length < cols) row.push(NaN);
  return { rows, cols, values, ...range(values) };
}

/** Orders of magnitude between the largest and the smallest positive value of a row (vanishing
 * gradients show as many decades between the last and the first time step). */
export function decadesSpanned(row: readonly number[]): number {
  const pos = row.filter((v) => Number.isFinite(v) && v > 0);
  if (pos.length < 2) return 0;
  return Math.log10(Math.max(...pos) / Math.min(...pos));
}

/** Matrices of the captured sample: 'h', 'c', or a gate name ('i', 'f', 'o', 'z', 'r', ...). */
export function hiddenMatrixNames(state: State, layer: string, direction: 'forward' | 'backward' = 'forward'): string[] {
  const l = state.hidden?.layers.find((x) => x.layer === layer && x.direction === direction);
  if (!l) return [];
  return ['h', ...(l.c ? ['c'] : []), ...Object.keys(l.gates ?? {})];
}

/** One units × time matrix of the hidden capture. */
export function hiddenHeatmap(state: State, layer: string, name: string, direction: 'forward' | 'backward' = 'forward'): Heatmap | undefined {
  const l = state.hidden?.layers.find((x) => x.layer === layer && x.direction === direction);
  if (!l) return undefined;
  const m = name === 'h' ? l.h : name === 'c' ? l.c : l.gates?.[name];
  if (!m) return undefined;
  const values = m.map((row) => row.map((v) => (typeof v === 'number' ? v : NaN)));
  const cols = Math.max(0, ...values.map((r) => r.length));
  return { rows: values.map((_, i) => i), cols, values, ...range(values) };
}

function range(values: number[][]): { min: number; max: number; positiveMin?: number } {
  let min = Infinity;
  let max = -Infinity;
  let positiveMin = Infinity;
  for (const row of values) {
    for (const v of row) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < positiveMin) positiveMin = v;
    }
  }
  if (min === Infinity) return { min: NaN, max: NaN };
  return { min, max, ...(positiveMin !== Infinity ? { positiveMin } : {}) };
}

/**
 * The activation-threshold filter of the hidden-state card: keeps the values whose activation
 * reaches `threshold` and blanks (NaN) the rest, so the units that fire stand out. For h and c the
 * magnitude counts (tanh is signed); for a gate (in [0, 1]) the value itself — a forget gate above
 * 0.9 is one that keeps its memory. `active` is the share of finite values kept.
 */
export function thresholdHeatmap(map: Heatmap, threshold: number, mode: 'magnitude' | 'value'): { map: Heatmap; active: number } {
  let kept = 0;
  let total = 0;
  const values = map.values.map((row) => row.map((v) => {
    if (!Number.isFinite(v)) return NaN;
    total++;
    const a = mode === 'magnitude' ? Math.abs(v) : v;
    if (a >= threshold) {
      kept++;
      return v;
    }
    return NaN;
  }));
  return { map: { ...map, values }, active: total ? kept / total : 0 };
}
