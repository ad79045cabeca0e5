/**
 * `seqlab reproduce RUN [--runs-dir DIR] [--json] [--tolerance R]`: train RUN again from its
 * recorded config.yaml, seed, backend and kernel path into a new run, then compare metrics.jsonl
 * step by step. Prints the training as `train` does, then the verdict, e.g.
 * "identical: 250 steps, 10 epochs, bitwise". Exit 0 reproduced, 1 differs or the rerun failed,
 * 2 usage or a run that cannot be rerun. `--json`: one JSON object (the result) and nothing else.
 */
import { reproduceRun, type ReproduceResult } from '../../core/reproduce';
import { HumanPrinter } from '../format/printer';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';
import { resolveRunRef } from '../run-ref';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  tolerance: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab reproduce RUN [--runs-dir DIR] [--json] [--tolerance R]   (R: relative tolerance used when the backend/kernel path differs; default 1e-3)\n';

export async function reproduceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one run (id, unique part of one, latest, or a run folder)');
  const relative = values.tolerance === undefined ? undefined : Number(values.tolerance);
  if (relative !== undefined && !(Number.isFinite(relative) && relative >= 0)) throw new UsageError(`--tolerance must be a number ≥ 0 (got '${values.tolerance}')`);
  const found = resolveRunRef(positionals[0] as string, values['runs-dir'], io);
  if (!found.ok) {
    io.stderr(`seqlab reproduce: ${found.message}\n`);
    return EXIT_USAGE;
  }
  const printer = values.json ? undefined : new HumanPrinter(io);
  if (!values.json) io.stdout(`Reproducing ${found.runId}\n`);
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.on('SIGINT', onSigint);
  try {
    const result = await reproduceRun({
      runDir: found.runDir,
      ...(values['runs-dir'] ? { runsDir: values['runs-dir'] } : {}),
      ...(relative !== undefined ? { tolerance: { relative } } : {}),
      signal: ac.signal,
      ...(io.env.SEQLAB_TFJS_NODE_PATH ? { tfjsNodePath: io.env.SEQLAB_TFJS_NODE_PATH } : {}),
      ...(printer ? { onEvent: (e) => printer.onEvent(e) } : {}),
    });
    if (values.json) io.stdout(`${JSON.stringify(jsonOf(result), null, 2)}\n`);
    else io.stdout(verdictText(result));
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The result without the rerun's full summary (its run folder has it). */
function jsonOf(r: ReproduceResult): object {
  const { run, ...rest } = r;
  return { ...rest, ...(run ? { newRun: { runId: run.runId, runDir: run.runDir, status: run.status } } : {}) };
}

export function verdictText(r: ReproduceResult): string {
  const out: string[] = [''];
  const p = (x: ReproduceResult['recordedPath']): string => (x ? `${x.backend} / ${x.kernel}${x.variant ? ` (${x.variant})` : ''}` : '?');
  if (r.recordedPath) out.push(`recorded path  ${p(r.recordedPath)}`);
  if (r.usedPath) out.push(`rerun path     ${p(r.usedPath)}`);
  if (r.run?.runId) out.push(`rerun          ${r.run.runId}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(`${r.verdict === 'identical' || r.verdict === 'within-tolerance' ? 'REPRODUCED' : 'NOT REPRODUCED'}  ${r.message}`);
  return `${out.join('\n')}\n`;
}
