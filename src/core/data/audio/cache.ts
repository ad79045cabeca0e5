/**
 * Features of a set of clips, computed once and cached on disk. The cache key is a fingerprint of
 * every file's path, size and modification time plus the feature parameters, so editing, adding or
 * removing a clip, or changing `data.audio`/`data.features`, computes them again; an unchanged set
 * loads in milliseconds. One cache file per folder: a newer one replaces the older.
 *
 * File layout: 4-byte little-endian header length, a JSON header {version, key, dim, frames[]}, then
 * the float32 features of every clip in order (each [frames, dim], row-major).
 */
import { concat } from '../../util/typed-arrays';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../runs/atomic';
import { DataError } from '../types';
import type { Clip } from './clips';
import { computeFeatures, featureDim, type FeatureMatrix, type FeatureParams } from './features';
import { resample } from './resample';
import { readWav, WavError } from './wav';

const CACHE_VERSION = 1;

export interface ClipFeatures {
  features: FeatureMatrix[];
  /** True when read from the cache file instead of computed. */
  fromCache: boolean;
  cacheFile?: string;
}

/** Reads, mixes down, resamples and featurises one clip; a bad file names itself and the key. */
export function featuresOfClip(clip: Clip, p: FeatureParams, key: string): FeatureMatrix {
  let wav;
  try {
    wav = readWav(clip.file);
  } catch (e) {
    if (e instanceof WavError) throw new DataError(e.message, key, 'replace or delete the file (PCM or float WAV, any rate and channel count)');
    throw e;
  }
  if (wav.samples.length === 0) throw new DataError(`${clip.file}: the clip has no samples`, key, 'replace or delete the file');
  const x = wav.sampleRate === p.sampleRate ? wav.samples : resample(wav.samples, wav.sampleRate, p.sampleRate);
  return computeFeatures(x, p);
}

export function cacheKey(clips: Clip[], p: FeatureParams): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: CACHE_VERSION, p }));
  for (const c of clips) {
    const s = fs.statSync(c.file);
    h.update(`\n${c.file}\t${s.size}\t${s.mtimeMs}`);
  }
  return h.digest('hex').slice(0, 24);
}

/**
 * @param cacheDir folder for cache files (created with a `.gitignore`); undefined: no caching.
 * @param folder the data folder the clips come from (one cache file per folder).
 */
export function loadClipFeatures(clips: Clip[], p: FeatureParams, o: { folder: string; key: string; cacheDir?: string }): ClipFeatures {
  if (!o.cacheDir) return { features: clips.map((c) => featuresOfClip(c, p, o.key)), fromCache: false };
  const key = cacheKey(clips, p);
  const prefix = `audio-${createHash('sha256').update(path.resolve(o.folder)).digest('hex').slice(0, 12)}-`;
  const file = path.join(o.cacheDir, `${prefix}${key}.bin`);
  const cached = readCache(file, key, p, clips.length);
  if (cached) return { features: cached, fromCache: true, cacheFile: file };
  const features = clips.map((c) => featuresOfClip(c, p, o.key));
  try {
    writeCache(o.cacheDir, file, prefix, key, features, p);
  } catch {
    // A read-only workspace only loses the cache, never the run.
  }
  return { features, fromCache: false, cacheFile: file };
}

function readCache(file: string, key: string, p: FeatureParams, count: number): FeatureMatrix[] | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const headerLen = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLen).toString('utf8')) as { version: number; key: string; dim: number; frames: number[] };
    if (header.version !== CACHE_VERSION || header.key !== key || header.dim !== featureDim(p) || header.frames.length !== count) return undefined;
    // Copy into an aligned buffer: the float data may start at any byte offset.
    const body = new Float32Array(new Uint8Array(buf.subarray(4 + headerLen)).buffer);
    const out: FeatureMatrix[] = [];
    let at = 0;
    for (const frames of header.frames) {
      const n = frames * header.dim;
      if (at + n > body.length) return undefined;
      out.push({ frames, dim: header.dim, values: body.slice(at, at + n) });
      at += n;
    }
    return out;
  } catch {
    return undefined; // a damaged cache file is simply recomputed
  }
}

function writeCache(dir: string, file: string, prefix: string, key: string, features: FeatureMatrix[], p: FeatureParams): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by Sequence Lab: derived audio features, safe to delete.\n*\n');
  const header = Buffer.from(JSON.stringify({ version: CACHE_VERSION, key, dim: featureDim(p), frames: features.map((f) => f.frames) }), 'utf8');
  const body = concat(features.map((f) => f.values));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  writeFileAtomic(file, Buffer.concat([len, header, Buffer.from(body.buffer)]));
  // Older cache files of the same folder are stale now.
  for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && path.join(dir, f) !== file) fs.rmSync(path.join(dir, f), { force: true });
}
