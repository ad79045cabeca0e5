/**
 * `seqlab sweep FILE [--parallel N] [--random COUNT [--seed S]] [--set key.path=value]... [--runs-dir DIR]
 *  [--metric NAME] [--promote] [--json]`
 *
 * Trains every point of the file's `sweep:` grid (or COUNT of them drawn with seed S) as ordinary
 * runs tagged with the sweep id; points already completed (same resolved config) are skipped, a
 * failed point does not stop the rest. The leaderboard (src/core/sweep/leaderboard.ts: sorted by
 * `--metric`, default valLoss, best first) is redrawn in place as points finish when stdout is a
 * terminal, and printed once at the end otherwise (one plain line per finished point before it, so
 * CI logs stay readable). `--promote` writes the best completed point's swept values into FILE
 * (src/core/config/promote.ts: only those keys' lines change, comments kept).
 * `--json` prints one JSON line per point and a final `{"type":"sweep-end", ...}`. Exit 0 when every
 * point completed and met its `expect:`, 1 otherwise, 2 for a bad file or usage.
 */
import * as fs from 'node:fs';
import { formatConfigError } from '../../core/config';
import { promoteValues } from '../../core/config/promote';
import { runSweep, type PointResult, type SweepPoint } from '../../core/sweep';
import { runPointInProcess } from '../../core/sweep/run-point-in-process';
import { bestRow, defaultMetric, leaderboardRows, leaderboardText, metricCell, valueCell, type LeaderboardInput, type LeaderboardRow } from '../../core/sweep/leaderboard';
import { rel } from '../format/header';
import { num } from '../format/numbers';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  parallel: { type: 'string' },
  random: { type: 'string' },
  seed: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  'runs-dir': { type: 'string' },
  metric: { type: 'string' },
  promote: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab sweep FILE [--parallel N] [--random COUNT [--seed S]] [--set key.path=value]... [--runs-dir DIR] [--metric NAME] [--promote] [--json]\n';

export async function sweepCommand(argv: string[], io: CliIO): Promise<number> {
  // --queue: the points go on a BullMQ queue for `seqlab worker`s (sweep-queue.ts; BullMQ loads only then).
  if (argv.some((a) => a === '--queue' || a.startsWith('--queue='))) return (await import('./sweep-queue')).sweepQueueCommand(argv, io);
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one experiment file with a sweep: block');
  const parallel = positiveInt('--parallel', values.parallel, 1);
  const random = values.random !== undefined ? { count: positiveInt('--random', values.random, 1), seed: positiveInt('--seed', values.seed, 1) } : undefined;
  if (values.seed !== undefined && !random) throw new UsageError('--seed goes with --random');

  const ac = new AbortController();
  const onSigint = (): void => {
    io.stderr('\nstopping the sweep after the running point(s)…\n');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  let points: SweepPoint[] = [];
  const finished = new Map<number, PointResult>();
  const live = !values.json && io.isTTY ? new LiveTable(io) : undefined;
  try {
    const result = await runSweep({
      configPath: positionals[0] as string,
      cwd: io.cwd,
      runsDir: values['runs-dir'],
      overrides: values.set,
      parallel,
      ...(parallel > 1 ? {} : { runPoint: runPointInProcess }),
      ...(random ? { random } : {}),
      signal: ac.signal,
      onPlan: (p) => {
        points = p.points;
        const total = points.length;
        if (!values.json) io.stdout(`sweep ${p.sweepId}: ${total} point${total === 1 ? '' : 's'}${parallel > 1 ? `, ${parallel} at a time` : ''}; runs in ${rel(p.root, io.cwd)}\n`);
        live?.draw(tableOf(points, finished, values.metric));
      },
      onPoint: (r) => {
        finished.set(r.point.index, r);
        const line = `[${finished.size}/${points.length}] ${r.point.label}: ${statusText(r)}\n`;
        if (values.json) io.stdout(`${JSON.stringify({ type: 'sweep-point', ...pointJson(r) })}\n`);
        else if (live) live.draw(tableOf(points, finished, values.metric), line);
        else io.stdout(line);
      },
    });
    if (!result.ok) {
      live?.clear();
      for (const e of result.configErrors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
      return EXIT_USAGE;
    }
    const rows = leaderboardRows(result.results.map(inputOf));
    const metric = values.metric ?? defaultMetric(rows);
    const best = metric ? bestRow(rows, metric) : undefined;
    const bad = result.results.filter((r) => !pointPassed(r));
    if (values.json) {
      const bestJson = best && metric ? { index: best.index, runId: best.runId, values: best.values, metric, value: best.metrics[metric as keyof LeaderboardRow['metrics']] } : undefined;
      io.stdout(`${JSON.stringify({ type: 'sweep-end', sweepId: result.sweepId, points: result.results.map(pointJson), failed: bad.length, ...(bestJson ? { best: bestJson } : {}) })}\n`);
    } else {
      const table = leaderboardText(rows, metric ? { metric, sort: { column: metric } } : {});
      if (live) live.finish(table);
      else io.stdout(`\n${table}\n`);
      const skipped = result.results.filter((r) => r.status === 'skipped').length;
      io.stdout(`${result.results.length - bad.length} ok, ${bad.length} failed${skipped ? ` (${skipped} already done, skipped)` : ''}${ac.signal.aborted ? '; stopped early' : ''}\n`);
      if (best && metric) io.stdout(`best ${metric}: point ${best.index} (${describeValues(best)}) ${metricCell(best.metrics[metric as keyof LeaderboardRow['metrics']])} [${best.runId ?? '-'}]\n`);
    }
    let promoted = EXIT_OK;
    if (values.promote) promoted = promoteInto(result.file, best, metric, io, values.json);
    return bad.length > 0 || ac.signal.aborted || promoted !== EXIT_OK ? EXIT_FAILED : EXIT_OK;
  } finally {
    live?.stop();
    process.off('SIGINT', onSigint);
  }
}

/** Writes the best point's swept values into the experiment file; prints what changed. */
export function promoteInto(file: string, best: LeaderboardRow | undefined, metric: string | undefined, io: CliIO, json = false): number {
  if (!best) {
    io.stderr(`seqlab: nothing to promote: no completed point has ${metric ?? 'a metric'}\n`);
    return EXIT_FAILED;
  }
  const text = fs.readFileSync(file, 'utf8');
  const r = promoteValues(text, best.values);
  if (!r.ok) {
    io.stderr(`${rel(file, io.cwd)}: error: ${r.key}: cannot promote: ${r.message}${r.fix ? `\n  fix: ${r.fix}` : ''}\n`);
    return EXIT_FAILED;
  }
  if (r.changes.length) fs.writeFileSync(file, r.text);
  if (json) {
    io.stdout(`${JSON.stringify({ type: 'promote', file, point: best.index, runId: best.runId, changes: r.changes, unchanged: r.unchanged })}\n`);
    return EXIT_OK;
  }
  if (!r.changes.length) {
    io.stdout(`${rel(file, io.cwd)} already has the best point's values (${describeValues(best)}): nothing to change\n`);
    return EXIT_OK;
  }
  io.stdout(`promoted point ${best.index} into ${rel(file, io.cwd)} (review with git diff):\n`);
  for (const c of r.changes) io.stdout(`  line ${c.line}: ${c.key}: ${c.added ? '(not set)' : valueCell(c.from)} -> ${valueCell(c.to)}\n`);
  return EXIT_OK;
}

/** The table while the sweep runs: finished points with their numbers, the others pending. */
function tableOf(points: readonly SweepPoint[], finished: ReadonlyMap<number, PointResult>, metric: string | undefined): string {
  const rows = leaderboardRows(points.map((p) => {
    const r = finished.get(p.index);
    return r ? inputOf(r) : { index: p.index, values: p.values, status: 'pending' as const };
  }));
  const m = metric ?? defaultMetric(rows);
  return leaderboardText(rows, m ? { metric: m, sort: { column: m } } : {});
}

export function inputOf(r: PointResult): LeaderboardInput {
  return {
    index: r.point.index,
    values: r.point.values,
    status: r.status,
    ...(r.runId ? { runId: r.runId } : {}),
    ...(r.runDir ? { runDir: r.runDir } : {}),
    ...(r.summary ? { summary: r.summary } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/**
 * A block at the bottom of a terminal that is redrawn in place: lines printed through `draw` scroll
 * above it. Only used when stdout is a TTY (CI logs get plain lines).
 */
class LiveTable {
  private shown = 0;
  constructor(private readonly io: CliIO) {}
  draw(table: string, above = ''): void {
    this.clear();
    const block = `${table}\n`;
    this.io.stdout(`${above}${block}`);
    this.shown = block.split('\n').length - 1;
  }
  clear(): void {
    // Cursor up over the last block, then erase to the end of the screen.
    if (this.shown) this.io.stdout(`\x1b[${this.shown}A\x1b[J`);
    this.shown = 0;
  }
  finish(table: string): void {
    this.clear();
    this.io.stdout(`\n${table}\n`);
  }
  stop(): void {
    this.shown = 0;
  }
}

function positiveInt(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number ≥ 1, not '${v}'`);
  return n;
}

export function pointPassed(r: PointResult): boolean {
  const completed = r.status === 'completed' || (r.status === 'skipped' && r.summary?.status === 'completed');
  return completed && (r.summary?.expect ?? []).every((e) => e.passed);
}

function describeValues(r: LeaderboardRow): string {
  return Object.entries(r.values).map(([k, v]) => `${k}=${valueCell(v)}`).join(' ') || 'no swept values';
}

function statusText(r: PointResult): string {
  const best = r.summary?.best.valLoss;
  const base = r.summary?.baseline.valLoss;
  const metric = best !== undefined ? ` best valLoss ${num(best)}${base !== undefined ? ` (baseline ${num(base)})` : ''}` : '';
  const expect = (r.summary?.expect ?? []).length ? ((r.summary?.expect ?? []).every((e) => e.passed) ? ', expect PASS' : ', expect FAIL') : '';
  if (r.status === 'skipped') return `skipped, already done in ${r.runId}:${metric}`;
  const where = r.runId ? ` [${r.runId}, ${Math.round(r.seconds)} s]` : '';
  return `${r.status}${metric}${expect}${r.error ? ` — ${r.error.split('\n')[0]}` : ''}${where}`;
}

function pointJson(r: PointResult): object {
  return { index: r.point.index, values: r.point.values, hash: r.hash, status: r.status, runId: r.runId, best: r.summary?.best, baseline: r.summary?.baseline, expect: r.summary?.expect, error: r.error, seconds: r.seconds };
}
