/**
 * The walkthrough's step buttons: copy the step's example(s) into the workspace (offering to open a
 * folder when there is none), open it, and train it through the existing `seqlab.train` command.
 * An example already copied is reused as it is (the learner may have edited it on purpose).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { copyExample, planExampleCopy } from '../language/example-copy';

export interface LessonStep {
  command: string;
  /** Example files under the package's examples/ folder, trained in this order. */
  examples: string[];
  /** Folder under the workspace folder that receives the copies. */
  into: string;
}

export const LESSON_STEPS: LessonStep[] = [
  { command: 'seqlab.lesson.firstRnn', examples: ['lesson/2-next-value.seqlab.yaml'], into: 'lesson' },
  { command: 'seqlab.lesson.vanishingGradients', examples: ['lesson/4-vanishing-gradients.seqlab.yaml'], into: 'lesson' },
  { command: 'seqlab.lesson.compareCells', examples: ['lesson/5-lstm.seqlab.yaml'], into: 'lesson' },
  { command: 'seqlab.lesson.explodingGradients', examples: ['lesson/6-exploding-gradients.seqlab.yaml', 'lesson/6-clipped.seqlab.yaml'], into: 'lesson' },
  { command: 'seqlab.lesson.seq2seq', examples: ['reverse.seqlab.yaml'], into: 'examples' },
  { command: 'seqlab.lesson.textApplication', examples: ['text-chars.seqlab.yaml'], into: 'examples' },
  { command: 'seqlab.lesson.csvApplication', examples: ['csv-forecast.seqlab.yaml'], into: 'examples' },
];

export interface StepRunResult {
  files: string[];
  /** What `seqlab.train` returned for each file. */
  results: unknown[];
}

interface Log {
  info(msg: string): void;
}

async function targetFolder(explicit?: string): Promise<string | undefined> {
  if (explicit) return explicit;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'Sequence Lab: the walkthrough copies its experiments into a workspace folder, and none is open.',
      'Open Folder...',
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  if (folders.length === 1) return folders[0]?.uri.fsPath;
  const f = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the lesson experiments go?' });
  return f?.uri.fsPath;
}

/** Copies one example (with what it extends and reads) unless it is already there; returns the experiment file. */
export function placeExample(example: string, targetRoot: string, log: Log): string {
  const plan = planExampleCopy(example, targetRoot);
  if (fs.existsSync(plan.main)) return plan.main;
  const r = copyExample(plan);
  log.info(`walkthrough: copied ${r.copied.length} file(s) for ${path.basename(example)} into ${targetRoot}`);
  return r.main;
}

export function registerLessonSteps(context: vscode.ExtensionContext, log: Log): vscode.Disposable[] {
  const examplesDir = path.join(context.extensionPath, 'examples');
  return LESSON_STEPS.map((step) =>
    // Optional arguments (tests): a target folder, and options passed through to seqlab.train.
    vscode.commands.registerCommand(step.command, async (folderArg?: unknown, trainOpts?: unknown): Promise<StepRunResult | undefined> => {
      const folder = await targetFolder(typeof folderArg === 'string' ? folderArg : undefined);
      if (!folder) return undefined;
      let files: string[];
      try {
        files = step.examples.map((e) => placeExample(path.join(examplesDir, e), path.join(folder, step.into), log));
      } catch (err) {
        void vscode.window.showErrorMessage(`Sequence Lab: could not copy the lesson example: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
      const first = files[0];
      if (first) await vscode.window.showTextDocument(vscode.Uri.file(first), { preview: false });
      const results: unknown[] = [];
      // One after the other: step 6 compares the unclipped run with the clipped one.
      for (const f of files) results.push(await vscode.commands.executeCommand('seqlab.train', vscode.Uri.file(f), trainOpts ?? {}));
      return { files, results };
    }),
  );
}
