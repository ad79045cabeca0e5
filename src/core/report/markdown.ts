/**
 * The one Markdown generator of Sequence Lab: a metrics table of one or more runs (final values,
 * the best validation loss and its epoch, the task's baseline row, expect results) and the config
 * diff between them (or, for a single run, its key settings). The dashboard's "Copy as Markdown"
 * and the CLI's `seqlab report` both call `runsMarkdown`. Pure: plain data in, a string out.
 */
import type { Metrics, RunSummary } from '../events';
import { diffConfigs, flattenConfig, formatValue } from './config-diff';

export interface ReportRun {
  runId: string;
  experiment: string;
  status: string;
  /** The resolved config (parsed config.yaml). */
  config: unknown;
  summary?: RunSummary;
}

export interface MarkdownOptions {
  /** Heading; default "Sequence Lab: <experiment(s)>". */
  title?: string;
  /** Heading level of the title (2 → "##"). */
  level?: number;
  /** Chart images (paths relative to the Markdown file), shown in a Charts section. */
  images?: Array<{ title: string; file: string }>;
}

/** Metric columns in the lesson's order; others follow alphabetically. */
const METRIC_ORDER = ['loss', 'valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'valAccuracy', 'valTokenAccuracy', 'valExactMatch', 'valPerplexity'];

/** Settings shown for a single run (there is nothing to diff against). */
const KEY_SETTINGS = ['data.kind', 'data.window', 'model.type', 'model.cell', 'model.layers', 'model.init.recurrent', 'model.init.gain', 'training.epochs', 'training.batchSize',
  'training.optimizer.name', 'training.optimizer.learningRate', 'training.clipNorm', 'seed'];

export function runsMarkdown(runs: readonly ReportRun[], opts: MarkdownOptions = {}): string {
  const h = '#'.repeat(Math.min(Math.max(opts.level ?? 2, 1), 6));
  const experiments = [...new Set(runs.map((r) => r.experiment))];
  const title = opts.title ?? `Sequence Lab: ${experiments.join(', ') || 'no runs'}`;
  const out: string[] = [`${h} ${escapeText(title)}`, ''];
  if (!runs.length) return `${out.join('\n')}\nNo runs.\n`;

  const metrics = metricColumns(runs);
  const header = ['run', 'status', 'epochs', ...metrics, 'best valLoss (epoch)', 'expect'];
  const rows: string[][] = runs.map((r) => {
    const s = r.summary;
    const best = s?.best.valLoss !== undefined ? `${num(s.best.valLoss)}${s.best.epoch !== undefined ? ` (${s.best.epoch})` : ''}` : '';
    const expect = s?.expect.length ? `${s.expect.filter((e) => e.passed).length}/${s.expect.length} passed` : '';
    return [`\`${r.runId}\``, r.status, s ? String(s.epochs) : '', ...metrics.map((m) => num(metric(s?.final, m))), best, expect];
  });
  const baseline = sharedBaseline(runs);
  if (baseline) rows.push(['baseline', '', '', ...metrics.map((m) => num(metric(baseline, m))), '', '']);
  out.push(table(header, rows), '');

  if (runs.length > 1) {
    const diff = diffConfigs(runs.map((r) => r.config), { ignore: ['name'] });
    out.push(`${h}# Config differences`, '');
    if (diff.length) out.push(table(['key', ...runs.map((r) => `\`${r.runId}\``)], diff.map((d) => [`\`${d.key}\``, ...d.values.map((v) => code(formatValue(v)))])));
    else out.push('The resolved configs are identical (only the seed or the data may differ).');
    out.push('');
  } else {
    const flat = flattenConfig(runs[0]!.config);
    const keys = KEY_SETTINGS.flatMap((k) => (k in flat ? [k] : Object.keys(flat).filter((f) => f.startsWith(`${k}.`))));
    if (keys.length) {
      out.push(`${h}# Config`, '', table(['key', 'value'], keys.map((k) => [`\`${k}\``, code(formatValue(flat[k]))])), '');
    }
  }
  if (opts.images?.length) {
    out.push(`${h}# Charts`, '');
    for (const img of opts.images) out.push(`![${escapeText(img.title).replace(/[[\]]/g, '')}](${encodeURI(img.file.replace(/\\/g, '/'))})`, '');
  }
  return out.join('\n');
}

function metricColumns(runs: readonly ReportRun[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const [k, v] of Object.entries(r.summary?.final ?? {})) if (typeof v === 'number') names.add(k);
  const ordered = METRIC_ORDER.filter((m) => names.has(m));
  const rest = [...names].filter((m) => !METRIC_ORDER.includes(m)).sort();
  return [...ordered, ...rest];
}

/** The baseline row, when every run that has one agrees (same task and data). */
function sharedBaseline(runs: readonly ReportRun[]): Metrics | undefined {
  const bs = runs.map((r) => r.summary?.baseline).filter((b): b is Metrics => !!b && Object.keys(b).length > 0);
  if (!bs.length) return undefined;
  const first = JSON.stringify(bs[0]);
  return bs.every((b) => JSON.stringify(b) === first) ? bs[0] : undefined;
}

export function table(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

function metric(m: Metrics | undefined, name: string): unknown {
  return (m as Record<string, unknown> | undefined)?.[name];
}

function num(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** A table cell: pipes escaped, newlines flattened (a cell is one line). */
function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeText(s: string): string {
  return s.replace(/\r?\n/g, ' ');
}
