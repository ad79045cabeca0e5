/**
 * From a valid merged file to the full ExperimentConfig: every absent key takes the schema's
 * `default`; `null` ("off") becomes an absent optional field; the few computed defaults (name, cell,
 * vocabSize) and absolute data paths are filled in.
 */
import * as path from 'path';
import type { ExperimentConfig } from './types';
import { clone, isPlainMap } from './merge';
import { experimentSchema, SchemaNode, TOY_KINDS } from './schema';
import { PathSegment, SourceMap } from './source-map';

/**
 * A copy with every absent key set to its schema default (maps key by key, list items one by one),
 * keys in the schema's order so the resolved YAML reads like the reference.
 */
export function withDefaults(value: unknown, node: SchemaNode = experimentSchema): unknown {
  if (isPlainMap(value) && node.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(node.properties)) {
      const v = value[k] === undefined ? clone(child.default) : value[k];
      if (v !== undefined) out[k] = v === null ? null : withDefaults(v, child);
    }
    return out;
  }
  if (Array.isArray(value) && node.items) return value.map((item) => withDefaults(item, node.items as SchemaNode));
  return clone(value);
}

/** Removes `null` (off) values from maps, except inside `sweep` lists where null is a value to try. */
function dropNulls(value: unknown, at: string[] = []): void {
  if (!isPlainMap(value)) {
    if (Array.isArray(value)) value.forEach((v) => dropNulls(v, at));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === null) delete value[k];
    else if (!(at.length === 0 && k === 'sweep')) dropNulls(v, [...at, k]);
  }
}

/** "sine.seqlab.yaml" → "sine". */
export function experimentNameFromFile(file: string): string {
  return path.basename(file).replace(/\.seqlab\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
}

/** Where a relative data path is relative to: the folder of the YAML that set it (cwd for --set). */
export function resolveDataPath(p: string, key: PathSegment[], map: SourceMap, topFile: string, cwd: string): string {
  const normal = path.sep === '\\' ? p : p.replace(/\\/g, '/');
  if (path.isAbsolute(normal)) return path.normalize(normal);
  const origin = map.find(key, topFile);
  const base = origin.override ? cwd : path.dirname(origin.file);
  return path.resolve(base, normal);
}

export const TOY_VOCAB_SIZE = 10;
export const WORD_VOCAB_SIZE = 10000;
export const WORD_EMBEDDING_DIM = 64;

/** The valid merged value → the resolved config (the input is not modified). */
export function buildConfig(merged: Record<string, unknown>, map: SourceMap, topFile: string, cwd: string): ExperimentConfig {
  const v = withDefaults({ ...merged, extends: undefined }) as Record<string, unknown>;
  delete v.extends;
  const model = v.model as Record<string, unknown>;
  const data = v.data as Record<string, unknown>;
  // Computed defaults are set in place (before nulls are dropped) so keys keep the schema's order.
  if (v.name === null) v.name = experimentNameFromFile(topFile);
  if (model.cell === null) model.cell = model.type === 'seq2seq' ? 'lstm' : model.type;
  // The audio feature parameters only mean something for kind audio: other resolved configs stay short.
  if (data.kind !== 'audio') delete data.audio;
  if (data.vocabSize === null) data.vocabSize = (TOY_KINDS as readonly string[]).includes(String(data.kind)) ? TOY_VOCAB_SIZE : WORD_VOCAB_SIZE;
  // A one-hot input as wide as a word vocabulary (thousands) is slow and learns nothing an embedding
  // cannot: word-level language models get one unless the file sets its own.
  if (model.embedding === null && data.kind === 'text' && data.tokens === 'word') model.embedding = { dim: WORD_EMBEDDING_DIM };
  const expectRules = v.expect as Record<string, unknown>;
  for (const [k, rule] of Object.entries(expectRules)) if (rule === null) delete expectRules[k];
  dropNulls(v);
  const c = v as unknown as ExperimentConfig;
  const d = c.data;
  if (d.path) d.path = resolveDataPath(d.path, ['data', 'path'], map, topFile, cwd);
  if (d.testPath) d.testPath = resolveDataPath(d.testPath, ['data', 'testPath'], map, topFile, cwd);
  return c;
}
