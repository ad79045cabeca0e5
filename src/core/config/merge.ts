/**
 * `extends` merging: maps merge key by key, everything else (lists, scalars, null) replaces what the
 * base had. The source map follows the values, so every error points at the file that set the value.
 */
import { PathSegment, SourceMap } from './source-map';

export interface Layer {
  value: Record<string, unknown>;
  map: SourceMap;
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of plain data (YAML values and schema defaults have no cycles once aliases are resolved). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Merges `over` onto `base` (neither is modified). */
export function mergeLayers(base: Layer, over: Layer): Layer {
  const map = new SourceMap();
  map.copyTree(base.map, []);
  const value = mergeInto(clone(base.value), over.value, [], over.map, map);
  return { value, map };
}

function mergeInto(
  target: Record<string, unknown>,
  over: Record<string, unknown>,
  at: PathSegment[],
  overMap: SourceMap,
  map: SourceMap,
): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    const path = [...at, k];
    const existing = target[k];
    const keyOrigin = overMap.exact(path);
    if (isPlainMap(v) && isPlainMap(existing)) {
      if (keyOrigin) map.set(path, keyOrigin);
      target[k] = mergeInto(existing, v, path, overMap, map);
    } else {
      map.deleteTree(path);
      map.copyTree(overMap, path);
      target[k] = clone(v);
    }
  }
  return target;
}
