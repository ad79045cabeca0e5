/**
 * `seqlab promote [SWEEP] [--metric NAME] [--file FILE] [--runs-dir DIR] [--dry-run] [--json]`
 *
 * "Promote best to config" after the fact: reads a finished (or still running) sweep's run folders,
 * prints its leaderboard, and writes the best completed point's swept values into the experiment
 * file the sweep ran (meta.json configPath, or --file) as a minimal text edit (only those keys'
 * lines change; comments stay). SWEEP is a sweep id or a unique part of one; default: the newest
 * sweep under the runs root. Exit 0 promoted (or nothing to change), 1 no completed point, 2 usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promoteValues } from '../../core/config/promote';
import { findRootFromDir } from '../../core/runs';
import { bestRow, defaultMetric, leaderboardRows, leaderboardText } from '../../core/sweep/leaderboard';
import { listSweeps, readSweepRuns } from '../../core/sweep/sweep-runs';
import { rel } from '../format/header';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { promoteInto } from './sweep';

const OPTIONS = {
  metric: { type: 'string' },
  file: { type: 'string' },
  'runs-dir': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab promote [SWEEP] [--metric NAME] [--file FILE] [--runs-dir DIR] [--dry-run] [--json]\n';

export async function promoteCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError('give at most one sweep id');
  const root = values['runs-dir'] ? path.resolve(io.cwd, values['runs-dir']) : findRootFromDir(io.cwd);
  const sweeps = listSweeps(root);
  const wanted = positionals[0];
  const matches = wanted ? sweeps.filter((s) => s.id === wanted || s.id.includes(wanted)) : sweeps.slice(0, 1);
  const exact = wanted ? sweeps.find((s) => s.id === wanted) : undefined;
  const sweep = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (!sweep) {
    const what = !sweeps.length ? `no sweep runs under ${rel(root, io.cwd)}` : !matches.length ? `no sweep matches '${wanted}'` : `'${wanted}' matches ${matches.length} sweeps`;
    io.stderr(`seqlab promote: ${what}${sweeps.length ? `\n  sweeps: ${sweeps.map((s) => s.id).join(', ')}` : '\n  hint: run seqlab sweep FILE first, or give --runs-dir'}\n`);
    return EXIT_USAGE;
  }
  const { inputs, configPath } = readSweepRuns(root, sweep.id);
  const file = values.file ? path.resolve(io.cwd, values.file) : configPath;
  if (!file || !fs.existsSync(file)) {
    io.stderr(`seqlab promote: the experiment file of sweep ${sweep.id} ${file ? `(${file}) does not exist` : 'is not recorded'}\n  fix: give it with --file FILE\n`);
    return EXIT_USAGE;
  }
  const rows = leaderboardRows(inputs);
  const metric = values.metric ?? defaultMetric(rows);
  const best = metric ? bestRow(rows, metric) : undefined;
  if (!values.json) io.stdout(`sweep ${sweep.id} (${rows.length} point${rows.length === 1 ? '' : 's'}):\n${leaderboardText(rows, metric ? { metric } : {})}\n\n`);
  if (values['dry-run']) {
    const r = best ? promoteValues(fs.readFileSync(file, 'utf8'), best.values) : undefined;
    if (values.json) io.stdout(`${JSON.stringify({ type: 'promote', dryRun: true, file, point: best?.index, runId: best?.runId, changes: r?.ok ? r.changes : [] })}\n`);
    else if (r?.ok) for (const c of r.changes) io.stdout(`would set ${c.key} to ${JSON.stringify(c.to)} (line ${c.line})\n`);
    else io.stdout(best ? `cannot promote: ${r && !r.ok ? r.message : ''}\n` : 'no completed point to promote\n');
    return EXIT_OK;
  }
  return promoteInto(file, best, metric, io, values.json);
}
