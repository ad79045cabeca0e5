/**
 * The run folder (DESIGN.md "The run folder"): where runs live, how they are written while training
 * goes, and how the CLI, the extension and the dashboard read them back. Never imports tfjs or vscode.
 */
export { RUN_FORMAT_VERSION, FILES, SEQLAB_DIR, RUNS_SUBDIR, STALE_HEARTBEAT_MS, HEARTBEAT_INTERVAL_MS } from './format';
export type { RunMeta, RunData, RunListEntry } from './format';
export { findRunsRoot, findRootFromDir, findGitRoot, runsDirOf, ensureRunsDir } from './root';
export type { FindRunsRootOptions } from './root';
export { writeFileAtomic, writeJsonAtomic, renameWithRetry } from './atomic';
export { RunRecorder } from './recorder';
export type { RunRecorderOptions } from './recorder';
export { readCheckpoint, readCheckpointDetailed, writeCheckpointTo, CHECKPOINT_STATE } from './checkpoint';
export type { Checkpoint, CheckpointState, TensorIndexEntry } from './checkpoint';
export { readRun, readMeta, listRuns, resolveRun, closestIds, diskBytes, isRunFolder } from './read';
export type { ReadOptions, ResolveResult } from './read';
export { readJsonl, parseJsonl, repairJsonlTail } from './jsonl';
export type { JsonlResult } from './jsonl';
export { effectiveStatus, isPidAlive } from './status';
export { sanitizeExperimentName, makeRunId, claimRunFolder } from './run-id';
export { readGitInfo } from './git';
export type { GitInfo } from './git';
export { CONFIG_SCHEMA_VERSION, OLDEST_RUN_FORMAT_VERSION, runVersionProblem, writerVersions } from './versions';
export type { VersionProblem } from './versions';
