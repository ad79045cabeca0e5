/**
 * Run ids: `YYYYMMDD-HHMMSS-<experiment>-<hex4>` (UTC), e.g. `20261125-161502-sine-next-value-a3f9`.
 * Safe as a file name on every OS (lower-case ASCII letters, digits, `-` and `.`; no `:`), sortable
 * by start time, and unique: the folder is claimed with a non-recursive mkdir, which fails with
 * EEXIST when another run (another process, the same second) already took the name; then a new
 * suffix is drawn.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const MAX_NAME_LENGTH = 40;
const ATTEMPTS = 64;

/** Experiment name → `[a-z0-9.-]` only, no leading/trailing `.`/`-`, at most 40 chars; `run` when nothing is left. */
export function sanitizeExperimentName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned || 'run';
}

export function timestampForId(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function makeRunId(experiment: string, now: Date = new Date(), suffixBytes = 2): string {
  return `${timestampForId(now)}-${sanitizeExperimentName(experiment)}-${randomBytes(suffixBytes).toString('hex')}`;
}

/** Creates `<runsDir>/<new id>/` and returns the id. Never returns a folder another run has. */
export function claimRunFolder(runsDir: string, experiment: string, now: Date = new Date()): { runId: string; runDir: string } {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // After a few collisions (a burst of runs in one second) widen the suffix.
    const runId = makeRunId(experiment, now, attempt < 8 ? 2 : 4);
    const runDir = path.join(runsDir, runId);
    try {
      fs.mkdirSync(runDir);
      return { runId, runDir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not create a unique run folder in ${runsDir} after ${ATTEMPTS} attempts`);
}

/** True for names that look like run ids (used to skip stray folders in .seqlab/runs). */
export function looksLikeRunId(name: string): boolean {
  return /^\d{8}-\d{6}-[a-z0-9.-]+-[0-9a-f]{4,}$/.test(name);
}
