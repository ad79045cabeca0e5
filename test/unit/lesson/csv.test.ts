import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDataset, DataError } from '../../../src/core/data';
import { readCsvRecords, readCsvSeries } from '../../../src/core/data/csv';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from '../train/helpers';

const FIX = path.resolve(__dirname, '../../fixtures/lesson');

function csvConfig(file: string, over: Record<string, unknown> = {}) {
  return testConfig({ data: { kind: 'csv', path: file, window: 2, horizon: 1, split: { train: 0.6, val: 0.4 }, normalize: 'none', ...over } as never });
}

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a DataError');
}

function withTmp<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-csv-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('BOM, CRLF, quoted fields with commas, doubled quotes and line breaks', () => {
  const recs: string[][] = [];
  const lines: number[] = [];
  readCsvRecords(path.join(FIX, 'quirky.csv'), (r) => {
    recs.push(r.fields);
    lines.push(r.line);
  });
  assert.deepEqual(recs[0], ['date', 'temp, °C', 'note']);
  assert.deepEqual(recs[1], ['2024-01-03', '3.5', 'said "hi"']);
  assert.deepEqual(recs[3], ['2024-01-02', '2.5', 'two\r\nlines']);
  assert.deepEqual(lines, [1, 2, 3, 4, 6]);
});

test('records are the same whatever the chunk size (quotes, CRLF and UTF-8 split across reads)', () => {
  const file = path.join(FIX, 'quirky.csv');
  const all = (chunkSize?: number): string => {
    const out: unknown[] = [];
    readCsvRecords(file, (r) => void out.push(r), chunkSize ? { chunkSize } : {});
    return JSON.stringify(out);
  };
  const reference = all();
  for (let c = 1; c <= 9; c++) assert.equal(all(c), reference, `chunk size ${c}`);
});

test('dateColumn orders the rows; the column is found by its quoted header', () => {
  const s = readCsvSeries({ path: path.join(FIX, 'quirky.csv'), column: 'temp, °C', dateColumn: 'date', missing: 'error' }, '.');
  assert.deepEqual(Array.from(s.values), [1.5, 2.5, 3.5, 4.5]);
  assert.deepEqual(Array.from(s.lines), [3, 4, 2, 6]);
  assert.equal(s.reordered, true);
  const unordered = readCsvSeries({ path: path.join(FIX, 'quirky.csv'), column: 'temp, °C', missing: 'error' }, '.');
  assert.deepEqual(Array.from(unordered.values), [3.5, 1.5, 2.5, 4.5]);
});

test('column: null picks the first numeric column; relative paths resolve against the YAML folder', () => {
  const s = readCsvSeries({ path: 'quirky.csv', missing: 'error' }, FIX);
  assert.equal(s.column, 'temp, °C');
});

test('missing policy: error names the lines; drop, ffill and interpolate', () => {
  const file = path.join(FIX, 'gaps.csv');
  const read = (missing: 'error' | 'drop' | 'ffill' | 'interpolate') => Array.from(readCsvSeries({ path: file, column: 'value', missing }, '.').values);
  const e = dataError(() => read('error'));
  assert.equal(e.key, 'data.missing');
  assert.match(e.message, /3 missing values, on lines 3, 5, 6/);
  assert.match(e.hint ?? '', /drop|ffill|interpolate/);
  assert.deepEqual(read('drop'), [10, 14, 20]);
  assert.deepEqual(read('ffill'), [10, 10, 14, 14, 14, 20]);
  assert.deepEqual(read('interpolate'), [10, 12, 14, 16, 18, 20]);
});

test('errors: missing file, unknown column (lists the columns), empty column, non-numeric cell, bad date', () => {
  const missing = dataError(() => buildDataset(csvConfig(path.join(FIX, 'nope.csv')), new Rng(1), '.'));
  assert.equal(missing.key, 'data.path');
  assert.match(missing.message, /no such file/);

  const unknown = dataError(() => readCsvSeries({ path: path.join(FIX, 'gaps.csv'), column: 'Value', missing: 'error' }, '.'));
  assert.equal(unknown.key, 'data.column');
  assert.match(unknown.message, /'Value' is not in gaps.csv; its columns are: 'day', 'value', 'label'/);
  assert.match(unknown.hint ?? '', /did you mean 'value'/);

  const empty = dataError(() => readCsvSeries({ path: path.join(FIX, 'empty-col.csv'), column: 'empty', missing: 'drop' }, '.'));
  assert.equal(empty.key, 'data.column');
  assert.match(empty.message, /is empty: all 3 rows have no value/);

  const bad = dataError(() => readCsvSeries({ path: path.join(FIX, 'bad-cell.csv'), column: 'value', missing: 'error' }, '.'));
  assert.equal(bad.key, 'data.column');
  assert.match(bad.message, /line 4: 'abc' in column 'value' is not a number/);

  const badDate = dataError(() => readCsvSeries({ path: path.join(FIX, 'gaps.csv'), column: 'day', dateColumn: 'label', missing: 'drop' }, '.'));
  assert.equal(badDate.key, 'data.dateColumn');
  assert.match(badDate.message, /line 2: '' in date column 'label'/);

  withTmp((dir) => {
    const f = path.join(dir, 'empty.csv');
    fs.writeFileSync(f, '');
    assert.equal(dataError(() => readCsvSeries({ path: f, missing: 'error' }, '.')).key, 'data.path');
  });
});

test('window longer than the series is a DataError at data.window naming the rows', () => {
  const e = dataError(() => buildDataset(csvConfig(path.join(FIX, 'quirky.csv'), { column: 'temp, °C', window: 5 }), new Rng(1), '.'));
  assert.equal(e.key, 'data.window');
  assert.match(e.message, /has 4 values, 2 of them in the training part/);
});

test('a csv dataset: windows, train-only normalisation, persistence and seasonal-naive baselines', () => {
  withTmp((dir) => {
    // A period-4 pattern: persistence is far off, seasonal naive is exact.
    const vals = Array.from({ length: 64 }, (_, i) => [0, 10, 0, -10][i % 4] as number);
    const f = path.join(dir, 'season.csv');
    fs.writeFileSync(f, 'y\n' + vals.join('\n') + '\n');
    const cfg = csvConfig(f, { window: 3, normalize: 'zscore', period: 4, split: { train: 0.5, val: 0.5 } });
    const ds = buildDataset(cfg, new Rng(1), dir);
    assert.equal(ds.summary.kind, 'csv');
    assert.equal(ds.summary.trainExamples, 32 - 4 + 1);
    assert.equal(ds.summary.valExamples, 32);
    // zscore fitted on the first 32 values: mean 0, std sqrt(50).
    assert.ok(Math.abs((ds.train.y[0] as number) - vals[3]! / Math.sqrt(50)) < 1e-6);
    const seasonal = ds.summary.extraBaselines?.[0];
    assert.ok(seasonal, 'seasonal baseline present');
    assert.match(seasonal.name, /seasonal naive/);
    assert.equal(seasonal.metrics.valLoss, 0);
    assert.ok((ds.baseline.valLoss as number) > 1);
    const samples = ds.samples(1, [0], new Float32Array(ds.val.n));
    assert.equal(samples[0]?.seasonalBaseline, samples[0]?.target);
  });
});

test('a large file streams: 200 000 rows', () => {
  withTmp((dir) => {
    const f = path.join(dir, 'big.csv');
    const fd = fs.openSync(f, 'w');
    fs.writeSync(fd, 't,v\n');
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      rows.push(`${i},${Math.sin(i / 10).toFixed(4)}`);
      if (rows.length === 10_000) {
        fs.writeSync(fd, rows.join('\n') + '\n');
        rows.length = 0;
      }
    }
    fs.closeSync(fd);
    const s = readCsvSeries({ path: f, column: 'v', missing: 'error' }, '.');
    assert.equal(s.values.length, 200_000);
    assert.equal(s.values[199_999], Number(Math.sin(199_999 / 10).toFixed(4)));
  });
});
