/**
 * `--set key.path=value` overrides, applied after `extends`. Values are YAML, so they are typed:
 * `3` is a number, `true` a boolean, `null` turns a setting off, `[1, 2]` and `{units: 8}` are flow
 * collections. List items are addressed by index (`model.layers.0.units`); the index just past the end
 * appends an item. A key path the schema does not know is an error that names the override.
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError, FILE_START } from './errors';
import { clone, isPlainMap, Layer } from './merge';
import { experimentSchema, SchemaNode } from './schema';
import { homesOfKey, isFreeFormMap } from './schema-nav';
import { didYouMean } from './suggest';
import { PathSegment } from './source-map';

export interface ParsedOverride {
  text: string;
  path: PathSegment[];
  value: unknown;
}

function overrideError(text: string, file: string, key: string, message: string, fix: string): ConfigError {
  return { file, ...FILE_START, key, message: `--set ${text}: ${message}`, fix, severity: 'error', override: text };
}

/**
 * Splits a dotted key path along the schema: `sweep.model.type` is ["sweep", "model.type"] because
 * sweep keys are themselves key paths. Returns the problem when a segment is not a valid key.
 */
export function resolveKeyPath(
  dottedPath: string,
): { path: PathSegment[]; node: SchemaNode } | { badIndex: number; segments: string[]; problem: string; suggestion?: string } {
  const segments = dottedPath.split('.');
  const out: PathSegment[] = [];
  let node: SchemaNode = experimentSchema;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    if (node.properties && Object.prototype.hasOwnProperty.call(node.properties, seg)) {
      node = node.properties[seg] as SchemaNode;
      out.push(seg);
    } else if (node.items) {
      if (!/^\d+$/.test(seg)) {
        return { badIndex: i, segments, problem: `\`${segments.slice(0, i).join('.')}\` is a list: address an item by its index, e.g. \`${[...segments.slice(0, i), '0', ...segments.slice(i)].join('.')}\`` };
      }
      node = node.items;
      out.push(Number(seg));
    } else if (isFreeFormMap(node)) {
      // The rest of the path is one free-form key (a sweep key is a key path itself).
      out.push(segments.slice(i).join('.'));
      node = node.additionalProperties as SchemaNode;
      break;
    } else {
      const where = segments.slice(0, i).join('.');
      const valid = Object.keys(node.properties ?? {});
      const suggestion = didYouMean(seg, valid);
      const home = homesOfKey(seg)[0];
      const mean = suggestion ? [...segments.slice(0, i), suggestion, ...segments.slice(i + 1)].join('.') : home;
      return {
        badIndex: i,
        segments,
        problem: valid.length
          ? `unknown key \`${seg}\`${where ? ` in \`${where}\`` : ''}${mean ? ` (did you mean \`${mean}\`?)` : ''}`
          : `\`${where}\` is a single value and has no key \`${seg}\``,
        suggestion: mean,
      };
    }
  }
  return { path: out, node };
}

export function applyOverrides(layer: Layer, overrides: readonly string[], file: string): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const text of overrides) {
    const eq = text.indexOf('=');
    const keyText = eq > 0 ? text.slice(0, eq).trim() : '';
    if (!keyText) {
      errors.push(overrideError(text, file, '', 'expected `key.path=value`', 'write e.g. `--set training.epochs=5` or `--set model.layers.0.units=32`'));
      continue;
    }
    if (keyText === 'extends') {
      errors.push(overrideError(text, file, 'extends', '`extends` cannot be overridden', 'edit the file, or set the keys you want directly with --set'));
      continue;
    }
    const resolved = resolveKeyPath(keyText);
    if ('problem' in resolved) {
      const fix = resolved.suggestion ? `use \`--set ${resolved.suggestion}=${text.slice(eq + 1)}\`` : 'check the key path against the experiment file reference (hover a key in the editor)';
      errors.push(overrideError(text, file, keyText, resolved.problem, fix));
      continue;
    }
    let value: unknown;
    try {
      value = parseYaml(text.slice(eq + 1));
    } catch (err) {
      errors.push(overrideError(text, file, keyText, `the value is not valid YAML (${(err as Error).message.split('\n')[0]})`, 'quote strings that contain special characters, e.g. `--set name="a: b"`'));
      continue;
    }
    // On a command line everything is text: where only a string makes sense, `name=123` means "123".
    const types = ([] as string[]).concat(resolved.node.type ?? []);
    if ((typeof value === 'number' || typeof value === 'boolean') && types.includes('string') && !types.some((t) => t === 'number' || t === 'integer' || t === 'boolean')) {
      value = text.slice(eq + 1).trim();
    }
    const problem = setAtPath(layer.value, resolved.path, value);
    if (problem) {
      errors.push(overrideError(text, file, keyText, problem.message, problem.fix));
      continue;
    }
    layer.map.deleteTree(resolved.path);
    layer.map.set(resolved.path, { file, override: text, value: FILE_START });
  }
  return errors;
}

/** Writes `value` at `path`, creating maps on the way (a missing list starts from its schema default). */
function setAtPath(root: Record<string, unknown>, path: PathSegment[], value: unknown): { message: string; fix: string } | undefined {
  let container: Record<string, unknown> | unknown[] = root;
  let node: SchemaNode = experimentSchema;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    const childNode = (typeof seg === 'number' ? node.items : node.properties?.[seg] ?? (node.additionalProperties as SchemaNode)) as SchemaNode;
    if (Array.isArray(container)) {
      const index = seg as number;
      if (index > container.length) {
        const name = path.slice(0, i).join('.');
        return {
          message: `\`${name}\` has ${container.length} item${container.length === 1 ? '' : 's'}; index ${index} is past the end`,
          fix: `use an index from 0 to ${container.length} (${container.length} appends an item)`,
        };
      }
      if (last) container[index] = value;
      else container[index] = nextContainer(container[index], path[i + 1] as PathSegment, childNode);
      container = container[index] as Record<string, unknown> | unknown[];
    } else {
      const key = seg as string;
      if (last) container[key] = value;
      else container[key] = nextContainer(container[key], path[i + 1] as PathSegment, childNode);
      container = container[key] as Record<string, unknown> | unknown[];
    }
    node = childNode;
  }
  return undefined;
}

function nextContainer(existing: unknown, nextSeg: PathSegment, node: SchemaNode): Record<string, unknown> | unknown[] {
  if (typeof nextSeg === 'number') {
    if (Array.isArray(existing)) return existing;
    return Array.isArray(node.default) ? clone(node.default) : [];
  }
  return isPlainMap(existing) ? existing : {};
}
