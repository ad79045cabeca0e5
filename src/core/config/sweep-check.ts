/**
 * `sweep:` keys are key paths and their values are settings, so both are checked like `--set`
 * overrides: an unknown path is an error at the sweep key, a bad value an error at that list item.
 */
import { ConfigError, dotted } from './errors';
import { clone, isPlainMap } from './merge';
import { resolveKeyPath } from './overrides';
import { schemaErrorsToConfigErrors } from './schema-errors';
import { keySpan, PathSegment, SourceMap } from './source-map';
import validateSchema from './validate-schema.generated';

export function checkSweep(merged: Record<string, unknown>, map: SourceMap, file: string): ConfigError[] {
  const sweep = merged.sweep;
  if (!isPlainMap(sweep)) return [];
  const out: ConfigError[] = [];
  for (const [key, values] of Object.entries(sweep)) {
    const keyOrigin = map.find(['sweep', key], file);
    const resolved = resolveKeyPath(key);
    const bad = 'problem' in resolved ? resolved.problem : ['sweep', 'extends', 'name'].includes(key.split('.')[0] as string) ? `\`${key}\` cannot be swept` : undefined;
    if (bad || 'problem' in resolved) {
      out.push({
        file: keyOrigin.file,
        ...keySpan(keyOrigin),
        key: `sweep.${key}`,
        message: bad as string,
        fix: 'problem' in resolved && resolved.suggestion ? `rename it to \`${resolved.suggestion}\`` : 'use the dotted path of a setting, e.g. `model.type` or `training.optimizer.learningRate`',
        severity: 'error',
      });
      continue;
    }
    if (!Array.isArray(values)) continue; // the schema has reported it
    values.forEach((v, i) => {
      const trial = clone(merged);
      delete trial.sweep;
      if (!setPath(trial, resolved.path, v)) return;
      if (validateSchema(trial)) return;
      // Errors in this value are reported at the list item; the rest of the file was checked already.
      const itemMap = new SourceMap();
      itemMap.set(resolved.path, map.find(['sweep', key, i], file));
      const inValue = (validateSchema.errors ?? []).filter((e) => e.instancePath === pointer(resolved.path) || e.instancePath.startsWith(`${pointer(resolved.path)}/`));
      for (const e of schemaErrorsToConfigErrors(inValue, trial, itemMap, file)) {
        out.push({ ...e, key: `sweep.${key}`, message: `value ${i + 1} for ${dotted(resolved.path)}: ${e.message}` });
      }
    });
  }
  return out;
}

function pointer(path: readonly PathSegment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Sets a value at a path of maps (creating them); false when a list index does not exist. */
function setPath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): boolean {
  let cur: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    if (Array.isArray(cur)) {
      if (typeof seg !== 'number' || seg >= cur.length + (last ? 1 : 0)) return false;
      if (last) cur[seg] = value;
      else cur = (cur[seg] ?? (cur[seg] = {})) as Record<string, unknown> | unknown[];
    } else {
      const k = String(seg);
      if (last) cur[k] = value;
      else {
        const next: unknown = cur[k];
        cur = (isPlainMap(next) || Array.isArray(next) ? next : (cur[k] = typeof path[i + 1] === 'number' ? [] : {})) as Record<string, unknown> | unknown[];
      }
    }
  }
  return true;
}
