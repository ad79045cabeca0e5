/**
 * "Promote best to config": write a sweep point's values (e.g. `model.type: lstm`,
 * `training.optimizer.learningRate: 0.003`) into the experiment YAML as a reviewable edit.
 *
 * The file is edited as TEXT at the positions the `yaml` parser reports for each value, never
 * re-serialised: only the lines of the promoted keys change, and every comment, blank line, quote
 * style and key order elsewhere stays as the user wrote it (a unit test diffs the file). A value
 * that the file sets is replaced in place (its trailing comment kept); a key the file does not set
 * (it came from `extends:` or a default) is added to the nearest map that exists, in that map's
 * style (block: a new indented line; flow: `, key: value` before the `}`).
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, stringify, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export interface PromoteChange {
  key: string;
  /** The value the file set before (undefined when the key was added). */
  from?: unknown;
  to: unknown;
  /** 1-based line of the value after the edit. */
  line: number;
  added: boolean;
}

export type PromoteResult =
  | { ok: true; text: string; changes: PromoteChange[]; unchanged: string[] }
  | { ok: false; key: string; message: string; fix?: string };

/** A text replacement on the ORIGINAL text (for editors: one WorkspaceEdit entry each). */
export interface TextHunk {
  /** 0-based first line replaced and how many lines (0 = pure insertion before `startLine`). */
  startLine: number;
  deleteCount: number;
  lines: string[];
}

/**
 * Writes `values` (dotted key path → value) into the YAML text. Keys are applied one after another
 * on the updated text; values equal to what the file already says are left alone (`unchanged`).
 */
export function promoteValues(text: string, values: Record<string, unknown>): PromoteResult {
  let current = text;
  const changes: Array<Omit<PromoteChange, 'line'>> = [];
  const unchanged: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const doc = parseDocument(current, { keepSourceTokens: false });
    if (doc.errors.length) {
      return { ok: false, key, message: `the file is not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? 'parse error'})`, fix: 'fix the syntax error first' };
    }
    const step = applyOne(current, doc, key, value);
    if ('message' in step) return { ok: false, key, message: step.message, ...(step.fix ? { fix: step.fix } : {}) };
    if (step.text === current) {
      unchanged.push(key);
      continue;
    }
    current = step.text;
    changes.push({ key, ...(step.added ? {} : { from: step.from }), to: value, added: step.added });
  }
  // Verify on the final text: every promoted key reads back as its value.
  const final = parseDocument(current);
  if (final.errors.length) return { ok: false, key: changes.at(-1)?.key ?? '', message: 'the edit would make the file invalid YAML (please report this)' };
  const located: PromoteChange[] = [];
  for (const c of changes) {
    const segs = splitPath(c.key);
    const got = final.getIn(segs);
    if (!sameValue(toPlain(got), c.to)) return { ok: false, key: c.key, message: `after the edit ${c.key} reads ${JSON.stringify(toPlain(got))}, not ${JSON.stringify(c.to)} (please report this)` };
    const node = final.getIn(segs, true) as Node | undefined;
    located.push({ ...c, line: node?.range ? lineOf(current, node.range[0]) : 0 });
  }
  return { ok: true, text: current, changes: located, unchanged };
}

type Step = { text: string; from?: unknown; added: boolean } | { message: string; fix?: string };

function applyOne(text: string, doc: Document, key: string, value: unknown): Step {
  const segs = splitPath(key);
  if (!isMap(doc.contents)) return { message: 'the file has no top-level map of keys' };
  let parent: YAMLMap | Node = doc.contents;
  let depth = 0;
  let pair: Pair | undefined;
  let node: Node | undefined = doc.contents;
  for (; depth < segs.length; depth++) {
    const seg = segs[depth] as string | number;
    if (isMap(node)) {
      pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg)) as Pair | undefined;
      parent = node;
      if (!pair) break;
      node = (pair.value ?? undefined) as Node | undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      parent = node;
      if (seg >= node.items.length) return { message: `${segs.slice(0, depth).join('.')} has no item ${seg}`, fix: 'add the list item by hand, then promote again' };
      pair = undefined;
      node = node.items[seg] as Node | undefined;
    } else {
      return { message: `${segs.slice(0, depth).join('.') || 'the file'} is not a map, so ${key} cannot be set in it`, fix: 'edit the file by hand' };
    }
  }
  if (depth === segs.length) return replaceValue(text, node, pair, value);
  if (!isMap(parent)) return { message: `cannot add ${key} to a list`, fix: 'edit the file by hand' };
  return insertKey(text, parent, segs.slice(depth), value);
}

/** The key exists: replace its value's text (a block collection value is replaced from the `:`). */
function replaceValue(text: string, node: Node | undefined, pair: Pair | undefined, value: unknown): Step {
  const from = toPlain(node);
  if (sameValue(from, value)) return { text, from, added: false };
  const flow = flowText(value);
  if (node?.range && (isScalar(node) || (node as { flow?: boolean }).flow)) {
    if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
      return spliceAfterColon(text, pair, node, flow, from);
    }
    return { text: text.slice(0, node.range[0]) + flow + keepCommentColumn(text.slice(node.range[1]), flow.length - (node.range[1] - node.range[0])), from, added: false };
  }
  // `key:` with no value, or a block map / list under the key: rewrite from after the colon.
  return spliceAfterColon(text, pair, node, flow, from);
}

function spliceAfterColon(text: string, pair: Pair | undefined, node: Node | undefined, flow: string, from: unknown): Step {
  const keyNode = pair?.key as Node | undefined;
  if (!keyNode?.range) return { message: 'cannot find the key in the file text', fix: 'edit the file by hand' };
  const colon = text.indexOf(':', keyNode.range[1]);
  if (colon < 0) return { message: 'cannot find the `:` after the key', fix: 'edit the file by hand' };
  // End of the old value: the end of its content (not the trailing blank lines/comments after it).
  let end = node?.range ? node.range[1] : lineEnd(text, colon);
  while (end > colon + 1 && /\s/.test(text[end - 1] as string)) end--;
  const rest = text.slice(end);
  return { text: `${text.slice(0, colon + 1)} ${flow}${rest.startsWith('\n') || rest === '' ? '' : '\n'}${rest}`, from, added: false };
}

/** The key is missing: add it (and any missing maps on its path) to the deepest map that exists. */
function insertKey(text: string, map: YAMLMap, rest: Array<string | number>, value: unknown): Step {
  if (rest.some((s) => typeof s === 'number')) return { message: `cannot create the list item ${rest.join('.')}`, fix: 'add it by hand, then promote again' };
  const names = rest as string[];
  if (map.flow) {
    if (!map.range) return { message: 'cannot find the map in the file text', fix: 'edit the file by hand' };
    const close = text.lastIndexOf('}', map.range[1]);
    if (close < map.range[0]) return { message: 'cannot find the end of the `{...}` map', fix: 'edit the file by hand' };
    const nested = names.slice(1).reduceRight<unknown>((v, k) => ({ [k]: v }), value);
    const entry = `${names[0] as string}: ${flowText(nested)}`;
    const before = text.slice(map.range[0] + 1, close).trim();
    const pad = text[close - 1] === ' ' ? ' ' : '';
    return { text: `${text.slice(0, close).replace(/\s*$/, '')}${before ? ', ' : ''}${entry}${pad}${text.slice(close)}`, added: true };
  }
  const first = map.items[0];
  const last = map.items.at(-1);
  const firstKey = first?.key as Node | undefined;
  if (!firstKey?.range || !last) return { message: 'cannot add a key to an empty map', fix: 'write the key by hand' };
  const indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
  // After the last line of the map's last entry (its value's content, not trailing comments).
  const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range)?.[1] ?? map.range?.[1] ?? text.length;
  let end = lastEnd;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  const at = lineEnd(text, end);
  const lines = names.map((k, i) => `${' '.repeat(indent + 2 * i)}${k}:${i === names.length - 1 ? ` ${flowText(value)}` : ''}`);
  const insertion = `\n${lines.join('\n')}`;
  return { text: text.slice(0, at) + insertion + text.slice(at), added: true };
}

/**
 * The text after a replaced value: when a `# comment` follows on the same line, its spaces are
 * adjusted by `grow` (at least one kept) so aligned comments stay in their column.
 */
function keepCommentColumn(after: string, grow: number): string {
  const m = /^( +)#/.exec(after);
  if (!m || grow === 0) return after;
  const spaces = Math.max(1, (m[1] as string).length - grow);
  return ' '.repeat(spaces) + after.slice((m[1] as string).length);
}

/** A value as one-line YAML: flow collections, strings quoted only when YAML needs it. */
export function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}

/** `model.layers.0.units` → ['model', 'layers', 0, 'units'] (numeric segments index lists). */
export function splitPath(key: string): Array<string | number> {
  return key.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function keyText(k: unknown): string {
  return isScalar(k) ? String(k.value) : String(k);
}

function toPlain(node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJSON' in node && typeof (node as { toJSON: unknown }).toJSON === 'function') return (node as { toJSON(): unknown }).toJSON();
  return node;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line hunks that turn `before` into `after` (a longest-common-subsequence line diff), so an
 * editor can apply just the changed lines and a test can assert which lines changed.
 */
export function lineHunks(before: string, after: string): TextHunk[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common prefix and suffix first: the LCS table then covers only the changed middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const hunks: TextHunk[] = [];
  let i = 0;
  let j = 0;
  let open: TextHunk | undefined;
  const close = (): void => {
    if (open) hunks.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      close();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      open ??= { startLine: pre + i, deleteCount: 0, lines: [] };
      open.lines.push(bm[j] as string);
      j++;
    } else {
      open ??= { startLine: pre + i, deleteCount: 0, lines: [] };
      open.deleteCount++;
      i++;
    }
  }
  close();
  return hunks;
}
