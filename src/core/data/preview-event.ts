/**
 * The data preview sent with the `start` event (the dashboard's "Data" card): previewData's
 * statistics plus the series itself, thinned to at most MAX_POINTS points so the event stays small.
 * Never throws: a preview that cannot be built is simply left out (the run goes on).
 */
import type { ExperimentConfig } from '../config/types';
import type { StartDataPreview } from '../events';
import { Rng } from '../util/rng';
import { readCsvSeries } from './csv';
import { previewData } from './preview';
import { generateSeries, isSeriesKind } from './series';

export const MAX_PREVIEW_POINTS = 500;

export function startPreview(config: ExperimentConfig, baseDir: string): StartDataPreview | undefined {
  try {
    const p = previewData(config, baseDir, 3);
    const out: StartDataPreview = { examples: p.examples };
    if (p.series) {
      const raw = config.data.kind === 'csv' ? readCsvSeries(config.data, baseDir).values : isSeriesKind(config.data.kind) ? generateSeries(config.data, new Rng(config.seed).fork()) : [];
      const every = Math.max(1, Math.ceil(raw.length / MAX_PREVIEW_POINTS));
      const values: number[] = [];
      for (let i = 0; i < raw.length; i += every) values.push(Number((raw[i] as number).toPrecision(5)));
      const { length, mean, std, min, max, column } = p.series;
      out.series = { values, every, length, mean, std, min, max, ...(column !== undefined ? { column } : {}) };
    }
    if (p.tokens) {
      const { tokens, totalTokens, vocabSize, top, unkRate } = p.tokens;
      out.tokens = { tokens, totalTokens, vocabSize, top, unkRate };
    }
    return out;
  } catch {
    return undefined;
  }
}
