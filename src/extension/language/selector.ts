/**
 * Which documents the language features apply to: YAML named `*.seqlab.yaml`, on disk or untitled.
 * Nothing else — a repository's CI workflows or Kubernetes files never get our squiggles.
 */
import * as path from 'path';
import * as vscode from 'vscode';

export const EXPERIMENT_SELECTOR: vscode.DocumentFilter[] = [
  { language: 'yaml', scheme: 'file', pattern: '**/*.seqlab.yaml' },
  { language: 'yaml', scheme: 'untitled', pattern: '**/*.seqlab.yaml' },
];

export function isExperimentDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(EXPERIMENT_SELECTOR, doc) > 0;
}

/** The path the config loader knows a document by (untitled ones get a stable fake path). */
export function configPathOf(doc: vscode.TextDocument): string {
  if (doc.uri.scheme === 'file') return doc.uri.fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.join(folder, path.basename(doc.uri.path));
}

/** Editor buffers win over the disk (unsaved edits, also in `extends` targets). */
export function readOpenBuffer(absPath: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => (d.uri.scheme === 'file' ? d.uri.fsPath : configPathOf(d)) === absPath);
  return doc?.getText();
}
