/**
 * `seqlab train FILE [--set key.path=value]... [--json] [--runs-dir DIR] [--backend B] [--kernel K]`
 *
 * Human output by default (header, progress, one line per epoch, summary); `--json` prints one
 * TrainEvent JSON per line on stdout and nothing else (errors go to stderr). Exit codes: 0 success,
 * 1 training failed / stopped / an expect did not hold, 2 bad config or usage. Ctrl-C stops the run
 * cleanly (status `stopped`); a second Ctrl-C exits at once.
 */
import { formatConfigError } from '../../core/config';
import type { BackendName, KernelChoice } from '../../core/config/types';
import { runExperiment } from '../../core/run-experiment';
import { HumanPrinter } from '../format/printer';
import { EXIT_OK, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  set: { type: 'string', multiple: true, default: [] as string[] },
  json: { type: 'boolean', default: false },
  'runs-dir': { type: 'string' },
  backend: { type: 'string' },
  kernel: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const BACKENDS: BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const KERNELS: KernelChoice[] = ['auto', 'fused', 'tfjs'];
const USAGE = 'seqlab train FILE [--set key.path=value]... [--json] [--runs-dir DIR] [--backend auto|tensorflow|wasm|cpu] [--kernel auto|fused|tfjs]\n';

export interface TrainCommandDeps {
  /** Where Ctrl-C comes from (tests pass their own emitter). */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

export async function trainCommand(argv: string[], io: CliIO, deps: TrainCommandDeps = {}): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `give one experiment file, not ${positionals.length}` : 'give an experiment file');
  const backend = oneOf('--backend', values.backend, BACKENDS);
  const kernel = oneOf('--kernel', values.kernel, KERNELS);

  const printer = values.json ? undefined : new HumanPrinter(io);
  const ac = new AbortController();
  const signals = deps.signals ?? process;
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr('\nstopping after this batch (Ctrl-C again to quit at once)…\n');
      ac.abort();
    } else {
      process.exit(130);
    }
  };
  signals.on('SIGINT', onSigint);
  try {
    const result = await runExperiment({
      configPath: positionals[0] as string,
      cwd: io.cwd,
      overrides: values.set,
      runsDir: values['runs-dir'],
      backend,
      kernel,
      signal: ac.signal,
      tfjsNodePath: io.env.SEQLAB_TFJS_NODE_PATH,
      onEvent: (e) => (values.json ? io.stdout(`${JSON.stringify(e)}\n`) : printer?.onEvent(e)),
    });
    if (result.configErrors) {
      for (const e of result.configErrors) io.stderr(`${formatConfigError(e, io.cwd)}\n`);
    } else if (result.status === 'invalid' && result.error) {
      io.stderr(`seqlab train: ${result.error.message}${result.error.hint ? `\n  hint: ${result.error.hint}` : ''}\n`);
    } else if (values.json && result.error) {
      io.stderr(`seqlab train: run ${result.status}: ${result.error.message}${result.error.hint ? ` (hint: ${result.error.hint})` : ''}\n`);
    }
    return result.exitCode;
  } finally {
    signals.off('SIGINT', onSigint);
  }
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${v}'`);
  return v as T;
}
