/**
 * `seqlab.newExperiment`: pick one of the examples shipped in the package (examples/), copy it with
 * the files it extends and the data it reads into the workspace, and open it. Without a folder
 * open there is nowhere to put it: offer to open one.
 *
 * Arguments (for tests and other commands): (exampleFileName?, targetFolder?) skip the pickers.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { copyExample, exampleSummary, planExampleCopy } from './language/example-copy';

interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface NewExperimentResult {
  file: string;
  copied: string[];
  kept: string[];
}

async function pickTarget(explicit: unknown): Promise<string | undefined> {
  if (typeof explicit === 'string' && explicit) return explicit;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'Sequence Lab: a new experiment is copied into a workspace folder, and none is open.',
      'Open Folder...',
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (folders.length === 1) return folders[0]?.uri.fsPath;
  const f = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the new experiment go?' });
  return f?.uri.fsPath;
}

async function pickExample(examplesDir: string, explicit: unknown): Promise<string | undefined> {
  const files = fs.existsSync(examplesDir) ? fs.readdirSync(examplesDir).filter((f) => /\.seqlab\.ya?ml$/i.test(f)).sort() : [];
  if (typeof explicit === 'string' && explicit) {
    const name = files.find((f) => f === explicit || f === `${explicit}.seqlab.yaml`);
    if (!name) throw new Error(`no example named ${explicit} (examples: ${files.join(', ')})`);
    return path.join(examplesDir, name);
  }
  if (files.length === 0) {
    void vscode.window.showErrorMessage(`Sequence Lab: no examples found in ${examplesDir}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.replace(/\.seqlab\.ya?ml$/i, ''), detail: exampleSummary(path.join(examplesDir, f)), file: f })),
    { title: 'Sequence Lab: New Experiment', placeHolder: 'Start from an example', matchOnDetail: true },
  );
  return picked ? path.join(examplesDir, picked.file) : undefined;
}

export function registerNewExperiment(context: vscode.ExtensionContext, log: Log): vscode.Disposable {
  const examplesDir = path.join(context.extensionPath, 'examples');
  return vscode.commands.registerCommand('seqlab.newExperiment', async (exampleArg?: unknown, targetArg?: unknown): Promise<NewExperimentResult | undefined> => {
    const target = await pickTarget(targetArg);
    if (!target) return undefined;
    const example = await pickExample(examplesDir, exampleArg);
    if (!example) return undefined;
    try {
      const r = copyExample(planExampleCopy(example, target));
      log.info(`new experiment ${r.main} from ${example}: copied ${r.copied.length} file(s)${r.kept.length ? `, kept existing ${r.kept.join(', ')}` : ''}`);
      if (r.kept.length) {
        void vscode.window.showWarningMessage(
          `Sequence Lab: kept the existing ${r.kept.map((k) => vscode.workspace.asRelativePath(k)).join(', ')} (not overwritten); the new experiment uses them.`,
        );
      }
      await vscode.window.showTextDocument(vscode.Uri.file(r.main), { preview: false });
      return { file: r.main, copied: r.copied, kept: r.kept };
    } catch (err) {
      void vscode.window.showErrorMessage(`Sequence Lab: could not copy the example: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  });
}
