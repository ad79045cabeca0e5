/**
 * Hovers and completions for experiment files, from the schema, as plain functions of the text and a
 * 1-based position: the extension maps them to VS Code providers, tests call them directly. Hovers
 * teach (the schema's descriptions), so hovering `lstm` explains its gates.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { Span } from './errors';
import { resolveKeyPath } from './overrides';
import { SchemaNode } from './schema';
import { isFreeFormMap, schemaAt } from './schema-nav';
import { PathSegment } from './source-map';

export interface Hover {
  /** Dotted key path of the hovered key or value. */
  key: string;
  markdown: string;
  span: Span;
}

export interface Completion {
  label: string;
  kind: 'key' | 'value';
  markdown: string;
  /** The schema default, for a detail line or the inserted value. */
  default?: unknown;
  /** For keys: whether the value is a map (insert a newline) or a scalar/list. */
  valueType?: string;
}

function yamlText(v: unknown): string {
  return JSON.stringify(v).replace(/"([A-Za-z_][\w-]*)":/g, '$1: ').replace(/,/g, ', ');
}

/** The hover text of a key: its description and its default. */
function describeKey(path: readonly PathSegment[], node: SchemaNode): string {
  const parts = [`**${path.filter((p) => typeof p === 'string').join('.')}**`, node.markdownDescription];
  if (node.default !== undefined) parts.push(`Default: \`${yamlText(node.default)}\``);
  if (node.enum) {
    const values = node.enum.map((v, i) => `- \`${String(v)}\`: ${firstSentence(node.markdownEnumDescriptions?.[i] ?? '')}`);
    parts.push(values.join('\n'));
  }
  return parts.join('\n\n');
}

function firstSentence(md: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(md);
  return (m ? (m[1] as string) : md).replace(/\n/g, ' ');
}

/** The schema of a key path, reading sweep keys (`sweep: {model.type: [...]}`) as the keys they name. */
function schemaFor(path: readonly PathSegment[]): { node: SchemaNode; path: PathSegment[] } | undefined {
  if (path[0] === 'sweep' && typeof path[1] === 'string') {
    const r = resolveKeyPath(path[1]);
    if ('problem' in r) return undefined;
    // A sweep value (sweep.<key>.<i>) is a value of the swept key.
    return { node: r.node, path: r.path };
  }
  const node = schemaAt(path);
  return node ? { node, path: [...path] } : undefined;
}

export function hoverAt(text: string, line: number, column: number): Hover | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const offset = (lc.lineStarts[line - 1] ?? text.length) + column - 1;
  const span = (n: Node): Span => {
    const r = n.range ?? [0, 0, 0];
    const a = lc.linePos(r[0]);
    const b = lc.linePos(r[1]);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const inside = (n: unknown): n is Node => !!n && !!(n as Node).range && (n as Node).range![0] <= offset && offset <= (n as Node).range![1];

  let node: unknown = doc.contents;
  const path: PathSegment[] = [];
  for (let depth = 0; depth < 20 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (inside(p.key) || inside(p.value)));
      if (!pair) return undefined;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      path.push(key);
      if (inside(pair.key)) {
        const found = schemaFor(path);
        if (!found) return undefined;
        // A sweep key shows the description of the key it sweeps.
        return { key: path.join('.'), markdown: describeKey(found.path, found.node), span: span(pair.key as Node) };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => inside(item));
      if (index < 0) return undefined;
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node)) {
      const found = schemaFor(path[0] === 'sweep' ? path.slice(0, 2) : path);
      if (!found) return undefined;
      const i = found.node.enum?.indexOf(node.value) ?? -1;
      const valueDoc = i >= 0 ? found.node.markdownEnumDescriptions?.[i] : undefined;
      const markdown = valueDoc ? `**${String(node.value)}**: ${valueDoc}\n\n---\n\n${describeKey(found.path, found.node)}` : describeKey(found.path, found.node);
      return { key: path.join('.'), markdown, span: span(node) };
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Completions at a position, from the lines above (indentation), so they work on half-typed files:
 * on a key position the keys of the enclosing map; after `key: ` the values of an enum or boolean.
 */
export function completionsAt(text: string, line: number, column: number): Completion[] {
  const lines = text.split(/\r?\n/);
  const before = (lines[line - 1] ?? '').slice(0, column - 1);
  const parent = enclosingPath(lines.slice(0, line - 1), before);
  if (!parent) return [];

  const valueCtx = /^(\s*)(?:-\s+)?([A-Za-z_][\w.-]*):\s+([^#{}[\]]*)$/.exec(before);
  if (valueCtx) {
    const found = schemaFor([...parent.path, ...(parent.listItem ? [0] : []), valueCtx[2] as string]);
    if (!found) return [];
    const n = found.node;
    const values: unknown[] = n.enum ?? ((([] as string[]).concat(n.type ?? []).includes('boolean') ? [true, false] : []) as unknown[]);
    return values
      .filter((v) => v !== null)
      .map((v) => {
        const i = n.enum?.indexOf(v) ?? -1;
        return { label: String(v), kind: 'value' as const, markdown: (i >= 0 ? n.markdownEnumDescriptions?.[i] : undefined) ?? n.markdownDescription, default: n.default };
      });
  }
  if (!/^\s*(?:-\s+)?[A-Za-z_.-]*$/.test(before)) return [];
  const mapNode = parent.path.length ? schemaAt(parent.path) : schemaAt([]);
  if (!mapNode) return [];
  const target = mapNode.items && parent.listItem ? mapNode.items : mapNode;
  if (isFreeFormMap(target)) return [];
  return Object.entries(target.properties ?? {}).map(([label, n]) => ({
    label,
    kind: 'key' as const,
    markdown: n.markdownDescription,
    default: n.default,
    valueType: ([] as string[]).concat(n.type ?? []).filter((t) => t !== 'null')[0],
  }));
}

/** The key path of the map a line belongs to, from the indentation of the lines above it. */
function enclosingPath(above: string[], current: string): { path: PathSegment[]; listItem: boolean } | undefined {
  const stack: Array<{ indent: number; key: string }> = [];
  const indentOf = (l: string): number => (/^(\s*)/.exec(l)?.[1] ?? '').length;
  for (const raw of above) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const m = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*|"[^"]*"|'[^']*'):(\s*(#.*)?)$/.exec(raw);
    const indent = indentOf(raw);
    while (stack.length && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    if (m) stack.push({ indent: indent + (m[2]?.length ?? 0), key: (m[3] as string).replace(/^["']|["']$/g, '') });
  }
  const dash = /^(\s*)-\s+/.exec(current);
  const indent = indentOf(current);
  while (stack.length && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
  const path: PathSegment[] = [];
  for (const s of stack) {
    path.push(s.key);
    // Inside a list (e.g. `layers:` then `- units: 8`), the items share one schema.
    if (schemaAt(path)?.items) path.push(0);
  }
  const listItem = !!dash && path.length > 0 && typeof path[path.length - 1] === 'number';
  if (listItem) path.pop();
  return { path, listItem };
}
