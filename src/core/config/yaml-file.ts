/**
 * One experiment file parsed with positions: its plain value, the origin of every key path, and its
 * YAML syntax problems as ConfigErrors (tabs, duplicate keys, bad indentation, unclosed brackets...).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, Document } from 'yaml';
import { ConfigError, Span } from './errors';
import { PathSegment, SourceMap } from './source-map';
import { findUnclosed, openerOf } from './unclosed';

export interface ParsedFile {
  file: string;
  /** The document as plain data (undefined for an empty file). */
  value: unknown;
  map: SourceMap;
  /** YAML syntax errors; when there are any, `value` may be a best guess. */
  errors: ConfigError[];
  warnings: ConfigError[];
}

/** Plain-language advice per yaml error code (the library's message says what, this says how). */
const SYNTAX_FIXES: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces (two per level); YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'keep one of the two keys; a key may appear only once in a map',
  BAD_INDENT: 'line the key up with the other keys of its map, and close any open `[` or `{`',
  MISSING_CHAR: 'add the missing character (a closing `]`, `}` or quote, or the `:` after a key)',
  MULTIPLE_DOCS: 'keep one YAML document per experiment file (remove the extra `---`)',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested map on its own indented lines, or quote a value that contains `: `',
  MULTILINE_IMPLICIT_KEY: 'keep a key and its `:` on one line, or quote the value',
  UNEXPECTED_TOKEN: 'check the punctuation on this line (quotes, brackets, a `-` or `:` out of place)',
  DUPLICATE_ANCHOR: 'give each `&anchor` a unique name',
  BAD_ALIAS: 'define the `&anchor` before using it as `*alias`',
};

function spanOf(lc: LineCounter, start: number, end: number): Span {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const toError = (severity: 'error' | 'warning') => (e: { code: string; message: string; pos: [number, number] }): ConfigError => {
    const message = e.message.split('\n')[0] as string;
    const opener = openerOf(message);
    const openedAt = opener ? findUnclosed(text, e.pos[0], opener) : undefined;
    if (opener && openedAt !== undefined) {
      // Point at the `[`, `{` or quote that was never closed, not where the parser gave up.
      const closer = opener === '[' ? ']' : opener === '{' ? '}' : opener;
      return {
        file,
        ...spanOf(lc, openedAt, openedAt + 1),
        key: '',
        message: `YAML: this \`${opener}\` is never closed (${message})`,
        fix: `close it with \`${closer}\` before the end of the value`,
        severity,
      };
    }
    return {
      file,
      ...spanOf(lc, e.pos[0], e.pos[1]),
      key: '',
      message: `YAML: ${message}`,
      fix: SYNTAX_FIXES[e.code] ?? 'check the YAML syntax on this line',
      severity,
    };
  };
  const errors = firstSyntaxErrors(doc.errors.map(toError('error')), file);
  const warnings = doc.warnings.map(toError('warning'));
  const map = new SourceMap();
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // e.g. an alias bomb or an alias to a missing anchor: report it, keep going with nothing.
    errors.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, key: '', message: `YAML: ${(err as Error).message}`, fix: 'check the anchors (&) and aliases (*) of this file', severity: 'error' });
    value = undefined;
  }
  if (doc.contents) collectOrigins(doc, doc.contents, [], { file, value: rangeSpan(lc, doc.contents) }, lc, map, 0);
  return { file, value, map, errors, warnings };
}

/** One syntax mistake often confuses the parser for the rest of the file; more than this is noise. */
export const MAX_SYNTAX_ERRORS = 5;

/** The first syntax error of each line, at most MAX_SYNTAX_ERRORS, and a note when some were left out. */
function firstSyntaxErrors(all: ConfigError[], file: string): ConfigError[] {
  const kept: ConfigError[] = [];
  const lines = new Set<number>();
  for (const e of all) {
    if (lines.has(e.line)) continue;
    lines.add(e.line);
    kept.push(e);
  }
  if (kept.length <= MAX_SYNTAX_ERRORS) return kept;
  const last = kept[MAX_SYNTAX_ERRORS - 1] as ConfigError;
  return [
    ...kept.slice(0, MAX_SYNTAX_ERRORS),
    {
      file,
      line: last.line,
      column: last.column,
      endLine: last.endLine,
      endColumn: last.endColumn,
      key: '',
      message: `YAML: ${kept.length - MAX_SYNTAX_ERRORS} more lines with syntax errors after this one (often all caused by the first)`,
      fix: 'fix the first error above, then validate again',
      severity: 'error',
    },
  ];
}

function rangeSpan(lc: LineCounter, node: Node): Span {
  const r = node.range ?? [0, 0, 0];
  return spanOf(lc, r[0], r[1]);
}

function collectOrigins(
  doc: Document,
  node: unknown,
  at: PathSegment[],
  origin: { file: string; key?: Span; value: Span },
  lc: LineCounter,
  map: SourceMap,
  depth: number,
): void {
  map.set(at, origin);
  if (depth > 50) return; // a self-referencing alias; toJS has already refused it
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    for (const pair of target.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyName = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keySpan = keyNode ? rangeSpan(lc, keyNode) : origin.value;
      const valueNode = pair.value as Node | null;
      // `key:` with nothing after it: point at the key.
      const vSpan = valueNode && valueNode.range && valueNode.range[1] > valueNode.range[0] ? rangeSpan(lc, valueNode) : keySpan;
      collectOrigins(doc, valueNode, [...at, keyName], { file: origin.file, key: keySpan, value: vSpan }, lc, map, depth + 1);
    }
  } else if (isSeq(target)) {
    target.items.forEach((item, i) => {
      const span = item && (item as Node).range ? rangeSpan(lc, item as Node) : origin.value;
      collectOrigins(doc, item, [...at, i], { file: origin.file, value: span }, lc, map, depth + 1);
    });
  }
}
