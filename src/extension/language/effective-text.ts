/**
 * The text of the "Effective config" view: the resolved experiment (after `extends`, every default
 * filled in) as YAML, each value annotated with where it came from — the file that set it, or
 * `default`. Pure: the source of each key comes in as a function, so this is unit-tested in Node.
 */
import * as path from 'path';
import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourceMap } from '../../core/config/source-map';

export type Segment = string | number;
/** The file that wrote a key (or an enclosing list/map), an override, or undefined for a default. */
export type OriginOf = (segments: readonly Segment[]) => { file: string; override?: string } | undefined;

export function effectiveConfigText(config: object, files: readonly string[], originOf: OriginOf): string {
  const top = files[0] ?? '';
  const label = (segments: readonly Segment[]): string => {
    const o = originOf(segments);
    if (!o) return 'default';
    if (o.override) return `--set ${o.override}`;
    const rel = path.relative(path.dirname(top), o.file) || path.basename(o.file);
    return rel.startsWith('..') && path.isAbsolute(o.file) ? o.file : rel;
  };
  const doc = new Document(config);
  const annotate = (node: unknown, at: Segment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const segs = [...at, String(pair.key.value)];
        const v = pair.value as Node | null;
        if (isMap(v) && v.items.length) annotate(v, segs);
        else if (isSeq(v) && v.items.some((i) => isMap(i))) {
          // A list of maps (model.layers): one note on the list, then its items' keys.
          pair.key.comment = ` ${label(segs)}`;
          v.items.forEach((item, i) => annotate(item, [...segs, i]));
        } else if (v) {
          if (isSeq(v) || isMap(v)) v.flow = true;
          v.comment = ` ${label(segs)}`;
        }
      }
    }
  };
  annotate(doc.contents, []);
  const chain = files.map((f, i) => (i === 0 ? path.basename(f) : path.relative(path.dirname(top), f))).join(' ← ');
  const head = [
    '# Effective config (read-only): what Sequence Lab trains for this file.',
    `# ${chain}`,
    '# Each value says where it comes from: the file that set it, or `default` (the documented default).',
    '',
  ].join('\n');
  return head + doc.toString({ lineWidth: 0 });
}

/**
 * Where a value came from: written at that path, else (list items) where the whole list was
 * written; a key no file wrote is a default even when its section was written.
 */
export function originFrom(map: SourceMap): OriginOf {
  return (segments) => {
    const exact = map.exact(segments);
    const firstIndex = segments.findIndex((s) => typeof s === 'number');
    const o = exact ?? (firstIndex > 0 ? map.exact(segments.slice(0, firstIndex)) : undefined);
    return o ? { file: o.file, ...(o.override ? { override: o.override } : {}) } : undefined;
  };
}
