/**
 * The Runs view (activity-bar container "seqlab"): run folders per experiment and per sweep, with
 * status icon, best metric and disk use. Clicking a run opens its dashboard (rebuilt from the folder,
 * or the live one). Refreshes on a timer while the view is visible and on file changes under
 * .seqlab/runs, so a training run shows up and changes status by itself.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { listRuns, type RunListEntry } from '../../core/runs';
import { describeRun, formatBytes, groupRuns, type RunGroup } from './runs-model';

export type RunsNode =
  | { kind: 'root'; root: string; groups: RunGroup[] }
  | { kind: 'experiment'; group: RunGroup }
  | { kind: 'sweep'; id: string; runs: RunListEntry[] }
  | { kind: 'run'; entry: RunListEntry };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly roots: () => string[]) {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/.seqlab/runs/*/{meta,summary}.json');
    const soon = (): void => this.refreshSoon();
    this.watcher.onDidCreate(soon);
    this.watcher.onDidChange(soon);
    this.watcher.onDidDelete(soon);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Coalesces bursts of file events (a run rewrites meta.json at every heartbeat). */
  private refreshSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, 1000);
  }

  /** Every run under the roots (for compare, clean and delete). */
  allRuns(): RunListEntry[] {
    return this.roots().flatMap((r) => safeList(r));
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) {
      const roots = this.roots().map((root) => ({ kind: 'root' as const, root, groups: groupRuns(safeList(root)) })).filter((r) => r.groups.length > 0);
      // One root: show its experiments directly.
      if (roots.length === 1) return roots[0]!.groups.map((group) => ({ kind: 'experiment', group }));
      return roots;
    }
    switch (node.kind) {
      case 'root':
        return node.groups.map((group) => ({ kind: 'experiment', group }));
      case 'experiment':
        return [
          ...node.group.sweeps.map((s) => ({ kind: 'sweep' as const, id: s.id, runs: s.runs })),
          ...node.group.runs.map((entry) => ({ kind: 'run' as const, entry })),
        ];
      case 'sweep':
        return node.runs.map((entry) => ({ kind: 'run', entry }));
      case 'run':
        return [];
    }
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'root': {
        const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.root) || path.basename(node.root), vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('root-folder');
        return item;
      }
      case 'experiment': {
        const n = node.group.runs.length + node.group.sweeps.reduce((a, s) => a + s.runs.length, 0);
        const item = new vscode.TreeItem(node.group.experiment, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${n} run${n === 1 ? '' : 's'} · ${formatBytes(node.group.diskBytes)}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'seqlab.experiment';
        return item;
      }
      case 'sweep': {
        const item = new vscode.TreeItem(`sweep ${node.id}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = sweepDescription(node.runs);
        item.tooltip = 'Show Sweep Leaderboard (inline icon) · Promote Best to Config (context menu)';
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'seqlab.sweep';
        return item;
      }
      case 'run': {
        const e = node.entry;
        const item = new vscode.TreeItem(e.runId, vscode.TreeItemCollapsibleState.None);
        item.description = describeRun(e);
        item.tooltip = new vscode.MarkdownString(`**${e.experiment}** — \`${e.runId}\`\n\n${describeRun(e)}${e.startedAt ? `\n\nstarted ${e.startedAt}` : ''}${e.damaged ? '\n\n⚠ meta.json missing or unreadable' : ''}`);
        item.iconPath = statusIcon(e.status);
        item.contextValue = e.status === 'running' ? 'seqlab.run.running' : 'seqlab.run';
        item.resourceUri = vscode.Uri.file(e.runDir);
        item.command = { command: 'seqlab.openDashboard', title: 'Open Dashboard', arguments: [vscode.Uri.file(e.runDir)] };
        item.accessibilityInformation = { label: `${e.experiment} run ${e.runId}, ${describeRun(e)}` };
        return item;
      }
    }
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** "3 points · best val loss 0.001173": the sweep's best valLoss among its completed runs. */
function sweepDescription(runs: RunListEntry[]): string {
  const best = runs.filter((r) => r.status === 'completed').reduce<number | undefined>((b, r) => {
    const v = r.best?.valLoss;
    return typeof v === 'number' && (b === undefined || v < b) ? v : b;
  }, undefined);
  return `${runs.length} point${runs.length === 1 ? '' : 's'}${best !== undefined ? ` · best val loss ${best.toPrecision(4)}` : ''}`;
}

function safeList(root: string): RunListEntry[] {
  try {
    return listRuns(root);
  } catch {
    return [];
  }
}

function statusIcon(s: string): vscode.ThemeIcon {
  switch (s) {
    case 'completed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'stopped':
      return new vscode.ThemeIcon('debug-stop');
    default:
      return new vscode.ThemeIcon('sync~spin');
  }
}
