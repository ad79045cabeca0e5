/**
 * Trains one sweep point in this process (the CLI's `seqlab sweep` without --parallel). Kept apart
 * from run-sweep.ts so that importing the sweep (the extension host does, for its race and
 * leaderboard) never bundles the trainer and tfjs: only callers that train import this file.
 */
import { formatConfigError } from '../config';
import { runExperiment } from '../run-experiment';
import type { RunPointOutcome, RunPointRequest } from './run-sweep';

export async function runPointInProcess(req: RunPointRequest): Promise<RunPointOutcome> {
  const r = await runExperiment({ configPath: req.file, overrides: req.overrides, runsDir: req.root, signal: req.signal });
  const error = r.error ? r.error.message : r.configErrors?.map((e) => formatConfigError(e)).join('\n');
  return {
    status: r.status,
    ...(r.runId ? { runId: r.runId } : {}),
    ...(r.runDir ? { runDir: r.runDir } : {}),
    ...(r.summary ? { summary: r.summary } : {}),
    ...(error ? { error } : {}),
  };
}

