/**
 * Reads an experiment file and the chain of files it `extends`, merging base first. Paths are relative
 * to the extending file's folder; backslashes and drive letters are accepted in the string (a Windows
 * path on a POSIX machine is an error, not a crash). Cycles are found by real path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, displayPath } from './errors';
import { isPlainMap, Layer, mergeLayers } from './merge';
import { describeValue } from './schema-nav';
import { SourceMap, valueSpan } from './source-map';
import { parseYamlFile } from './yaml-file';

export interface Chain {
  /** The merged layers (base first), without the `extends` keys. */
  layer: Layer;
  /** Absolute paths, the experiment file first, then its base, its base's base... */
  files: string[];
  errors: ConfigError[];
  /** YAML syntax errors among `errors`: their presence makes the merged value a guess. */
  syntaxErrors: number;
  warnings: ConfigError[];
}

export type ReadFile = (absPath: string) => string | undefined;

/** Reads a file, editor buffers first; undefined when it does not exist. */
export function readText(abs: string, readFile?: ReadFile): string | undefined {
  const fromEditor = readFile?.(abs);
  if (fromEditor !== undefined) return fromEditor;
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

function realPath(abs: string): string {
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs; // an unsaved editor buffer has no real path yet
  }
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/** Resolves an `extends` string against the extending file's folder; a message when it cannot be. */
export function resolveExtendsPath(spec: string, fromFile: string): { path: string } | { problem: string; fix: string } {
  const onWindows = path.sep === '\\';
  if (!onWindows && WINDOWS_DRIVE.test(spec)) {
    return {
      problem: `\`${spec}\` is a Windows drive path, which does not exist on this system`,
      fix: 'use a path relative to this file (e.g. `./base.seqlab.yaml`), which works on every OS',
    };
  }
  // Backslashes are path separators on Windows; elsewhere a team's Windows-written file still works.
  const normal = onWindows ? spec : spec.replace(/\\/g, '/');
  return { path: path.resolve(path.dirname(fromFile), normal) };
}

export function loadChain(file: string, readFile?: ReadFile): Chain {
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const files: string[] = [];
  const seen: string[] = []; // real paths, in chain order
  let syntaxErrors = 0;
  const layers: Layer[] = [];

  let current: string | undefined = file;
  let fromOrigin: { file: string; span: ReturnType<typeof valueSpan> } | undefined;
  while (current) {
    const real = realPath(current);
    const loopAt = seen.indexOf(real);
    if (loopAt >= 0 && fromOrigin) {
      const names = [...files.slice(loopAt), current].map((f) => displayPath(f, path.dirname(file)));
      errors.push({
        file: fromOrigin.file,
        ...fromOrigin.span,
        key: 'extends',
        message:
          `extends cycle: ${names.join(' → ')}` +
          (files[loopAt] !== current ? ` (${names[names.length - 1]} is ${names[0]} under another name)` : ''),
        fix: 'remove this `extends`, or point it at a base that does not lead back here',
        severity: 'error',
      });
      break;
    }
    const text = readText(current, readFile);
    if (text === undefined) {
      if (fromOrigin) {
        errors.push({
          file: fromOrigin.file,
          ...fromOrigin.span,
          key: 'extends',
          message: `base file not found: ${current}`,
          fix: 'check the path; it is relative to the folder of the file that says `extends`',
          severity: 'error',
        });
      } else {
        errors.push({ file: current, line: 1, column: 1, endLine: 1, endColumn: 1, key: '', message: 'file not found', fix: 'check the file name and path', severity: 'error' });
      }
      break;
    }
    seen.push(real);
    files.push(current);
    const parsed = parseYamlFile(current, text);
    errors.push(...parsed.errors);
    warnings.push(...parsed.warnings);
    syntaxErrors += parsed.errors.length;

    let value: Record<string, unknown> = {};
    if (isPlainMap(parsed.value)) value = { ...parsed.value };
    else if (parsed.value !== undefined && parsed.value !== null) {
      const o = parsed.map.find([], current);
      errors.push({
        file: current,
        ...valueSpan(o),
        key: '',
        message: `an experiment file must be a map of keys (like \`data:\`, \`model:\`), not a ${Array.isArray(parsed.value) ? 'list' : typeof parsed.value}`,
        fix: 'start the file with top-level keys such as `data:` and `model:`',
        severity: 'error',
      });
    }

    const ext = value.extends;
    delete value.extends;
    layers.push({ value, map: parsed.map });
    current = undefined;
    if (ext === undefined || ext === null) break;
    const extOrigin = parsed.map.find(['extends'], files[files.length - 1] as string);
    const span = valueSpan(extOrigin);
    const from = files[files.length - 1] as string;
    if (typeof ext !== 'string' || ext.trim() === '') {
      errors.push({
        file: from,
        ...span,
        key: 'extends',
        message: `expected the path of a base file, got ${typeof ext === 'string' ? 'an empty string' : describeValue(ext)}`,
        fix: 'write one relative path, e.g. `extends: ./base.seqlab.yaml`',
        severity: 'error',
      });
      break;
    }
    const resolved = resolveExtendsPath(ext.trim(), from);
    if ('problem' in resolved) {
      errors.push({ file: from, ...span, key: 'extends', message: resolved.problem, fix: resolved.fix, severity: 'error' });
      break;
    }
    fromOrigin = { file: from, span };
    current = resolved.path;
  }

  // Merge base first: the experiment file's own keys win.
  let layer: Layer = { value: {}, map: new SourceMap() };
  for (const l of layers.reverse()) layer = mergeLayers(layer, l);
  return { layer, files, errors, syntaxErrors, warnings };
}
