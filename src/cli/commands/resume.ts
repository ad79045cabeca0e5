/**
 * `seqlab resume RUN [--runs-dir DIR] [--json] [--backend B]`: continue a stopped or failed run from
 * its last checkpoint — same run id, same folder, metrics appended. RUN is a run id, a unique part of
 * one, `latest`, or the path of a run folder. Exit codes as for `train` (2: nothing to resume).
 */
import * as path from 'node:path';
import { formatConfigError } from '../../core/config';
import type { BackendName, KernelChoice } from '../../core/config/types';
import { resumeExperiment } from '../../core/run-experiment';
import { findRootFromDir, resolveRun } from '../../core/runs';
import { HumanPrinter } from '../format/printer';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  'runs-dir': { type: 'string' },
  backend: { type: 'string' },
  kernel: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = 'seqlab resume RUN [--runs-dir DIR] [--json] [--backend auto|tensorflow|wasm|cpu] [--kernel auto|fused|tfjs]   (RUN: id, unique part of one, latest, or a run folder)\n';
const BACKENDS: BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const KERNELS: KernelChoice[] = ['auto', 'fused', 'tfjs'];

export async function resumeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give one run (id, unique part of one, latest, or a run folder)');
  if (values.backend !== undefined && !(BACKENDS as string[]).includes(values.backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}`);
  if (values.kernel !== undefined && !(KERNELS as string[]).includes(values.kernel)) throw new UsageError(`--kernel must be one of ${KERNELS.join(', ')}`);
  const root = values['runs-dir'] ? path.resolve(io.cwd, values['runs-dir']) : findRootFromDir(io.cwd);
  const found = resolveRun(positionals[0] as string, root, io.cwd);
  if (!found.ok) {
    io.stderr(`seqlab resume: ${found.message}${found.candidates.length ? `\n  candidates: ${found.candidates.join(', ')}` : ''}\n`);
    return EXIT_USAGE;
  }
  const printer = values.json ? undefined : new HumanPrinter(io);
  const ac = new AbortController();
  const onSigint = (): void => ac.abort();
  process.on('SIGINT', onSigint);
  try {
    const result = await resumeExperiment({
      runDir: found.runDir,
      ...(values.backend ? { backend: values.backend as BackendName } : {}),
      ...(values.kernel ? { kernel: values.kernel as KernelChoice } : {}),
      signal: ac.signal,
      tfjsNodePath: io.env.SEQLAB_TFJS_NODE_PATH,
      onEvent: (e) => (values.json ? io.stdout(`${JSON.stringify(e)}\n`) : printer?.onEvent(e)),
    });
    if (result.configErrors) for (const e of result.configErrors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
    else if (result.status === 'invalid' && result.error) {
      io.stderr(`seqlab resume: ${result.error.message}${result.error.hint ? `\n  hint: ${result.error.hint}` : ''}\n`);
    }
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
