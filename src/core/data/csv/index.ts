/**
 * `kind: csv`: a real time series from one column of a CSV file, forecast like the synthetic series
 * (ENGINE's forecastDataset does the windows, the chronological split, normalisation fitted on the
 * training part only and the persistence baseline; `period` adds the seasonal-naive baseline).
 */
import * as path from 'node:path';
import type { DataConfig } from '../../config/types';
import { forecastDataset } from '../forecast';
import { DataError, type Dataset } from '../types';
import { readCsvSeries, type CsvSeries } from './read-series';

export { readCsvSeries, resolveDataPath, type CsvSeries } from './read-series';
export { readCsvRecords } from './read-records';

export function csvDataset(data: DataConfig, baseDir: string): Dataset {
  const series = readCsvSeries(data, baseDir);
  checkFits(series, data);
  return forecastDataset(series.values, data, {
    kind: 'csv',
    period: data.period,
    fingerprintOf: { kind: 'csv', file: path.basename(series.file), column: series.column, dateColumn: series.dateColumn ?? null, missing: data.missing },
  });
}

/** "Window longer than the series", said in rows of the file rather than in split arithmetic. */
function checkFits(series: CsvSeries, data: DataConfig): void {
  const n = series.values.length;
  const trainRows = Math.floor(n * data.split.train);
  const span = data.window + data.horizon;
  if (span > trainRows) {
    throw new DataError(
      `data.window ${data.window} + data.horizon ${data.horizon} = ${span} rows per example, but column '${series.column}' of ` +
        `${path.basename(series.file)} has ${n} values, ${trainRows} of them in the training part (split.train ${data.split.train})`,
      'data.window',
      `use data.window ≤ ${Math.max(1, trainRows - data.horizon - 1)}, or a longer file`,
    );
  }
  if (Math.floor(n * data.split.val) < 1) {
    throw new DataError(`the validation part of the ${n} values is empty (split.val ${data.split.val})`, 'data.split.val', 'raise data.split.val');
  }
}
