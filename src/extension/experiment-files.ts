/** Finding the experiment file a command should act on. */

import * as path from 'path';
import * as vscode from 'vscode';

export const EXPERIMENT_GLOB = '**/*.seqlab.yaml';

export function isExperimentFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && /\.seqlab\.yaml$/i.test(uri.path);
}

/**
 * The command's argument (explorer/editor-title menus and CodeLens pass a Uri), else the active
 * editor's file, else a quick pick of the workspace's experiment files and the open ones (so it
 * works without a workspace folder).
 */
export async function resolveExperiment(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isExperimentFile(active)) return active;

  const found = new Map<string, vscode.Uri>();
  for (const d of vscode.workspace.textDocuments) if (isExperimentFile(d.uri)) found.set(d.uri.toString(), d.uri);
  if (vscode.workspace.workspaceFolders?.length) {
    const files = await vscode.workspace.findFiles(EXPERIMENT_GLOB, '**/{node_modules,.git,.seqlab}/**', 500);
    for (const f of files) found.set(f.toString(), f);
  }
  const uris = [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(
      'Sequence Lab: no *.seqlab.yaml experiment file found. Open one (or create one from the examples) first.',
    );
    return undefined;
  }
  if (uris.length === 1) return uris[0];
  const picked = await vscode.window.showQuickPick(
    uris.map((u) => ({
      label: path.basename(u.fsPath),
      description: vscode.workspace.asRelativePath(path.dirname(u.fsPath)),
      uri: u,
    })),
    { title: `Sequence Lab: ${purpose}`, placeHolder: 'Choose an experiment file' },
  );
  return picked?.uri;
}

/** Open a file with the cursor at a 1-based line/column. */
export async function openAtLine(file: string, line?: number, column?: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
}

/** Reveal a run folder: in the explorer when inside the workspace, else the OS, else open its meta.json. */
export async function openRunFolder(runDir: string): Promise<void> {
  const uri = vscode.Uri.file(runDir);
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return;
  }
  try {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } catch {
    // Web / remote without an OS file manager: open its meta.json instead.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(runDir, 'meta.json')));
  }
}
