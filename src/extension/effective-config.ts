/**
 * "Effective config": a read-only virtual document (scheme `seqlab-effective:`) showing what an
 * experiment file resolves to — `extends` merged, every default filled in — each value annotated
 * with the file that set it (or `default`). It follows edits to the file and its bases.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { formatConfigError, loadExperiment } from '../core/config';
import { loadChain } from '../core/config/extends';
import { resolveExperiment } from './experiment-files';
import { Debouncer } from './language/debounce';
import { effectiveConfigText, originFrom } from './language/effective-text';
import { readOpenBuffer } from './language/selector';

export const EFFECTIVE_SCHEME = 'seqlab-effective';

/** seqlab-effective:/dir/name.seqlab.effective.yaml?<experiment file> */
export function effectiveUri(file: string): vscode.Uri {
  const name = path.basename(file).replace(/\.ya?ml$/i, '') + '.effective.yaml';
  return vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: path.posix.join(path.dirname(vscode.Uri.file(file).path), name), query: file });
}

export function effectiveConfigFor(file: string): string {
  const r = loadExperiment(file, { readFile: readOpenBuffer, cwd: path.dirname(file) });
  if (!r.ok) {
    return [
      `# ${path.basename(file)} does not load yet, so there is no effective config to show.`,
      '# Fix these first (they are also in the Problems view):',
      ...r.errors.map((e) => formatConfigError(e, path.dirname(file)).split('\n').map((l) => `#   ${l}`).join('\n')),
      '',
    ].join('\n');
  }
  const map = loadChain(file, readOpenBuffer).layer.map;
  return effectiveConfigText(r.config, r.files, originFrom(map));
}

class EffectiveConfigProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly debouncer = new Debouncer<string>(300);
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const refresh = (d: vscode.TextDocument): void => {
      if (d.languageId !== 'yaml' || d.uri.scheme === EFFECTIVE_SCHEME) return;
      for (const open of vscode.workspace.textDocuments) {
        if (open.uri.scheme === EFFECTIVE_SCHEME) this.debouncer.schedule(open.uri.toString(), () => this.changed.fire(open.uri));
      }
    };
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
      vscode.workspace.onDidSaveTextDocument(refresh),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return effectiveConfigFor(uri.query);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

export function registerEffectiveConfig(): vscode.Disposable {
  const provider = new EffectiveConfigProvider();
  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, provider),
    vscode.commands.registerCommand('seqlab.showEffectiveConfig', async (arg?: unknown): Promise<string | undefined> => {
      const file = await resolveExperiment(arg, 'Show Effective Config');
      if (!file) return undefined;
      const uri = effectiveUri(file.fsPath);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
      return uri.toString();
    }),
  );
}
