/**
 * RunRecorder: turns the TrainEvent stream into the run folder (DESIGN.md "The run folder").
 *
 * - create() claims a unique folder and writes config.yaml and meta.json (status `running`).
 * - Append-only files (metrics.jsonl, gradients.jsonl, samples.jsonl) get one JSON object per line,
 *   each line written with a single write() on a file opened for append, so a kill loses at most the
 *   line being written (readers skip and report it).
 * - Rewritten files (meta.json, hidden.json, summary.json, checkpoint/) are replaced atomically.
 * - A heartbeat timer (unref'd, so it never keeps the process alive) rewrites meta.heartbeatAt, so a
 *   run whose writer vanished reads as `stopped`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArtifactRecord, RunErrorInfo, RunStatus, TrainEvent } from '../events';
import { writeFileAtomic, writeJsonAtomic } from './atomic';
import { writeCheckpointTo, type Checkpoint } from './checkpoint';
import { FILES, HEARTBEAT_INTERVAL_MS, RUN_FORMAT_VERSION, type RunMeta } from './format';
import { readGitInfo } from './git';
import { readJsonl, repairJsonlTail } from './jsonl';
import { ensureRunsDir } from './root';
import { claimRunFolder } from './run-id';
import { tfjsVersionFromDetail, writerVersions } from './versions';

export interface RunRecorderOptions {
  /** The runs root (findRunsRoot); the run goes in `<root>/.seqlab/runs/<id>/`. */
  root: string;
  experiment: string;
  configPath?: string;
  /** The resolved config (after extends and overrides), written as config.yaml. */
  resolvedYaml: string;
  seed: number;
  /** Heartbeat period; 0 turns the timer off (tests). */
  heartbeatMs?: number;
  /** Clock for ids and times (tests). */
  now?: () => Date;
}

type JsonlName = typeof FILES.metrics | typeof FILES.gradients | typeof FILES.samples;

export class RunRecorder {
  readonly runId: string;
  readonly runDir: string;
  private meta: RunMeta;
  private readonly fds = new Map<JsonlName, number>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeatMs = 0;
  private lastBeat = 0;
  private closed = false;
  private readonly now: () => Date;
  /** The last error the heartbeat timer met (it must not throw into the event loop). */
  heartbeatError: Error | undefined;

  private constructor(runId: string, runDir: string, meta: RunMeta, now: () => Date) {
    this.runId = runId;
    this.runDir = runDir;
    this.meta = meta;
    this.now = now;
  }

  static create(o: RunRecorderOptions): RunRecorder {
    const now = o.now ?? (() => new Date());
    const started = now();
    const runsDir = ensureRunsDir(o.root);
    const { runId, runDir } = claimRunFolder(runsDir, o.experiment, started);
    const git = readGitInfo(o.configPath ? path.dirname(path.resolve(o.configPath)) : o.root);
    const meta: RunMeta = {
      formatVersion: RUN_FORMAT_VERSION,
      runId,
      experiment: o.experiment,
      ...(o.configPath !== undefined ? { configPath: o.configPath } : {}),
      seed: o.seed,
      status: 'running',
      host: os.hostname(),
      pid: process.pid,
      platform: `${process.platform}-${process.arch}`,
      startedAt: started.toISOString(),
      heartbeatAt: started.toISOString(),
      versions: writerVersions(),
      ...(git ? { git } : {}),
    };
    // config.yaml first: a folder with meta.json always has its config.
    writeFileAtomic(path.join(runDir, FILES.config), o.resolvedYaml);
    writeJsonAtomic(path.join(runDir, FILES.meta), meta);
    const rec = new RunRecorder(runId, runDir, meta, now);
    rec.startHeartbeat(o.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
    return rec;
  }

  private startHeartbeat(every: number): void {
    this.heartbeatMs = every;
    this.lastBeat = Date.now();
    if (every > 0) {
      this.timer = setInterval(() => this.beatSafely(), every);
      this.timer.unref();
    }
  }

  /**
   * Continues an existing run (`seqlab resume`) from its checkpoint: records after the checkpoint
   * (metrics with a later step or epoch, gradients and samples of later epochs, a killed writer's
   * partial lines) are dropped so the resumed training does not duplicate them; summary.json is
   * removed; meta.json goes back to `running` under this process, with the resume noted in `resumes`.
   */
  static resume(o: { runDir: string; from: { epoch: number; step: number }; heartbeatMs?: number; now?: () => Date }): RunRecorder {
    const now = o.now ?? (() => new Date());
    const runDir = path.resolve(o.runDir);
    let old: RunMeta;
    try {
      old = JSON.parse(fs.readFileSync(path.join(runDir, FILES.meta), 'utf8')) as RunMeta;
    } catch (err) {
      throw new Error(`cannot resume ${runDir}: meta.json is missing or unreadable (${(err as Error).message})`);
    }
    const { from } = o;
    trimJsonl(path.join(runDir, FILES.metrics), (r) => num(r.step) <= from.step && num(r.epoch) <= from.epoch);
    trimJsonl(path.join(runDir, FILES.gradients), (r) => num(r.epoch) <= from.epoch);
    trimJsonl(path.join(runDir, FILES.samples), (r) => num(r.epoch) <= from.epoch);
    fs.rmSync(path.join(runDir, FILES.summary), { force: true });
    const at = now().toISOString();
    const { endedAt: _endedAt, error: _error, ...rest } = old;
    const meta: RunMeta = {
      ...rest,
      status: 'running',
      host: os.hostname(),
      pid: process.pid,
      platform: `${process.platform}-${process.arch}`,
      heartbeatAt: at,
      versions: { ...old.versions, ...writerVersions() },
      resumes: [...(old.resumes ?? []), { at, fromEpoch: from.epoch, fromStep: from.step, previousStatus: old.status }],
    };
    writeJsonAtomic(path.join(runDir, FILES.meta), meta);
    const rec = new RunRecorder(path.basename(runDir), runDir, meta, now);
    rec.startHeartbeat(o.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
    return rec;
  }

  /** A copy of meta.json as last written. */
  getMeta(): RunMeta {
    return structuredClone(this.meta);
  }

  onEvent(ev: TrainEvent): void {
    if (this.closed) return;
    // A training loop that blocks the event loop for long stretches starves the timer; events still
    // flow, so they carry the heartbeat too.
    if (this.heartbeatMs > 0 && ev.type !== 'end' && Date.now() - this.lastBeat >= this.heartbeatMs) this.heartbeat();
    switch (ev.type) {
      case 'start': {
        const tfjs = tfjsVersionFromDetail(ev.backend.detail);
        this.updateMeta({
          backend: ev.backend,
          kernel: ev.kernel,
          paramCount: ev.paramCount,
          data: ev.data,
          dataFingerprint: ev.data.fingerprint,
          epochs: ev.epochs,
          stepsPerEpoch: ev.stepsPerEpoch,
          versions: { ...this.meta.versions, ...(tfjs ? { tfjs } : {}) },
        });
        break;
      }
      case 'step':
      case 'epoch':
        this.appendLine(FILES.metrics, ev);
        break;
      case 'gradients':
        this.appendLines(FILES.gradients, ev.records);
        break;
      case 'samples':
        this.appendLines(FILES.samples, ev.samples);
        break;
      case 'hidden': {
        const { type: _type, ...capture } = ev;
        writeJsonAtomic(path.join(this.runDir, FILES.hidden), capture);
        break;
      }
      case 'artifact':
        this.writeArtifact(ev);
        break;
      case 'log':
        // Logs go to the CLI / output channel (and worker.log); the run folder keeps data only.
        break;
      case 'end':
        writeJsonAtomic(path.join(this.runDir, FILES.summary), ev.summary);
        this.finish(ev.status, ev.error);
        break;
      default: {
        const never: never = ev;
        void never;
      }
    }
  }

  /** Records the end status (used by onEvent('end'), or directly when a run dies before its end event). */
  finish(status: Exclude<RunStatus, 'running'>, error?: RunErrorInfo): void {
    if (this.closed) return;
    this.stopTimer();
    this.updateMeta({ status, endedAt: this.now().toISOString(), heartbeatAt: this.now().toISOString(), ...(error ? { error } : {}) });
    this.close();
  }

  writeCheckpoint(c: Checkpoint): void {
    writeCheckpointTo(this.runDir, c);
  }

  /** Rewrites meta.heartbeatAt now (the timer calls this; the trainer may too). */
  heartbeat(): void {
    if (this.closed) return;
    this.lastBeat = Date.now();
    this.updateMeta({ heartbeatAt: this.now().toISOString() });
  }

  /** `model/`: best weights in the tfjs-layers format (written by the export code). Created on demand. */
  modelDir(): string {
    const dir = path.join(this.runDir, FILES.model);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** `artifacts/`: whatever a task adds. Created on demand. */
  /** artifacts/<name>.json (+ the decoded file, when the record carries one). Names are checked: they become file names. */
  private writeArtifact(ev: { type: 'artifact' } & ArtifactRecord): void {
    const { type: _type, ...rec } = ev;
    const dir = this.artifactsDir();
    const safe = (n: string): string => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(n) || n.includes('..')) throw new Error(`artifact name '${n}' is not a safe file name`);
      return n;
    };
    const stored: ArtifactRecord = { ...rec };
    if (rec.file) {
      const name = safe(rec.file.name);
      const bytes = rec.file.base64 !== undefined ? Buffer.from(rec.file.base64, 'base64') : undefined;
      if (bytes) writeFileAtomic(path.join(dir, name), bytes);
      stored.file = { name, ...(bytes ? { bytes: bytes.length } : rec.file.bytes !== undefined ? { bytes: rec.file.bytes } : {}) };
    }
    writeJsonAtomic(path.join(dir, `${safe(rec.name)}.json`), stored);
  }

  artifactsDir(): string {
    const dir = path.join(this.runDir, FILES.artifacts);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Stops the heartbeat and closes the append files. Leaves meta.status as it is (a run closed while `running` reads as stopped once its process is gone). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimer();
    for (const fd of this.fds.values()) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.fds.clear();
  }

  private updateMeta(patch: Partial<RunMeta>): void {
    this.meta = { ...this.meta, ...patch };
    writeJsonAtomic(path.join(this.runDir, FILES.meta), this.meta);
  }

  private beatSafely(): void {
    try {
      this.heartbeat();
      this.heartbeatError = undefined;
    } catch (err) {
      this.heartbeatError = err as Error;
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private appendLine(file: JsonlName, record: unknown): void {
    writeAll(this.fdFor(file), `${JSON.stringify(record)}\n`);
  }

  private appendLines(file: JsonlName, records: readonly unknown[]): void {
    if (records.length === 0) return;
    // One write for the batch: fewer syscalls; a kill may still cut it, and readers skip a partial line.
    writeAll(this.fdFor(file), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  private fdFor(file: JsonlName): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      const p = path.join(this.runDir, file);
      // Appending after a killed writer (resume): start on a fresh line, not glued to its fragment.
      repairJsonlTail(p);
      fd = fs.openSync(p, 'a');
      this.fds.set(file, fd);
    }
    return fd;
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number.POSITIVE_INFINITY;
}

/** Rewrites a JSONL file (atomically) keeping the whole lines `keep` accepts. */
function trimJsonl(file: string, keep: (r: Record<string, unknown>) => boolean): void {
  if (!fs.existsSync(file)) return;
  const { records } = readJsonl<Record<string, unknown>>(file);
  writeFileAtomic(file, records.filter(keep).map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/** write(2) may write less than asked; loop until every byte is out. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < buf.length) at += fs.writeSync(fd, buf, at, buf.length - at);
}
