/**
 * The classic long-term-dependency tasks, generated from the seed:
 *
 * - `adding` (Hochreiter & Schmidhuber 1997, in the form of Le et al. 2015 / Arjovsky et al. 2016):
 *   each of the `window` = T steps carries two features, a value drawn uniformly from [0, 1] and a
 *   marker (0 or 1). Exactly two steps are marked, one in the first half and one in the second half;
 *   the target is the sum of the two marked values (in [0, 2], left unnormalised). A model that
 *   ignores its input can do no better than predict the mean, 1: its MSE is the variance of a sum of
 *   two uniforms, 2/12 ≈ 0.167 — the baseline. Beating it needs the first marked value carried across
 *   up to T steps.
 * - `copy`: the first step shows one of `vocabSize` symbols (one-hot), then `window` steps of random
 *   distractor symbols follow; the model must name the first symbol at the end, `window` steps later.
 *   Classification; baseline: chance (the training class frequencies).
 *
 * `size` sequences are generated; the first `split.train` of them train, the next `split.val` validate.
 */
import type { DataConfig } from '../config/types';
import type { Metrics, SampleRecord } from '../events';
import type { Rng } from '../util/rng';
import { crossEntropyAndAccuracy, priorBaseline, smoothedFrequencies } from './classification-metrics';
import { fingerprint } from './fingerprint';
import { regressionMetrics } from './regression-metrics';
import { DataError, type Dataset, type SplitArrays } from './types';

const IDENTITY = { kind: 'none' as const, scale: 1, offset: 0 };

/** How many sequences train and validate; errors name `data.size` / `data.split`. */
export function toySplitSizes(data: Pick<DataConfig, 'size' | 'split'>): { nTrain: number; nVal: number } {
  const nTrain = Math.floor(data.size * data.split.train);
  const nVal = Math.floor(data.size * data.split.val);
  if (nTrain < 1 || nVal < 1) {
    throw new DataError(
      `data.size ${data.size} × split {train: ${data.split.train}, val: ${data.split.val}} leaves ${nTrain} training and ${nVal} validation sequences`,
      'data.size',
      'raise data.size (a few thousand sequences is usual) so both parts hold at least one sequence',
    );
  }
  return { nTrain, nVal };
}

export function addingDataset(data: DataConfig, rng: Rng, seed: number): Dataset {
  const T = data.window;
  if (T < 2) throw new DataError(`the adding problem needs at least 2 time steps (data.window is ${T})`, 'data.window', 'set data.window to the sequence length, e.g. 50');
  const { nTrain, nVal } = toySplitSizes(data);
  const train = addingSplit(nTrain, T, rng);
  const val = addingSplit(nVal, T, rng);
  // Predict-the-mean baseline: the training targets' mean, for every validation sequence.
  let mean = 0;
  for (let i = 0; i < nTrain; i++) mean += train.y[i] as number;
  mean /= nTrain;
  const meanPred = new Float32Array(nVal).fill(mean);
  return {
    summary: {
      kind: 'adding',
      trainExamples: nTrain,
      valExamples: nVal,
      timeSteps: T,
      features: 2,
      outputs: 1,
      task: 'regression',
      baselineName: `predict the mean (${mean.toFixed(3)}) whatever the input: MSE ≈ 0.167`,
      fingerprint: fingerprint({ kind: 'adding', window: T, size: data.size, split: data.split, seed }, train.x, val.x),
    },
    xShape: [T, 2],
    yShape: [1],
    xDtype: 'float32',
    yDtype: 'float32',
    loss: 'mse',
    head: { kind: 'regression', outputSize: 1 },
    inputSize: 2,
    train,
    val,
    baseline: regressionMetrics(meanPred, val.y, IDENTITY),
    evaluate: (outputs: Float32Array): Metrics => regressionMetrics(outputs, val.y, IDENTITY),
    samples: (epoch, indices, outputs) => indices.map((i) => addingSample(epoch, i, val, T, outputs, mean)),
  };
}

function addingSplit(n: number, T: number, rng: Rng): SplitArrays {
  const x = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  const half = Math.floor(T / 2);
  for (let k = 0; k < n; k++) {
    const base = k * T * 2;
    for (let t = 0; t < T; t++) x[base + t * 2] = rng.next();
    const first = rng.int(half);
    const second = half + rng.int(T - half);
    x[base + first * 2 + 1] = 1;
    x[base + second * 2 + 1] = 1;
    y[k] = (x[base + first * 2] as number) + (x[base + second * 2] as number);
  }
  return { n, x, y };
}

function addingSample(epoch: number, i: number, val: SplitArrays, T: number, outputs: Float32Array, mean: number): SampleRecord {
  const values: number[] = [];
  const marked: number[] = [];
  for (let t = 0; t < T; t++) {
    values.push(round(val.x[(i * T + t) * 2] as number));
    if (val.x[(i * T + t) * 2 + 1] === 1) marked.push(t);
  }
  return { epoch, kind: 'series', index: i, input: values, marked, target: round(val.y[i] as number), output: round(outputs[i] as number), baseline: round(mean) };
}

export function copyDataset(data: DataConfig, rng: Rng, seed: number): Dataset {
  const lag = data.window;
  const V = data.vocabSize;
  if (lag < 1) throw new DataError(`the copy task needs a lag of at least 1 step (data.window is ${lag})`, 'data.window', 'set data.window to the lag, e.g. 20');
  const T = lag + 1;
  const { nTrain, nVal } = toySplitSizes(data);
  const train = copySplit(nTrain, T, V, rng);
  const val = copySplit(nVal, T, V, rng);
  const prior = smoothedFrequencies(train.y, V);
  const chance = priorBaseline(prior, val.y);
  return {
    summary: {
      kind: 'copy',
      trainExamples: nTrain,
      valExamples: nVal,
      timeSteps: T,
      features: V,
      outputs: V,
      task: 'classification',
      baselineName: `chance: guess from the training symbol frequencies (accuracy ≈ 1/${V})`,
      fingerprint: fingerprint({ kind: 'copy', window: lag, vocabSize: V, size: data.size, split: data.split, seed }, train.x, val.x),
    },
    xShape: [T, V],
    yShape: [],
    xDtype: 'float32',
    yDtype: 'int32',
    loss: 'crossentropy',
    head: { kind: 'classification', outputSize: V },
    inputSize: V,
    train,
    val,
    baseline: { valLoss: chance.loss, valAccuracy: chance.accuracy },
    evaluate: (outputs: Float32Array): Metrics => {
      const r = crossEntropyAndAccuracy(outputs, val.y, V);
      return { valLoss: r.loss, valAccuracy: r.accuracy };
    },
    samples: (epoch, indices, outputs) => indices.map((i) => copySample(epoch, i, val, T, V, outputs)),
  };
}

function copySplit(n: number, T: number, V: number, rng: Rng): SplitArrays {
  const x = new Float32Array(n * T * V);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < T; t++) {
      const symbol = rng.int(V);
      if (t === 0) y[k] = symbol;
      x[(k * T + t) * V + symbol] = 1;
    }
  }
  return { n, x, y };
}

function copySample(epoch: number, i: number, val: SplitArrays, T: number, V: number, outputs: Float32Array): SampleRecord {
  const input: number[] = [];
  for (let t = 0; t < T; t++) {
    const row = val.x.subarray((i * T + t) * V, (i * T + t + 1) * V);
    input.push(row.indexOf(1));
  }
  const logits = outputs.subarray(i * V, (i + 1) * V);
  let arg = 0;
  for (let c = 1; c < V; c++) if ((logits[c] as number) > (logits[arg] as number)) arg = c;
  return { epoch, kind: 'label', index: i, input, target: val.y[i] as number, output: arg };
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
