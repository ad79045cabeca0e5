/**
 * Pure views of sample records, one per record `kind`. The reducer stores records as they come; the
 * renderers (webview/views/samples.ts) pick a view by kind, so new kinds plug in here and there
 * without touching the reducer.
 */

import type { SampleRecord } from '../../src/core/events';

/** A number, a list of numbers, or a time × features matrix, as a list of numbers (feature 0). */
export function toNumbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v)) return [];
  return v.map((x) => {
    if (typeof x === 'number') return x;
    if (Array.isArray(x) && typeof x[0] === 'number') return x[0];
    return NaN;
  });
}

export interface SeriesSampleView {
  /** Time axis: 0 .. window-1 are the input, window .. window+horizon-1 the predicted steps. */
  t: number[];
  /** null where a series has no value at that t (chart gaps). */
  input: Array<number | null>;
  target: Array<number | null>;
  output: Array<number | null>;
  baseline: Array<number | null>;
  window: number;
  horizon: number;
  hasBaseline: boolean;
}

/** 'series' kind: the input window, then target / forecast / baseline over the horizon. */
export function seriesSampleView(rec: SampleRecord): SeriesSampleView {
  const input = toNumbers(rec.input);
  const target = toNumbers(rec.target);
  const output = toNumbers(rec.output);
  const baseline = rec.baseline === undefined ? [] : toNumbers(rec.baseline);
  const window = input.length;
  const horizon = Math.max(target.length, output.length, baseline.length);
  const n = window + horizon;
  const t = Array.from({ length: n }, (_, i) => i);
  const col = (future: number[]): Array<number | null> => t.map((i) => (i < window ? null : (future[i - window] ?? null)));
  return {
    t,
    input: t.map((i) => (i < window ? (input[i] ?? null) : null)),
    target: col(target),
    output: col(output),
    baseline: col(baseline),
    window,
    horizon,
    hasBaseline: baseline.length > 0,
  };
}

/** A column joined to the last input value, so a forecast line starts where the window ends. */
export function connectToWindow(view: SeriesSampleView, col: Array<number | null>): Array<number | null> {
  if (view.window === 0 || col.every((v) => v === null)) return col;
  const out = col.slice();
  out[view.window - 1] = view.input[view.window - 1] ?? null;
  return out;
}

/** Text for kinds without a chart (text, sequence, label, notes): each field as a readable string. */
export function sampleText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string' && x.length <= 1)) return v.join('');
    return v.map((x) => (typeof x === 'number' ? formatNumber(x) : typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
  }
  return JSON.stringify(v);
}

export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}
