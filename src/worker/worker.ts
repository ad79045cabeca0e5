/**
 * Entry of dist/worker.js: the training child process the extension forks (DESIGN.md: training never
 * runs in the extension host). It runs under the editor's own runtime with ELECTRON_RUN_AS_NODE=1, or
 * under `seqlab.nodePath`. stdout/stderr are piped by the parent into the "Sequence Lab" log and
 * `<run>/worker.log`; structured traffic goes over IPC only (src/shared/worker-protocol.ts).
 */

import { reproduceRun } from '../core/reproduce';
import { resumeExperiment, runExperiment } from '../core/run-experiment';
import type { WorkerRunResult, WorkerToParent } from '../shared/worker-protocol';
import { serve, type Reproducer, type Resumer, type WorkerChannel } from './serve';

function log(line: string): void {
  process.stderr.write(`[worker ${process.pid}] ${line}\n`);
}

function main(): void {
  if (!process.send) {
    log('dist/worker.js must be started by the extension with child_process.fork (it talks over IPC).');
    process.exit(2);
  }
  const channel: WorkerChannel = {
    send: (msg: WorkerToParent) =>
      new Promise<void>((resolve, reject) => {
        if (!process.connected || !process.send) return reject(new Error('IPC channel closed'));
        process.send(msg, undefined, {}, (err: Error | null) => (err ? reject(err) : resolve()));
      }),
    onMessage: (l) => process.on('message', l),
    onDisconnect: (l) => process.on('disconnect', l),
    connected: () => process.connected,
  };
  process.on('uncaughtException', (err) => {
    log(`uncaught exception: ${err.stack ?? err.message}`);
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
  log(`started (node ${process.versions.node}${process.versions.electron ? `, electron ${process.versions.electron}` : ''})`);
  const resume: Resumer = (o) => resumeExperiment(o);
  const reproduce: Reproducer = async (o) => {
    const { run, ...report } = await reproduceRun(o);
    // A rerun that could not start has no run of its own: the result carries the report's reason.
    const result: WorkerRunResult = run ?? { exitCode: report.exitCode, status: report.verdict === 'invalid' ? 'invalid' : 'failed', error: { message: report.message } };
    return { result, report };
  };
  serve(channel, (o) => runExperiment(o), { wasmDir: __dirname, log, resume, reproduce }).then((result) => {
    log(`run ${result.runId ?? '(none)'} ended: ${result.status}`);
    if (process.connected) process.disconnect();
    // Exit explicitly (tfjs backends may keep handles open). 0 = "a result was delivered"; the
    // run's own outcome is in that result. A non-zero exit without a result is a crash.
    setImmediate(() => process.exit(0));
  });
}

main();
