/**
 * Where the cursor is in an experiment file, in key-path terms, and where a key can be added to a
 * section. Pure (the `yaml` parser only), so it is unit-tested in Node. Lines and characters are
 * 0-based here, like the editor's.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

export type Segment = string | number;

function parse(text: string): { doc: ReturnType<typeof parseDocument>; lc: LineCounter } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  return { doc, lc };
}

function mapAt(doc: ReturnType<typeof parseDocument>, path: readonly Segment[]): YAMLMap | undefined {
  const n = path.length ? doc.getIn(path, true) : doc.contents;
  return isMap(n) ? n : undefined;
}

/**
 * The keys already written beside the cursor's line: the block of lines around it at the same
 * indentation (text only, so it works on half-typed files the parser cannot read yet). A list
 * item (`- units: 4`) is one block: its dash line opens it.
 */
export function siblingKeys(lines: readonly string[], line: number): string[] {
  // `- key:` reads as `  key:` (the item's keys line up after the dash).
  const undash = (l: string): string => l.replace(/^(\s*)-(\s+)/, (_m, s: string, sp: string) => `${s} ${sp}`);
  const indentOf = (l: string): number => (/^(\s*)/.exec(l)?.[1] ?? '').length;
  const isItem = (l: string): boolean => /^\s*-\s/.test(l);
  const blank = (l: string): boolean => /^\s*(#.*)?$/.test(l);
  const cur = lines[line] ?? '';
  const indent = indentOf(undash(cur));
  const out: string[] = [];
  const keyOf = (l: string): string | undefined => /^\s*([A-Za-z_][\w.-]*)\s*:/.exec(undash(l))?.[1];
  if (!isItem(cur)) {
    for (let i = line - 1; i >= 0; i--) {
      const l = lines[i] as string;
      if (blank(l)) continue;
      const ind = indentOf(undash(l));
      if (ind < indent) break;
      if (ind > indent) continue;
      const k = keyOf(l);
      if (k) out.push(k);
      if (isItem(l)) break;
    }
  }
  for (let i = line + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (blank(l)) continue;
    const ind = indentOf(undash(l));
    if (ind < indent || (ind === indent && isItem(l))) break;
    if (ind > indent) continue;
    const k = keyOf(l);
    if (k) out.push(k);
  }
  return out;
}

export interface Insertion {
  line: number;
  character: number;
  text: string;
}

/**
 * Where and what to insert to add `key: value` to the map at `section` (a top-level key such as
 * `data`): a new line after its last entry, indented like its entries; inside `{...}` for a flow
 * map; a new section at the end of the file when the section is not there.
 */
export function insertKey(text: string, section: readonly Segment[], key: string, value: string): Insertion | undefined {
  const { doc, lc } = parse(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const map = mapAt(doc, section);
  if (!map) {
    if (section.length !== 1 || doc.getIn(section, true) !== undefined) return undefined;
    const lastLine = lc.lineStarts.length - 1;
    const lastText = text.slice(lc.lineStarts[lastLine] ?? 0);
    const lead = lastText.length ? eol : '';
    return { line: lastLine, character: lastText.length, text: `${lead}${String(section[0])}:${eol}  ${key}: ${value}${eol}` };
  }
  const range = map.range;
  if (!range) return undefined;
  if (map.flow) {
    // Before the closing brace: `{kind: csv}` → `{kind: csv, path: x}`.
    const close = text.lastIndexOf('}', range[1]);
    if (close < range[0]) return undefined;
    const pos = lc.linePos(close);
    const sep = map.items.length ? ', ' : '';
    return { line: pos.line - 1, character: pos.col - 1, text: `${sep}${key}: ${value}` };
  }
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (!first || !isScalar(first.key) || !first.key.range) return undefined;
  const indent = lc.linePos(first.key.range[0]).col - 1;
  const lastNode = (last?.value as Node | null | undefined) ?? (last?.key as Node | undefined);
  const lastEnd = lastNode?.range?.[1] ?? first.key.range[1];
  const endLine = lc.linePos(Math.max(0, lastEnd - 1)).line - 1;
  const nextLineStart = lc.lineStarts[endLine + 1];
  const line = ' '.repeat(indent) + `${key}: ${value}`;
  if (nextLineStart === undefined) {
    const lineText = text.slice(lc.lineStarts[endLine] ?? 0);
    return { line: endLine, character: lineText.length, text: `${eol}${line}` };
  }
  return { line: endLine + 1, character: 0, text: `${line}${eol}` };
}
