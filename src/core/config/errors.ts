/** What every problem in an experiment file becomes: a position, the key, what is wrong, how to fix it. */
import * as path from 'path';

export interface ConfigError {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Dotted key path, e.g. "model.layers.0.units"; "" for problems that belong to no key (YAML syntax). */
  key: string;
  message: string;
  fix?: string;
  severity: 'error' | 'warning';
  /** Set when the value came from a `--set` override rather than from the file: the override text. */
  override?: string;
}

/** A 1-based source range. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const FILE_START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** "path:line:col: error: key: message" and, when there is one, "  fix: ..." on the next line. */
export function formatConfigError(e: ConfigError, cwd?: string): string {
  const file = cwd ? displayPath(e.file, cwd) : e.file;
  const key = e.key ? `${e.key}: ` : '';
  const head = `${file}:${e.line}:${e.column}: ${e.severity}: ${key}${e.message}`;
  return e.fix ? `${head}\n  fix: ${e.fix}` : head;
}

/** Relative to cwd when the file is below it, else absolute (a `../../..` chain helps nobody). */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function sortErrors(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** Dotted form of a key path, for messages and `ConfigError.key`. */
export function dotted(segments: readonly (string | number)[]): string {
  return segments.join('.');
}

/** Inline code in messages: `value` (long values shortened). */
export function show(value: unknown): string {
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) text = String(value);
  if (text.length > 40) text = `${text.slice(0, 37)}...`;
  return `\`${text}\``;
}
