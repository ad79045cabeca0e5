import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { insertKey, siblingKeys } from '../../../src/extension/language/path-at-cursor';

const apply = (text: string, ins: { line: number; character: number; text: string }): string => {
  const lines = text.split('\n');
  const offset = lines.slice(0, ins.line).reduce((n, l) => n + l.length + 1, 0) + ins.character;
  return text.slice(0, offset) + ins.text + text.slice(offset);
};

test('siblingKeys: the keys written in the same map as the cursor line', () => {
  const lines = ['name: x', 'data:', '  kind: sine', '  ', '  window: 5', 'model:', '  type: rnn', 'seed: 1'];
  assert.deepEqual(siblingKeys(lines, 3).sort(), ['kind', 'window']);
  assert.deepEqual(siblingKeys(lines, 5).sort(), ['data', 'name', 'seed']);
});

test('siblingKeys: a list item is its own map', () => {
  const lines = ['model:', '  layers:', '    - units: 8', '      ', '    - units: 4', '      dropout: 0.1'];
  assert.deepEqual(siblingKeys(lines, 3), ['units']);
  assert.deepEqual(siblingKeys(lines, 5), ['units']);
});

test('insertKey adds a key at the end of a block section, indented like it', () => {
  const text = 'name: x\ndata:\n  kind: csv\n  column: temp\nmodel:\n  type: rnn\n';
  const out = apply(text, insertKey(text, ['data'], 'path', './data.csv')!);
  assert.equal(out, 'name: x\ndata:\n  kind: csv\n  column: temp\n  path: ./data.csv\nmodel:\n  type: rnn\n');
});

test('insertKey handles a flow section, a last section without a newline and a missing section', () => {
  const flow = 'data: {kind: csv}\n';
  assert.deepEqual(parse(apply(flow, insertKey(flow, ['data'], 'path', 'a.csv')!)), { data: { kind: 'csv', path: 'a.csv' } });
  const noEol = 'data:\n  kind: csv';
  assert.deepEqual(parse(apply(noEol, insertKey(noEol, ['data'], 'path', 'a.csv')!)), { data: { kind: 'csv', path: 'a.csv' } });
  const none = 'name: x\n';
  assert.deepEqual(parse(apply(none, insertKey(none, ['data'], 'path', 'a.csv')!)), { name: 'x', data: { path: 'a.csv' } });
});
