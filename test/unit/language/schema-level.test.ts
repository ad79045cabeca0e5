import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment } from '../../../src/core/config';
import { semanticOnly } from '../../../src/extension/language/schema-level';
import { fixture } from './helpers';

test('with a YAML language server active, schema problems are left to it and semantic ones kept', () => {
  const broken = fixture('broken.seqlab.yaml');
  const r = loadExperiment(broken);
  assert.ok(!r.ok && r.errors.length === 2);
  assert.deepEqual(semanticOnly(r.errors, broken), [], 'unknown key and bad enum value are schema-level');

  const missing = fixture('missing-path.seqlab.yaml');
  const m = loadExperiment(missing);
  assert.ok(!m.ok);
  const kept = semanticOnly(m.errors, missing);
  assert.equal(kept.length, 1);
  assert.match(kept[0]!.message, /no `data.path`/, 'a file task without a file is ours to report');
});

test('YAML syntax errors are left to the YAML extension too', () => {
  const file = fixture('broken.seqlab.yaml');
  const text = 'data:\n  kind: [sine\nmodel: {type: rnn}\n';
  const readFile = (p: string): string | undefined => (p === file ? text : undefined);
  const r = loadExperiment(file, { readFile });
  assert.ok(!r.ok && r.errors.length > 0);
  assert.deepEqual(semanticOnly(r.errors, file, readFile), []);
});
