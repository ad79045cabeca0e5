/** Typed reads of the `seqlab.*` settings (package.json `contributes.configuration`). */

import * as path from 'path';
import * as vscode from 'vscode';
import type { BackendName } from '../core/config/types';
import type { DashboardSettings } from '../shared/protocol';

export interface SeqlabSettings {
  /** undefined = the experiment file's own `backend:`. */
  backend: BackendName | undefined;
  /** Absolute, or undefined for the default root search. */
  runsDirectory: string | undefined;
  tfjsNodePath: string | undefined;
  nodePath: string | undefined;
  maxConcurrentRuns: number;
  openDashboardOnTrain: boolean;
  dashboard: DashboardSettings;
}

const BACKENDS: readonly BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Settings as they apply to one experiment file (resource scope: multi-root folders differ). */
export function readSettings(file?: vscode.Uri): SeqlabSettings {
  const c = vscode.workspace.getConfiguration('seqlab', file);
  const backend = c.get<string>('backend', 'default');
  const folder = file ? vscode.workspace.getWorkspaceFolder(file) : undefined;
  const base = folder?.uri.fsPath ?? (file ? path.dirname(file.fsPath) : undefined);
  return {
    backend: (BACKENDS as readonly string[]).includes(backend) ? (backend as BackendName) : undefined,
    runsDirectory: resolveDir(c.get<string>('runsDirectory', ''), base),
    tfjsNodePath: resolveDir(c.get<string>('tfjsNodePath', ''), base),
    nodePath: c.get<string>('nodePath', '').trim() || undefined,
    maxConcurrentRuns: c.get<number>('maxConcurrentRuns', 1),
    openDashboardOnTrain: c.get<boolean>('openDashboardOnTrain', true),
    dashboard: dashboardSettings(file),
  };
}

export function dashboardSettings(file?: vscode.Uri): DashboardSettings {
  const c = vscode.workspace.getConfiguration('seqlab.dashboard', file);
  return {
    smoothing: clamp(c.get<number>('smoothing', 0.6), 0, 0.999),
    maxPointsPerSeries: Math.max(100, Math.floor(c.get<number>('maxPointsPerSeries', 2000))),
    logScale: false,
  };
}

function resolveDir(value: string, base: string | undefined): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (path.isAbsolute(v) || !base) return v;
  return path.resolve(base, v);
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}
