/**
 * Registers the Runs view and its commands: refresh, delete (with confirmation), clean old runs,
 * seqlab.compareRuns (overlay up to 8 runs) and seqlab.raceCells (the rnn/lstm/gru race sweep of one
 * experiment, each cell through seqlab.train so in the worker, overlaid: compare/race-command.ts).
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { RunListEntry } from '../../core/runs';
import { ComparePanel } from '../compare/compare-panel';
import { raceCellsCommand } from '../compare/race-command';
import { formatBytes, isRunFolder, oldRuns } from './runs-model';
import { RunsTreeProvider, type RunsNode } from './runs-tree';

export const RUNS_VIEW_ID = 'seqlab.runs';
export { RACE_CELLS } from '../compare/race';

export function registerRunsView(context: vscode.ExtensionContext, roots: () => string[]): RunsTreeProvider {
  const tree = new RunsTreeProvider(roots);
  const view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const runsOf = (node: unknown, nodes: unknown): RunListEntry[] => {
    const list = Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : [...view.selection];
    return (list as RunsNode[]).flatMap((n) => (n.kind === 'run' ? [n.entry] : n.kind === 'sweep' ? n.runs : n.kind === 'experiment' ? [...n.group.sweeps.flatMap((s) => s.runs), ...n.group.runs] : []));
  };

  context.subscriptions.push(
    tree,
    view,
    vscode.commands.registerCommand('seqlab.runs.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('seqlab.runs.delete', async (node?: unknown, nodes?: unknown) => {
      const runs = runsOf(node, nodes).filter((r) => r.status !== 'running');
      if (!runs.length) return void vscode.window.showInformationMessage('Sequence Lab: choose finished runs to delete (a running run cannot be deleted; stop it first).');
      const bytes = runs.reduce((a, r) => a + r.diskBytes, 0);
      const what = runs.length === 1 ? `run ${runs[0]!.runId}` : `${runs.length} runs`;
      const ok = await vscode.window.showWarningMessage(`Delete ${what} (${formatBytes(bytes)})? The run folder${runs.length === 1 ? ' is' : 's are'} removed from disk.`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      deleteRuns(runs);
      tree.refresh();
    }),
    vscode.commands.registerCommand('seqlab.runs.cleanOld', async () => {
      const pick = await vscode.window.showQuickPick(['1', '3', '5', '10'].map((n) => ({ label: `Keep the ${n} newest run${n === '1' ? '' : 's'} of each experiment`, keep: Number(n) })), { title: 'Sequence Lab: Clean Old Runs' });
      if (!pick) return;
      const old = oldRuns(tree.allRuns(), pick.keep);
      if (!old.length) return void vscode.window.showInformationMessage('Sequence Lab: no old runs to clean.');
      const bytes = old.reduce((a, r) => a + r.diskBytes, 0);
      const ok = await vscode.window.showWarningMessage(`Delete ${old.length} old run${old.length === 1 ? '' : 's'} (${formatBytes(bytes)})? Running runs are kept.`, { modal: true }, 'Delete');
      if (ok !== 'Delete') return;
      deleteRuns(old);
      tree.refresh();
    }),
    vscode.commands.registerCommand('seqlab.compareRuns', async (node?: unknown, nodes?: unknown) => {
      let runs = runsOf(node, nodes);
      if (runs.length < 2) {
        const items = tree.allRuns().map((r) => ({ label: r.runId, description: `${r.experiment} · ${r.status}`, run: r }));
        const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Sequence Lab: Compare Runs (2 to 8)', placeHolder: 'Choose the runs to overlay' });
        if (!picked) return;
        runs = picked.map((p) => p.run);
      }
      if (runs.length > 8) void vscode.window.showWarningMessage(`Sequence Lab: comparing the first 8 of ${runs.length} runs.`);
      if (!runs.length) return;
      ComparePanel.show(context.extensionUri, runs.slice(0, 8).map((r) => r.runDir), `Compare: ${[...new Set(runs.map((r) => r.experiment))].join(', ')}`);
    }),
    vscode.commands.registerCommand('seqlab.raceCells', async (arg?: unknown) => raceCellsCommand(context.extensionUri, arg, () => tree.refresh())),
  );
  return tree;
}

function deleteRuns(runs: RunListEntry[]): void {
  const failed: string[] = [];
  for (const r of runs) {
    // Only ever a real run folder (<root>/.seqlab/runs/<id>): never a path a tree node made up.
    if (!isRunFolder(r.runDir)) {
      failed.push(`${r.runId}: not a run folder`);
      continue;
    }
    try {
      fs.rmSync(r.runDir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      failed.push(`${r.runId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failed.length) void vscode.window.showErrorMessage(`Sequence Lab: could not delete ${failed.join('; ')}`);
}
