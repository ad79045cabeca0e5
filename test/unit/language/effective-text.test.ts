import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { loadExperiment } from '../../../src/core/config';
import { loadChain } from '../../../src/core/config/extends';
import { effectiveConfigText, originFrom } from '../../../src/extension/language/effective-text';
import { fixture } from './helpers';

test('the effective config names the file that set each value, and `default` for the rest', () => {
  const file = fixture('child.seqlab.yaml');
  const r = loadExperiment(file);
  assert.ok(r.ok);
  const text = effectiveConfigText(r.config, r.files, originFrom(loadChain(file).layer.map));
  const line = (re: RegExp): string => text.split('\n').find((l) => re.test(l)) ?? '';
  assert.match(line(/^ {2}epochs:/), /epochs: 5 # child\.seqlab\.yaml$/, 'the child overrides the base');
  assert.match(line(/^ {2}batchSize:/), /# base\.yaml$/);
  assert.match(line(/^ {2}length:/), /length: 600 # base\.yaml$/);
  assert.match(line(/^ {2}type: lstm/), /# child\.seqlab\.yaml$/);
  assert.match(line(/^ {4}- units:/), /units: 12 # child\.seqlab\.yaml$/, 'list items take the file that wrote the list');
  assert.match(line(/^seed:/), /# default$/);
  assert.match(line(/^ {2}horizon:/), /# default$/, 'a key its section does not write is a default');
  assert.match(text, /child\.seqlab\.yaml ← base\.yaml/);
  // Still YAML, and the same config.
  assert.deepEqual(parse(text), JSON.parse(JSON.stringify(r.config)));
});
