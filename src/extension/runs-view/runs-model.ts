/**
 * The Runs view's pure part (no vscode): runs grouped per experiment and per sweep, disk use shown
 * human-readably, the best metric of a run, and which runs "clean old runs" removes. Unit-tested.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RunListEntry } from '../../core/runs';

export interface RunGroup {
  experiment: string;
  /** Runs of a sweep, by sweep id (in start order), then the runs outside any sweep. */
  sweeps: Array<{ id: string; runs: RunListEntry[] }>;
  runs: RunListEntry[];
  diskBytes: number;
}

/** Sweep id from meta.json (`sweep.id`, written by `seqlab sweep`); undefined for a plain run. */
export function sweepIdOf(runDir: string): string | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as { sweep?: { id?: unknown } };
    return typeof meta.sweep?.id === 'string' ? meta.sweep.id : undefined;
  } catch {
    return undefined;
  }
}

/** Newest first within each group; experiments by name. */
export function groupRuns(entries: readonly RunListEntry[], sweepOf: (runDir: string) => string | undefined = sweepIdOf): RunGroup[] {
  const byExp = new Map<string, RunGroup>();
  const newestFirst = [...entries].sort((a, b) => (b.startedAt ?? b.runId).localeCompare(a.startedAt ?? a.runId));
  for (const e of newestFirst) {
    let g = byExp.get(e.experiment);
    if (!g) byExp.set(e.experiment, (g = { experiment: e.experiment, sweeps: [], runs: [], diskBytes: 0 }));
    g.diskBytes += e.diskBytes;
    const sweep = sweepOf(e.runDir);
    if (!sweep) {
      g.runs.push(e);
      continue;
    }
    let s = g.sweeps.find((x) => x.id === sweep);
    if (!s) g.sweeps.push((s = { id: sweep, runs: [] }));
    s.runs.push(e);
  }
  return [...byExp.values()].sort((a, b) => a.experiment.localeCompare(b.experiment));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The metric a run is judged by: best valLoss, else final valLoss, else final loss. */
export function bestMetric(e: RunListEntry): { name: string; value: number } | undefined {
  const best = e.best?.valLoss;
  if (typeof best === 'number') return { name: 'best val loss', value: best };
  const fv = e.final?.valLoss;
  if (typeof fv === 'number') return { name: 'val loss', value: fv };
  const fl = e.final?.loss;
  return typeof fl === 'number' ? { name: 'loss', value: fl } : undefined;
}

export function describeRun(e: RunListEntry): string {
  const m = bestMetric(e);
  return [e.status, m ? `${m.name} ${m.value.toPrecision(4)}` : '', formatBytes(e.diskBytes)].filter(Boolean).join(' · ');
}

/**
 * "Clean old runs": per experiment, keep the `keep` newest runs and every running run; the rest are
 * returned for deletion (oldest first). A run in a sweep counts like any other.
 */
export function oldRuns(entries: readonly RunListEntry[], keep: number): RunListEntry[] {
  const out: RunListEntry[] = [];
  const byExp = new Map<string, RunListEntry[]>();
  for (const e of entries) {
    const list = byExp.get(e.experiment) ?? [];
    list.push(e);
    byExp.set(e.experiment, list);
  }
  for (const list of byExp.values()) {
    list.sort((a, b) => (b.startedAt ?? b.runId).localeCompare(a.startedAt ?? a.runId));
    list.slice(Math.max(0, keep)).filter((e) => e.status !== 'running').forEach((e) => out.push(e));
  }
  return out.sort((a, b) => (a.startedAt ?? a.runId).localeCompare(b.startedAt ?? b.runId));
}

/** A run folder may be deleted only if it really is one: <root>/.seqlab/runs/<id> with a meta.json or metrics. */
export function isRunFolder(runDir: string): boolean {
  const parent = path.basename(path.dirname(runDir));
  const grand = path.basename(path.dirname(path.dirname(runDir)));
  return parent === 'runs' && grand === '.seqlab' && fs.existsSync(runDir);
}
