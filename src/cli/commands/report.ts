/**
 * `seqlab report RUN... [--out FILE.md] [--charts svg|png|none] [--title T] [--runs-dir DIR]`: the
 * Markdown report of the dashboard's "Copy as Markdown" (metrics table, baseline, expect results,
 * config differences) for one or more runs. With --out it is written to FILE.md and the charts
 * (loss curves, gradient norms, gradient through time) are written beside it as FILE-<chart>.svg
 * and linked; without --out the Markdown goes to stdout (no charts). Exit 0, 2 on usage.
 */
import { writeReport, type ChartFormat } from '../../core/report/write-report';
import { rel } from '../format/header';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { resolveRunRefs } from '../run-ref';
import * as path from 'node:path';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  out: { type: 'string', short: 'o' },
  charts: { type: 'string' },
  title: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab report RUN... [--out FILE.md] [--charts svg|png|none] [--title T] [--runs-dir DIR]\n';
const FORMATS: ChartFormat[] = ['svg', 'png', 'none'];

export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('give at least one run (id, unique part of one, latest, or a run folder)');
  if (values.charts !== undefined && !(FORMATS as string[]).includes(values.charts)) throw new UsageError(`--charts must be one of ${FORMATS.join(', ')}`);
  if (values.charts && values.charts !== 'none' && !values.out) throw new UsageError('--charts needs --out FILE.md (the charts are written beside it)');
  const found = resolveRunRefs(positionals, values['runs-dir'], io);
  if (!found.ok) {
    io.stderr(`seqlab report: ${found.message}\n`);
    return EXIT_USAGE;
  }
  const result = writeReport({
    runDirs: found.runs.map((r) => r.runDir),
    ...(values.out ? { out: path.resolve(io.cwd, values.out) } : {}),
    ...(values.charts ? { charts: values.charts as ChartFormat } : {}),
    ...(values.title ? { title: values.title } : {}),
  });
  for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
  if (!values.out) {
    io.stdout(result.markdown);
    return EXIT_OK;
  }
  io.stdout(`Wrote ${result.files.map((f) => rel(f, io.cwd)).join(', ')}\n`);
  return EXIT_OK;
}
