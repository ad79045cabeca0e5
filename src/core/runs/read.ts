/**
 * Readers of the run folder: readRun (one run, everything), listRuns (all runs under a root, cheap)
 * and resolveRun (an id, an id prefix, `latest`, or a path → a run folder). Readers never write and
 * never throw on a damaged run: they return what is readable and say what was not in `warnings`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRecord, EpochRecord, GradientRecord, HiddenCapture, RunStatus, RunSummary, SampleRecord, StepRecord } from '../events';
import { readFileWithRetry, TEMP_FILE_PATTERN } from './atomic';
import { CHECKPOINT_STATE, checkpointDir, type CheckpointState } from './checkpoint';
import { FILES, RUN_FORMAT_VERSION, STALE_HEARTBEAT_MS, type RunData, type RunListEntry, type RunMeta } from './format';
import { readJsonl } from './jsonl';
import { runsDirOf } from './root';
import { effectiveStatus } from './status';
import { runVersionProblem } from './versions';

export interface ReadOptions {
  /** Clock and staleness threshold for the effective status (tests). */
  now?: number;
  staleMs?: number;
}

interface MetaRead {
  meta: RunMeta;
  recordedStatus: RunStatus;
  statusReason?: string;
  warnings: string[];
  damaged: boolean;
}

const STATUSES: readonly RunStatus[] = ['running', 'completed', 'stopped', 'failed'];

/** meta.json with the effective status applied; a best guess (and a warning) when it is missing or damaged. */
export function readMeta(runDir: string, opts: ReadOptions = {}): MetaRead {
  const runId = path.basename(runDir);
  const warnings: string[] = [];
  const metaPath = path.join(runDir, FILES.meta);
  let parsed: Partial<RunMeta> | undefined;
  try {
    const value: unknown = JSON.parse(readFileWithRetry(metaPath).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Partial<RunMeta>;
    else warnings.push('meta.json is not a JSON object');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    warnings.push(code === 'ENOENT' ? 'meta.json is missing (the writer stopped while creating the run)' : 'meta.json is not valid JSON');
  }
  if (!parsed) {
    // No meta: the folder was claimed but the writer never got to meta.json. A very young folder may
    // be a run starting right now; anything older is a run that died at birth.
    const age = folderAgeMs(runDir, opts.now);
    const starting = age !== undefined && age < (opts.staleMs ?? STALE_HEARTBEAT_MS);
    const meta = guessMeta(runDir, runId, starting ? 'running' : 'stopped');
    return { meta, recordedStatus: meta.status, warnings, damaged: true, ...(starting ? {} : { statusReason: 'meta.json was never written' }) };
  }
  const meta = { ...guessMeta(runDir, runId, 'stopped'), ...parsed } as RunMeta;
  // Version checks (versions.ts): a newer writer's run is still read as far as possible.
  const versionProblem = runVersionProblem(parsed);
  if (versionProblem) warnings.push(`this run was ${versionProblem.message}${versionProblem.kind === 'newer' ? '; fields it added are ignored' : ''}`);
  let recordedStatus = meta.status;
  if (!STATUSES.includes(recordedStatus)) {
    warnings.push(`meta.json has an unknown status '${String(recordedStatus)}'`);
    recordedStatus = 'stopped';
    meta.status = 'stopped';
  }
  const eff = effectiveStatus(meta, opts.now, opts.staleMs);
  meta.status = eff.status;
  return { meta, recordedStatus, warnings, damaged: false, ...(eff.reason ? { statusReason: eff.reason } : {}) };
}

/**
 * A writer killed between writing summary.json and its final meta.json rewrite did finish: its
 * summary's status is the truth, not `stopped`.
 */
function applySummaryStatus(m: MetaRead, summary: RunSummary | undefined): void {
  if (m.recordedStatus !== 'running' || m.meta.status === 'running' || !summary) return;
  if (summary.status === 'completed' || summary.status === 'failed' || summary.status === 'stopped') {
    m.meta.status = summary.status;
    m.statusReason = `summary.json says ${summary.status}; the writer stopped before updating meta.json`;
  }
}

export function readRun(runDir: string, opts: ReadOptions = {}): RunData {
  const dir = path.resolve(runDir);
  const m = readMeta(dir, opts);
  const warnings = [...m.warnings];
  const summary = readJsonFile<RunSummary>(path.join(dir, FILES.summary), warnings);
  applySummaryStatus(m, summary);
  // A live writer may be in the middle of a line: not worth a warning while the run is running.
  const live = m.meta.status === 'running';
  const keep = (r: { warnings: string[]; tailWarning?: string }): string[] => (live ? r.warnings.filter((w) => w !== r.tailWarning) : r.warnings);

  const metrics = readJsonl<StepRecord | EpochRecord>(path.join(dir, FILES.metrics));
  warnings.push(...keep(metrics));
  const steps: StepRecord[] = [];
  const epochs: EpochRecord[] = [];
  let unknownTypes = 0;
  for (const r of metrics.records) {
    if (r.type === 'step') steps.push(r);
    else if (r.type === 'epoch') epochs.push(r);
    else unknownTypes++;
  }
  if (unknownTypes > 0) warnings.push(`metrics.jsonl: ${unknownTypes} line(s) with a type other than step/epoch were ignored`);

  const gradients = readJsonl<GradientRecord>(path.join(dir, FILES.gradients));
  const samples = readJsonl<SampleRecord>(path.join(dir, FILES.samples));
  warnings.push(...keep(gradients), ...keep(samples));

  const hidden = readJsonFile<HiddenCapture>(path.join(dir, FILES.hidden), warnings);
  const artifacts = readArtifacts(dir, warnings);
  let config: string | undefined;
  try {
    config = fs.readFileSync(path.join(dir, FILES.config), 'utf8');
  } catch {
    warnings.push('config.yaml is missing');
  }
  const checkpoint = readCheckpointState(dir, warnings);

  return {
    runId: path.basename(dir),
    runDir: dir,
    meta: m.meta,
    recordedStatus: m.recordedStatus,
    ...(m.statusReason ? { statusReason: m.statusReason } : {}),
    ...(config !== undefined ? { config } : {}),
    steps,
    epochs,
    gradients: gradients.records,
    samples: samples.records,
    ...(hidden ? { hidden } : {}),
    artifacts,
    ...(summary ? { summary } : {}),
    ...(checkpoint ? { checkpoint } : {}),
    files: listFiles(dir),
    warnings,
  };
}

/** Every run under `<root>/.seqlab/runs`, newest first. Reads meta.json and summary.json only. */
export function listRuns(root: string, opts: ReadOptions = {}): RunListEntry[] {
  const runsDir = runsDirOf(root);
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(runsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const entries: RunListEntry[] = [];
  for (const d of names) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const runDir = path.join(runsDir, d.name);
    const m = readMeta(runDir, opts);
    const summary = readJsonFile<RunSummary>(path.join(runDir, FILES.summary), []);
    applySummaryStatus(m, summary);
    entries.push({
      runId: d.name,
      runDir,
      experiment: m.meta.experiment,
      status: m.meta.status,
      ...(m.meta.startedAt ? { startedAt: m.meta.startedAt } : {}),
      ...(m.meta.endedAt ? { endedAt: m.meta.endedAt } : {}),
      ...(summary?.best ? { best: summary.best } : {}),
      ...(summary?.final ? { final: summary.final } : {}),
      diskBytes: diskBytes(runDir),
      ...(m.damaged ? { damaged: true } : {}),
    });
  }
  return entries.sort(newestFirst);
}

function newestFirst(a: RunListEntry, b: RunListEntry): number {
  const ta = a.startedAt ?? '';
  const tb = b.startedAt ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

export type ResolveResult =
  | { ok: true; runId: string; runDir: string }
  | { ok: false; reason: 'not-found' | 'ambiguous' | 'no-runs'; message: string; candidates: string[] };

/**
 * A run from what a user typed: a path to a run folder, `latest`, an exact id, a unique id prefix,
 * or a unique part of an id (e.g. the 4-hex suffix). On failure the message lists close ids.
 */
export function resolveRun(ref: string, root: string | undefined, cwd: string = process.cwd()): ResolveResult {
  const asPath = path.resolve(cwd, ref);
  if (isRunFolder(asPath)) return { ok: true, runId: path.basename(asPath), runDir: asPath };
  const where = root ? runsDirOf(root) : '(no runs folder)';
  const runs = root ? listRuns(root) : [];
  if (runs.length === 0) {
    return { ok: false, reason: 'no-runs', message: `no run '${ref}': there are no runs in ${where}`, candidates: [] };
  }
  if (ref === 'latest' || ref === 'last') {
    const newest = runs[0] as RunListEntry;
    return { ok: true, runId: newest.runId, runDir: newest.runDir };
  }
  const ids = runs.map((r) => r.runId);
  const pick = (id: string): ResolveResult => ({ ok: true, runId: id, runDir: path.join(runsDirOf(root as string), id) });
  if (ids.includes(ref)) return pick(ref);
  for (const matches of [ids.filter((id) => id.startsWith(ref)), ids.filter((id) => id.includes(ref))]) {
    if (matches.length === 1) return pick(matches[0] as string);
    if (matches.length > 1) {
      return {
        ok: false,
        reason: 'ambiguous',
        message: `'${ref}' matches ${matches.length} runs in ${where}; give more of the id:\n${matches.slice(0, 10).map((id) => `  ${id}`).join('\n')}`,
        candidates: matches,
      };
    }
  }
  const close = closestIds(ref, ids, 5);
  return {
    ok: false,
    reason: 'not-found',
    message: `no run '${ref}' in ${where}.${close.length ? ` Close ids:\n${close.map((id) => `  ${id}`).join('\n')}` : ''}`,
    candidates: close,
  };
}

/** Ids nearest to `ref` by edit distance (comparing against the id and its parts), best first. */
export function closestIds(ref: string, ids: string[], max: number): string[] {
  const score = (id: string): number => {
    const parts = [id, ...id.split('-'), id.replace(/^\d{8}-\d{6}-/, '')];
    return Math.min(...parts.map((p) => editDistance(ref.toLowerCase(), p)));
  };
  return ids
    .map((id) => ({ id, d: score(id) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(ref.length / 2)))
    .sort((a, b) => a.d - b.d || (a.id < b.id ? 1 : -1))
    .slice(0, max)
    .map((x) => x.id);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

export function isRunFolder(p: string): boolean {
  return fs.existsSync(path.join(p, FILES.meta)) || fs.existsSync(path.join(p, FILES.config));
}

/** Total bytes of the files under `dir`. */
export function diskBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    try {
      if (e.isDirectory()) total += diskBytes(p);
      else if (e.isFile()) total += fs.statSync(p).size;
    } catch {
      // vanished while we looked (a rename in progress)
    }
  }
  return total;
}

function listFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !TEMP_FILE_PATTERN.test(e.name))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort();
  } catch {
    return [];
  }
}

/** artifacts/*.json written by the recorder's `artifact` events (other files there are the tasks' own). */
function readArtifacts(dir: string, warnings: string[]): ArtifactRecord[] {
  const adir = path.join(dir, FILES.artifacts);
  let names: string[];
  try {
    names = fs.readdirSync(adir).filter((n) => n.endsWith('.json') && !TEMP_FILE_PATTERN.test(n));
  } catch {
    return [];
  }
  const out: ArtifactRecord[] = [];
  for (const n of names) {
    const rec = readJsonFile<ArtifactRecord>(path.join(adir, n), warnings);
    if (rec && typeof rec.name === 'string' && typeof rec.kind === 'string') out.push(rec);
    else if (rec) warnings.push(`artifacts/${n} is not an artifact record (no name/kind); ignored`);
  }
  return out.sort((a, b) => a.epoch - b.epoch || a.name.localeCompare(b.name));
}

function readJsonFile<T>(file: string, warnings: string[]): T | undefined {
  let text: string;
  try {
    text = readFileWithRetry(file).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${path.basename(file)}: could not read (${(err as Error).message})`);
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    warnings.push(`${path.basename(file)} is not valid JSON; ignored`);
    return undefined;
  }
}

/** The checkpoint's state.json only (cheap: tensors are not read; readCheckpoint validates them). */
function readCheckpointState(runDir: string, warnings: string[]): RunData['checkpoint'] {
  const state = readJsonFile<CheckpointState>(path.join(checkpointDir(runDir), CHECKPOINT_STATE), warnings);
  if (!state) return undefined;
  if (typeof state.epoch !== 'number' || typeof state.step !== 'number') {
    warnings.push('checkpoint/state.json lacks epoch/step; ignored');
    return undefined;
  }
  return { epoch: state.epoch, step: state.step, ...(state.writtenAt ? { writtenAt: state.writtenAt } : {}) };
}

function folderAgeMs(dir: string, now: number = Date.now()): number | undefined {
  try {
    return now - fs.statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
}

function guessMeta(runDir: string, runId: string, status: RunStatus): RunMeta {
  // `YYYYMMDD-HHMMSS-<name>-<hex>` → name and start time, when the id has that form.
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(.+)-[0-9a-f]{4,}$/.exec(runId);
  const startedAt = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : folderTime(runDir);
  return {
    formatVersion: RUN_FORMAT_VERSION,
    runId,
    experiment: m?.[7] ?? runId,
    seed: 0,
    status,
    host: '',
    pid: 0,
    platform: '',
    startedAt,
    heartbeatAt: startedAt,
    versions: { sequenceLab: 'unknown', node: 'unknown' },
  };
}

function folderTime(dir: string): string {
  try {
    return fs.statSync(dir).mtime.toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}
