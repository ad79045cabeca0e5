/**
 * `seqlab.train` / `seqlab.stop`: the trust gate, validation in the host, the run queue, one worker
 * process per run, the progress notification, the status bar and the dashboard.
 */

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConfigError } from '../core/config';
import type { BackendName } from '../core/config/types';
import type { BackendInfo, RunErrorInfo, RunSummary, TrainEvent } from '../core/events';
import { findRunsRoot, writeJsonAtomic } from '../core/runs';
import type { ParentToWorker, WorkerConfigError, WorkerReproduceReport, WorkerRunResult } from '../shared/worker-protocol';
import { DashboardPanel, type DashboardHost } from './dashboard/panel';
import { openAtLine, openRunFolder, resolveExperiment } from './experiment-files';
import { forkOptions } from './fork-options';
import { LiveRun } from './live-run';
import { logChannel } from './log';
import { RunQueue } from './run-queue';
import { readSettings } from './settings';
import { TrainingStatusBar, formatLoss } from './status-bar';
import { trainingAllowed } from './trust';
import { reportConfigErrors, validateFile } from './validate';
import { WorkerProcess } from './worker-process';

/** Optional second argument of `seqlab.train` (tests, other extensions, the walkthrough). */
export interface TrainCommandOptions {
  overrides?: string[];
  backend?: BackendName;
  openDashboard?: boolean;
  /** Do not show notifications for the outcome (tests). */
  quiet?: boolean;
}

/** What `seqlab.train` resolves with (so tests and other callers can check the outcome). */
export interface TrainCommandResult {
  file?: string;
  status: WorkerRunResult['status'] | 'refused' | 'cancelled';
  message?: string;
  exitCode?: number;
  runId?: string;
  runDir?: string;
  summary?: RunSummary;
  error?: RunErrorInfo;
  configErrors?: WorkerConfigError[];
  backend?: BackendInfo;
  /** seqlab.reproduceRun: the comparison with the original run. */
  report?: WorkerReproduceReport;
  queued: boolean;
  workerPid?: number;
  extHostPid: number;
  eventCounts: Record<string, number>;
}

/**
 * A job that starts from a run folder instead of an experiment file: `resume` continues it in its
 * own folder (the dashboard first gets what it recorded: `history`), `reproduce` reruns it.
 */
export interface FolderJob {
  request: Exclude<ParentToWorker, { type: 'start' | 'stop' }>;
  /** The experiment file (or the run's config.yaml): labels, cwd, "open config" on failure. */
  file: string;
  label: string;
  /** Events recorded before the resume, read when the worker's `start` arrives (the folder is truncated to the checkpoint then). */
  history?: () => TrainEvent[];
}

export class Trainer implements vscode.Disposable {
  private readonly queue: RunQueue<TrainCommandResult>;
  private readonly runs: LiveRun[] = [];
  private readonly workers = new Set<WorkerProcess>();
  private readonly status = new TrainingStatusBar();
  private readonly runEvents = new vscode.EventEmitter<{ live: LiveRun; event: TrainEvent }>();
  /** Every event of every run this window trains (the walkthrough's milestones listen). */
  readonly onDidRunEvent = this.runEvents.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly dashboardHost: DashboardHost,
    /** The worker bundle; tests may point it at a fake worker. */
    private workerScript: string,
  ) {
    this.queue = new RunQueue(readSettings().maxConcurrentRuns);
  }

  setWorkerScript(file: string): void {
    this.workerScript = file;
  }

  onSettingsChanged(): void {
    this.queue.setLimit(readSettings().maxConcurrentRuns);
  }

  findLive(runId: string): LiveRun | undefined {
    return this.runs.find((r) => r.runId === runId);
  }

  activeRuns(): LiveRun[] {
    return this.runs.filter((r) => r.isActive);
  }

  async train(arg?: unknown, opts: TrainCommandOptions = {}): Promise<TrainCommandResult> {
    const base = { queued: false, extHostPid: process.pid, eventCounts: {} };
    const trust = trainingAllowed(vscode.workspace);
    if (!trust.ok) {
      void vscode.window.showWarningMessage(trust.message, 'Manage Workspace Trust').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return { ...base, status: 'refused', message: trust.message };
    }
    const uri = await resolveExperiment(arg, 'Train Experiment');
    if (!uri) return { ...base, status: 'cancelled', message: 'no experiment file chosen' };
    const file = uri.fsPath;

    // The worker reads the file from disk: save unsaved edits first (what the user sees is what trains).
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();

    const loaded = validateFile(file, opts.overrides);
    if (!loaded.ok) {
      if (!opts.quiet) void reportConfigErrors(loaded.errors, `Sequence Lab: cannot train ${path.basename(file)}`);
      return { ...base, file, status: 'invalid', exitCode: 2, configErrors: loaded.errors };
    }

    const live = new LiveRun(file, path.basename(file));
    this.runs.push(live);
    this.trimFinished();
    const job = this.queue.enqueue(live.label, () => this.runJob(live, uri, opts));
    const queued = job.position() > 0;
    if (queued) {
      live.stopper = () => job.cancel({ ...base, file, status: 'cancelled', message: 'removed from the queue', queued: true });
      const running = this.queue.runningLabels().join(', ');
      void vscode.window
        .showInformationMessage(
          `Sequence Lab: ${live.label} is queued (${job.position()} in line) — ${running} is training and seqlab.maxConcurrentRuns is ${readSettings(uri).maxConcurrentRuns}.`,
          'Cancel',
        )
        .then((c) => {
          if (c === 'Cancel') live.stopper?.();
        });
      this.refreshStatus();
    }
    const result = await job.done;
    if (live.isActive) live.finish({ exitCode: 1, status: 'stopped' });
    this.refreshStatus();
    return { ...result, queued };
  }

  /** Stop a run by id, or the only active one, or ask which. */
  async stop(runId?: unknown): Promise<boolean> {
    const active = this.activeRuns();
    let target: LiveRun | undefined;
    if (typeof runId === 'string') target = active.find((r) => r.runId === runId);
    else if (active.length === 1) target = active[0];
    else if (active.length > 1) {
      const pick = await vscode.window.showQuickPick(
        active.map((r) => ({ label: r.label, description: `${r.status}${r.runId ? ` · ${r.runId}` : ''}`, run: r })),
        { title: 'Sequence Lab: Stop Training', placeHolder: 'Which run?' },
      );
      target = pick?.run;
    }
    if (!target) {
      if (active.length === 0) void vscode.window.showInformationMessage('Sequence Lab: nothing is training.');
      return false;
    }
    target.stopper?.();
    return true;
  }

  /** seqlab.resumeRun / seqlab.reproduceRun: the same queue, worker, progress and dashboard as train. */
  async runFolderJob(job: FolderJob, opts: TrainCommandOptions = {}): Promise<TrainCommandResult> {
    const base = { queued: false, extHostPid: process.pid, eventCounts: {} };
    const trust = trainingAllowed(vscode.workspace);
    if (!trust.ok) {
      void vscode.window.showWarningMessage(trust.message);
      return { ...base, status: 'refused', message: trust.message };
    }
    const live = new LiveRun(job.file, job.label);
    this.runs.push(live);
    this.trimFinished();
    const uri = vscode.Uri.file(job.file);
    const queued = this.queue.enqueue(live.label, () => this.runJob(live, uri, opts, job));
    if (queued.position() > 0) live.stopper = () => queued.cancel({ ...base, file: job.file, status: 'cancelled', message: 'removed from the queue', queued: true });
    this.refreshStatus();
    const result = await queued.done;
    if (live.isActive) live.finish({ exitCode: 1, status: 'stopped' });
    this.refreshStatus();
    return result;
  }

  private async runJob(live: LiveRun, uri: vscode.Uri, opts: TrainCommandOptions, job?: FolderJob): Promise<TrainCommandResult> {
    const file = uri.fsPath;
    const settings = readSettings(uri);
    live.status = 'starting';
    this.refreshStatus();
    const log = logChannel();
    const runsDir = settings.runsDirectory ?? findRunsRoot(file);
    const backend = opts.backend ?? settings.backend;
    log.info(job ? `${job.request.type} ${job.request.options.runDir}` : `train ${file} (runs in ${runsDir}${backend ? `, backend ${backend}` : ''})`);
    let report: WorkerReproduceReport | undefined;

    let worker: WorkerProcess;
    try {
      worker = new WorkerProcess({
        workerScript: this.workerScript,
        fork: forkOptions({ hostExecPath: process.execPath, nodePath: settings.nodePath, env: process.env, cwd: path.dirname(file) }),
        ...(job
          ? { request: withHostOptions(job.request, settings.tfjsNodePath) }
          : {
              start: {
                configPath: file,
                runsDir,
                ...(opts.overrides?.length ? { overrides: opts.overrides } : {}),
                ...(backend ? { backend } : {}),
                ...(settings.tfjsNodePath ? { tfjsNodePath: settings.tfjsNodePath } : {}),
              },
            }),
        onReport: (r) => (report = r),
        onEvent: (ev) => {
          // A resumed run: what the folder recorded goes first, so its charts continue where they were.
          if (ev.type === 'start' && job?.history && !live.counts.start) live.seed(job.history());
          live.push(ev);
          if (ev.type === 'start' && (opts.openDashboard ?? settings.openDashboardOnTrain)) {
            DashboardPanel.show(this.dashboardHost, { live });
          }
          if (ev.type === 'log') log[ev.level === 'warn' ? 'warn' : ev.level === 'error' ? 'error' : 'info'](`[run] ${ev.message}`);
          this.status.update(this.runs);
          this.runEvents.fire({ live, event: ev });
        },
        onLogLine: (line) => log.info(`[worker] ${line}`),
      });
    } catch (e) {
      const message = `Could not start the training worker: ${e instanceof Error ? e.message : String(e)}`;
      live.finish({ exitCode: 1, status: 'failed', error: { message } });
      void this.showFailure(live, { message }, uri);
      return { file, status: 'failed', message, queued: false, extHostPid: process.pid, eventCounts: live.counts };
    }
    this.workers.add(worker);
    live.stopper = () => worker.stop();
    void vscode.commands.executeCommand('setContext', 'seqlab.training', true);

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sequence Lab: training ${live.label}`, cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => worker.stop('cancelled from the notification'));
        let lastEpoch = 0;
        const sub = live.onEvent((ev) => {
          if (ev.type === 'start') progress.report({ message: `${ev.backend.name} backend, ${ev.epochs} epochs` });
          if (ev.type === 'epoch' && ev.epoch !== lastEpoch && live.epochs > 0) {
            const inc = ((ev.epoch - lastEpoch) / live.epochs) * 100;
            lastEpoch = ev.epoch;
            progress.report({ increment: inc, message: `epoch ${ev.epoch}/${live.epochs}, loss ${formatLoss(ev.valLoss ?? ev.loss)}` });
          }
        });
        try {
          return await worker.done;
        } finally {
          sub.dispose();
          cancel.dispose();
        }
      },
    );
    this.workers.delete(worker);
    if (result.status === 'failed' && !live.counts.end && result.runDir) markCrashed(result.runDir, result.error);
    live.finish(result);
    void vscode.commands.executeCommand('setContext', 'seqlab.training', this.activeRuns().some((r) => r.status === 'running' || r.status === 'starting'));
    this.refreshStatus();
    log.info(`run ${result.runId ?? '(none)'} ${result.status} (exit code ${result.exitCode})`);

    if (!opts.quiet) void this.announce(live, result, uri);
    return {
      file,
      status: result.status,
      exitCode: result.exitCode,
      ...(result.runId ? { runId: result.runId } : {}),
      ...(result.runDir ? { runDir: result.runDir } : {}),
      ...(result.summary ? { summary: result.summary } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.configErrors ? { configErrors: result.configErrors } : {}),
      ...(live.backend ? { backend: live.backend } : {}),
      ...(report ? { report } : {}),
      queued: false,
      ...(worker.pid ? { workerPid: worker.pid } : {}),
      extHostPid: process.pid,
      eventCounts: { ...live.counts },
    };
  }

  private async announce(live: LiveRun, r: WorkerRunResult, uri: vscode.Uri): Promise<void> {
    if (r.status === 'invalid' && r.configErrors?.length) {
      return reportConfigErrors(r.configErrors.map(toConfigError), `Sequence Lab: cannot train ${live.label}`);
    }
    if (r.status === 'failed' || r.status === 'invalid') return this.showFailure(live, r.error ?? { message: 'training failed' }, uri);
    if (r.status === 'stopped') {
      void vscode.window.showInformationMessage(`Sequence Lab: ${live.label} stopped${live.epoch ? ` after epoch ${live.epoch}` : ''}.`);
      return;
    }
    const s = r.summary;
    const val = s?.final.valLoss ?? s?.final.loss;
    const base = s?.baseline.valLoss;
    const failedExpect = s?.expect.filter((e) => !e.passed) ?? [];
    const text =
      `Sequence Lab: ${live.label} completed` +
      (val !== undefined ? ` — val loss ${formatLoss(val)}` : '') +
      (base !== undefined ? ` (baseline ${formatLoss(base)})` : '') +
      (failedExpect.length ? `; ${failedExpect.length} expectation(s) did not hold` : '') +
      '.';
    const choice = await (failedExpect.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(
      text,
      'Open Dashboard',
      'Open Run Folder',
    );
    if (choice === 'Open Dashboard' && r.runDir) DashboardPanel.show(this.dashboardHost, { runDir: r.runDir });
    if (choice === 'Open Run Folder' && r.runDir) await openRunFolder(r.runDir);
  }

  private async showFailure(live: LiveRun, error: RunErrorInfo, uri: vscode.Uri): Promise<void> {
    const actions = ['Show Log', ...(error.file || uri ? ['Open Config at Line'] : []), ...(live.runDir ? ['Open Run Folder'] : [])];
    const choice = await vscode.window.showErrorMessage(
      `Sequence Lab: ${live.label} failed: ${error.message}${error.hint && !error.hint.includes('\n') ? ` — ${error.hint}` : ''}`,
      ...actions,
    );
    if (choice === 'Show Log') logChannel().show(true);
    else if (choice === 'Open Config at Line') await openAtLine(error.file ?? uri.fsPath, error.line);
    else if (choice === 'Open Run Folder' && live.runDir) await openRunFolder(live.runDir);
  }

  private refreshStatus(): void {
    this.status.render(this.runs);
  }

  private trimFinished(): void {
    // Keep the last few finished runs (the dashboard may still ask for them), forget older ones.
    const finished = this.runs.filter((r) => !r.isActive);
    for (const r of finished.slice(0, Math.max(0, finished.length - 10))) this.runs.splice(this.runs.indexOf(r), 1);
  }

  /** deactivate: ask every worker to stop, wait a little, then kill what is left. */
  async stopAll(graceMs = 3000): Promise<void> {
    const all = [...this.workers];
    for (const w of all) w.stop('the extension is shutting down');
    const timeout = new Promise<void>((r) => setTimeout(r, graceMs).unref?.());
    await Promise.race([Promise.all(all.map((w) => w.done)), timeout]);
    for (const w of all) w.kill();
  }

  dispose(): void {
    for (const w of this.workers) w.kill();
    this.status.dispose();
    this.runEvents.dispose();
  }
}

/** The host's settings that a folder job needs too (the native addon's location). */
function withHostOptions(req: FolderJob['request'], tfjsNodePath: string | undefined): FolderJob['request'] {
  return tfjsNodePath ? ({ ...req, options: { ...req.options, tfjsNodePath } } as FolderJob['request']) : req;
}

/** A crashed worker left meta.json at `running`: record `failed` and why (DESIGN.md: never corrupt). */
function markCrashed(runDir: string, error: RunErrorInfo | undefined): void {
  const file = path.join(runDir, 'meta.json');
  try {
    const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (meta.status !== 'running') return;
    writeJsonAtomic(file, { ...meta, status: 'failed', endedAt: new Date().toISOString(), error: error ?? { message: 'the training worker crashed' } });
  } catch (e) {
    logChannel().warn(`could not mark ${runDir} as failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function toConfigError(e: WorkerConfigError): ConfigError {
  return { ...e, endLine: e.endLine ?? e.line, endColumn: e.endColumn ?? e.column };
}
