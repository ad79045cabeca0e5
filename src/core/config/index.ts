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
import { schemaErrorsToConfigErrors } from './schema-errors';
import { semanticChecks } from './semantic';
import { checkSweep } from './sweep-check';
import type { ExperimentConfig } from './types';
import validateSchema from './validate-schema.generated';

export type { ConfigError, Span } from './errors';
export { formatConfigError, displayPath } from './errors';
export type { ExperimentConfig } from './types';
export { experimentSchema, METRIC_NAMES, EXPECT_FORMS, FILE_KINDS, SERIES_KINDS, TOY_KINDS } from './schema';
export { resolveKeyPath } from './overrides';

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
  if (!validateSchema(merged)) {
    errors.push(...schemaErrorsToConfigErrors(validateSchema.errors ?? [], merged, chain.layer.map, abs));
  }
  errors.push(...checkSweep(merged, chain.layer.map, abs));
  if (errors.length) return fail();

  const config = buildConfig(merged, chain.layer.map, abs, cwd);
  for (const problem of semanticChecks(config, chain.layer.map, abs)) {
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

/** The resolved config as YAML (a run's config.yaml): loading it again gives the same config. */
export function resolvedYamlText(config: ExperimentConfig, files: readonly string[], overrides: readonly string[]): string {
  const head = [
    '# Resolved by Sequence Lab: every default filled in, `extends` merged, overrides applied.',
    `# From: ${files.join(' <- ')}`,
    ...overrides.map((o) => `# --set ${o}`),
  ];
  return `${head.join('\n')}\n${toYaml(config, { lineWidth: 0 })}`;
}
