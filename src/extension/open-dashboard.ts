/** `seqlab.openDashboard`: a live run, a run folder given as argument, or a quick pick of past runs. */

import * as path from 'path';
import * as vscode from 'vscode';
import { findRunsRoot, listRuns } from '../core/runs';
import { DashboardPanel, type DashboardHost } from './dashboard/panel';
import { isExperimentFile } from './experiment-files';
import type { Trainer } from './trainer';

/** Runs roots to look in: per workspace folder (multi-root) and for the active experiment file. */
export function candidateRoots(runsDirectory: (uri?: vscode.Uri) => string | undefined): string[] {
  const roots = new Set<string>();
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file') continue;
    roots.add(runsDirectory(f.uri) ?? f.uri.fsPath);
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isExperimentFile(active)) roots.add(runsDirectory(active) ?? findRunsRoot(active.fsPath));
  for (const d of vscode.workspace.textDocuments) {
    if (isExperimentFile(d.uri)) roots.add(runsDirectory(d.uri) ?? findRunsRoot(d.uri.fsPath));
  }
  return [...roots];
}

export async function openDashboardCommand(
  host: DashboardHost,
  trainer: Trainer,
  arg: unknown,
  runsDirectory: (uri?: vscode.Uri) => string | undefined,
): Promise<DashboardPanel | undefined> {
  // A run folder (Uri or path) or a run id of a live run.
  if (arg instanceof vscode.Uri) return DashboardPanel.show(host, { runDir: arg.fsPath });
  if (typeof arg === 'string' && arg) {
    const live = trainer.findLive(arg);
    if (live) return DashboardPanel.show(host, { live });
    return DashboardPanel.show(host, { runDir: arg });
  }
  const active = trainer.activeRuns().filter((r) => r.runId);
  if (active.length === 1 && active[0]) return DashboardPanel.show(host, { live: active[0] });

  const items: (vscode.QuickPickItem & { runDir?: string; runId?: string })[] = [];
  for (const r of active) items.push({ label: `$(sync~spin) ${r.label}`, description: `running · ${r.runId}`, runId: r.runId });
  for (const root of candidateRoots(runsDirectory)) {
    let entries;
    try {
      entries = listRuns(root);
    } catch {
      continue;
    }
    for (const e of entries) {
      if (active.some((r) => r.runId === e.runId)) continue;
      const best = e.best?.valLoss ?? e.final?.valLoss;
      items.push({
        label: `${statusIcon(e.status)} ${e.experiment}`,
        description: `${e.status}${best !== undefined ? ` · val loss ${best.toPrecision(4)}` : ''}`,
        detail: `${e.runId} — ${vscode.workspace.asRelativePath(path.dirname(path.dirname(path.dirname(e.runDir))))}`,
        runDir: e.runDir,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Sequence Lab: no runs yet. Train an experiment first ("Sequence Lab: Train Experiment").');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Sequence Lab: Open Run Dashboard', placeHolder: 'Choose a run', matchOnDetail: true });
  if (!pick) return undefined;
  const live = pick.runId ? trainer.findLive(pick.runId) : undefined;
  if (live) return DashboardPanel.show(host, { live });
  return pick.runDir ? DashboardPanel.show(host, { runDir: pick.runDir }) : undefined;
}

function statusIcon(s: string): string {
  switch (s) {
    case 'completed':
      return '$(pass)';
    case 'failed':
      return '$(error)';
    case 'stopped':
      return '$(debug-stop)';
    default:
      return '$(sync~spin)';
  }
}
