/**
 * RUN arguments of the commands that work on existing runs (resume, reproduce, diff, report,
 * runs pin): a run id, a unique part of one, `latest`, or a run folder path; looked up under
 * `--runs-dir DIR` or the runs root of the current folder. A miss prints the close ids (exit 2).
 */
import * as path from 'node:path';
import { findRootFromDir, resolveRun } from '../core/runs';
import type { CliIO } from './io';

export type RunRefResult = { ok: true; runId: string; runDir: string } | { ok: false; message: string };

export function resolveRunRef(ref: string, runsDir: string | undefined, io: CliIO): RunRefResult {
  const root = runsDir ? path.resolve(io.cwd, runsDir) : findRootFromDir(io.cwd);
  const found = resolveRun(ref, root, io.cwd);
  if (found.ok) return found;
  return { ok: false, message: found.message };
}

/** Every ref resolved, or the first failure's message. */
export function resolveRunRefs(refs: string[], runsDir: string | undefined, io: CliIO): { ok: true; runs: Array<{ runId: string; runDir: string }> } | { ok: false; message: string } {
  const runs: Array<{ runId: string; runDir: string }> = [];
  for (const ref of refs) {
    const r = resolveRunRef(ref, runsDir, io);
    if (!r.ok) return r;
    runs.push({ runId: r.runId, runDir: r.runDir });
  }
  return { ok: true, runs };
}
