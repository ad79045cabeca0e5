/**
 * `seqlab validate FILE... [--set key.path=value]... [--json]`: checks experiment files the way
 * `train` loads them (extends, overrides, schema, semantic checks) without training anything.
 *
 * Human output: one `file:line:col: error: key: message` line per problem plus a `  fix:` line,
 * then a summary. `--json`: a single JSON object `{files: [{file, ok, errors}]}` and nothing else.
 * Exit 2 when any file has an error, 0 when all are valid (warnings do not fail).
 */
import { displayPath, formatConfigError, loadExperiment, type ConfigError } from '../../core/config';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  set: { type: 'string', multiple: true, default: [] as string[] },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab validate FILE... [--set key.path=value]... [--json]\n';

export interface ValidateFileReport {
  /** The file as given, relative to the working directory when below it. */
  file: string;
  ok: boolean;
  /** Errors, then warnings (each has `severity`). */
  errors: ConfigError[];
}

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('give at least one experiment file');

  const reports: ValidateFileReport[] = positionals.map((f) => {
    const r = loadExperiment(f, { overrides: values.set, cwd: io.cwd });
    const problems = r.ok ? r.warnings : r.errors;
    return { file: displayPath(r.file, io.cwd), ok: r.ok, errors: problems };
  });

  const failed = reports.filter((r) => !r.ok);
  if (values.json) {
    io.stdout(`${JSON.stringify({ files: reports })}\n`);
    return failed.length ? EXIT_USAGE : EXIT_OK;
  }

  for (const r of reports) for (const e of r.errors) io.stdout(`${formatConfigError(e, io.cwd)}\n`);
  const count = (severity: ConfigError['severity']): number =>
    reports.reduce((n, r) => n + r.errors.filter((e) => e.severity === severity).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  const warnText = warnings ? `, ${plural(warnings, 'warning')}` : '';
  const files = plural(reports.length, 'file');
  if (failed.length) {
    io.stdout(`${plural(errors, 'error')}${warnText} in ${failed.length} of ${files}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`ok: ${files} valid${warnText}\n`);
  return EXIT_OK;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
