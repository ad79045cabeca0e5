/**
 * The schema is the single source of truth: the committed JSON and the precompiled validator must be
 * what the generator makes from it now, every key and enum value must teach (a description), every
 * key must have a default, and DESIGN.md's names must be there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { renderSchemaJson, renderValidatorModule, SCHEMA_FILE, VALIDATOR_FILE } from '../../../scripts/gen-schema';
import { experimentSchema, METRIC_NAMES, type SchemaNode } from '../../../src/core/config/schema';
import { withDefaults } from '../../../src/core/config/defaults';
import validateSchema from '../../../src/core/config/validate-schema.generated';

test('schemas/experiment.schema.json is current (run npm run gen:schema)', () => {
  assert.equal(fs.readFileSync(SCHEMA_FILE, 'utf8'), renderSchemaJson(), 'schemas/experiment.schema.json is stale: run `npm run gen:schema`');
});

test('the standalone validator is current (run npm run gen:schema)', () => {
  assert.equal(fs.readFileSync(VALIDATOR_FILE, 'utf8'), renderValidatorModule(), 'validate-schema.generated.js is stale: run `npm run gen:schema`');
});

test('the standalone validator needs only ajv runtime helpers, never the ajv compiler', () => {
  const requires = [...fs.readFileSync(VALIDATOR_FILE, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  for (const r of requires) assert.match(r as string, /^ajv\/dist\/runtime\//);
});

/** Every schema node reachable through properties, items and additionalProperties, with its path. */
function walk(node: SchemaNode, at: string, out: Array<[string, SchemaNode]> = []): Array<[string, SchemaNode]> {
  out.push([at, node]);
  for (const [k, child] of Object.entries(node.properties ?? {})) walk(child, at ? `${at}.${k}` : k, out);
  if (node.items) walk(node.items, `${at}[]`, out);
  if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${at}.*`, out);
  return out;
}

test('every property and every enum value has a markdownDescription', () => {
  const missing: string[] = [];
  for (const [at, node] of walk(experimentSchema, '')) {
    if (!node.markdownDescription || node.markdownDescription.trim().length < 10) missing.push(at || '(root)');
    if (node.enum) {
      const descs = node.markdownEnumDescriptions ?? [];
      if (descs.length !== node.enum.length) missing.push(`${at}: ${node.enum.length} enum values, ${descs.length} descriptions`);
      node.enum.forEach((v, i) => {
        if (!descs[i] || (descs[i] as string).trim().length < 10) missing.push(`${at} = ${String(v)}`);
      });
    }
  }
  assert.deepEqual(missing, [], `missing descriptions:\n${missing.join('\n')}`);
});

test('descriptions teach: lstm explains its gates and cell state, clipNorm explains exploding gradients', () => {
  const model = experimentSchema.properties?.model?.properties;
  const types = model?.type;
  const lstm = types?.markdownEnumDescriptions?.[types.enum?.indexOf('lstm') ?? -1] ?? '';
  for (const word of ['forget gate', 'input gate', 'output gate', 'cell state', 'long']) assert.ok(lstm.toLowerCase().includes(word), `lstm: ${word}`);
  const clip = experimentSchema.properties?.training?.properties?.clipNorm?.markdownDescription ?? '';
  for (const word of ['exploding gradients', 'norm', 'rescaled']) assert.ok(clip.toLowerCase().includes(word), `clipNorm: ${word}`);
});

test('every property has a default (except expect rules and sweep values, whose absence means "none")', () => {
  const missing = walk(experimentSchema, '')
    .filter(([at]) => at !== '' && !/^expect\.\w+\./.test(at) && !at.startsWith('sweep.*'))
    .filter(([, node]) => !('default' in node))
    .map(([at]) => at);
  assert.deepEqual(missing, []);
});

test('the defaults alone make a valid experiment', () => {
  const full = withDefaults({});
  assert.equal(validateSchema(full), true, JSON.stringify(validateSchema.errors));
});

test("DESIGN.md's names are the schema's names", () => {
  const p = experimentSchema.properties ?? {};
  assert.deepEqual(Object.keys(p), ['name', 'extends', 'seed', 'backend', 'data', 'model', 'training', 'samples', 'expect', 'sweep']);
  assert.deepEqual(p.backend?.enum, ['auto', 'tensorflow', 'wasm', 'cpu']);
  const data = p.data?.properties ?? {};
  assert.deepEqual(data.kind?.enum, ['sine', 'noisy-sine', 'random-walk', 'csv', 'text', 'adding', 'copy', 'reverse', 'sort', 'pairs', 'audio', 'midi']);
  for (const k of ['path', 'column', 'dateColumn', 'normalize', 'missing', 'window', 'horizon', 'split', 'length', 'noise', 'size', 'minLength', 'maxLength', 'vocabSize', 'tokens', 'features', 'testPath']) {
    assert.ok(data[k], `data.${k}`);
  }
  assert.deepEqual(data.normalize?.enum, ['zscore', 'minmax', 'none']);
  assert.deepEqual(data.missing?.enum, ['error', 'drop', 'ffill', 'interpolate']);
  assert.equal(data.missing?.default, 'error');
  const model = p.model?.properties ?? {};
  assert.deepEqual(model.type?.enum, ['rnn', 'lstm', 'gru', 'seq2seq']);
  assert.deepEqual(Object.keys(model.layers?.items?.properties ?? {}), ['units', 'dropout', 'recurrentDropout', 'bidirectional']);
  assert.deepEqual(Object.keys(model.init?.properties ?? {}), ['kernel', 'recurrent', 'gain', 'forgetBias']);
  assert.deepEqual(model.init?.properties?.recurrent?.enum, ['glorotUniform', 'orthogonal', 'normal']);
  const training = p.training?.properties ?? {};
  assert.deepEqual(Object.keys(training), ['epochs', 'batchSize', 'optimizer', 'schedule', 'clipNorm', 'clipValue', 'earlyStopping', 'kernel', 'teacherForcing']);
  assert.deepEqual(training.optimizer?.properties?.name?.enum, ['adam', 'sgd', 'rmsprop']);
  assert.deepEqual(training.kernel?.enum, ['auto', 'fused', 'tfjs']);
  assert.deepEqual(Object.keys(p.samples?.properties ?? {}), ['every', 'count', 'temperatures', 'topK', 'beamWidth']);
  assert.deepEqual(Object.keys(p.expect?.properties ?? {}), METRIC_NAMES);
  for (const m of ['loss', 'valLoss', 'valMae', 'valRmse', 'valMaeRaw', 'valRmseRaw', 'valAccuracy', 'valTokenAccuracy', 'valExactMatch', 'valPerplexity', 'testAccuracy']) {
    assert.ok(METRIC_NAMES.includes(m as (typeof METRIC_NAMES)[number]), m);
  }
  assert.deepEqual(Object.keys(p.expect?.properties?.valLoss?.properties ?? {}), ['below', 'above', 'belowBaseline', 'aboveBaseline']);
});
