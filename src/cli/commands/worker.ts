/**
 * `seqlab worker --queue redis://HOST:PORT --runs-dir DIR [--concurrency N] [--queue-name NAME]
 *   [--lock-ms MS] [--stalled-ms MS] [--json]`
 *
 * Takes sweep points from the BullMQ queue that `seqlab sweep FILE --queue URL` fills and trains each
 * in a child process (dist/worker.js, the same training child the extension forks), writing run
 * folders under DIR — storage every worker and the submitter share. Runs until Ctrl-C / SIGTERM:
 * the first one lets running points finish, a second one stops them (their runs read `stopped`, and
 * the points go back to the queue for another worker).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_QUEUE_NAME,
  checkQueueName,
  markersDir,
  parseQueueTarget,
  probeRedis,
  startQueueWorker,
  type ChildOutcome,
  type RunPointInChild,
  type QueueTarget,
} from '../../core/distributed';
import { findRunsRoot } from '../../core/runs';
import { WorkerProcess } from '../../extension/worker-process';
import { rel } from '../format/header';
import { num } from '../format/numbers';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliIO } from '../io';
import { parseCommandLine } from '../parse';

const OPTIONS = {
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  'runs-dir': { type: 'string' },
  concurrency: { type: 'string' },
  'lock-ms': { type: 'string' },
  'stalled-ms': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE =
  'seqlab worker --queue redis://HOST:PORT --runs-dir DIR [--concurrency N] [--queue-name NAME] [--lock-ms MS] [--stalled-ms MS] [--json]\n' +
  '  Trains the points `seqlab sweep FILE --queue URL` puts on the queue, N at a time, each in a child process;\n' +
  '  run folders go under DIR (shared storage: every worker and the submitter see the same folder). See docs/distributed.md.\n';

export async function workerCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const target = queueTargetOption(values.queue);
  const queueName = queueNameOption(values['queue-name']);
  if (!values['runs-dir']) throw new UsageError('--runs-dir DIR is required: the folder (shared by every worker) where run folders are written');
  const root = findRunsRoot(path.resolve(io.cwd, 'x.seqlab.yaml'), { runsDir: path.resolve(io.cwd, values['runs-dir']) });
  const concurrency = positiveInt('--concurrency', values.concurrency, 1);
  const lockMs = positiveInt('--lock-ms', values['lock-ms'], undefined);
  const stalledMs = positiveInt('--stalled-ms', values['stalled-ms'], undefined);
  const emit = (obj: Record<string, unknown>, human: string): void => io.stdout(values.json ? `${JSON.stringify(obj)}\n` : `${human}\n`);
  const note = (line: string): void => (values.json ? emit({ type: 'worker-log', message: line }, line) : io.stderr(`${line}\n`));

  const unwritable = checkWritable(root);
  if (unwritable) {
    io.stderr(`seqlab worker: ${unwritable}\n`);
    return EXIT_FAILED;
  }
  const probe = await probeRedis(target, queueName);
  if (!probe.ok) {
    io.stderr(`seqlab worker: ${probe.message}\n`);
    return EXIT_FAILED;
  }
  if (probe.probe.warning) io.stderr(`seqlab worker: warning: ${probe.probe.warning}\n`);

  const entry = trainerEntry();
  if (!entry) {
    io.stderr(`seqlab worker: the training child worker.js is missing beside ${__filename}: rebuild (npm run build) or reinstall the package\n`);
    return EXIT_FAILED;
  }
  const runPoint = childRunner(entry, (pid, runId, runDir) =>
    emit({ type: 'point-train', pid, runId, runDir }, `  training in pid ${pid}: run ${runId} (${rel(runDir, io.cwd)})`),
  );
  const handle = await startQueueWorker({
    target,
    queueName,
    root,
    concurrency,
    runPoint,
    ...(lockMs ? { lockMs } : {}),
    ...(stalledMs ? { stalledMs } : {}),
    log: note,
    onJobStart: (d, job) =>
      emit({ type: 'point-start', hash: d.hash, index: d.index, label: d.label, sweepId: d.sweepId, attempt: job.attempt }, `→ #${d.index} ${d.label} (${d.sweepId}, attempt ${job.attempt})`),
    onJobEnd: (d, out) =>
      out.result
        ? emit(
            { type: 'point-end', hash: d.hash, index: d.index, status: 'completed', runId: out.result.runId, reused: out.result.reused ?? false, duplicateRunId: out.result.duplicateRunId },
            `✓ #${d.index} ${d.label}: ${out.result.reused ? `already done in ${out.result.runId}` : `completed, best valLoss ${num(out.result.summary?.best.valLoss)} [${out.result.runId}]`}${out.result.duplicateRunId ? ` (our run ${out.result.duplicateRunId} was a duplicate)` : ''}`,
          )
        : emit({ type: 'point-end', hash: d.hash, index: d.index, status: 'failed', error: out.error, retry: !out.permanent }, `✗ #${d.index} ${d.label}: ${out.error}${out.permanent ? '' : ' (will be retried)'}`),
  });
  emit(
    { type: 'worker-ready', host: os.hostname(), pid: process.pid, queue: target.display, queueName, root, concurrency, redis: probe.probe.version },
    `seqlab worker ${os.hostname()}:${process.pid}: ${concurrency} at a time from ${queueName} at ${target.display} (redis ${probe.probe.version}); runs in ${rel(root, io.cwd)}. Ctrl-C to stop.`,
  );

  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (): void => {
      signals++;
      if (signals === 1) {
        const n = handle.running();
        note(n ? `finishing ${n} running point(s); press Ctrl-C again to stop them now (they go back to the queue)` : 'stopping');
        void handle.close(false).then(resolve);
      } else if (signals === 2) {
        note('stopping the running point(s) now');
        void handle.close(true).then(resolve);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  note('worker stopped');
  return EXIT_OK;
}

/** Trains one point in a forked training child (dist/worker.js beside the CLI bundle, or its source under tsx). */
function childRunner(entry: NonNullable<ReturnType<typeof trainerEntry>>, onTrain: (pid: number, runId: string, runDir: string) => void): RunPointInChild {
  return (req) =>
    new Promise<ChildOutcome>((resolve) => {
      let ended: ChildOutcome['status'] | undefined;
      const wp = new WorkerProcess({
        workerScript: entry.script,
        fork: {
          execPath: process.execPath,
          execArgv: entry.execArgv,
          // One kernel thread per child: --concurrency children share the machine's cores.
          env: { ...process.env, SEQLAB_KERNEL_THREADS: process.env.SEQLAB_KERNEL_THREADS ?? '1' },
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          serialization: 'json',
        },
        start: { configPath: req.file, runsDir: req.root, ...(entry.wasmDir ? { wasmDir: entry.wasmDir } : {}) },
        onEvent: (ev) => {
          if (ev.type === 'start') onTrain(wp.pid ?? 0, ev.runId, ev.runDir);
          if (ev.type === 'end') ended = ev.status;
          req.onEvent(ev);
        },
      });
      const onAbort = (): void => wp.stop('the worker is shutting down');
      req.signal.addEventListener('abort', onAbort);
      void wp.done.then((r) => {
        req.signal.removeEventListener('abort', onAbort);
        const error = r.error ? `${r.error.message}${r.error.hint ? ` ${r.error.hint.split('\n').slice(-3).join(' | ')}` : ''}` : r.configErrors?.map((e) => `${e.key}: ${e.message}`).join('; ');
        resolve({
          status: r.status,
          ended: ended !== undefined || r.status === 'invalid',
          ...(r.runId ? { runId: r.runId } : {}),
          ...(r.runDir ? { runDir: r.runDir } : {}),
          ...(r.summary ? { summary: r.summary } : {}),
          ...(error ? { error } : {}),
        });
      });
    });
}

function trainerEntry(): { script: string; execArgv: string[]; wasmDir?: string } | undefined {
  const bundled = path.join(__dirname, 'worker.js');
  if (fs.existsSync(bundled)) return { script: bundled, execArgv: [] };
  const source = path.resolve(__dirname, '../../worker/worker.ts');
  if (!fs.existsSync(source)) return undefined; // a bundle without its worker.js beside it
  // Running from source (tests under tsx): the built training child when there is one (it starts in
  // a fraction of tsx's time), else its TypeScript under tsx with the tfjs wasm files of the package.
  const built = path.resolve(__dirname, '../../../dist/worker.js');
  if (fs.existsSync(built) && !process.env.SEQLAB_TRAINER_FROM_SOURCE) return { script: built, execArgv: [] };
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return { script: source, execArgv: ['--import', 'tsx'], wasmDir };
}

/** The shared runs folder must take new files (markers, run folders) before we take any point. */
function checkWritable(root: string): string | undefined {
  const dir = markersDir(root);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${os.hostname()}-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `cannot write to the runs folder ${root} (${e.code ?? e.message}): mount the shared folder there, or give this user write access to it`;
  }
}

export function queueTargetOption(v: string | undefined): QueueTarget {
  if (!v) throw new UsageError('--queue redis://HOST:PORT is required');
  const parsed = parseQueueTarget(v);
  if (!parsed.ok) throw new UsageError(`--queue: ${parsed.message}`);
  return parsed.target;
}

export function queueNameOption(v: string | undefined): string {
  const name = v ?? DEFAULT_QUEUE_NAME;
  const bad = checkQueueName(name);
  if (bad) throw new UsageError(`--queue-name: ${bad}`);
  return name;
}

function positiveInt<D extends number | undefined>(flag: string, v: string | undefined, dflt: D): number | D {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number ≥ 1, not '${v}'`);
  return n;
}
