/**
 * The run folder's on-disk format: file names, the meta.json shape and what readers return.
 * Bump RUN_FORMAT_VERSION only for incompatible changes; new optional fields do not need it.
 */
import type {
  ArtifactRecord,
  BackendInfo,
  DataSummary,
  EpochRecord,
  GradientRecord,
  HiddenCapture,
  KernelInfo,
  Metrics,
  RunErrorInfo,
  RunStatus,
  RunSummary,
  SampleRecord,
  StepRecord,
} from '../events';

export const RUN_FORMAT_VERSION = 1;

/** `<root>/.seqlab` and what lives in it. */
export const SEQLAB_DIR = '.seqlab';
export const RUNS_SUBDIR = 'runs';

export const FILES = {
  config: 'config.yaml',
  meta: 'meta.json',
  metrics: 'metrics.jsonl',
  gradients: 'gradients.jsonl',
  samples: 'samples.jsonl',
  hidden: 'hidden.json',
  summary: 'summary.json',
  model: 'model',
  artifacts: 'artifacts',
  checkpoint: 'checkpoint',
} as const;

/** A `running` run whose heartbeat is older than this reads as `stopped`. */
export const STALE_HEARTBEAT_MS = 30_000;
/** How often a live recorder rewrites meta.heartbeatAt. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/** meta.json. Times are ISO 8601 strings (UTC). */
export interface RunMeta {
  formatVersion: number;
  runId: string;
  experiment: string;
  /** The experiment file as given to the recorder (absolute when the engine passes one). */
  configPath?: string;
  seed: number;
  status: RunStatus;
  host: string;
  pid: number;
  /** `${process.platform}-${process.arch}` of the writer. */
  platform: string;
  startedAt: string;
  heartbeatAt: string;
  endedAt?: string;
  /** configSchema: the experiment schema version config.yaml was resolved with (absent before it was recorded = 1). */
  versions: { sequenceLab: string; node: string; tfjs?: string; configSchema?: number };
  /** The commit checked out in the git repository holding the experiment (or the runs root), if any. */
  git?: { commit: string; branch?: string };
  /** From the `start` event. */
  backend?: BackendInfo;
  kernel?: KernelInfo;
  paramCount?: number;
  data?: DataSummary;
  dataFingerprint?: string;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Set by `end` when the run failed. */
  error?: RunErrorInfo;
  /** One entry per `RunRecorder.resume`: when, from which checkpoint, and the status before it. */
  resumes?: Array<{ at: string; fromEpoch: number; fromStep: number; previousStatus: RunStatus }>;
  /**
   * Set by `seqlab sweep` when the run is a point of a sweep: the sweep id, the point's identity
   * (hash of its resolved config; a rerun skips completed points with the same hash), its 1-based
   * index in the grid and the swept values.
   */
  sweep?: { id: string; point: string; index: number; values: Record<string, unknown> };
  /**
   * Set by a queue worker (`seqlab worker`) on a run that finished a sweep point another worker had
   * already completed (BullMQ delivers at least once): the run is kept for inspection but does not
   * count, and carries no `sweep` tag. `runId` is the run that counts.
   */
  duplicateOf?: { point: string; runId: string };
}

/** What readRun returns. `meta.status` is the EFFECTIVE status (see statusReason). */
export interface RunData {
  runId: string;
  runDir: string;
  meta: RunMeta;
  /** The status meta.json says, before the stale/dead-writer rule. */
  recordedStatus: RunStatus;
  /** Why the effective status differs from the recorded one, when it does. */
  statusReason?: string;
  config?: string;
  steps: StepRecord[];
  epochs: EpochRecord[];
  gradients: GradientRecord[];
  samples: SampleRecord[];
  hidden?: HiddenCapture;
  /** artifacts/*.json records (confusion, attention, piano roll, files), ordered by epoch then name. */
  artifacts: ArtifactRecord[];
  summary?: RunSummary;
  /** From checkpoint/state.json (tensors not read; readCheckpoint validates those). */
  checkpoint?: { epoch: number; step: number; writtenAt?: string };
  /** File and folder names present in the run folder (temp files left by a kill excluded). */
  files: string[];
  /** Everything a reader skipped or had to guess, one human sentence each. */
  warnings: string[];
}

export interface RunListEntry {
  runId: string;
  runDir: string;
  experiment: string;
  status: RunStatus;
  startedAt?: string;
  endedAt?: string;
  /** summary.best (e.g. best.valLoss), when the run wrote a summary. */
  best?: Metrics & { epoch?: number };
  final?: Metrics;
  diskBytes: number;
  /** True when meta.json was missing or unreadable (the entry is a best guess). */
  damaged?: boolean;
}
