/**
 * The dashboard WebviewPanel on the host side: one panel per run. It loads dist/webview.js (built by
 * the DASHBOARD side from webview/) into an #app shell under a nonce CSP, waits for the page's
 * `ready`, then sends `init` and the run's events — live through a 100 ms batcher, or replayed from
 * the run folder. Messages follow src/shared/protocol.ts.
 */

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/events';
import { readRun } from '../../core/runs';
import {
  assertNever,
  type HostToWebview,
  type RunInfo,
  type WebviewPersistedState,
  type WebviewToHost,
} from '../../shared/protocol';
import { handleExportMessage } from '../compare/export';
import { EventBatcher } from '../event-batcher';
import type { LiveRun } from '../live-run';
import { logChannel } from '../log';
import { openRunFolder } from '../experiment-files';
import { dashboardSettings } from '../settings';
import { dashboardHtml } from './html';
import { replayEvents, runInfoOf } from './replay';

export const DASHBOARD_VIEW_TYPE = 'seqlab.dashboard';

/** What the panel asks of the rest of the extension. */
export interface DashboardHost {
  extensionUri: vscode.Uri;
  stopRun(runId: string): void;
  findLive(runId: string): LiveRun | undefined;
  /** Non-production only: every message actually delivered to a page, by run id. */
  recorder?: MessageRecorder;
}

export class MessageRecorder {
  private readonly byRun = new Map<string, HostToWebview[]>();
  record(runId: string, msg: HostToWebview): void {
    let list = this.byRun.get(runId);
    if (!list) this.byRun.set(runId, (list = []));
    list.push(msg);
    if (list.length > 5000) list.shift();
  }
  messages(runId: string): HostToWebview[] {
    return this.byRun.get(runId)?.slice() ?? [];
  }
}

export class DashboardPanel {
  private static readonly open = new Map<string, DashboardPanel>();

  private ready = false;
  private queue: HostToWebview[] = [];
  private run: RunInfo | undefined;
  private live: { dispose(): void } | undefined;
  private liveRun: LiveRun | undefined;
  private batcher: EventBatcher<TrainEvent> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** A new panel, or the one already showing this run (revealed). */
  static show(host: DashboardHost, target: { live: LiveRun } | { runDir: string }): DashboardPanel {
    const runId = 'live' in target ? target.live.runId : path.basename(target.runDir);
    const existing = runId ? DashboardPanel.open.get(runId) : undefined;
    if (existing) {
      // A resumed run's panel (showing the stopped folder) switches to the live stream.
      if ('live' in target && existing.liveRun !== target.live && target.live.isActive) existing.showLive(target.live);
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Sequence Lab',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      DashboardPanel.webviewOptions(host.extensionUri),
    );
    const p = new DashboardPanel(panel, host);
    if ('live' in target) p.showLive(target.live);
    else p.showRunFolder(target.runDir);
    return p;
  }

  /** The serializer's entry: a panel VS Code restored after a reload, with the page's saved state. */
  static restore(host: DashboardHost, panel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): DashboardPanel {
    panel.webview.options = DashboardPanel.webviewOptions(host.extensionUri);
    const p = new DashboardPanel(panel, host);
    const live = state?.runId ? host.findLive(state.runId) : undefined;
    if (live) p.showLive(live);
    else if (state?.runDir) p.showRunFolder(state.runDir);
    else p.post({ type: 'error', message: 'This dashboard has no run to show any more. Use "Sequence Lab: Open Run Dashboard".' });
    return p;
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  static forRun(runId: string): DashboardPanel | undefined {
    return DashboardPanel.open.get(runId);
  }

  static disposeAll(): void {
    for (const p of [...DashboardPanel.open.values()]) p.panel.dispose();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: DashboardHost,
  ) {
    const dist = vscode.Uri.joinPath(host.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(host.extensionUri, 'media');
    const icon = vscode.Uri.joinPath(media, 'icon.png');
    if (fs.existsSync(icon.fsPath)) panel.iconPath = icon;
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.css')).toString(),
      title: 'Sequence Lab dashboard',
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seqlab.dashboard')) this.post({ type: 'settings', settings: dashboardSettings() });
      }),
    );
  }

  get runId(): string | undefined {
    return this.run?.runId;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Show a training in progress: what happened so far, then new events batched. */
  showLive(live: LiveRun): void {
    // A run that has ended since is shown from its folder: complete, and marked as a replay.
    if (!live.isActive && live.runDir) return this.showRunFolder(live.runDir);
    this.detachLive();
    this.liveRun = live;
    this.setRun({
      runId: live.runId ?? 'pending',
      runDir: live.runDir ?? '',
      experiment: path.basename(live.experimentFile).replace(/\.seqlab\.yaml$/i, ''),
      status: 'running',
      startedAt: new Date().toISOString(),
    });
    const runId = this.run!.runId;
    const history = live.history();
    if (history.length) this.post({ type: 'events', runId, events: history });
    const batcher = new EventBatcher<TrainEvent>((events) => this.post({ type: 'events', runId, events }));
    this.batcher = batcher;
    const sub = live.onEvent((ev) => {
      batcher.add(ev);
      // The last numbers show at once, not 100 ms later.
      if (ev.type === 'end') batcher.flush();
    });
    const end = live.onEnd(() => {
      batcher.flush();
      this.finishLive(live);
    });
    this.live = { dispose: () => (sub.dispose(), end.dispose(), batcher.dispose()) };
  }

  /** Show a run from its folder (finished, stopped, crashed, or running in another process). */
  showRunFolder(runDir: string): void {
    this.detachLive();
    let data;
    try {
      data = readRun(runDir);
    } catch (e) {
      const message = `Cannot read the run folder ${runDir}: ${e instanceof Error ? e.message : String(e)}`;
      logChannel().error(message);
      this.post({ type: 'error', message });
      return;
    }
    this.setRun(runInfoOf(data));
    this.post({ type: 'events', runId: data.runId, events: replayEvents(data), replay: true });
  }

  private finishLive(live: LiveRun): void {
    const r = live.result;
    // A crash leaves no `end` event: tell the page the run failed, with the worker's last output.
    if (r && !live.counts.end && this.run) {
      this.post({
        type: 'events',
        runId: this.run.runId,
        events: [{
          type: 'end',
          status: r.status === 'invalid' ? 'failed' : r.status,
          summary: { status: r.status === 'invalid' ? 'failed' : r.status, epochs: live.epoch, steps: 0, final: {}, best: {}, baseline: {}, expect: [], durationMs: 0 },
          ...(r.error ? { error: r.error } : {}),
        }],
      });
    }
    this.detachLive();
  }

  private setRun(run: RunInfo): void {
    if (this.run) DashboardPanel.open.delete(this.run.runId);
    this.run = run;
    DashboardPanel.open.set(run.runId, this);
    this.panel.title = `Sequence Lab: ${run.experiment}`;
    this.post({ type: 'init', run, settings: dashboardSettings() });
  }

  post(msg: HostToWebview): void {
    if (!this.ready) {
      this.queue.push(msg);
      return;
    }
    const runId = this.run?.runId ?? '';
    void this.panel.webview.postMessage(msg).then(
      (delivered) => {
        if (delivered) this.host.recorder?.record(runId, msg);
      },
      () => undefined,
    );
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready': {
        // Also after the page reloads itself (retainContextWhenHidden is off): replay what it needs.
        const wasReady = this.ready;
        this.ready = true;
        const q = this.queue;
        this.queue = [];
        if (wasReady && this.run) {
          const live = this.host.findLive(this.run.runId);
          if (live && live.isActive) this.showLive(live);
          else if (this.run.runDir) this.showRunFolder(this.run.runDir);
        } else for (const msg of q) this.post(msg);
        break;
      }
      case 'stop':
        this.host.stopRun(m.runId);
        break;
      case 'openRunFolder':
        void this.openRunFolder(m.runId);
        break;
      case 'openConfig':
        void this.openConfig();
        break;
      case 'exportPng':
      case 'exportCsv':
      case 'copyMarkdown':
        void handleExportMessage(m, this.run?.runId === m.runId ? this.run.runDir : undefined);
        break;
      case 'openWalkthrough':
        void vscode.commands.executeCommand('seqlab.openWalkthrough', m.step);
        break;
      case 'openRun':
      case 'overlayRuns':
      case 'promoteBest':
        // Sent by the leaderboard page only (src/extension/teams/leaderboard-panel.ts handles them).
        break;
      case 'log':
        logChannel()[m.level === 'warn' ? 'warn' : m.level === 'error' ? 'error' : 'info'](`[dashboard] ${m.message}`);
        break;
      default:
        assertNever(m);
    }
  }

  private async openRunFolder(runId: string): Promise<void> {
    const dir = this.run?.runId === runId ? this.run.runDir : undefined;
    if (dir) await openRunFolder(dir);
  }

  private async openConfig(): Promise<void> {
    const live = this.run ? this.host.findLive(this.run.runId) : undefined;
    const file = live?.experimentFile ?? (this.run?.runDir ? path.join(this.run.runDir, 'config.yaml') : undefined);
    if (file) await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One });
  }

  private detachLive(): void {
    this.live?.dispose();
    this.live = undefined;
    this.liveRun = undefined;
    this.batcher = undefined;
  }

  private dispose(): void {
    this.detachLive();
    if (this.run && DashboardPanel.open.get(this.run.runId) === this) DashboardPanel.open.delete(this.run.runId);
    for (const d of this.disposables) d.dispose();
  }
}

export function registerDashboardSerializer(host: DashboardHost): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      DashboardPanel.restore(host, panel, (state ?? undefined) as WebviewPersistedState | undefined);
    },
  });
}
