/**
 * Which of a file's problems are "schema level" (YAML syntax, unknown keys, wrong types, values out
 * of range): the ones the Red Hat YAML extension also reports from our contributed JSON schema.
 * When it is active we publish only the others (extends, semantic and data checks), so nothing is
 * squiggled twice. Done by running the same precompiled validator the loader runs.
 */
import { clone, isPlainMap } from '../../core/config/merge';
import type { ConfigError } from '../../core/config';
import { loadChain, type ReadFile } from '../../core/config/extends';
import { experimentSchema, type SchemaNode } from '../../core/config/schema';
import { schemaErrorsToConfigErrors } from '../../core/config/schema-errors';
import validateSchema from '../../core/config/validate-schema.generated';

const signature = (e: ConfigError): string => `${e.file}\u0001${e.line}:${e.column}\u0001${e.key}\u0001${e.message}`;

/** `data:` with everything commented out is null: the loader reads it as "all defaults" too. */
function nullSectionsToDefaults(value: Record<string, unknown>, node: SchemaNode = experimentSchema): void {
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    const v = value[k];
    if (v === null && child.type === 'object') delete value[k];
    else if (isPlainMap(v)) nullSectionsToDefaults(v, child);
  }
}

export function schemaLevelSignatures(file: string, readFile?: ReadFile): Set<string> {
  const chain = loadChain(file, readFile);
  const out = new Set<string>();
  const merged = clone(chain.layer.value);
  nullSectionsToDefaults(merged);
  if (!validateSchema(merged)) {
    for (const e of schemaErrorsToConfigErrors(validateSchema.errors ?? [], merged, chain.layer.map, file)) out.add(signature(e));
  }
  return out;
}

/** The problems a YAML language server with our schema would not report. */
export function semanticOnly(errors: ConfigError[], file: string, readFile?: ReadFile): ConfigError[] {
  const schemaLevel = schemaLevelSignatures(file, readFile);
  // key '' = a YAML syntax error, which every YAML extension reports.
  return errors.filter((e) => e.key !== '' && !schemaLevel.has(signature(e)));
}
