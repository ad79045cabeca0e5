/**
 * The leaderboard panel (seqlab.showLeaderboard): the dashboard page in leaderboard mode for one
 * sweep. The host reads the sweep's run folders (src/core/sweep/sweep-runs.ts), builds rows with the
 * pure src/core/sweep/leaderboard.ts and posts one `leaderboard` message after the page's `ready`,
 * then again whenever a run folder of the root changes (a point finished: the sweep tag and summary
 * are written) — so it is live for a sweep started anywhere (the race command, `seqlab sweep` in a
 * terminal). The page's actions: open a run's dashboard, overlay ticked runs, promote the best.
 */
import * as vscode from 'vscode';
import { runsDirOf } from '../../core/runs';
import type { SweepPoint } from '../../core/sweep/points';
import { defaultMetric, leaderboardRows, type LeaderboardInput } from '../../core/sweep/leaderboard';
import { readSweepRuns } from '../../core/sweep/sweep-runs';
import type { LeaderboardInfo, WebviewPersistedState, WebviewToHost } from '../../shared/protocol';
import { ComparePanel } from '../compare/compare-panel';
import { dashboardHtml } from '../dashboard/html';
import { DashboardPanel, type DashboardHost } from '../dashboard/panel';
import { logChannel } from '../log';
import type { SweepTarget } from './targets';

export const LEADERBOARD_VIEW_TYPE = 'seqlab.leaderboard';
/** Re-read at most this often while file events arrive (a run rewrites meta.json on each heartbeat). */
const REFRESH_MS = 500;
/** Poll as well: file events do not arrive for runs roots outside the workspace folders. */
const POLL_MS = 3000;

export class LeaderboardPanel {
  private static readonly open = new Map<string, LeaderboardPanel>();
  private ready = false;
  private disposed = false;
  private lastJson = '';
  /** The last board posted (extension tests read it). */
  board: LeaderboardInfo | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The sweep's points when this window runs it (seqlab.runSweep): unfinished ones show as pending. */
  private plan: SweepPoint[] = [];
  private running: number | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(host: DashboardHost, target: SweepTarget): LeaderboardPanel {
    const key = `${target.root}\n${target.sweepId}`;
    const existing = LeaderboardPanel.open.get(key);
    if (existing) {
      existing.refresh();
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(LEADERBOARD_VIEW_TYPE, `Leaderboard: ${target.sweepId}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, DashboardPanel.webviewOptions(host.extensionUri));
    const p = new LeaderboardPanel(panel, host, target);
    LeaderboardPanel.open.set(key, p);
    p.disposables.push({ dispose: () => LeaderboardPanel.open.delete(key) });
    return p;
  }

  /** The serializer's entry: a leaderboard panel VS Code restored after a reload. */
  static restore(host: DashboardHost, panel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): LeaderboardPanel | undefined {
    panel.webview.options = DashboardPanel.webviewOptions(host.extensionUri);
    const target = state?.leaderboard;
    if (!target) {
      panel.webview.html = '<!doctype html><p>This leaderboard has no sweep to show any more. Use "Sequence Lab: Show Sweep Leaderboard".</p>';
      return undefined;
    }
    const key = `${target.root}\n${target.sweepId}`;
    const p = new LeaderboardPanel(panel, host, target);
    LeaderboardPanel.open.set(key, p);
    p.disposables.push({ dispose: () => LeaderboardPanel.open.delete(key) });
    return p;
  }

  static forSweep(sweepId: string): LeaderboardPanel | undefined {
    return [...LeaderboardPanel.open.values()].find((p) => p.target.sweepId === sweepId);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: DashboardHost,
    readonly target: SweepTarget,
  ) {
    const dist = vscode.Uri.joinPath(host.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(host.extensionUri, 'media');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.css')).toString(),
      title: `Sequence Lab leaderboard ${target.sweepId}`,
    });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(runsDirOf(target.root)), '*/{meta,summary}.json'));
    const soon = (): void => this.refreshSoon();
    const poll = setInterval(() => this.refresh(), POLL_MS);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(soon),
      watcher.onDidChange(soon),
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      { dispose: () => clearInterval(poll) },
    );
  }

  /** The points of a sweep this window is running; the ones without a run yet show as pending. */
  setPlan(points: SweepPoint[]): void {
    this.plan = points;
    this.refresh();
  }

  /** The point training now (undefined: none). */
  setRunning(index: number | undefined): void {
    this.running = index;
    this.refresh();
  }

  /** Re-reads the sweep's run folders and posts the board when it changed. */
  refresh(): void {
    if (!this.ready || this.disposed) return;
    let board: LeaderboardInfo;
    try {
      const { inputs, configPath, experiment } = readSweepRuns(this.target.root, this.target.sweepId);
      const recorded = new Set(inputs.map((i) => i.index));
      const waiting: LeaderboardInput[] = this.plan
        .filter((p) => !recorded.has(p.index))
        .map((p) => ({ index: p.index, values: p.values, status: p.index === this.running ? 'running' : 'pending' }));
      const rows = leaderboardRows([...inputs, ...waiting].sort((a, b) => a.index - b.index));
      const metric = defaultMetric(rows);
      board = { sweepId: this.target.sweepId, root: this.target.root, experiment: experiment ?? this.target.sweepId, ...(configPath ? { configPath } : {}), rows, live: !this.plan.length || waiting.length > 0, ...(metric ? { metric } : {}) };
    } catch (e) {
      logChannel().warn(`leaderboard: cannot read sweep ${this.target.sweepId}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const json = JSON.stringify(board);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.board = board;
    void this.panel.webview.postMessage({ type: 'leaderboard', board });
  }

  private refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, REFRESH_MS);
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.lastJson = ''; // a reloaded page needs the board again
        this.refresh();
        break;
      case 'openRun':
        DashboardPanel.show(this.host, { runDir: m.runDir });
        break;
      case 'overlayRuns':
        if (m.runDirs.length > 8) void vscode.window.showWarningMessage(`Sequence Lab: overlaying the first 8 of ${m.runDirs.length} runs.`);
        ComparePanel.show(this.host.extensionUri, m.runDirs.slice(0, 8), `Compare: sweep ${this.target.sweepId}`);
        break;
      case 'promoteBest':
        void vscode.commands.executeCommand('seqlab.promoteBest', { root: this.target.root, sweepId: m.sweepId, metric: m.metric });
        break;
      case 'log':
        logChannel()[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info'](`[leaderboard] ${m.message}`);
        break;
      default:
        // Run-dashboard messages (stop, export, ...) have no meaning on this page.
        break;
    }
  }

  private dispose(): void {
    this.disposed = true;
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}

export function registerLeaderboardSerializer(host: DashboardHost): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(LEADERBOARD_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      LeaderboardPanel.restore(host, panel, (state ?? undefined) as WebviewPersistedState | undefined);
    },
  });
}
