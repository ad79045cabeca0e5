/**
 * JSON Lines reading that survives a killed writer: every complete line is returned; a partial last
 * line (no newline, or not valid JSON) is skipped and reported, as is any corrupt line in the middle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFileWithRetry } from './atomic';

export interface JsonlResult<T> {
  records: T[];
  warnings: string[];
  /** The warning about the last line, when there is one (also in `warnings`). A live writer may be mid-line, so readers of running runs drop it. */
  tailWarning?: string;
}

export function parseJsonl<T>(text: string, label: string): JsonlResult<T> {
  const records: T[] = [];
  const warnings: string[] = [];
  let tailWarning: string | undefined;
  const lines = text.split('\n');
  // A file written line by line ends with '\n', so the last element is '' when it is complete.
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const isLast = i === last;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
      if (isLast) {
        // Valid JSON but no trailing newline: the writer may have been cut off between the record
        // and its newline. The record itself is complete, so it is kept.
        tailWarning = `${label}: last line has no newline (the writer stopped mid-write); kept because it parses`;
        warnings.push(tailWarning);
      }
      records.push(value as T);
    } catch {
      if (isLast) {
        tailWarning = `${label}: ignored a partial last line (${line.length} bytes; the writer stopped mid-write)`;
        warnings.push(tailWarning);
      } else {
        warnings.push(`${label}: ignored corrupt line ${i + 1}`);
      }
    }
  }
  return { records, warnings, ...(tailWarning ? { tailWarning } : {}) };
}

/** Reads `file`; a missing file is an empty result (not a warning: not every run writes every file). */
export function readJsonl<T>(file: string): JsonlResult<T> {
  let text: string;
  try {
    text = readFileWithRetry(file).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
    return { records: [], warnings: [`${path.basename(file)}: could not read (${(err as Error).message})`] };
  }
  return parseJsonl<T>(text, path.basename(file));
}

/**
 * Cuts a partial last line (no trailing newline) off `file`, so appending to a run a killed writer
 * left behind (resume) starts on a fresh line instead of gluing onto the fragment. Returns the
 * number of bytes removed. A missing or empty file is left alone.
 */
export function repairJsonlTail(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 0;
    const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
    let end = size;
    // Walk back in chunks to the last '\n'.
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = fs.readSync(fd, chunk, 0, end - start, start);
      const at = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (at >= 0) {
        const keep = start + at + 1;
        if (keep < size) fs.ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    fs.ftruncateSync(fd, 0);
    return size;
  } finally {
    fs.closeSync(fd);
  }
}
