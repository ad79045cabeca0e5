/**
 * Step-by-step comparison of two metrics.jsonl streams (a recorded run and its reproduction).
 * Bitwise: JSON numbers round-trip float64 exactly, so `a === b` on the parsed records is bit
 * equality of what was recorded. With a tolerance, a value passes when
 * |a − b| ≤ absolute + relative × max(|a|, |b|). Timing fields (time, durationMs, samplesPerSec)
 * are never compared: they differ on every run. Pure: no files, no tfjs.
 */
import type { EpochRecord, StepRecord } from '../events';

export type MetricsRecord = StepRecord | EpochRecord;

export interface Tolerance {
  relative: number;
  absolute: number;
}

/** Fields that measure the machine, not the training. */
const TIMING_FIELDS = new Set(['type', 'time', 'durationMs', 'samplesPerSec']);

export interface MetricDifference {
  type: 'step' | 'epoch';
  step: number;
  epoch: number;
  /** Dotted for nested fields: `gradNormByLayer.lstm_1`. */
  field: string;
  recorded: number | boolean | string | null | undefined;
  reproduced: number | boolean | string | null | undefined;
  /** |recorded − reproduced| (Infinity when one is missing or not a number). */
  absDiff: number;
  /** absDiff / max(|recorded|, |reproduced|) (0 when both are 0). */
  relDiff: number;
}

export interface MetricsComparison {
  /** Records of each type compared (the common prefix of both streams). */
  steps: number;
  epochs: number;
  /** Every compared value bit-for-bit equal. */
  bitwise: boolean;
  /** The first value that is not bit-for-bit equal, in recording order. */
  firstDifference?: MetricDifference;
  /** The first value outside the tolerance (only when a tolerance was given). */
  firstBeyondTolerance?: MetricDifference;
  /** The largest relative difference seen. */
  largest?: MetricDifference;
  /** Records only one side has (a stopped run, a run that went on longer). */
  recordedOnly: number;
  reproducedOnly: number;
}

/** Compares the records pairwise, in order, matching step records to step records and epochs to epochs. */
export function compareMetrics(recorded: readonly MetricsRecord[], reproduced: readonly MetricsRecord[], tolerance?: Tolerance): MetricsComparison {
  const split = (rs: readonly MetricsRecord[]): MetricsRecord[][] => [rs.filter((r) => r.type === 'step'), rs.filter((r) => r.type === 'epoch')];
  const [recSteps = [], recEpochs = []] = split(recorded);
  const [repSteps = [], repEpochs = []] = split(reproduced);
  const out: MetricsComparison = {
    steps: Math.min(recSteps.length, repSteps.length),
    epochs: Math.min(recEpochs.length, repEpochs.length),
    bitwise: true,
    recordedOnly: Math.max(0, recSteps.length - repSteps.length) + Math.max(0, recEpochs.length - repEpochs.length),
    reproducedOnly: Math.max(0, repSteps.length - recSteps.length) + Math.max(0, repEpochs.length - recEpochs.length),
  };
  // Walk both kinds in recording order so "first" means first in time: an epoch record comes after
  // the steps of its epoch.
  const order = interleave(recorded, out.steps, out.epochs);
  for (const { kind, index } of order) {
    const a = (kind === 'step' ? recSteps : recEpochs)[index] as MetricsRecord;
    const b = (kind === 'step' ? repSteps : repEpochs)[index] as MetricsRecord;
    for (const d of recordDifferences(a, b)) {
      if (out.bitwise) {
        out.bitwise = false;
        out.firstDifference = d;
      }
      if (!out.largest || d.relDiff > out.largest.relDiff) out.largest = d;
      if (tolerance && !out.firstBeyondTolerance && !withinTolerance(d, tolerance)) out.firstBeyondTolerance = d;
    }
  }
  return out;
}

/**
 * Booleans (`clipped`, `best`) follow from numbers that are checked themselves: a gradient norm
 * within tolerance of the clip threshold may flip `clipped`, so under a tolerance they pass.
 */
export function withinTolerance(d: Pick<MetricDifference, 'recorded' | 'reproduced' | 'absDiff'>, t: Tolerance): boolean {
  if (typeof d.recorded === 'boolean' && typeof d.reproduced === 'boolean') return true;
  if (typeof d.recorded !== 'number' || typeof d.reproduced !== 'number') return false;
  return d.absDiff <= t.absolute + t.relative * Math.max(Math.abs(d.recorded), Math.abs(d.reproduced));
}

/** The (kind, index) pairs of the compared prefix, in the order the recorded stream has them. */
function interleave(recorded: readonly MetricsRecord[], steps: number, epochs: number): Array<{ kind: 'step' | 'epoch'; index: number }> {
  const order: Array<{ kind: 'step' | 'epoch'; index: number }> = [];
  let s = 0;
  let e = 0;
  for (const r of recorded) {
    if (r.type === 'step' && s < steps) order.push({ kind: 'step', index: s++ });
    else if (r.type === 'epoch' && e < epochs) order.push({ kind: 'epoch', index: e++ });
  }
  return order;
}

/** Every compared field where the two records are not bit-for-bit equal. */
function recordDifferences(a: MetricsRecord, b: MetricsRecord): MetricDifference[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => !TIMING_FIELDS.has(k));
  const diffs: MetricDifference[] = [];
  for (const field of keys) {
    const x = fa[field];
    const y = fb[field];
    if (Object.is(x, y) || x === y) continue;
    const both = typeof x === 'number' && typeof y === 'number';
    const absDiff = both ? Math.abs(x - y) : Infinity;
    const scale = both ? Math.max(Math.abs(x), Math.abs(y)) : 0;
    const relDiff = !both ? Infinity : scale === 0 ? 0 : absDiff / scale;
    diffs.push({ type: a.type, step: a.step, epoch: a.epoch, field, recorded: x, reproduced: y, absDiff: Number.isNaN(absDiff) ? Infinity : absDiff, relDiff: Number.isNaN(relDiff) ? Infinity : relDiff });
  }
  return diffs;
}

type Leaf = number | boolean | string | null | undefined;

function flatten(r: object): Record<string, Leaf> {
  const out: Record<string, Leaf> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) out[`${k}.${k2}`] = leaf(v2);
    } else {
      out[k] = leaf(v);
    }
  }
  return out;
}

function leaf(v: unknown): Leaf {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null || v === undefined ? v : JSON.stringify(v);
}
