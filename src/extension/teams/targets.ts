/**
 * What a teams command acts on, from however it was invoked: a Runs view node (or several selected),
 * a run folder as Uri or path, a plain object from a test or another command, or nothing (then a
 * quick pick over the runs roots of the workspace).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { listRuns, type RunListEntry } from '../../core/runs';
import { listSweeps } from '../../core/sweep/sweep-runs';

export interface SweepTarget {
  root: string;
  sweepId: string;
}

/** `<root>/.seqlab/runs/<id>` → `<root>`. */
export function rootOfRunDir(runDir: string): string {
  return path.dirname(path.dirname(path.dirname(runDir)));
}

/** Run folders named by the arguments (a node, the selected nodes, Uris, paths, `{runDir}`). */
export function runDirsOf(arg: unknown, args?: unknown): string[] {
  const list = Array.isArray(args) && args.length ? args : arg !== undefined ? [arg] : [];
  return list.flatMap((a): string[] => {
    if (a instanceof vscode.Uri) return [a.fsPath];
    if (typeof a === 'string') return a ? [a] : [];
    if (typeof a !== 'object' || a === null) return [];
    const o = a as { kind?: string; entry?: RunListEntry; runs?: RunListEntry[]; runDir?: unknown };
    if (o.kind === 'run' && o.entry) return [o.entry.runDir];
    if (o.kind === 'sweep' && o.runs) return o.runs.map((r) => r.runDir);
    return typeof o.runDir === 'string' ? [o.runDir] : [];
  });
}

/** A sweep named by a Runs view sweep node, `{root, sweepId}`, or a run folder of the sweep. */
export function sweepOf(arg: unknown, sweepIdOf: (runDir: string) => string | undefined): SweepTarget | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { kind?: string; id?: unknown; runs?: RunListEntry[]; root?: unknown; sweepId?: unknown };
  if (o.kind === 'sweep' && typeof o.id === 'string' && o.runs?.[0]) return { root: rootOfRunDir(o.runs[0].runDir), sweepId: o.id };
  if (typeof o.root === 'string' && typeof o.sweepId === 'string') return { root: o.root, sweepId: o.sweepId };
  const dir = runDirsOf(arg)[0];
  const id = dir ? sweepIdOf(dir) : undefined;
  return dir && id ? { root: rootOfRunDir(dir), sweepId: id } : undefined;
}

export async function pickSweep(roots: string[], title: string): Promise<SweepTarget | undefined> {
  const items = roots.flatMap((root) =>
    safe(() => listSweeps(root), []).map((s) => ({ label: `$(layers) ${s.experiment}`, description: `sweep ${s.id} · ${s.runs} run${s.runs === 1 ? '' : 's'}`, detail: vscode.workspace.asRelativePath(root), target: { root, sweepId: s.id } })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage('Sequence Lab: no sweeps yet. Run one with `npx seqlab sweep FILE` or "Race RNN vs LSTM vs GRU".');
    return undefined;
  }
  if (items.length === 1) return items[0]?.target;
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a sweep' }))?.target;
}

export async function pickRuns(roots: string[], o: { title: string; many?: boolean; filter?: (e: RunListEntry) => boolean; empty: string }): Promise<string[]> {
  const items = roots.flatMap((root) =>
    safe(() => listRuns(root), [])
      .filter(o.filter ?? (() => true))
      .map((e) => ({ label: e.runId, description: `${e.experiment} · ${e.status}`, detail: vscode.workspace.asRelativePath(root), runDir: e.runDir })),
  );
  if (!items.length) {
    void vscode.window.showInformationMessage(`Sequence Lab: ${o.empty}`);
    return [];
  }
  if (o.many) return ((await vscode.window.showQuickPick(items, { title: o.title, canPickMany: true })) ?? []).map((p) => p.runDir);
  const one = await vscode.window.showQuickPick(items, { title: o.title });
  return one ? [one.runDir] : [];
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
