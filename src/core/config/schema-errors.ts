/**
 * Turns the standalone validator's errors into ConfigErrors a person can act on: at the YAML node the
 * value came from, in plain words, with "did you mean" where a close name exists and a fix every time.
 */
import type { ErrorObject } from 'ajv';
import { ConfigError, dotted, Span } from './errors';
import { EXPECT_FORMS } from './schema';
import { describeValue, homesOfKey, keysAt, schemaAt, typeName } from './schema-nav';
import { keySpan, Origin, PathSegment, SourceMap, valueSpan } from './source-map';
import { didYouMean } from './suggest';

/** "/model/layers/0/units" → ["model", "layers", 0, "units"] (JSON Pointer unescaping). */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step: PathSegment = Array.isArray(cur) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(step);
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(seg)] : undefined;
  return cur;
}

/** A readable example value for a fix: the schema default when it is a real value. */
function exampleFor(path: readonly PathSegment[]): string | undefined {
  const node = schemaAt(path);
  if (!node || node.default === undefined || node.default === null) return undefined;
  if (typeof node.default === 'object' && Object.keys(node.default as object).length === 0) return undefined;
  return JSON.stringify(node.default).replace(/"([A-Za-z_][\w-]*)":/g, '$1: ').replace(/,/g, ', ');
}

interface Located {
  origin: Origin;
  span: Span;
}

function locate(map: SourceMap, path: readonly PathSegment[], file: string, at: 'key' | 'value'): Located {
  const origin = map.find(path, file);
  return { origin, span: at === 'key' ? keySpan(origin) : valueSpan(origin) };
}

function makeError(loc: Located, path: readonly PathSegment[], message: string, fix: string): ConfigError {
  const o = loc.origin;
  // A value from --set is fixed on the command line: show the example in that form.
  if (o.override) {
    const last = String(path[path.length - 1]);
    fix = fix.replace(/`([A-Za-z]\w*): ([^`]+)`/, (all, k: string, v: string) => (k === last ? `\`--set ${dotted(path)}=${v}\`` : all));
  }
  return {
    file: o.file,
    ...loc.span,
    key: dotted(path),
    message: o.override ? `${message} (set by --set ${o.override})` : message,
    fix,
    severity: 'error',
    ...(o.override ? { override: o.override } : {}),
  };
}

export function schemaErrorsToConfigErrors(errors: readonly ErrorObject[], data: unknown, map: SourceMap, file: string): ConfigError[] {
  // A value of the wrong type also fails its enum / range checks: report only the type.
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const out: ConfigError[] = [];
  for (const e of errors) {
    if (e.keyword !== 'type' && typeErrorAt.has(e.instancePath)) continue;
    const path = pointerToPath(e.instancePath, data);
    const value = valueAt(data, path);
    const mapped = mapOne(e, path, value, map, file);
    if (mapped) out.push(mapped);
  }
  return out;
}

function mapOne(e: ErrorObject, path: PathSegment[], value: unknown, map: SourceMap, file: string): ConfigError | undefined {
  const p = e.params as Record<string, unknown>;
  const name = String(path[path.length - 1] ?? 'the file');
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const keyPath = [...path, key];
      const valid = keysAt(path);
      const close = didYouMean(key, valid);
      const home = close ? undefined : homesOfKey(key)[0];
      const where = path.length ? ` in \`${dotted(path)}\`` : '';
      if (path[0] === 'expect' && path.length === 1) {
        return makeError(
          locate(map, keyPath, file, 'key'),
          keyPath,
          `unknown metric \`${key}\`${close ? ` (did you mean \`${close}\`?)` : ''}`,
          close ? `rename it to \`${close}\`` : `use one of the metric names: ${valid.join(', ')}`,
        );
      }
      let message = `unknown key \`${key}\`${where}`;
      let fix: string;
      if (close) {
        message += ` (did you mean \`${close}\`?)`;
        fix = `rename it to \`${close}\``;
      } else if (home) {
        message += ` (\`${key}\` belongs in \`${home}\`)`;
        fix = `move it under \`${home.split('.').slice(0, -1).join('.')}:\``;
      } else {
        fix = valid.length ? `remove it; the keys valid here are: ${valid.join(', ')}` : 'remove it';
      }
      return makeError(locate(map, keyPath, file, 'key'), keyPath, message, fix);
    }
    case 'type': {
      const wanted = ([] as string[]).concat(p.type as string | string[]);
      const expected = wanted.map(typeName).join(' or ');
      const example = exampleFor(path);
      let fix = `write ${expected}${example ? `, e.g. \`${name}: ${example}\`` : ''}`;
      if (value === null) {
        fix = `write ${expected} after \`${name}:\`, or remove the key to use its default${example ? ` (${example})` : ''}`;
      } else if (wanted.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
        fix = `quote it to make it a string: \`${name}: "${String(value)}"\``;
      } else if (wanted.includes('number') || wanted.includes('integer')) {
        if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) fix = `remove the quotes around ${value}`;
        else if (wanted.includes('integer') && typeof value === 'number') fix = `use a whole number such as ${Math.max(1, Math.round(value))}`;
      }
      return makeError(locate(map, path, file, 'value'), path, `expected ${expected}, got ${describeValue(value)}`, fix);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).filter((v) => v !== null).map(String);
      const close = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const list = allowed.map((a) => `\`${a}\``).join(', ');
      return makeError(
        locate(map, path, file, 'value'),
        path,
        `${describeValue(value)} is not one of ${list}${close ? ` (did you mean \`${close}\`?)` : ''}`,
        close ? `use \`${close}\`` : `use one of ${list}`,
      );
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = p.limit as number;
      const words: Record<string, string> = {
        minimum: `at least ${limit}`,
        maximum: `at most ${limit}`,
        exclusiveMinimum: `greater than ${limit}`,
        exclusiveMaximum: `less than ${limit}`,
      };
      const bound = words[e.keyword] as string;
      const example = exampleFor(path);
      const why = name === 'units' ? ': a layer needs a positive number of hidden units' : '';
      return makeError(
        locate(map, path, file, 'value'),
        path,
        `must be ${bound}, got ${String(value)}${why}`,
        `set ${name} to a value ${bound}${example ? ` (the default is ${example})` : ''}`,
      );
    }
    case 'minItems': {
      const example = exampleFor(path);
      return makeError(
        locate(map, path, file, 'value'),
        path,
        `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`,
        example ? `give at least one, e.g. \`${name}: ${example}\`` : 'add at least one item',
      );
    }
    case 'minLength':
      return makeError(locate(map, path, file, 'value'), path, 'must not be empty', `write a value, or remove \`${name}\` to use its default`);
    case 'minProperties':
    case 'maxProperties': {
      const forms = EXPECT_FORMS.map((f) => `\`${f}\``).join(', ');
      const given = value && typeof value === 'object' ? Object.keys(value).map((k) => `\`${k}\``) : [];
      const message =
        e.keyword === 'minProperties'
          ? `an expectation needs exactly one of ${forms}`
          : `an expectation takes exactly one of ${forms}, got ${given.join(' and ')}`;
      return makeError(locate(map, path, file, 'value'), path, message, `write e.g. \`${name}: {belowBaseline: 0.5}\` or \`${name}: {below: 0.01}\`; use two metrics for two rules`);
    }
    default:
      return makeError(locate(map, path, file, 'value'), path, e.message ?? 'invalid value', 'see the key\'s description (hover it in the editor)');
  }
}
