/**
 * Next-value forecasting from one series (sine, noisy-sine, random-walk; csv will reuse it):
 *
 * - Each example is `window` consecutive values; its target is the value `horizon` steps after the
 *   window's last value (one output: horizon 3 means "predict x_{t+3} from x_{t-window+1..t}").
 * - Chronological split: the first `split.train` of the series is the training part, the next
 *   `split.val` the validation part. A training example lies wholly in the training part; a
 *   validation example has its TARGET in the validation part (its input window may reach back into
 *   the end of the training part, as it would when forecasting for real).
 * - Normalisation is fitted on the training part only.
 * - Baseline: persistence, i.e. predict the window's last value, evaluated on the same validation
 *   examples and in the same units as the model. With `period` (csv's data.period) the seasonal
 *   naive baseline, predict the value one season before the target, is reported beside it
 *   (summary.extraBaselines and each sample's `seasonalBaseline`).
 */
import type { DataConfig } from '../config/types';
import type { Metrics, SampleRecord } from '../events';
import { fitNormalizer, toModelUnits, toReal, type Normalizer } from './normalize';
import { regressionMetrics } from './regression-metrics';
import { fingerprint } from './fingerprint';
import { DataError, type Dataset, type SplitArrays } from './types';

export interface ForecastOptions {
  kind: string;
  /** What the fingerprint covers besides the values (the generating config). */
  fingerprintOf: unknown;
  /** Season length: adds the seasonal-naive baseline (x̂_j = x_{j-k·period}, k·period ≥ horizon). */
  period?: number;
}

export function forecastDataset(series: Float64Array, data: DataConfig, o: ForecastOptions): Dataset {
  const { window: w, horizon: h } = data;
  const n = series.length;
  const trainEnd = Math.floor(n * data.split.train);
  const valEnd = Math.min(n, trainEnd + Math.floor(n * data.split.val));
  const span = w + h; // steps one example covers, from its first input to its target
  if (span > trainEnd) {
    throw new DataError(
      `data.window (${w}) + data.horizon (${h}) = ${span} steps do not fit in the training part of the series ` +
        `(${trainEnd} of ${n} steps, data.split.train ${data.split.train})`,
      'data.window',
      `use a smaller data.window (at most ${Math.max(1, trainEnd - h)}) or a longer data.length`,
    );
  }
  if (valEnd <= trainEnd) {
    throw new DataError(
      `the validation part is empty (data.split.val ${data.split.val} of ${n} steps)`,
      'data.split.val',
      'give the validation split a larger fraction, or a longer data.length',
    );
  }

  const norm = fitNormalizer(data.normalize, series.subarray(0, trainEnd));
  const s = Float32Array.from(series, (v) => toModelUnits(norm, v));
  // Target index j: train j in [span-1, trainEnd), val j in [trainEnd, valEnd).
  const train = windows(s, w, h, span - 1, trainEnd);
  const val = windows(s, w, h, trainEnd, valEnd);
  const persistence = lastInputs(val, w);
  const seasonal = o.period ? seasonalNaive(s, o.period, h, trainEnd, valEnd) : undefined;

  const summary = {
    kind: o.kind,
    trainExamples: train.n,
    valExamples: val.n,
    timeSteps: w,
    features: 1,
    outputs: 1,
    task: 'regression' as const,
    baselineName: 'persistence (predict the last value of the window)',
    fingerprint: fingerprint(o.fingerprintOf, series),
    ...(seasonal ? { extraBaselines: [{ name: `seasonal naive (the value one period of ${o.period} steps earlier)`, metrics: regressionMetrics(seasonal, val.y, norm) }] } : {}),
  };
  return {
    summary,
    xShape: [w, 1],
    yShape: [1],
    xDtype: 'float32',
    yDtype: 'float32',
    loss: 'mse',
    head: { kind: 'regression', outputSize: 1 },
    inputSize: 1,
    train,
    val,
    baseline: regressionMetrics(persistence, val.y, norm),
    evaluate: (outputs: Float32Array): Metrics => regressionMetrics(outputs, val.y, norm),
    samples: (epoch, indices, outputs) =>
      indices.map((i) => {
        const r = seriesSample(epoch, i, val, w, h, norm, outputs, persistence);
        return seasonal ? { ...r, seasonalBaseline: round(toReal(norm, seasonal[i] as number)) } : r;
      }),
  };
}

function windows(s: Float32Array, w: number, h: number, fromTarget: number, toTarget: number): SplitArrays {
  const n = Math.max(0, toTarget - fromTarget);
  const x = new Float32Array(n * w);
  const y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const j = fromTarget + k;
    const start = j - h - w + 1;
    x.set(s.subarray(start, start + w), k * w);
    y[k] = s[j] as number;
  }
  return { n, x, y };
}

/** Seasonal naive for val targets j in [from, to): s[j - lag], lag the first multiple of period ≥ h. */
function seasonalNaive(s: Float32Array, period: number, h: number, from: number, to: number): Float32Array | undefined {
  const lag = period * Math.ceil(h / period);
  if (lag > from) return undefined; // the training part is shorter than one season
  const out = new Float32Array(Math.max(0, to - from));
  for (let j = from; j < to; j++) out[j - from] = s[j - lag] as number;
  return out;
}

function lastInputs(split: SplitArrays, w: number): Float32Array {
  const out = new Float32Array(split.n);
  for (let k = 0; k < split.n; k++) out[k] = split.x[k * w + w - 1] as number;
  return out;
}

function seriesSample(
  epoch: number,
  i: number,
  val: SplitArrays,
  w: number,
  h: number,
  norm: Normalizer,
  outputs: Float32Array,
  persistence: Float32Array,
): SampleRecord {
  const input = Array.from(val.x.subarray(i * w, i * w + w), (v) => round(toReal(norm, v)));
  return {
    epoch,
    kind: 'series',
    index: i,
    horizon: h,
    input,
    target: round(toReal(norm, val.y[i] as number)),
    output: round(toReal(norm, outputs[i] as number)),
    baseline: round(toReal(norm, persistence[i] as number)),
  };
}

/** Six significant digits keep samples.jsonl small without hiding anything a chart can show. */
function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
