/**
 * Exactly-once completion on shared storage. BullMQ delivers a job at least once (a worker that
 * stalls, dies or loses its lock gives the point to another), so two workers may both finish the
 * same point. The one that creates `<root>/.seqlab/points/<hash>.json` with O_EXCL (open 'wx', atomic
 * on local disks and on NFSv3+) owns the point; every later finisher finds it and discards its run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEQLAB_DIR } from '../runs';

export interface PointMarker {
  hash: string;
  runId: string;
  sweepId: string;
  host: string;
  pid: number;
  jobId?: string;
  attempt?: number;
  at: string;
}

export function markersDir(root: string): string {
  return path.join(root, SEQLAB_DIR, 'points');
}

export function markerPath(root: string, hash: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(hash)) throw new Error(`not a point hash: '${hash}'`);
  return path.join(markersDir(root), `${hash}.json`);
}

export type ClaimResult = { claimed: true; marker: PointMarker } | { claimed: false; existing: PointMarker | undefined };

/** Creates the marker if nobody has; otherwise reports who did. */
export function claimPoint(root: string, m: Omit<PointMarker, 'host' | 'pid' | 'at'>): ClaimResult {
  const file = markerPath(root, m.hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const marker: PointMarker = { ...m, host: os.hostname(), pid: process.pid, at: new Date().toISOString() };
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { claimed: false, existing: readMarker(root, m.hash) };
    throw err;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(marker)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { claimed: true, marker };
}

/**
 * The marker of a point, if it exists. A marker whose content is not readable yet (its creator is
 * between open and write, or died there) still means "done": the caller gets a stub with no run id.
 */
export function readMarker(root: string, hash: string): PointMarker | undefined {
  let text: string;
  try {
    text = fs.readFileSync(markerPath(root, hash), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as PointMarker;
  } catch {
    return { hash, runId: '', sweepId: '', host: '?', pid: 0, at: '' };
  }
}

export function listMarkers(root: string): PointMarker[] {
  let names: string[];
  try {
    names = fs.readdirSync(markersDir(root));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => readMarker(root, n.slice(0, -'.json'.length)))
    .filter((m): m is PointMarker => m !== undefined);
}
