/**
 * The compare panel (seqlab.compareRuns, seqlab.raceCells): the dashboard page in compare mode. The
 * host reads the run folders, builds CompareRun data with the pure src/core/report/compare-data, and
 * posts one `compare` message after the page's `ready` (again whenever `update` is called, e.g. as
 * the race's runs finish). Export buttons of the page save next to the first run.
 */
import * as vscode from 'vscode';
import { compareRuns } from '../../core/report/compare-data';
import { reportRunOf } from '../../core/report/from-run';
import { runsMarkdown } from '../../core/report/markdown';
import { readRun, type RunData } from '../../core/runs';
import type { HostToWebview, WebviewToHost } from '../../shared/protocol';
import { DashboardPanel } from '../dashboard/panel';
import { dashboardHtml } from '../dashboard/html';
import { logChannel } from '../log';
import { handleExportMessage } from './export';

export const COMPARE_VIEW_TYPE = 'seqlab.compare';

export class ComparePanel {
  private ready = false;
  private runDirs: string[] = [];
  private disposed = false;

  static show(extensionUri: vscode.Uri, runDirs: string[], title: string): ComparePanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, DashboardPanel.webviewOptions(extensionUri));
    const p = new ComparePanel(panel, extensionUri, title);
    p.update(runDirs);
    return p;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private title: string) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.css')).toString(),
      title,
    });
    panel.webview.onDidReceiveMessage((m: WebviewToHost) => {
      if (m.type === 'ready') {
        this.ready = true;
        this.post();
      } else if (m.type === 'exportPng' || m.type === 'exportCsv') {
        void handleExportMessage(m, this.runDirs[0]);
      } else if (m.type === 'copyMarkdown') {
        void this.copyMarkdown();
      } else if (m.type === 'log') {
        logChannel()[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info'](`[compare] ${m.message}`);
      }
    });
    panel.onDidDispose(() => {
      this.disposed = true;
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Shows these run folders (up to 8), re-read from disk now. */
  update(runDirs: string[], title?: string): void {
    this.runDirs = runDirs.slice(0, 8);
    if (title) this.title = title;
    this.post();
  }

  /** The comparison as Markdown: every run's metrics and the config differences between them. */
  private async copyMarkdown(): Promise<void> {
    const runs = this.runDirs.flatMap((d) => {
      try {
        return [reportRunOf(readRun(d))];
      } catch {
        return [];
      }
    });
    await vscode.env.clipboard.writeText(runsMarkdown(runs, { title: this.title }));
    void vscode.window.showInformationMessage(`Sequence Lab: the comparison of ${runs.length} runs is on the clipboard as Markdown.`);
  }

  private post(): void {
    if (!this.ready || this.disposed) return;
    const data: RunData[] = [];
    for (const dir of this.runDirs) {
      try {
        data.push(readRun(dir));
      } catch (e) {
        logChannel().warn(`compare: cannot read ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const msg: HostToWebview = { type: 'compare', title: this.title, runs: compareRuns(data) };
    void this.panel.webview.postMessage(msg);
  }
}
