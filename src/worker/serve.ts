/**
 * The worker's message loop, separated from the process wiring so it can be unit-tested with a fake
 * channel and a fake runner. One worker process runs one experiment, then exits.
 *
 * Stop semantics (DESIGN.md "Extension runtime"): a `stop` message or a lost IPC channel aborts the
 * run's AbortSignal; the core finishes the current batch, marks the run `stopped` and resolves. The
 * core yields to the event loop after each batch, which is what lets these messages arrive.
 */

import type { OnEvent } from '../core/events';
import {
  isParentToWorker,
  type ParentToWorker,
  type WorkerReproduceOptions,
  type WorkerReproduceReport,
  type WorkerResumeOptions,
  type WorkerRunResult,
  type WorkerStartOptions,
  type WorkerToParent,
} from '../shared/worker-protocol';

/** What serve() needs from the process: the IPC side of `process` in the real worker. */
export interface WorkerChannel {
  send(msg: WorkerToParent): Promise<void>;
  onMessage(listener: (msg: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  connected(): boolean;
}

export type Runner = (
  o: WorkerStartOptions & { onEvent: OnEvent; signal: AbortSignal },
) => Promise<WorkerRunResult>;

/** Continues a run folder from its checkpoint (resumeExperiment). */
export type Resumer = (o: WorkerResumeOptions & { onEvent: OnEvent; signal: AbortSignal }) => Promise<WorkerRunResult>;
/** Reruns a run folder and compares (reproduceRun): the new run's result and the comparison. */
export type Reproducer = (
  o: WorkerReproduceOptions & { onEvent: OnEvent; signal: AbortSignal },
) => Promise<{ result: WorkerRunResult; report: WorkerReproduceReport }>;

export interface ServeOptions {
  /** Default wasm folder: the folder of the worker bundle (esbuild.js copies the wasm files there). */
  wasmDir: string;
  log: (line: string) => void;
  /** Handles `resume` requests (absent: they fail with a clear message). */
  resume?: Resumer;
  /** Handles `reproduce` requests. */
  reproduce?: Reproducer;
}

/** Resolves with the run's result (or a failed one) once the run is over and the result was sent. */
export function serve(channel: WorkerChannel, runner: Runner, opts: ServeOptions): Promise<WorkerRunResult> {
  const abort = new AbortController();
  let started = false;
  let finished = false;
  let disconnected = false;

  return new Promise<WorkerRunResult>((resolve) => {
    const send = (msg: WorkerToParent): Promise<void> =>
      disconnected ? Promise.resolve() : channel.send(msg).catch(() => undefined);

    channel.onDisconnect(() => {
      disconnected = true;
      if (finished) return; // our own disconnect after the result
      // The editor went away (window closed, extension host crashed): stop cleanly so the run
      // folder reads `stopped`, never `running`.
      if (!abort.signal.aborted) {
        opts.log('IPC channel closed: stopping the run');
        abort.abort(new Error('IPC channel closed'));
      }
      if (!started) resolve({ exitCode: 1, status: 'stopped', error: { message: 'IPC channel closed before start' } });
    });

    channel.onMessage((raw) => {
      if (!isParentToWorker(raw)) {
        opts.log(`ignoring unknown message: ${JSON.stringify(raw)}`);
        return;
      }
      if (raw.type === 'stop') {
        opts.log(`stop requested${raw.reason ? ` (${raw.reason})` : ''}`);
        if (!abort.signal.aborted) abort.abort(new Error(raw.reason ?? 'stopped by the user'));
        if (!started) {
          const result: WorkerRunResult = { exitCode: 1, status: 'stopped' };
          void send({ type: 'result', result }).then(() => resolve(result));
        }
        return;
      }
      if (started) {
        opts.log(`ignoring a second ${raw.type} message: one worker runs one request`);
        return;
      }
      started = true;
      // Events are sent in order; the result goes after the last event was handed to the channel.
      let chain = Promise.resolve();
      const onEvent: OnEvent = (event) => {
        chain = chain.then(() => send({ type: 'event', event }));
      };
      let report: WorkerReproduceReport | undefined;
      run(raw, onEvent, abort.signal, (r) => (report = r))
        .catch((err: unknown): WorkerRunResult => {
          const e = err instanceof Error ? err : new Error(String(err));
          opts.log(`${raw.type} threw: ${e.stack ?? e.message}`);
          return { exitCode: 1, status: 'failed', error: { message: e.message } };
        })
        .then(async (result) => {
          await chain;
          if (report) await send({ type: 'reproduced', report });
          await send({ type: 'result', result });
          finished = true;
          resolve(result);
        });
    });
  });

  /** The request's job; a resume/reproduce without a handler fails with a readable error. */
  function run(
    req: Exclude<ParentToWorker, { type: 'stop' }>,
    onEvent: OnEvent,
    signal: AbortSignal,
    onReport: (r: WorkerReproduceReport) => void,
  ): Promise<WorkerRunResult> {
    switch (req.type) {
      case 'start':
        return runner({ ...req.options, wasmDir: req.options.wasmDir ?? opts.wasmDir, onEvent, signal });
      case 'resume':
        if (!opts.resume) return Promise.reject(new Error('this worker cannot resume runs'));
        return opts.resume({ ...req.options, wasmDir: req.options.wasmDir ?? opts.wasmDir, onEvent, signal });
      case 'reproduce': {
        const reproduce = opts.reproduce;
        if (!reproduce) return Promise.reject(new Error('this worker cannot reproduce runs'));
        return reproduce({ ...req.options, wasmDir: req.options.wasmDir ?? opts.wasmDir, onEvent, signal }).then(({ result, report }) => {
          onReport(report);
          return result;
        });
      }
    }
  }
}
