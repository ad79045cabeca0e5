/**
 * One numeric column of a CSV file → a time series, with the checks a learner needs spelled out:
 * missing file, unknown column (listing the columns), an empty column, non-numeric cells (row and
 * value), unparseable dates, and the `missing` policy for empty cells (error | drop | ffill |
 * interpolate; `error` names the rows). With `dateColumn` the rows are ordered by date.
 *
 * Only the value (and date) of each row is kept while streaming, so large files fit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../config/types';
import { DataError } from '../types';
import { readCsvRecords } from './read-records';

/** Cells that mean "no value" (besides an empty cell), as spreadsheets and pandas write them. */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '?']);
/** How many rows an error message lists before "and N more". */
const LIST_ROWS = 10;

export interface CsvSeries {
  file: string;
  columns: string[];
  column: string;
  dateColumn?: string;
  values: Float64Array;
  /** File line of each value (after ordering and the missing policy). */
  lines: Int32Array;
  /** Data rows read (without the header). */
  rows: number;
  /** Lines whose value was missing, and what the policy did with them. */
  missing: number[];
  missingPolicy: DataConfig['missing'];
  /** Whether `dateColumn` reordered the rows. */
  reordered: boolean;
}

export function resolveDataPath(p: string, baseDir: string): string {
  return path.isAbsolute(p) ? p : path.resolve(baseDir, p);
}

export function readCsvSeries(data: Pick<DataConfig, 'path' | 'column' | 'dateColumn' | 'missing'>, baseDir: string): CsvSeries {
  if (!data.path) throw new DataError('kind csv reads a CSV file, but data.path is not set', 'data.path', 'add `path: ./your-file.csv` under data:');
  const file = resolveDataPath(data.path, baseDir);
  if (!fs.existsSync(file)) throw new DataError(`no such file: ${file}`, 'data.path', 'check the path; a relative path is relative to the YAML file');
  if (fs.statSync(file).isDirectory()) throw new DataError(`${file} is a folder; kind csv reads one CSV file`, 'data.path', 'point data.path at the .csv file');

  let header: string[] | undefined;
  let col = -1;
  let dateCol = -1;
  let rows = 0;
  let n = 0;
  let values: Float64Array = new Float64Array(1024);
  let dates: Float64Array = new Float64Array(1024);
  let lines: Int32Array = new Int32Array(1024);
  const missingLines: number[] = [];
  // With column: null the first numeric column is chosen from the first data rows.
  const pendingRows: Array<{ fields: string[]; line: number }> = [];

  const push = (v: number, d: number, line: number): void => {
    if (n === values.length) {
      values = grow(values);
      dates = grow(dates);
      const l = new Int32Array(lines.length * 2);
      l.set(lines);
      lines = l;
    }
    values[n] = v;
    dates[n] = d;
    lines[n] = line;
    n++;
  };
  const take = (fields: string[], line: number): void => {
    rows++;
    const raw = (fields[col] ?? '').trim();
    let v: number;
    if (MISSING_TOKENS.has(raw.toLowerCase())) {
      v = NaN;
      missingLines.push(line);
    } else {
      v = Number(raw);
      if (!Number.isFinite(v)) {
        throw new DataError(
          `${path.basename(file)} line ${line}: '${raw}' in column '${header?.[col]}' is not a number`,
          'data.column',
          'fix the cell, or leave it empty and choose a data.missing policy (drop, ffill, interpolate)',
        );
      }
    }
    let d = 0;
    if (dateCol >= 0) {
      const rawDate = (fields[dateCol] ?? '').trim();
      d = parseDate(rawDate);
      if (Number.isNaN(d)) {
        throw new DataError(
          `${path.basename(file)} line ${line}: '${rawDate}' in date column '${header?.[dateCol]}' is not a date or time`,
          'data.dateColumn',
          'use ISO dates (2024-01-31, 2024-01-31T12:00) or numbers, or set dateColumn: null to keep the file order',
        );
      }
    }
    push(v, d, line);
  };

  readCsvRecords(file, (r) => {
    if (!header) {
      header = r.fields.map((f) => f.trim());
      if (data.dateColumn) {
        dateCol = header.indexOf(data.dateColumn);
        if (dateCol < 0) throw unknownColumn(file, 'data.dateColumn', data.dateColumn, header);
      }
      if (data.column) {
        col = header.indexOf(data.column);
        if (col < 0) throw unknownColumn(file, 'data.column', data.column, header);
      }
      return;
    }
    if (col < 0) {
      pendingRows.push(r);
      if (pendingRows.length < 20) return;
      col = firstNumericColumn(pendingRows, header, dateCol, file);
      for (const p of pendingRows.splice(0)) take(p.fields, p.line);
      return;
    }
    take(r.fields, r.line);
  });
  if (!header) throw new DataError(`${file} is empty`, 'data.path', 'the first line must be a header naming the columns');
  if (col < 0 && pendingRows.length > 0) {
    col = firstNumericColumn(pendingRows, header, dateCol, file);
    for (const p of pendingRows.splice(0)) take(p.fields, p.line);
  }
  const columnName = header[col] ?? data.column ?? '';
  if (rows === 0) throw new DataError(`${path.basename(file)} has a header but no data rows`, 'data.path', 'add rows below the header');
  if (missingLines.length === rows) {
    throw new DataError(`column '${columnName}' of ${path.basename(file)} is empty: all ${rows} rows have no value`, 'data.column', `choose a column with numbers: ${header.join(', ')}`);
  }

  const order = Array.from({ length: n }, (_, i) => i);
  let reordered = false;
  if (dateCol >= 0) {
    order.sort((a, b) => (dates[a] as number) - (dates[b] as number) || a - b);
    reordered = order.some((v, i) => v !== i);
  }
  let outValues: Float64Array = Float64Array.from(order, (i) => values[i] as number);
  let outLines: Int32Array = Int32Array.from(order, (i) => lines[i] as number);
  const missingSorted = order.filter((i) => Number.isNaN(values[i] as number)).map((i) => lines[i] as number);

  if (missingSorted.length > 0) {
    const applied = applyMissing(outValues, outLines, data.missing, missingSorted, file, columnName);
    outValues = applied.values;
    outLines = applied.lines;
  }
  return {
    file,
    columns: header,
    column: columnName,
    ...(dateCol >= 0 ? { dateColumn: header[dateCol] } : {}),
    values: outValues,
    lines: outLines,
    rows,
    missing: missingSorted,
    missingPolicy: data.missing,
    reordered,
  };
}

function applyMissing(values: Float64Array, lines: Int32Array, policy: DataConfig['missing'], missing: number[], file: string, column: string): { values: Float64Array; lines: Int32Array } {
  switch (policy) {
    case 'error':
      throw new DataError(
        `column '${column}' of ${path.basename(file)} has ${missing.length} missing value${missing.length === 1 ? '' : 's'}, on line${missing.length === 1 ? '' : 's'} ${listLines(missing)}`,
        'data.missing',
        'fill those cells, or set data.missing to drop (skip the rows), ffill (repeat the previous value) or interpolate (a straight line between neighbours)',
      );
    case 'drop': {
      const keep = Array.from(values.keys()).filter((i) => !Number.isNaN(values[i] as number));
      return { values: Float64Array.from(keep, (i) => values[i] as number), lines: Int32Array.from(keep, (i) => lines[i] as number) };
    }
    case 'ffill': {
      // Rows before the first value have nothing to repeat: they are dropped.
      const out = Float64Array.from(values);
      let last = NaN;
      for (let i = 0; i < out.length; i++) {
        if (Number.isNaN(out[i] as number)) out[i] = last;
        else last = out[i] as number;
      }
      const start = out.findIndex((v) => !Number.isNaN(v));
      return { values: out.subarray(start), lines: lines.subarray(start) };
    }
    case 'interpolate': {
      // Linear between the nearest values before and after; the ends take the nearest value.
      const out = Float64Array.from(values);
      let prev = -1;
      for (let i = 0; i <= out.length; i++) {
        if (i < out.length && Number.isNaN(out[i] as number)) continue;
        for (let k = prev + 1; k < i; k++) {
          if (prev < 0) out[k] = out[i] as number;
          else if (i >= out.length) out[k] = out[prev] as number;
          else out[k] = (out[prev] as number) + (((out[i] as number) - (out[prev] as number)) * (k - prev)) / (i - prev);
        }
        prev = i;
      }
      return { values: out, lines };
    }
  }
}

export function listLines(lines: number[]): string {
  const shown = lines.slice(0, LIST_ROWS).join(', ');
  return lines.length > LIST_ROWS ? `${shown} and ${lines.length - LIST_ROWS} more` : shown;
}

function unknownColumn(file: string, key: string, name: string, header: string[]): DataError {
  const near = header.find((h) => h.toLowerCase() === name.toLowerCase());
  return new DataError(
    `column '${name}' is not in ${path.basename(file)}; its columns are: ${header.map((h) => `'${h}'`).join(', ')}`,
    key,
    near ? `did you mean '${near}'? (column names are case-sensitive)` : `set ${key} to one of: ${header.join(', ')}`,
  );
}

function firstNumericColumn(rows: Array<{ fields: string[] }>, header: string[], dateCol: number, file: string): number {
  for (let c = 0; c < header.length; c++) {
    if (c === dateCol) continue;
    const cells = rows.map((r) => (r.fields[c] ?? '').trim()).filter((v) => !MISSING_TOKENS.has(v.toLowerCase()));
    if (cells.length > 0 && cells.every((v) => Number.isFinite(Number(v)))) return c;
  }
  throw new DataError(
    `no column of ${path.basename(file)} holds numbers in its first rows (columns: ${header.join(', ')})`,
    'data.column',
    'set data.column to the column to forecast',
  );
}

/** ISO dates and times, or plain numbers (years, Unix times, decimal years). NaN when neither. */
function parseDate(s: string): number {
  if (s === '') return NaN;
  const asNumber = Number(s);
  if (Number.isFinite(asNumber)) return asNumber;
  return Date.parse(s);
}

function grow(a: Float64Array): Float64Array {
  const out = new Float64Array(a.length * 2);
  out.set(a);
  return out;
}
