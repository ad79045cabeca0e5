/**
 * The `learnRnns` walkthrough's runtime: milestone context keys (from live runs and run folders),
 * `seqlab.openWalkthrough`, the per-step commands, and the one-time offer in a folder without
 * experiments. The walkthrough itself (steps, texts, completion events) is declared in package.json
 * (scripts/walkthrough-contrib.js writes it) and media/walkthrough/.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/events';
import { readSettings } from '../settings';
import { MilestoneTracker } from './milestone-tracker';
import { registerLessonSteps } from './steps';

export const WALKTHROUGH_CATEGORY = 'seqlab.sequence-lab#learnRnns';
const OFFERED_KEY = 'seqlab.walkthroughOffered';

interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

/** What the walkthrough needs from the trainer: every event of every run this window trains. */
export interface LiveRunSource {
  onRunEvent(listener: (runDir: string | undefined, event: TrainEvent, history: () => readonly TrainEvent[]) => void): vscode.Disposable;
}

export function openWalkthrough(step?: string): Thenable<unknown> {
  // VS Code joins `${category}#${step}` itself (workbench.action.openWalkthrough).
  const arg = step ? { category: WALKTHROUGH_CATEGORY, step } : WALKTHROUGH_CATEGORY;
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', arg, false);
}

/** Runs roots to scan: the runsDirectory setting, and every `.seqlab/` under the workspace folders. */
async function runsRoots(): Promise<string[]> {
  const roots = new Set<string>();
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const setting = readSettings(f.uri).runsDirectory;
    if (setting) roots.add(setting);
  }
  const metas = await vscode.workspace.findFiles('**/.seqlab/runs/*/meta.json', '**/node_modules/**', 5000);
  for (const m of metas) roots.add(path.resolve(path.dirname(m.fsPath), '..', '..', '..'));
  return [...roots];
}

export function registerWalkthrough(context: vscode.ExtensionContext, live: LiveRunSource, log: Log): MilestoneTracker {
  const tracker = new MilestoneTracker(log);
  const rescan = async (): Promise<void> => tracker.scanRoots(await runsRoots());
  // Any file of a run folder that marks progress: an epoch's gradients, the end summary, meta status.
  const watcher = vscode.workspace.createFileSystemWatcher('**/.seqlab/runs/*/{summary.json,gradients.jsonl,meta.json}');
  const changed = (u: vscode.Uri): void => tracker.runFolderChanged(u.fsPath);
  context.subscriptions.push(
    tracker,
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    live.onRunEvent((runDir, ev, history) => {
      // Milestones move on epochs (vanishing shows mid-run) and at the end; steps are too many to judge each.
      if (ev.type === 'epoch' || ev.type === 'end') tracker.onLiveEvents(runDir, history());
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void rescan()),
    vscode.commands.registerCommand('seqlab.openWalkthrough', (step?: unknown) => openWalkthrough(typeof step === 'string' ? step : undefined)),
    // Not in the palette: tests and diagnostics read the milestones through it.
    // Argument: runs roots to scan, 'none' (only what live events and the watcher brought), or nothing (rescan the workspace).
    vscode.commands.registerCommand('seqlab.lesson.status', async (scan?: unknown) => {
      if (Array.isArray(scan)) tracker.scanRoots(scan.filter((d): d is string => typeof d === 'string'));
      else if (scan !== 'none') await rescan();
      return tracker.status();
    }),
    ...registerLessonSteps(context, log),
  );
  void rescan().catch((e: unknown) => log.warn(`walkthrough: scanning runs failed: ${e instanceof Error ? e.message : String(e)}`));
  void offerOnce(context);
  return tracker;
}

/** On the first activation in a folder without experiments, offer the walkthrough (once per user). */
async function offerOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(OFFERED_KEY)) return;
  if (context.extensionMode === vscode.ExtensionMode.Test) return; // tests drive the walkthrough themselves
  const experiments = await vscode.workspace.findFiles('**/*.seqlab.{yaml,yml}', '**/node_modules/**', 1);
  if (experiments.length > 0) return;
  await context.globalState.update(OFFERED_KEY, true);
  const choice = await vscode.window.showInformationMessage(
    'Sequence Lab: new to recurrent networks? The walkthrough trains one small experiment per idea (about a minute each).',
    'Open Walkthrough',
  );
  if (choice) await openWalkthrough();
}
