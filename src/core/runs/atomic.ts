/**
 * Atomic file replacement: write a temp file in the same folder, then rename it over the target, so
 * a reader (or a kill) sees the old complete file or the new complete file, never a mix.
 *
 * Windows refuses a rename over a file another process holds open (EPERM/EBUSY/EACCES, e.g. the
 * dashboard reading meta.json, or an antivirus scan); those are retried a few times with a short
 * synchronous sleep before giving up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const RETRY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
const RENAME_ATTEMPTS = 8;

let tempCounter = 0;

/** Blocks the thread for `ms` (used only between rename retries). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Temp files are named `<name>.tmp-<pid>-<n>` so readers can ignore leftovers from a kill. */
export function tempNameFor(file: string): string {
  tempCounter = (tempCounter + 1) % 1_000_000;
  return `${file}.tmp-${process.pid}-${tempCounter}`;
}

export const TEMP_FILE_PATTERN = /\.tmp-\d+-\d+$/;

/** rename(2) with retries on the codes Windows uses for "someone has it open". */
export function renameWithRetry(from: string, to: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!RETRY_CODES.has(code) || attempt >= RENAME_ATTEMPTS) throw err;
      sleepSync(10 * attempt);
    }
  }
}

/**
 * readFileSync that rides out the moment Windows refuses to open a file being replaced by a rename
 * (EPERM/EBUSY/EACCES on a delete-pending file). Other errors (ENOENT...) are thrown at once.
 */
export function readFileWithRetry(file: string): Buffer {
  for (let attempt = 1; ; attempt++) {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!RETRY_CODES.has(code) || attempt >= RENAME_ATTEMPTS) throw err;
      sleepSync(5 * attempt);
    }
  }
}

export interface AtomicWriteOptions {
  /** fsync the temp file before the rename (survives power loss, not only a killed process). */
  fsync?: boolean;
}

export function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const tmp = tempNameFor(file);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      if (opts.fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    renameWithRetry(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // The temp file may be held by a scanner; it is ignored by readers and harmless.
    }
    throw err;
  }
}

export function writeJsonAtomic(file: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, opts);
}

/** Removes temp files a killed writer left in `dir` (only ones older than `minAgeMs`, so a live writer's are kept). */
export function removeStaleTempFiles(dir: string, minAgeMs = 60_000): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!TEMP_FILE_PATTERN.test(name)) continue;
    const p = path.join(dir, name);
    try {
      if (now - fs.statSync(p).mtimeMs >= minAgeMs) fs.rmSync(p, { force: true, recursive: true });
    } catch {
      // best effort
    }
  }
}
