/**
 * `checkpoint/`: everything needed to resume a run exactly (weights, optimizer state, step, RNG
 * state, best weights so far).
 *
 * Layout:
 *   checkpoint/state.json        the commit point (see CheckpointState)
 *   checkpoint/tensors-<n>.bin   every tensor, concatenated little-endian float32, in index order
 *
 * A write puts the tensors in a NEW file (tensors-<n+1>.bin, fsynced), then atomically replaces
 * state.json (which names the tensors file, its size and CRC-32), then deletes older tensors files.
 * A kill at any moment therefore leaves state.json naming a complete tensors file: the previous
 * checkpoint or the new one. An orphan tensors file from a kill is removed by the next write.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NamedArray } from '../util/named-array';
import type { RngState } from '../util/rng';
import { removeStaleTempFiles, writeJsonAtomic } from './atomic';
import { crc32 } from './crc32';
import { FILES, RUN_FORMAT_VERSION } from './format';

export interface Checkpoint {
  epoch: number;
  step: number;
  weights: NamedArray[];
  optimizer: { name: string; iterations: number; state: NamedArray[] };
  rng: { state: RngState; spare: number | null };
  best?: { epoch: number; valLoss: number; weights: NamedArray[] };
}

/** One tensor's place in the tensors file; `offset` and `length` count float32 elements, not bytes. */
export interface TensorIndexEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** checkpoint/state.json */
export interface CheckpointState {
  formatVersion: number;
  epoch: number;
  step: number;
  optimizer: { name: string; iterations: number };
  rng: { state: RngState; spare: number | null };
  /** Present when best weights are saved; valLoss is null when it was not finite. */
  best?: { epoch: number; valLoss: number | null };
  tensorsFile: string;
  /** Byte length of the tensors file (= 4 × total elements). */
  tensorsBytes: number;
  /** CRC-32 of the tensors file. */
  crc32: number;
  index: { weights: TensorIndexEntry[]; optimizer: TensorIndexEntry[]; best: TensorIndexEntry[] };
  writtenAt: string;
}

export const CHECKPOINT_STATE = 'state.json';
const TENSORS_FILE = /^tensors-(\d+)\.bin$/;

export function checkpointDir(runDir: string): string {
  return path.join(runDir, FILES.checkpoint);
}

export function writeCheckpointTo(runDir: string, c: Checkpoint): void {
  const dir = checkpointDir(runDir);
  fs.mkdirSync(dir, { recursive: true });
  const groups = { weights: c.weights, optimizer: c.optimizer.state, best: c.best?.weights ?? [] };
  let offset = 0;
  const index: CheckpointState['index'] = { weights: [], optimizer: [], best: [] };
  for (const key of ['weights', 'optimizer', 'best'] as const) {
    for (const t of groups[key]) {
      const expected = t.shape.reduce((a, b) => a * b, 1);
      if (expected !== t.values.length) {
        throw new Error(`checkpoint: tensor '${t.name}' has shape [${t.shape.join(', ')}] (${expected} values) but ${t.values.length} values`);
      }
      index[key].push({ name: t.name, shape: [...t.shape], offset, length: t.values.length });
      offset += t.values.length;
    }
  }
  const bytes = new Uint8Array(offset * 4);
  let at = 0;
  for (const key of ['weights', 'optimizer', 'best'] as const) {
    for (const t of groups[key]) {
      bytes.set(float32ToLE(t.values), at);
      at += t.values.byteLength;
    }
  }

  const existing = listTensorFiles(dir);
  const next = existing.reduce((m, f) => Math.max(m, f.n), 0) + 1;
  const tensorsFile = `tensors-${String(next).padStart(6, '0')}.bin`;
  // A fresh name nobody references yet: no temp+rename needed, but fsync before state.json names it.
  const fd = fs.openSync(path.join(dir, tensorsFile), 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }

  const state: CheckpointState = {
    formatVersion: RUN_FORMAT_VERSION,
    epoch: c.epoch,
    step: c.step,
    optimizer: { name: c.optimizer.name, iterations: c.optimizer.iterations },
    rng: { state: [...c.rng.state] as RngState, spare: c.rng.spare },
    ...(c.best ? { best: { epoch: c.best.epoch, valLoss: Number.isFinite(c.best.valLoss) ? c.best.valLoss : null } } : {}),
    tensorsFile,
    tensorsBytes: bytes.byteLength,
    crc32: crc32(bytes),
    index,
    writtenAt: new Date().toISOString(),
  };
  writeJsonAtomic(path.join(dir, CHECKPOINT_STATE), state, { fsync: true });

  // The commit happened; older tensors files (and a killed writer's orphans) are garbage now.
  for (const f of existing) {
    try {
      fs.rmSync(path.join(dir, f.name), { force: true });
    } catch {
      // A reader on Windows may hold it open; the next write retries.
    }
  }
  removeStaleTempFiles(dir, 0);
}

export interface ReadCheckpointResult {
  checkpoint?: Checkpoint;
  warnings: string[];
}

export function readCheckpointDetailed(runDir: string): ReadCheckpointResult {
  const dir = checkpointDir(runDir);
  const statePath = path.join(dir, CHECKPOINT_STATE);
  let text: string;
  try {
    text = fs.readFileSync(statePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { warnings: [] };
    return { warnings: [`checkpoint: cannot read state.json (${(err as Error).message})`] };
  }
  const bad = (why: string): ReadCheckpointResult => ({ warnings: [`checkpoint: ${why}; the checkpoint is ignored`] });
  let state: CheckpointState;
  try {
    state = JSON.parse(text) as CheckpointState;
  } catch {
    return bad('state.json is not valid JSON');
  }
  const shapeProblem = checkStateShape(state);
  if (shapeProblem) return bad(`state.json ${shapeProblem}`);
  if (state.formatVersion > RUN_FORMAT_VERSION) {
    return bad(`format version ${state.formatVersion} is newer than this Sequence Lab understands (${RUN_FORMAT_VERSION})`);
  }
  if (!TENSORS_FILE.test(state.tensorsFile)) return bad(`state.json names an unexpected tensors file '${state.tensorsFile}'`);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path.join(dir, state.tensorsFile));
  } catch (err) {
    return bad(`cannot read ${state.tensorsFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (buf.byteLength !== state.tensorsBytes) {
    return bad(`${state.tensorsFile} has ${buf.byteLength} bytes, state.json says ${state.tensorsBytes}`);
  }
  if (crc32(buf) !== state.crc32) return bad(`${state.tensorsFile} fails its CRC-32 check (damaged)`);
  const totalElements = buf.byteLength / 4;
  const take = (entries: TensorIndexEntry[]): NamedArray[] | string => {
    const out: NamedArray[] = [];
    for (const e of entries) {
      const expected = e.shape.reduce((a, b) => a * b, 1);
      if (expected !== e.length) return `tensor '${e.name}' has shape [${e.shape.join(', ')}] but length ${e.length}`;
      if (e.offset < 0 || e.offset + e.length > totalElements) return `tensor '${e.name}' lies outside the tensors file`;
      out.push({ name: e.name, shape: [...e.shape], values: float32FromLE(buf, e.offset * 4, e.length) });
    }
    return out;
  };
  const weights = take(state.index.weights);
  const optimizer = take(state.index.optimizer);
  const best = take(state.index.best);
  for (const r of [weights, optimizer, best]) if (typeof r === 'string') return bad(r);
  const checkpoint: Checkpoint = {
    epoch: state.epoch,
    step: state.step,
    weights: weights as NamedArray[],
    optimizer: { name: state.optimizer.name, iterations: state.optimizer.iterations, state: optimizer as NamedArray[] },
    rng: { state: [...state.rng.state] as RngState, spare: state.rng.spare },
    ...(state.best
      ? { best: { epoch: state.best.epoch, valLoss: state.best.valLoss ?? Number.NaN, weights: best as NamedArray[] } }
      : {}),
  };
  return { checkpoint, warnings: [] };
}

/** The checkpoint, or undefined when there is none or it is damaged (readCheckpointDetailed says why). */
export function readCheckpoint(runDir: string): Checkpoint | undefined {
  return readCheckpointDetailed(runDir).checkpoint;
}

function checkStateShape(s: CheckpointState): string | undefined {
  if (typeof s !== 'object' || s === null) return 'is not an object';
  const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  if (!num(s.epoch) || !num(s.step)) return 'lacks epoch/step';
  if (!num(s.formatVersion)) return 'lacks formatVersion';
  if (typeof s.optimizer?.name !== 'string' || !num(s.optimizer.iterations)) return 'lacks optimizer name/iterations';
  if (!Array.isArray(s.rng?.state) || s.rng.state.length !== 4 || !s.rng.state.every(num)) return 'lacks a 4-word rng state';
  if (!(s.rng.spare === null || num(s.rng.spare))) return 'has a bad rng spare';
  if (typeof s.tensorsFile !== 'string' || !num(s.tensorsBytes) || !num(s.crc32)) return 'lacks tensorsFile/tensorsBytes/crc32';
  const idx = s.index;
  if (!idx || ![idx.weights, idx.optimizer, idx.best].every(Array.isArray)) return 'lacks the tensor index';
  for (const e of [...idx.weights, ...idx.optimizer, ...idx.best]) {
    if (typeof e?.name !== 'string' || !Array.isArray(e.shape) || !e.shape.every(num) || !num(e.offset) || !num(e.length)) {
      return 'has a malformed tensor index entry';
    }
  }
  if (s.best !== undefined && (!num(s.best.epoch) || !(s.best.valLoss === null || num(s.best.valLoss)))) return 'has a malformed best entry';
  return undefined;
}

function listTensorFiles(dir: string): Array<{ name: string; n: number }> {
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: TENSORS_FILE.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ name: x.name, n: Number(x.m[1]) }));
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

function float32ToLE(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return out;
}

function float32FromLE(buf: Buffer, byteOffset: number, length: number): Float32Array {
  const out = new Float32Array(length);
  if (LITTLE_ENDIAN) {
    // Copy (not a view): the Buffer's offset need not be 4-byte aligned, and callers may keep the array.
    new Uint8Array(out.buffer).set(buf.subarray(byteOffset, byteOffset + length * 4));
    return out;
  }
  const view = new DataView(buf.buffer, buf.byteOffset + byteOffset, length * 4);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
