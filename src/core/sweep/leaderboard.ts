/**
 * A sweep's leaderboard: one row per point (its swept values, status and best metrics), sortable by
 * any metric or swept key, and the best row by a metric with its direction (lower for losses and
 * errors, higher for accuracies). The CLI's live table, the dashboard's leaderboard and "promote
 * best to config" all read these rows, so they agree on who won.
 *
 * Pure and without runtime imports, so the dashboard page bundles it too (the same sorting in the
 * page as in the CLI). Reading run folders into inputs is in ./sweep-runs.ts.
 */
import type { Metrics, RunStatus, RunSummary } from '../events';

export type Direction = 'lower' | 'higher';

/** One point of a sweep as the leaderboard needs it (from a PointResult or a run folder). */
export interface LeaderboardInput {
  /** 1-based index in the sweep grid. */
  index: number;
  values: Record<string, unknown>;
  status: RunStatus | 'invalid' | 'skipped' | 'pending';
  runId?: string;
  runDir?: string;
  summary?: Pick<RunSummary, 'best' | 'final' | 'baseline' | 'expect'> & { durationMs?: number; status?: RunStatus };
  error?: string;
}

export interface LeaderboardRow {
  index: number;
  values: Record<string, unknown>;
  /** 'completed' also for a skipped point whose earlier run completed. */
  status: LeaderboardInput['status'];
  runId?: string;
  runDir?: string;
  /** The run's best metrics (summary.best, the epoch its model/ holds); only finite numbers. */
  metrics: Partial<Record<keyof Metrics, number>>;
  bestEpoch?: number;
  /** undefined when the experiment has no `expect:`. */
  expectPassed?: boolean;
  seconds?: number;
  error?: string;
}

/** What a table can be sorted by: a metric name, `value:<swept key>`, `index` or `status`. */
export interface SortSpec {
  column: string;
  /** Default: the metric's own direction (best first); for other columns ascending. */
  descending?: boolean;
}

const HIGHER_IS_BETTER = /accuracy|exactmatch/i;

/** Losses, errors and perplexity: lower is better; accuracies and exact match: higher. */
export function metricDirection(metric: string): Direction {
  return HIGHER_IS_BETTER.test(metric) ? 'higher' : 'lower';
}

export function leaderboardRows(inputs: readonly LeaderboardInput[]): LeaderboardRow[] {
  return inputs.map((p) => {
    const metrics: LeaderboardRow['metrics'] = {};
    for (const [k, v] of Object.entries(p.summary?.best ?? {})) {
      if (k !== 'epoch' && typeof v === 'number' && Number.isFinite(v)) metrics[k as keyof Metrics] = v;
    }
    const expect = p.summary?.expect ?? [];
    const status = p.status === 'skipped' && p.summary?.status ? p.summary.status : p.status;
    return {
      index: p.index,
      values: p.values,
      status,
      ...(p.runId ? { runId: p.runId } : {}),
      ...(p.runDir ? { runDir: p.runDir } : {}),
      metrics,
      ...(typeof p.summary?.best.epoch === 'number' ? { bestEpoch: p.summary.best.epoch } : {}),
      ...(expect.length ? { expectPassed: expect.every((e) => e.passed) } : {}),
      ...(typeof p.summary?.durationMs === 'number' ? { seconds: p.summary.durationMs / 1000 } : {}),
      ...(p.error ? { error: p.error } : {}),
    };
  });
}

/** Metric columns present in any row: valLoss first (the default judge), then the others by name. */
export function metricColumns(rows: readonly LeaderboardRow[]): string[] {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.metrics)) names.add(k);
  return [...names].sort((a, b) => (a === 'valLoss' ? -1 : b === 'valLoss' ? 1 : a.localeCompare(b)));
}

/** Swept keys in first-seen order (the grid's key order). */
export function valueColumns(rows: readonly LeaderboardRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
}

/** The metric a sweep is judged by unless one is named: valLoss, else the first metric present. */
export function defaultMetric(rows: readonly LeaderboardRow[]): string | undefined {
  return metricColumns(rows)[0];
}

/**
 * Rows sorted by a column. Metrics sort best first by default (their direction); rows without the
 * value (failed, pending) always go last, in grid order, whichever way the sort goes.
 */
export function sortRows(rows: readonly LeaderboardRow[], spec: SortSpec): LeaderboardRow[] {
  const key = sortKey(spec.column);
  const descending = spec.descending ?? (key.kind === 'metric' && metricDirection(spec.column) === 'higher');
  const withValue: Array<{ row: LeaderboardRow; v: number | string }> = [];
  const without: LeaderboardRow[] = [];
  for (const row of rows) {
    const v = key.get(row);
    if (v === undefined) without.push(row);
    else withValue.push({ row, v });
  }
  withValue.sort((a, b) => {
    const c = compare(a.v, b.v);
    return (descending ? -c : c) || a.row.index - b.row.index;
  });
  return [...withValue.map((x) => x.row), ...without.sort((a, b) => a.index - b.index)];
}

/**
 * The winner by a metric: among completed rows with a finite value, the lowest (or highest, by the
 * metric's direction); ties go to the earlier point. undefined when no row qualifies.
 */
export function bestRow(rows: readonly LeaderboardRow[], metric: string, direction: Direction = metricDirection(metric)): LeaderboardRow | undefined {
  let best: LeaderboardRow | undefined;
  for (const r of rows) {
    const v = r.metrics[metric as keyof Metrics];
    if (r.status !== 'completed' || v === undefined) continue;
    const b = best?.metrics[metric as keyof Metrics];
    if (b === undefined || (direction === 'lower' ? v < b : v > b) || (v === b && r.index < (best as LeaderboardRow).index)) best = r;
  }
  return best;
}

function sortKey(column: string): { kind: 'metric' | 'other'; get: (r: LeaderboardRow) => number | string | undefined } {
  if (column === 'index') return { kind: 'other', get: (r) => r.index };
  if (column === 'status') return { kind: 'other', get: (r) => r.status };
  if (column === 'seconds') return { kind: 'other', get: (r) => r.seconds };
  if (column.startsWith('value:')) {
    const k = column.slice('value:'.length);
    return { kind: 'other', get: (r) => (k in r.values ? cellValue(r.values[k]) : undefined) };
  }
  return { kind: 'metric', get: (r) => r.metrics[column as keyof Metrics] };
}

function cellValue(v: unknown): number | string {
  return typeof v === 'number' ? v : valueCell(v);
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1; // numbers before text (e.g. clipNorm 1 before null)
  if (typeof b === 'number') return 1;
  return a.localeCompare(b);
}

/** A swept value as a table cell: strings bare, the rest as JSON (null stays "null"). */
export function valueCell(v: unknown): string {
  // As `--set` writes it (points.ts valueText), so a cell can be pasted back into an override.
  return v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Metric cell: 4 significant digits, '-' when absent. */
export function metricCell(v: number | undefined): string {
  if (v === undefined) return '-';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

export interface LeaderboardTextOptions {
  /** Sort column (default: the default metric, best first). */
  sort?: SortSpec;
  /** Metric whose best row is marked (default: valLoss, else the first metric present). */
  metric?: string;
  /** Metric columns to show (default: all present). */
  metrics?: string[];
}

/** The leaderboard as a plain-text table (CLI and logs); the best row ends with "<- best". */
export function leaderboardText(rows: readonly LeaderboardRow[], o: LeaderboardTextOptions = {}): string {
  const metric = o.metric ?? defaultMetric(rows);
  const sort = o.sort ?? (metric ? { column: metric } : { column: 'index' });
  const sorted = sortRows(rows, sort);
  const best = metric ? bestRow(rows, metric) : undefined;
  const keys = valueColumns(rows);
  const metrics = o.metrics ?? metricColumns(rows);
  const head = ['#', ...keys, 'status', ...metrics, 'epoch', 'expect', 'run', ''];
  const body = sorted.map((r) => [
    String(r.index),
    ...keys.map((k) => valueCell(r.values[k])),
    r.status,
    ...metrics.map((m) => metricCell(r.metrics[m as keyof Metrics])),
    r.bestEpoch !== undefined ? String(r.bestEpoch) : '-',
    r.expectPassed === undefined ? '-' : r.expectPassed ? 'PASS' : 'FAIL',
    r.runId ?? '-',
    r === best && metric ? `<- best ${metric}` : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), line(widths.map((w, i) => (head[i] ? '-'.repeat(w) : ''))), ...body.map(line)].join('\n');
}
