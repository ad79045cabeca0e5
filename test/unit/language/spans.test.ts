import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spanToRange } from '../../../src/extension/language/spans';

const lines = ['model:', '  tpye: gru', '  cell:', 'data: {kind: sine}'];
const at = (i: number): string => lines[i] ?? '';

test('a 1-based span with an exclusive end becomes a 0-based range over the same characters', () => {
  // `tpye` on line 2, columns 3..7 (exclusive) as the config loader reports it.
  const r = spanToRange({ line: 2, column: 3, endLine: 2, endColumn: 7 }, at);
  assert.deepEqual(r, { startLine: 1, startChar: 2, endLine: 1, endChar: 6 });
  assert.equal(at(r.startLine).slice(r.startChar, r.endChar), 'tpye');
});

test('an empty span is widened to the word there', () => {
  const r = spanToRange({ line: 4, column: 14, endLine: 4, endColumn: 14 }, at);
  assert.equal(at(r.startLine).slice(r.startChar, r.endChar), 'sine');
});

test('an empty span at the end of `key:` marks the key', () => {
  const r = spanToRange({ line: 3, column: 8, endLine: 3, endColumn: 8 }, at);
  assert.equal(r.startLine, 2);
  assert.equal(at(2).slice(r.startChar, r.endChar), 'cell:');
});

test('a span ending at the start of the next line stays on its own line', () => {
  const r = spanToRange({ line: 2, column: 9, endLine: 3, endColumn: 1 }, at);
  assert.deepEqual(r, { startLine: 1, startChar: 8, endLine: 1, endChar: 11 });
});

test('the file start (1:1-1:1) marks the first word', () => {
  const r = spanToRange({ line: 1, column: 1, endLine: 1, endColumn: 1 }, at);
  assert.deepEqual(r, { startLine: 0, startChar: 0, endLine: 0, endChar: 5 });
});
