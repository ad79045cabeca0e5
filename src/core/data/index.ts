/**
 * `buildDataset(config, rng, baseDir)`: the experiment's `data:` section → a Dataset (train/val
 * arrays, summary, baseline, evaluation in real units). One builder per kind; kinds of later issues
 * (csv, text, adding, copy, ...) add a case here.
 */
import type { ExperimentConfig } from '../config/types';
import type { Rng } from '../util/rng';
import { forecastDataset } from './forecast';
import { addingDataset, copyDataset } from './long-lag';
import { csvDataset } from './csv';
import { textDataset } from './text';
import { audioDataset } from './audio';
import { midiDataset } from './midi';
import { isSeq2seqKind, seq2seqDataset } from './seq2seq';
import { DEFAULT_SINE_PERIOD, generateSeries, isSeriesKind } from './series';
import { DataError, type Dataset } from './types';

export { DataError } from './types';
export type { Dataset, SplitArrays, NextTokenLogits, EvalExtras } from './types';
export { DEFAULT_SINE_PERIOD } from './series';

/**
 * @param baseDir folder of the experiment file: relative data paths resolve against it (file kinds).
 */
export function buildDataset(config: ExperimentConfig, rng: Rng, baseDir: string): Dataset {
  const data = config.data;
  if (isSeriesKind(data.kind)) {
    const series = generateSeries(data, rng);
    const period = data.kind === 'random-walk' ? undefined : (data.period ?? DEFAULT_SINE_PERIOD);
    return forecastDataset(series, data, {
      kind: data.kind,
      fingerprintOf: { kind: data.kind, length: data.length, noise: data.noise, period, seed: config.seed },
    });
  }
  if (data.kind === 'csv') return csvDataset(data, baseDir);
  if (data.kind === 'text') return textDataset(data, config.samples, baseDir, config.seed);
  if (data.kind === 'midi') return midiDataset(data, config.samples, baseDir, config.seed);
  if (data.kind === 'adding') return addingDataset(data, rng, config.seed);
  if (data.kind === 'copy') return copyDataset(data, rng, config.seed);
  if (data.kind === 'audio') return audioDataset(data, rng, config.seed, baseDir);
  if (isSeq2seqKind(data.kind)) return seq2seqDataset(data, rng, baseDir, config.seed);
  // The config validator rejects unknown kinds first; this guards callers that build configs in code.
  const kinds = 'sine, noisy-sine, random-walk, csv, text, adding, copy, reverse, sort, pairs, audio or midi';
  throw new DataError(`data.kind '${String(data.kind)}' is not a known task`, 'data.kind', `use one of ${kinds}`);
}
