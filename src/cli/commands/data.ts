/**
 * `seqlab data preview FILE [--json] [--set key.path=value]...`: the data of an experiment before
 * training — series or token statistics, split sizes, the baseline, the first examples as the
 * model gets them. Exit 2 for a bad file, 1 when the data cannot be built (the error names the key).
 */
import * as path from 'node:path';
import { formatConfigError, loadExperiment } from '../../core/config';
import { DataError } from '../../core/data';
import { formatAudioDescription } from '../../core/data/audio';
import { previewData, type DataPreview } from '../../core/data/preview';
import type { Metrics } from '../../core/events';
import { num } from '../format/numbers';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  json: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab data preview FILE [--json] [--set key.path=value]...\n';

export async function dataCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== 'preview') throw new UsageError(sub ? `unknown subcommand '${sub}' (there is: preview)` : 'give a subcommand: preview');
  if (!file || extra.length) throw new UsageError('give one experiment file');
  const loaded = loadExperiment(file, { overrides: values.set, cwd: io.cwd });
  if (!loaded.ok) {
    for (const e of loaded.errors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
    return EXIT_USAGE;
  }
  let p: DataPreview;
  try {
    p = previewData(loaded.config, path.dirname(loaded.file));
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    io.stderr(`${path.relative(io.cwd, loaded.file) || loaded.file}: error: ${err.key}: ${err.message}\n${err.hint ? `  fix: ${err.hint}\n` : ''}`);
    return EXIT_FAILED;
  }
  io.stdout(values.json ? `${JSON.stringify(p)}\n` : formatPreview(p));
  return EXIT_OK;
}

export function formatPreview(p: DataPreview): string {
  const L: string[] = [`data      ${p.kind} (${p.task}): ${p.trainExamples} training, ${p.valExamples} validation examples; x ${shape(p.xShape)}, y ${shape(p.yShape)}`];
  if (p.series) {
    const s = p.series;
    L.push(`series    ${s.column ? `column '${s.column}', ` : ''}${s.length} values${s.rows !== undefined ? ` from ${s.rows} rows` : ''}: mean ${num(s.mean)}, std ${num(s.std)}, min ${num(s.min)}, max ${num(s.max)}`);
    if (s.missingCount && s.missingLines) L.push(`missing   ${s.missingCount} empty cells (lines ${s.missingLines.slice(0, 10).join(', ')}${s.missingCount > 10 ? ', …' : ''}): ${s.missingPolicy}`);
    L.push(`first     ${s.first.map((v) => num(v)).join(', ')}`);
  }
  if (p.tokens) {
    const t = p.tokens;
    L.push(`tokens    ${t.totalTokens} ${t.tokens === 'char' ? 'characters' : 'words'} (${t.trainTokens} train, ${t.valTokens} validation); vocabulary ${t.vocabSize} incl. <unk>; unknown in validation ${(t.unkRate * 100).toFixed(2)}%`);
    L.push(`top       ${t.top.map((x) => `${JSON.stringify(x.token)} ${x.count}`).join(', ')}`);
  }
  if (p.audio) L.push(...formatAudioDescription(p.audio));
  L.push(`baseline  ${p.baseline.name}: ${metrics(p.baseline.metrics)}`);
  for (const b of p.extraBaselines) L.push(`          ${b.name}: ${metrics(b.metrics)}`);
  p.examples.forEach((e, i) => {
    L.push(`example ${i + 1} input  ${short(e.input)}`);
    L.push(`          target ${short(e.target)}`);
  });
  return `${L.join('\n')}\n`;
}

function shape(s: number[]): string {
  return `[${s.join(', ')}]`;
}

function metrics(m: Metrics): string {
  return Object.entries(m).map(([k, v]) => `${k} ${num(v as number)}`).join(', ');
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
