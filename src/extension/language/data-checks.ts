/**
 * Checks that need a look at the data file, done cheaply in the extension host (no tfjs, no full
 * parse): a CSV's header line for `column`/`dateColumn`, and its row count for "window longer than
 * the series". The data layer makes the same checks at training time; here they show as you type.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ConfigError, ExperimentConfig } from '../../core/config';
import { loadChain, type ReadFile } from '../../core/config/extends';
import { valueSpan } from '../../core/config/source-map';
import { didYouMean } from '../../core/config/suggest';

/** Files above this size are not counted on every keystroke (the header is still read). */
const MAX_COUNT_BYTES = 32 * 1024 * 1024;

export interface CsvShape {
  header: string[];
  /** Data rows (lines after the header, blank lines not counted); undefined when the file is too big. */
  rows: number | undefined;
}

/** Splits one CSV line (RFC 4180 quotes, no embedded newlines in a header). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/** Shapes by file, valid while its size and mtime stay the same: typing must not re-read the data. */
const shapeCache = new Map<string, { size: number; mtimeMs: number; shape: CsvShape }>();

export function readCsvShape(file: string): CsvShape | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const cached = shapeCache.get(file);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.shape;
  const shape = readShape(file, stat);
  if (shapeCache.size > 64) shapeCache.clear();
  shapeCache.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, shape });
  return shape;
}

function readShape(file: string, stat: fs.Stats): CsvShape {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(stat.size, 64 * 1024));
    fs.readSync(fd, head, 0, head.length, 0);
    const firstLine = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    const header = splitCsvLine(firstLine);
    if (stat.size > MAX_COUNT_BYTES) return { header, rows: undefined };
    const all = fs.readFileSync(file, 'utf8');
    let rows = 0;
    for (const l of all.split('\n').slice(1)) if (l.trim() !== '') rows++;
    return { header, rows };
  } finally {
    fs.closeSync(fd);
  }
}

/** Problems of a valid config that only the data file reveals. */
export function dataChecks(file: string, config: ExperimentConfig, readFile?: ReadFile): ConfigError[] {
  const d = config.data;
  if (d.kind !== 'csv' || !d.path) return [];
  const csv = path.resolve(path.dirname(file), d.path);
  const shape = readCsvShape(csv);
  if (!shape) return [];
  const map = loadChain(file, readFile).layer.map;
  const out: ConfigError[] = [];
  const at = (key: 'column' | 'dateColumn' | 'window', message: string, fix: string): void => {
    const o = map.find(['data', key], file);
    out.push({ file: o.file, ...valueSpan(o), key: `data.${key}`, message, fix, severity: 'error' });
  };
  const name = path.basename(csv);
  for (const key of ['column', 'dateColumn'] as const) {
    const col = d[key];
    if (!col || shape.header.includes(col)) continue;
    const near = didYouMean(col, shape.header);
    at(
      key,
      `column '${col}' is not in ${name}; its columns are: ${shape.header.map((h) => `'${h}'`).join(', ')}`,
      near ? `use \`${near}\`` : `set ${key} to one of: ${shape.header.join(', ')}`,
    );
  }
  if (shape.rows !== undefined) {
    const trainRows = Math.floor(shape.rows * d.split.train);
    const span = d.window + d.horizon;
    if (span > trainRows) {
      at(
        'window',
        `window ${d.window} + horizon ${d.horizon} = ${span} rows per example, but ${name} has ${shape.rows} rows, ` +
          `${trainRows} of them in the training part (split.train ${d.split.train})`,
        `use window ≤ ${Math.max(1, trainRows - d.horizon - 1)}, or a longer file`,
      );
    }
  }
  return out;
}
