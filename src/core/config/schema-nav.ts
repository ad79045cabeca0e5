/** Finding one's way in the schema: the node at a key path, the keys valid there, where a key lives. */
import { experimentSchema, SchemaNode } from './schema';
import { PathSegment } from './source-map';

/** A map whose keys are free-form (only `sweep`: keys are dotted key paths). */
export function isFreeFormMap(node: SchemaNode): boolean {
  return !node.properties && typeof node.additionalProperties === 'object';
}

/** The schema node describing the value at a key path, or undefined when the path is not a valid key. */
export function schemaAt(segments: readonly PathSegment[], root: SchemaNode = experimentSchema): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of segments) {
    if (!node) return undefined;
    if (node.properties && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(node.properties, seg)) {
      node = node.properties[seg];
    } else if (node.items && /^\d+$/.test(String(seg))) {
      node = node.items;
    } else if (typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
    } else {
      return undefined;
    }
  }
  return node;
}

/** The key names valid in the map at a path. */
export function keysAt(segments: readonly PathSegment[]): string[] {
  return Object.keys(schemaAt(segments)?.properties ?? {});
}

/** Every named key path of the schema (list items as `0`): e.g. "training.epochs". */
export function allKeyPaths(node: SchemaNode = experimentSchema, at: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    out.push([...at, k]);
    out.push(...allKeyPaths(child, [...at, k]));
  }
  if (node.items) out.push(...allKeyPaths(node.items, [...at, '0']));
  return out;
}

/** Where else a key of this name is valid, e.g. `epochs` → ["training.epochs"]. */
export function homesOfKey(name: string): string[] {
  return allKeyPaths()
    .filter((p) => p[p.length - 1] === name && !p.includes('expect'))
    .map((p) => p.join('.'));
}

/** Human name of a schema type for messages ("a whole number", "a list"...). */
export function typeName(type: string): string {
  switch (type) {
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a map of keys';
    case 'array':
      return 'a list';
    case 'null':
      return 'null (off)';
    default:
      return type;
  }
}

/** Human name of a value's type ("a string (`abc`)"). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string \`${v.length > 30 ? `${v.slice(0, 27)}...` : v}\``;
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the number ${v}`;
  return `\`${String(v)}\``;
}
