/**
 * One training worker seen from the extension host: forks dist/worker.js, sends `start`, turns the
 * child's IPC messages into callbacks and always ends with a WorkerRunResult — also when the child
 * crashes (non-zero exit or a signal without a result: the run shows `failed` with the log tail).
 *
 * No VS Code imports: unit tests drive it with small fake worker scripts.
 */

import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { TrainEvent } from '../core/events';
import {
  isWorkerToParent,
  type ParentToWorker,
  type WorkerReproduceReport,
  type WorkerRunResult,
  type WorkerStartOptions,
} from '../shared/worker-protocol';
import type { WorkerForkOptions } from './fork-options';

export interface WorkerProcessOptions {
  workerScript: string;
  fork: WorkerForkOptions;
  /** Train an experiment file (sent as `start`)… */
  start?: WorkerStartOptions;
  /** …or another request (`resume`, `reproduce`); one of the two is required. */
  request?: Exclude<ParentToWorker, { type: 'stop' }>;
  onEvent?: (ev: TrainEvent) => void;
  /** The comparison of a `reproduce` request (arrives just before the result). */
  onReport?: (report: WorkerReproduceReport) => void;
  /** Every stderr/stdout line of the worker (for the log channel). */
  onLogLine?: (line: string) => void;
  /** How long a stop may take before the worker is killed. */
  stopGraceMs?: number;
}

/** Lines kept for the crash report. */
const TAIL_LINES = 40;

export class WorkerProcess {
  readonly child: ChildProcess;
  readonly done: Promise<WorkerRunResult>;
  private result: WorkerRunResult | undefined;
  private runDir: string | undefined;
  private logBuffer: string[] = [];
  private readonly tail: string[] = [];
  private partial = { stdout: '', stderr: '' };
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private stopRequested = false;

  constructor(private readonly o: WorkerProcessOptions) {
    const request = o.request ?? (o.start ? { type: 'start' as const, options: o.start } : undefined);
    if (!request) throw new Error('WorkerProcess needs a start or a request');
    this.child = fork(o.workerScript, [], o.fork);
    this.child.stdout?.on('data', (d: Buffer) => this.onOutput('stdout', d));
    this.child.stderr?.on('data', (d: Buffer) => this.onOutput('stderr', d));
    this.child.on('message', (m: unknown) => this.onMessage(m));
    this.done = new Promise<WorkerRunResult>((resolve) => {
      let settled = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
        if (settled) return;
        settled = true;
        if (this.killTimer) clearTimeout(this.killTimer);
        this.flushPartial();
        resolve(this.result ?? this.crashResult(code, signal, spawnError));
      };
      this.child.on('error', (err) => {
        // fork() failed to spawn (bad nodePath) or IPC broke: no 'exit' may follow.
        this.logLine(`worker process error: ${err.message}`);
        if (this.child.exitCode === null && this.child.pid === undefined) finish(null, null, err);
      });
      // 'close' waits for stdio to drain, so the log tail is complete.
      this.child.on('close', (code, signal) => finish(code, signal));
    });
    this.send(request);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ask for a clean stop (the run is marked `stopped`); kill it if it does not end in time. */
  stop(reason = 'stopped by the user'): void {
    if (this.stopRequested || this.child.exitCode !== null) return;
    this.stopRequested = true;
    this.send({ type: 'stop', reason });
    this.killTimer = setTimeout(() => {
      this.logLine(`worker did not stop within ${this.o.stopGraceMs ?? 15000} ms: killing it`);
      this.child.kill('SIGKILL');
    }, this.o.stopGraceMs ?? 15000);
  }

  /** Kill without waiting (extension deactivation when the stop grace is over). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private send(msg: ParentToWorker): void {
    if (!this.child.connected) return;
    this.child.send(msg, (err) => {
      if (err) this.logLine(`could not send ${msg.type} to the worker: ${err.message}`);
    });
  }

  private onMessage(m: unknown): void {
    if (!isWorkerToParent(m)) return;
    switch (m.type) {
      case 'event':
        if (m.event.type === 'start') this.attachRunDir(m.event.runDir);
        this.o.onEvent?.(m.event);
        break;
      case 'result':
        this.result = m.result;
        if (m.result.runDir) this.attachRunDir(m.result.runDir);
        break;
      case 'fatal':
        this.logLine(`worker fatal: ${m.stack ?? m.message}`);
        break;
      case 'reproduced':
        this.o.onReport?.(m.report);
        break;
    }
  }

  private onOutput(stream: 'stdout' | 'stderr', d: Buffer): void {
    const text = this.partial[stream] + d.toString('utf8');
    const lines = text.split(/\r?\n/);
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.logLine(line);
  }

  private flushPartial(): void {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s]) this.logLine(this.partial[s]);
      this.partial[s] = '';
    }
  }

  private logLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    this.o.onLogLine?.(line);
    if (this.runDir) this.appendWorkerLog(line + '\n');
    else this.logBuffer.push(line);
  }

  /** worker.log starts with whatever the worker printed before it knew its run folder. */
  private attachRunDir(runDir: string): void {
    if (this.runDir) return;
    this.runDir = runDir;
    const early = this.logBuffer.map((l) => l + '\n').join('');
    this.logBuffer = [];
    if (early) this.appendWorkerLog(early);
  }

  private appendWorkerLog(text: string): void {
    if (!this.runDir) return;
    try {
      fs.appendFileSync(path.join(this.runDir, 'worker.log'), text);
    } catch {
      // The run folder may be gone (deleted by the user); the log channel still has the text.
    }
  }

  logTail(): string {
    return this.tail.join('\n');
  }

  private crashResult(code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): WorkerRunResult {
    const how = spawnError
      ? `could not start (${spawnError.message})`
      : signal
        ? `was killed by ${signal}`
        : `exited with code ${code}`;
    const stopped = this.stopRequested && !spawnError;
    return {
      exitCode: 1,
      status: stopped ? 'stopped' : 'failed',
      ...(this.runDir ? { runDir: this.runDir, runId: path.basename(this.runDir) } : {}),
      error: {
        message: `The training worker ${how} without reporting a result.`,
        hint: this.tail.length ? `Last worker output:\n${this.tail.join('\n')}` : 'The worker printed nothing.',
      },
    };
  }
}
