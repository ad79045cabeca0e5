/**
 * Experiment files: `loadExperiment` reads a `*.seqlab.yaml` (and the files it `extends`), applies
 * `--set` overrides, validates against the schema with the precompiled validator, checks what the
 * schema cannot express, and fills every default. All problems come back at once, each with its
 * file, line, key and a fix. No tfjs, no vscode: the extension host calls this on every keystroke.
 */
import * as path from 'path';
import { stringify as toYaml } from 'yaml';
import { buildConfig } from './defaults';
import { ConfigError, sortErrors } from './errors';
import { loadChain, ReadFile } from './extends';
import { applyOverrides } from './overrides';
import { pointerToPath, schemaErrorsToConfigErrors } from './schema-errors';
import { clone, isPlainMap } from './merge';
import { experimentSchema, type SchemaNode } from './schema';
import type { PathSegment } from './source-map';
import { semanticChecks } from './semantic';
import { checkSweep } from './sweep-check';
import type { ExperimentConfig } from './types';
import validateSchema from './validate-schema.generated';

export type { ConfigError, Span } from './errors';
export { formatConfigError, displayPath } from './errors';
export type { ExperimentConfig } from './types';
export { experimentSchema, METRIC_NAMES, EXPECT_FORMS, FILE_KINDS, SERIES_KINDS, TOY_KINDS } from './schema';
export { resolveKeyPath } from './overrides';
export { schemaAt, keysAt } from './schema-nav';
export { hoverAt, completionsAt, type Hover, type Completion } from './editor-help';

export interface LoadOptions {
  /** `--set` overrides, "key.path=value", applied in order after `extends`. */
  overrides?: string[];
  /** Reads a file's text (editor buffers); undefined falls back to the disk. */
  readFile?: ReadFile;
  /** Base of relative paths given in overrides and of `file` itself (default: process.cwd()). */
  cwd?: string;
}

export type LoadResult =
  | { ok: true; config: ExperimentConfig; file: string; files: string[]; resolvedYaml: string; warnings: ConfigError[] }
  /** `errors` holds the errors first, then any warnings (severity 'warning'). */
  | { ok: false; file: string; errors: ConfigError[] };

export function loadExperiment(file: string, opts: LoadOptions = {}): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const abs = path.resolve(cwd, file);
  const chain = loadChain(abs, opts.readFile);
  const errors = [...chain.errors];
  const warnings = [...chain.warnings];
  const fail = (): LoadResult => ({ ok: false, file: abs, errors: sortErrors([...errors, ...warnings]) });

  const overrides = opts.overrides ?? [];
  errors.push(...applyOverrides(chain.layer, overrides, abs));
  // After a YAML syntax error the tree is the parser's best guess: checking it would mostly add noise.
  if (chain.syntaxErrors > 0 || chain.files.length === 0) return fail();

  const merged = chain.layer.value;
  emptySectionsToDefaults(merged);
  let repaired: string[] = [];
  let checkable: Record<string, unknown> | undefined = merged;
  if (!validateSchema(merged)) {
    errors.push(...schemaErrorsToConfigErrors(validateSchema.errors ?? [], merged, chain.layer.map, abs));
    ({ value: checkable, repaired } = repairForChecks(merged));
  }
  errors.push(...checkSweep(merged, chain.layer.map, abs));

  // Semantic checks run even when the schema found errors (on a copy where the rejected values are
  // back to their defaults), so a file's problems all show up at once.
  if (!checkable) return fail();
  const config = buildConfig(checkable, chain.layer.map, abs, cwd);
  const trusted = (...keys: string[]): boolean =>
    !keys.some((k) => repaired.some((r) => r === k || r.startsWith(`${k}.`) || k.startsWith(`${r}.`)));
  for (const problem of semanticChecks(config, chain.layer.map, abs, trusted)) {
    (problem.severity === 'error' ? errors : warnings).push(problem);
  }
  if (errors.length) return fail();
  return {
    ok: true,
    config,
    file: abs,
    files: chain.files,
    resolvedYaml: resolvedYamlText(config, chain.files, overrides),
    warnings: sortErrors(warnings),
  };
}

/**
 * `data:` with nothing under it (all keys commented out) is null in YAML: for a section (a map of
 * settings) that means "all defaults", not a type error. Scalars and lists keep their type check.
 */
function emptySectionsToDefaults(value: Record<string, unknown>, node: SchemaNode = experimentSchema): void {
  for (const [k, child] of Object.entries(node.properties ?? {})) {
    const v = value[k];
    if (v === null && child.type === 'object') delete value[k];
    else if (isPlainMap(v)) emptySectionsToDefaults(v, child);
  }
}

/**
 * A copy of the merged value without the values the schema rejected (they fall back to defaults),
 * and the dotted paths removed; undefined when a few rounds of this do not make it valid.
 */
function repairForChecks(merged: Record<string, unknown>): { value: Record<string, unknown> | undefined; repaired: string[] } {
  const value = clone(merged);
  const repaired: string[] = [];
  for (let round = 0; round < 4; round++) {
    if (validateSchema(value)) return { value, repaired };
    for (const e of validateSchema.errors ?? []) {
      let path = pointerToPath(e.instancePath, value);
      if (e.keyword === 'additionalProperties') path = [...path, String((e.params as { additionalProperty: string }).additionalProperty)];
      // A bad list item: drop the whole list (its default comes back) rather than shift the indices.
      const firstIndex = path.findIndex((p) => typeof p === 'number');
      if (firstIndex >= 0) path = path.slice(0, firstIndex);
      if (path.length === 0) return { value: undefined, repaired };
      deleteAt(value, path);
      repaired.push(path.join('.'));
    }
  }
  return { value: undefined, repaired };
}

function deleteAt(root: Record<string, unknown>, path: readonly PathSegment[]): void {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(seg)] : undefined;
  if (cur && typeof cur === 'object') delete (cur as Record<string, unknown>)[String(path[path.length - 1])];
}

/** The resolved config as YAML (a run's config.yaml): loading it again gives the same config. */
export function resolvedYamlText(config: ExperimentConfig, files: readonly string[], overrides: readonly string[]): string {
  const head = [
    '# Resolved by Sequence Lab: every default filled in, `extends` merged, overrides applied.',
    `# From: ${files.join(' <- ')}`,
    ...overrides.map((o) => `# --set ${o}`),
  ];
  return `${head.join('\n')}\n${toYaml(config, { lineWidth: 0 })}`;
}
