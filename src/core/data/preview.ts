/**
 * `previewData`: what a learner should see before training (and what `seqlab data preview` prints
 * and the dashboard can show): series statistics or token statistics, split sizes, the baseline,
 * and the first few examples exactly as the model will get them.
 */
import type { ExperimentConfig } from '../config/types';
import type { Metrics } from '../events';
import { Rng } from '../util/rng';
import { readCsvSeries } from './csv';
import { describeAudio, type AudioDescription } from './audio';
import { buildDataset } from './index';
import { generateSeries, isSeriesKind } from './series';
import { decode, readTextCorpus, UNK } from './text';
import { readMidiCorpus } from './midi/corpus';
import type { Dataset } from './types';
import { seq2seqPreviewExamples } from './seq2seq';

export interface SeriesStats {
  length: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  first: number[];
  /** csv only */
  column?: string;
  rows?: number;
  /** Empty cells, and the first 50 of their file lines. */
  missingCount?: number;
  missingLines?: number[];
  missingPolicy?: string;
}

export interface TokenStats {
  tokens: 'char' | 'word';
  totalTokens: number;
  trainTokens: number;
  valTokens: number;
  vocabSize: number;
  top: Array<{ token: string; count: number }>;
  /** Fraction of validation tokens outside the training vocabulary (they read as <unk>). */
  unkRate: number;
}

export interface DataPreview {
  kind: string;
  task: string;
  trainExamples: number;
  valExamples: number;
  xShape: number[];
  yShape: number[];
  baseline: { name: string; metrics: Metrics };
  extraBaselines: Array<{ name: string; metrics: Metrics }>;
  series?: SeriesStats;
  tokens?: TokenStats;
  /** audio: frames, labels per split, speakers per split, clip lengths. */
  audio?: AudioDescription;
  /** The first training examples as the model sees them (series: in model units, after normalisation). */
  examples: Array<{ input: unknown; target: unknown }>;
}

export function previewData(config: ExperimentConfig, baseDir: string, count = 3): DataPreview {
  // The same random stream as runExperiment: the dataset draws from the seed's first fork.
  const ds = buildDataset(config, new Rng(config.seed).fork(), baseDir);
  const data = config.data;
  const out: DataPreview = {
    kind: ds.summary.kind,
    task: ds.summary.task,
    trainExamples: ds.train.n,
    valExamples: ds.val.n,
    xShape: ds.xShape,
    yShape: ds.yShape,
    baseline: { name: ds.summary.baselineName, metrics: ds.baseline },
    extraBaselines: ds.summary.extraBaselines ?? [],
    examples: [],
  };
  const audio = describeAudio(ds);
  if (audio) out.audio = audio;
  if (data.kind === 'csv') {
    const s = readCsvSeries(data, baseDir);
    out.series = { ...stats(s.values), column: s.column, rows: s.rows, missingCount: s.missing.length, missingLines: s.missing.slice(0, 50), missingPolicy: s.missingPolicy };
  } else if (isSeriesKind(data.kind)) {
    out.series = stats(generateSeries(data, new Rng(config.seed).fork()));
  }
  if (data.kind === 'text') {
    const c = readTextCorpus(data, baseDir);
    let unk = 0;
    for (let i = c.trainEnd; i < c.valEnd; i++) if (c.ids[i] === 0 && c.tokens[i] !== UNK) unk++;
    out.tokens = {
      tokens: data.tokens,
      totalTokens: c.tokens.length,
      trainTokens: c.trainEnd,
      valTokens: c.valEnd - c.trainEnd,
      vocabSize: c.vocab.tokens.length,
      top: c.vocab.tokens.slice(1, 16).map((token, i) => ({ token, count: c.vocab.counts[i + 1] as number })),
      unkRate: c.valEnd > c.trainEnd ? unk / (c.valEnd - c.trainEnd) : 0,
    };
    for (let k = 0; k < Math.min(count, ds.train.n); k++) {
      const w = data.window;
      out.examples.push({ input: decode(ds.train.x.subarray(k * w, (k + 1) * w), c.vocab, data.tokens), target: decode(ds.train.y.subarray(k * w, (k + 1) * w), c.vocab, data.tokens) });
    }
    return out;
  }
  if (data.kind === 'midi') {
    // Melodies: the windows as note tokens (E4:4 R:2 ...), not ids.
    const vocab = readMidiCorpus(data, baseDir).vocab.tokens;
    const names = (ids: ArrayLike<number>): string => Array.from(ids, (id) => vocab[id] ?? UNK).join(' ');
    const w = data.window;
    for (let k = 0; k < Math.min(count, ds.train.n); k++) out.examples.push({ input: names(ds.train.x.subarray(k * w, (k + 1) * w)), target: names(ds.train.y.subarray(k * w, (k + 1) * w)) });
    return out;
  }
  out.examples = ds.seq2seq ? seq2seqPreviewExamples(ds, count) : firstExamples(ds, count);
  return out;
}

function firstExamples(ds: Dataset, count: number): Array<{ input: unknown; target: unknown }> {
  const xRow = ds.xShape.reduce((a, b) => a * b, 1);
  const yRow = ds.yShape.reduce((a, b) => a * b, 1);
  const out: Array<{ input: unknown; target: unknown }> = [];
  for (let k = 0; k < Math.min(count, ds.train.n); k++) {
    const x = Array.from(ds.train.x.subarray(k * xRow, (k + 1) * xRow), round);
    const features = ds.xShape[1] ?? 1;
    // [T, F] rows as one list per time step when there are several features.
    const input = features > 1 ? Array.from({ length: ds.xShape[0] as number }, (_, t) => x.slice(t * features, (t + 1) * features)) : x;
    const y = Array.from(ds.train.y.subarray(k * yRow, (k + 1) * yRow), round);
    out.push({ input, target: yRow === 1 ? y[0] : y });
  }
  return out;
}

function stats(v: ArrayLike<number>): SeriesStats {
  const n = v.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = v[i] as number;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((v[i] as number) - mean) ** 2;
  return { length: n, mean: round(mean), std: round(Math.sqrt(n ? ss / n : NaN)), min: round(min), max: round(max), first: Array.from({ length: Math.min(10, n) }, (_, i) => round(v[i] as number)) };
}

function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
