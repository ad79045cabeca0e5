/**
 * `seqlab diff RUN RUN [--runs-dir DIR] [--json]`: what differs between two runs' resolved configs
 * (the dotted keys, then a unified diff of the two config.yaml files) and their metrics side by
 * side. Exit 0 (whether or not they differ, as `git diff`), 2 on usage or an unknown run.
 */
import { diffRunFolders, type MetricPair, type RunsDiff } from '../../core/report/run-diff';
import { formatValue } from '../../core/report/config-diff';
import { num } from '../format/numbers';
import { indent, textTable } from '../format/text-table';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { resolveRunRefs } from '../run-ref';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab diff RUN RUN [--runs-dir DIR] [--json]   config keys that differ, a unified diff of config.yaml, metrics side by side\n';

export async function diffCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError(`give two runs (got ${positionals.length})`);
  const found = resolveRunRefs(positionals, values['runs-dir'], io);
  if (!found.ok) {
    io.stderr(`seqlab diff: ${found.message}\n`);
    return EXIT_USAGE;
  }
  const [a, b] = found.runs;
  if (!a || !b) throw new UsageError('give two runs');
  const d = diffRunFolders(a.runDir, b.runDir);
  if (values.json) {
    io.stdout(`${JSON.stringify(d, null, 2)}\n`);
    return EXIT_OK;
  }
  io.stdout(diffText(d));
  for (const w of d.warnings) io.stderr(`warning: ${w}\n`);
  return EXIT_OK;
}

export function diffText(d: RunsDiff): string {
  const out: string[] = [`A  ${d.left.runId}  (${d.left.status})`, `B  ${d.right.runId}  (${d.right.status})`, ''];
  if (d.keys.length === 0) out.push('Configs: the resolved configs are identical.', '');
  else {
    out.push(`Config keys that differ (${d.keys.length}):`);
    out.push(indent(textTable(['key', 'A', 'B'], d.keys.map((k) => [k.key, formatValue(k.values[0]), formatValue(k.values[1])]))), '');
  }
  out.push('Metrics:');
  out.push(indent(textTable(['', 'A', 'B', 'B − A'], d.metrics.map(metricRow), [1, 2, 3])), '');
  if (d.unified) out.push(d.unified.trimEnd());
  return `${out.join('\n')}\n`;
}

function metricRow(m: MetricPair): string[] {
  const label = m.group === 'run' ? m.name : `${m.group} ${m.name}`;
  const delta = m.left !== undefined && m.right !== undefined ? signed(m.right - m.left) : '';
  return [label, num(m.left), num(m.right), delta];
}

function signed(v: number): string {
  return v > 0 ? `+${num(v)}` : num(v);
}
