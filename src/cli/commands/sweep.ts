/**
 * `seqlab sweep FILE [--parallel N] [--random COUNT [--seed S]] [--set key.path=value]... [--runs-dir DIR] [--json]`
 *
 * Trains every point of the file's `sweep:` grid (or COUNT of them drawn with seed S) as ordinary
 * runs tagged with the sweep id; points already completed (same resolved config) are skipped, a
 * failed point does not stop the rest; a table compares them at the end. `--json` prints one JSON
 * line per point and a final `{"type":"sweep-end", ...}`. Exit 0 when every point completed and
 * met its `expect:`, 1 otherwise, 2 for a bad file or usage.
 */
import { formatConfigError } from '../../core/config';
import { runSweep, type PointResult } from '../../core/sweep';
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
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab sweep FILE [--parallel N] [--random COUNT [--seed S]] [--set key.path=value]... [--runs-dir DIR] [--json]\n';

export async function sweepCommand(argv: string[], io: CliIO): Promise<number> {
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
  let total = 0;
  let finished = 0;
  try {
    const result = await runSweep({
      configPath: positionals[0] as string,
      cwd: io.cwd,
      runsDir: values['runs-dir'],
      overrides: values.set,
      parallel,
      ...(random ? { random } : {}),
      signal: ac.signal,
      onPlan: (p) => {
        total = p.points.length;
        if (!values.json) io.stdout(`sweep ${p.sweepId}: ${total} point${total === 1 ? '' : 's'}${parallel > 1 ? `, ${parallel} at a time` : ''}; runs in ${rel(p.root, io.cwd)}\n`);
      },
      onPoint: (r) => {
        finished++;
        if (values.json) io.stdout(`${JSON.stringify({ type: 'sweep-point', ...pointJson(r) })}\n`);
        else io.stdout(`[${finished}/${total}] ${r.point.label}: ${statusText(r)}\n`);
      },
    });
    if (!result.ok) {
      for (const e of result.configErrors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
      return EXIT_USAGE;
    }
    const bad = result.results.filter((r) => !pointPassed(r));
    if (values.json) {
      io.stdout(`${JSON.stringify({ type: 'sweep-end', sweepId: result.sweepId, points: result.results.map(pointJson), failed: bad.length })}\n`);
    } else {
      io.stdout(`\n${sweepTable(result.results)}\n`);
      const skipped = result.results.filter((r) => r.status === 'skipped').length;
      io.stdout(`${result.results.length - bad.length} ok, ${bad.length} failed${skipped ? ` (${skipped} already done, skipped)` : ''}${ac.signal.aborted ? '; stopped early' : ''}\n`);
    }
    return bad.length > 0 || ac.signal.aborted ? EXIT_FAILED : EXIT_OK;
  } finally {
    process.off('SIGINT', onSigint);
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

/** The comparison table: one row per point, its swept values, outcome and metrics. */
export function sweepTable(results: PointResult[]): string {
  const keys = [...new Set(results.flatMap((r) => Object.keys(r.point.values)))];
  const head = ['#', ...keys, 'status', 'best valLoss', 'baseline', 'best epoch', 'expect', 'run'];
  const rows = results.map((r) => [
    String(r.point.index),
    ...keys.map((k) => JSON.stringify(r.point.values[k]).replace(/^"(.*)"$/, '$1')),
    r.status === 'skipped' ? `done (${r.summary?.status ?? '?'})` : r.status,
    num(r.summary?.best.valLoss),
    num(r.summary?.baseline.valLoss),
    r.summary?.best.epoch !== undefined ? String(r.summary.best.epoch) : '-',
    (r.summary?.expect ?? []).length === 0 ? '-' : (r.summary?.expect ?? []).every((e) => e.passed) ? 'PASS' : 'FAIL',
    r.runId ?? '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
