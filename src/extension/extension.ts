/**
 * Sequence Lab's extension entry (dist/extension.js). Activation stays light: it registers commands,
 * the CodeLens, the dashboard serializer and the status bar, and never loads tfjs (a unit test reads
 * dist/meta-extension.json to keep it so). Training runs in a forked worker (dist/worker.js).
 *
 * There is no `browser` entry on purpose: vscode.dev / github.dev have no Node extension host, and
 * training needs Node (child processes, the file system, tfjs' wasm/native backends).
 */

import * as path from 'path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';
import { DASHBOARD_VIEW_TYPE, MessageRecorder, registerDashboardSerializer, type DashboardHost, DashboardPanel } from './dashboard/panel';
import { registerCodeLens } from './codelens';
import { registerLanguageFeatures } from './language';
import { resolveExperiment } from './experiment-files';
import { disposeLog, logChannel } from './log';
import { candidateRoots, openDashboardCommand } from './open-dashboard';
import { registerRunsView } from './runs-view';
import { readSettings } from './settings';
import { Trainer, type TrainCommandOptions, type TrainCommandResult } from './trainer';
import { trainingAllowed } from './trust';
import { validateCommand, type ValidateCommandResult } from './validate';
import { registerWalkthrough } from './walkthrough';
import { registerTeamsCommands } from './teams';
import { LEADERBOARD_VIEW_TYPE, LeaderboardPanel } from './teams/leaderboard-panel';
import type { LeaderboardInfo, WebviewPersistedState } from '../shared/protocol';

/** Returned from activate(); `testing` exists only outside production (extension tests). */
export interface SeqlabApi {
  train(file: vscode.Uri, opts?: TrainCommandOptions): Promise<TrainCommandResult>;
  testing?: {
    /** Messages the dashboard of a run actually delivered to its page (after `ready`). */
    dashboardMessages(runId: string): HostToWebview[];
    dashboardReady(runId: string): boolean;
    /** Point the trainer at another worker script (a fake that crashes, for example). */
    setWorkerScript(file: string | undefined): void;
    trustGate(workspace: { isTrusted: boolean }): ReturnType<typeof trainingAllowed>;
    workerScript: string;
    /** What the serializer does after a window reload: a new panel restored from the page's saved state. */
    restoreDashboard(state: { runId?: string; runDir?: string }): string | undefined;
    /** Runs queued or training now. */
    activeRuns(): { label: string; runId?: string; status: string; epoch: number }[];
    /** The board the open leaderboard panel of this sweep last posted to its page. */
    leaderboardBoard(sweepId: string): LeaderboardInfo | undefined;
    /** What the leaderboard serializer does after a reload; the sweep id shown, if any. */
    restoreLeaderboard(state: WebviewPersistedState): string | undefined;
  };
}

let trainer: Trainer | undefined;

export function activate(context: vscode.ExtensionContext): SeqlabApi {
  const log = logChannel();
  const recorder = context.extensionMode === vscode.ExtensionMode.Production ? undefined : new MessageRecorder();
  const workerScript = path.join(context.extensionPath, 'dist', 'worker.js');
  const host: DashboardHost = {
    extensionUri: context.extensionUri,
    stopRun: (runId) => void t.stop(runId),
    findLive: (runId) => t.findLive(runId),
    ...(recorder ? { recorder } : {}),
  };
  const t = new Trainer(context.extensionUri, host, workerScript);
  trainer = t;
  const runsDirectory = (uri?: vscode.Uri) => readSettings(uri).runsDirectory;

  context.subscriptions.push(
    log,
    t,
    // Menus pass (uri, selectedUris[]) as arguments: only a plain object is taken as options.
    vscode.commands.registerCommand('seqlab.train', (arg?: unknown, opts?: unknown) => t.train(arg, asOptions(opts))),
    vscode.commands.registerCommand('seqlab.validate', async (arg?: unknown, quiet?: boolean): Promise<ValidateCommandResult | undefined> => {
      const uri = await resolveExperiment(arg, 'Validate Experiment');
      return uri ? validateCommand(uri, quiet === true) : undefined;
    }),
    vscode.commands.registerCommand('seqlab.stop', (runId?: unknown) => t.stop(runId)),
    vscode.commands.registerCommand('seqlab.openDashboard', async (arg?: unknown) => {
      const p = await openDashboardCommand(host, t, arg, runsDirectory);
      return p?.runId;
    }),
    vscode.commands.registerCommand('seqlab.showLog', () => log.show(true)),
    registerCodeLens(),
    registerDashboardSerializer(host),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('seqlab.maxConcurrentRuns')) t.onSettingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('workspace trusted: training enabled')),
    { dispose: () => DashboardPanel.disposeAll() },
  );
  // The Runs view (activity bar), delete / clean old runs, seqlab.compareRuns and seqlab.raceCells.
  registerRunsView(context, () => candidateRoots(runsDirectory));
  // Teams: sweep leaderboard, promote best to config, resume / reproduce a run, compare configs.
  registerTeamsCommands(context, host, t, () => candidateRoots(runsDirectory));
  // Diagnostics, completion, hovers, quick fixes, effective config, new experiment (*.seqlab.yaml only).
  registerLanguageFeatures(context, log);
  // The learnRnns walkthrough: milestone context keys from live runs and run folders, step commands.
  registerWalkthrough(context, { onRunEvent: (l) => t.onDidRunEvent(({ live, event }) => l(live.runDir, event, () => live.history())) }, log);
  void vscode.commands.executeCommand('setContext', 'seqlab.training', false);
  log.info(`Sequence Lab activated (extension host pid ${process.pid}, ${vscode.env.appName} ${vscode.version}, trusted: ${vscode.workspace.isTrusted})`);

  const api: SeqlabApi = { train: (file, opts) => t.train(file, opts ?? {}) };
  if (recorder) {
    api.testing = {
      dashboardMessages: (runId) => recorder.messages(runId),
      dashboardReady: (runId) => DashboardPanel.forRun(runId)?.isReady ?? false,
      setWorkerScript: (file) => t.setWorkerScript(file ?? workerScript),
      trustGate: trainingAllowed,
      workerScript,
      restoreDashboard: (state) => {
        const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Sequence Lab', vscode.ViewColumn.Beside, {});
        return DashboardPanel.restore(host, panel, state).runId;
      },
      activeRuns: () =>
        t.activeRuns().map((r) => ({ label: r.label, status: r.status, epoch: r.epoch, ...(r.runId ? { runId: r.runId } : {}) })),
      leaderboardBoard: (sweepId) => LeaderboardPanel.forSweep(sweepId)?.board,
      restoreLeaderboard: (state) => {
        const panel = vscode.window.createWebviewPanel(LEADERBOARD_VIEW_TYPE, 'Leaderboard', vscode.ViewColumn.Beside, {});
        const p = LeaderboardPanel.restore(host, panel, state);
        if (!p) panel.dispose();
        return p?.target.sweepId;
      },
    };
  }
  return api;
}

function asOptions(x: unknown): TrainCommandOptions {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof vscode.Uri) ? (x as TrainCommandOptions) : {};
}

export async function deactivate(): Promise<void> {
  // Workers get a clean stop (their run folders read `stopped`), then are killed.
  await trainer?.stopAll();
  trainer = undefined;
  disposeLog();
}
