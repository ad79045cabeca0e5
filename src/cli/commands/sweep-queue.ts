/**
 * `seqlab sweep FILE --queue redis://HOST:PORT [--runs-dir DIR] [--queue-name NAME] [--detach]
 *   [--random COUNT [--seed S]] [--set key.path=value]... [--json]`
 *
 * The distributed form of `seqlab sweep` (sweep.ts hands over when --queue is given): every point
 * goes on a BullMQ queue (jobId = the point's config hash), `seqlab worker`s anywhere train them,
 * and results come back through the queue: a line per point as it finishes (marking a new leader),
 * then the same comparison table as a local sweep. Ctrl-C or --detach leave the points queued;
 * running the same command again picks up every result (nothing is trained twice).
 */
import * as path from 'node:path';
import { formatConfigError } from '../../core/config';
import { listMarkers, probeRedis, submitSweep, type QueuedPointResult } from '../../core/distributed';
import { num } from '../format/numbers';
import { rel } from '../format/header';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { bestRow, defaultMetric, leaderboardRows, leaderboardText, metricCell, valueCell, type LeaderboardRow } from '../../core/sweep/leaderboard';
import { inputOf, pointPassed, promoteInto } from './sweep';
import { queueNameOption, queueTargetOption } from './worker';

const OPTIONS = {
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  'runs-dir': { type: 'string' },
  detach: { type: 'boolean', default: false },
  random: { type: 'string' },
  seed: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] as string[] },
  metric: { type: 'string' },
  promote: { type: 'boolean', default: false },
  'poll-ms': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE =
  'seqlab sweep FILE --queue redis://HOST:PORT [--runs-dir DIR] [--queue-name NAME] [--detach] [--random COUNT [--seed S]] [--set key.path=value]... [--metric NAME] [--promote] [--json]\n' +
  '  Puts every point on the queue for `seqlab worker --queue URL --runs-dir DIR` processes and follows the results. See docs/distributed.md.\n';

export async function sweepQueueCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one experiment file with a sweep: block');
  const target = queueTargetOption(values.queue);
  const queueName = queueNameOption(values['queue-name']);
  const random = values.random !== undefined ? { count: whole('--random', values.random), seed: values.seed !== undefined ? whole('--seed', values.seed) : 1 } : undefined;
  if (values.seed !== undefined && !random) throw new UsageError('--seed goes with --random');
  const pollMs = values['poll-ms'] !== undefined ? whole('--poll-ms', values['poll-ms']) : undefined;
  // On a terminal, one status line (the running points' epochs) is redrawn under the printed lines.
  const status = !values.json && io.isTTY ? new StatusLine(io) : undefined;
  const out = (obj: Record<string, unknown>, human: string): void => {
    status?.clear();
    io.stdout(values.json ? `${JSON.stringify(obj)}\n` : `${human}\n`);
    status?.draw();
  };

  const probe = await probeRedis(target, queueName);
  if (!probe.ok) {
    io.stderr(`seqlab sweep: ${probe.message}\n`);
    return EXIT_FAILED;
  }
  if (probe.probe.warning) io.stderr(`seqlab sweep: warning: ${probe.probe.warning}\n`);

  const ac = new AbortController();
  const onSigint = (): void => {
    io.stderr('\nno longer following; the points stay queued (run the same command again to follow them)\n');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  let total = 0;
  let finished = 0;
  let leader: QueuedPointResult | undefined;
  try {
    const result = await submitSweep({
      configPath: positionals[0] as string,
      cwd: io.cwd,
      overrides: values.set,
      ...(random ? { random } : {}),
      target,
      queueName,
      detach: values.detach,
      ...(pollMs ? { pollMs } : {}),
      signal: ac.signal,
      version: process.env.SEQLAB_VERSION ?? 'dev',
      log: (line) => io.stderr(`${line}\n`),
      onPlan: (p) => {
        total = p.points.length;
        out(
          { type: 'sweep-queued', sweepId: p.sweepId, points: total, jobs: p.jobs, existing: p.existing, queue: target.display, queueName },
          `sweep ${p.sweepId}: ${total} point${total === 1 ? '' : 's'} on queue ${queueName} at ${target.display}` +
            `${p.existing ? ` (${p.existing} already there)` : ''}; workers: seqlab worker --queue redis://${target.display} --runs-dir DIR`,
        );
      },
      onActive: (point) => out({ type: 'sweep-point-active', index: point.index, values: point.values }, `  … #${point.index} ${point.label}: training`),
      onProgress: (point, p) => {
        if (values.json) out({ type: 'sweep-point-progress', index: point.index, ...p }, '');
        else status?.set(point.index, `#${point.index} epoch ${p.epoch ?? 0}/${p.epochs ?? '?'}${p.valLoss !== undefined ? ` valLoss ${num(p.valLoss)}` : ''} on ${p.host}`);
      },
      onPoint: (r) => {
        finished++;
        status?.set(r.point.index, undefined);
        const better = r.status === 'completed' && r.summary?.best.valLoss !== undefined && (leader?.summary?.best.valLoss === undefined || r.summary.best.valLoss < leader.summary.best.valLoss);
        if (better) leader = r;
        out(
          { type: 'sweep-point', index: r.point.index, values: r.point.values, hash: r.hash, status: r.status, runId: r.runId, host: r.host, reused: r.reused ?? false, best: r.summary?.best, baseline: r.summary?.baseline, expect: r.summary?.expect, error: r.error, seconds: r.seconds, leader: better },
          `[${finished}/${total}] #${r.point.index} ${r.point.label}: ${pointText(r)}${better ? '  ← best so far' : ''}`,
        );
      },
    });
    if (!result.ok) {
      for (const e of result.configErrors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
      return EXIT_USAGE;
    }
    if (result.detached) {
      out({ type: 'sweep-detached', sweepId: result.sweepId }, `detached: the points stay queued; run the same command without --detach to follow them.`);
      return EXIT_OK;
    }
    const missing = values['runs-dir'] ? missingMarkers(result.results, path.resolve(io.cwd, values['runs-dir'])) : [];
    for (const hash of missing) io.stderr(`seqlab sweep: warning: point ${hash} completed but has no marker in ${values['runs-dir']}: do the workers write to the same --runs-dir?\n`);
    const bad = result.results.filter((r) => !pointPassed(r));
    // The same leaderboard as a local sweep (src/core/sweep/leaderboard.ts), best first.
    const rows = leaderboardRows(result.results.map(inputOf));
    const metric = values.metric ?? defaultMetric(rows);
    const best = metric ? bestRow(rows, metric) : undefined;
    const bestValue = best && metric ? best.metrics[metric as keyof LeaderboardRow['metrics']] : undefined;
    if (values.json) {
      const bestJson = best && metric ? { index: best.index, runId: best.runId, values: best.values, metric, value: bestValue } : undefined;
      io.stdout(`${JSON.stringify({ type: 'sweep-end', sweepId: result.sweepId, points: result.results.length, failed: bad.length, stopped: result.stopped, ...(bestJson ? { best: bestJson } : {}) })}\n`);
    } else {
      io.stdout(`\n${leaderboardText(rows, metric ? { metric, sort: { column: metric } } : {})}\n`);
      const reused = result.results.filter((r) => r.reused).length;
      const where = values['runs-dir'] ? `; runs in ${rel(path.resolve(io.cwd, values['runs-dir']), io.cwd)}` : '';
      io.stdout(`${result.results.length - bad.length} ok, ${bad.length} failed${reused ? ` (${reused} already done)` : ''}${result.stopped ? `; stopped following with ${total - finished} still queued` : ''}${where}\n`);
      if (best && metric) io.stdout(`best ${metric}: point ${best.index} (${Object.entries(best.values).map(([k, v]) => `${k}=${valueCell(v)}`).join(' ')}) ${metricCell(bestValue)} [${best.runId ?? '-'}]\n`);
    }
    const promoted = values.promote ? promoteInto(result.file, best, metric, io, values.json) : EXIT_OK;
    return bad.length > 0 || result.stopped || promoted !== EXIT_OK ? EXIT_FAILED : EXIT_OK;
  } finally {
    status?.clear();
    process.off('SIGINT', onSigint);
  }
}

function pointText(r: QueuedPointResult): string {
  if (r.status !== 'completed') return `${r.status}${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`;
  const best = r.summary?.best.valLoss;
  const base = r.summary?.baseline.valLoss;
  const expect = (r.summary?.expect ?? []).length ? ((r.summary?.expect ?? []).every((e) => e.passed) ? ', expect PASS' : ', expect FAIL') : '';
  const metric = best !== undefined ? ` best valLoss ${num(best)}${base !== undefined ? ` (baseline ${num(base)})` : ''}` : '';
  return `${r.reused ? 'done earlier' : 'completed'}${metric}${expect} [${r.runId}${r.host ? ` on ${r.host}` : ''}, ${Math.round(r.seconds)} s]`;
}

/** Completed points without a marker in the runs dir the submitter was told about. */
function missingMarkers(results: QueuedPointResult[], runsDir: string): string[] {
  const have = new Set(listMarkers(runsDir).map((m) => m.hash));
  return [...new Set(results.filter((r) => r.status === 'completed' && !have.has(r.hash)).map((r) => r.hash))];
}

function whole(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number ≥ 1, not '${v}'`);
  return n;
}

/** The running points' progress as one terminal line, erased before other output and redrawn after. */
class StatusLine {
  private readonly parts = new Map<number, string>();
  private shown = false;
  constructor(private readonly io: CliIO) {}
  set(index: number, text: string | undefined): void {
    if (text === undefined) this.parts.delete(index);
    else this.parts.set(index, text);
    this.clear();
    this.draw();
  }
  clear(): void {
    if (this.shown) this.io.stdout('\r\x1b[K');
    this.shown = false;
  }
  draw(): void {
    if (this.parts.size === 0) return;
    const width = Math.max(20, (process.stdout.columns || 100) - 1);
    this.io.stdout(`running: ${[...this.parts.values()].join(' | ')}`.slice(0, width));
    this.shown = true;
  }
}
