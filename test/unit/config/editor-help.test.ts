/** Hovers and completions from the schema (what the extension's providers show). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, hoverAt } from '../../../src/core/config/editor-help';

const TEXT = [
  'data:', //                 1
  '  kind: noisy-sine', //    2
  'model:', //                3
  '  type: lstm', //          4
  '  layers:', //             5
  '    - units: 8', //        6
  'training:', //             7
  '  clipNorm: 1', //         8
  'sweep:', //                9
  '  model.type: [rnn, gru]', // 10
  '',
].join('\n');

test('hovering a value explains that value first (lstm: gates and cell state), then its key', () => {
  const h = hoverAt(TEXT, 4, 10);
  assert.equal(h?.key, 'model.type');
  assert.deepEqual(h?.span, { line: 4, column: 9, endLine: 4, endColumn: 13 });
  assert.match(h?.markdown ?? '', /^\*\*lstm\*\*: .*forget gate.*cell state/s);
  assert.match(h?.markdown ?? '', /\*\*model\.type\*\*/);
});

test('hovering a key shows its description, default and values', () => {
  const clip = hoverAt(TEXT, 8, 4);
  assert.equal(clip?.key, 'training.clipNorm');
  assert.match(clip?.markdown ?? '', /exploding gradients/);
  assert.match(clip?.markdown ?? '', /Default: `null`/);
  const units = hoverAt(TEXT, 6, 9);
  assert.equal(units?.key, 'model.layers.0.units');
  assert.match(units?.markdown ?? '', /Default: `64`/);
  const kind = hoverAt(TEXT, 1, 2);
  assert.equal(kind?.key, 'data');
});

test('sweep keys and values are described as the keys they sweep', () => {
  assert.match(hoverAt(TEXT, 10, 5)?.markdown ?? '', /^\*\*model\.type\*\*/);
  assert.match(hoverAt(TEXT, 10, 21)?.markdown ?? '', /^\*\*gru\*\*: \*\*Gated recurrent unit\*\*/);
});

test('nothing to show off the keys', () => {
  assert.equal(hoverAt(TEXT, 10, 20), undefined);
  assert.equal(hoverAt('unknownKey: 1\n', 1, 3), undefined);
});

test('completions: keys of the enclosing map, also inside list items and on half-typed lines', () => {
  const labels = (t: string, l: number, c: number): string[] => completionsAt(t, l, c).map((x) => x.label);
  assert.deepEqual(labels('model:\n  ty', 2, 5), ['type', 'cell', 'layers', 'embedding', 'init', 'attention']);
  assert.deepEqual(labels('model:\n  layers:\n    - un', 3, 9), ['units', 'dropout', 'recurrentDropout', 'bidirectional']);
  assert.deepEqual(labels('model:\n  layers:\n    - units: 8\n      bi', 4, 9), ['units', 'dropout', 'recurrentDropout', 'bidirectional']);
  assert.deepEqual(labels('training:\n  optimizer:\n    name: adam\n  ', 4, 3).slice(0, 3), ['epochs', 'batchSize', 'optimizer']);
  assert.ok(labels('tra', 1, 4).includes('training'));
  const units = completionsAt('model:\n  layers:\n    - un', 3, 9)[0];
  assert.equal(units?.default, 64);
  assert.equal(units?.valueType, 'integer');
});

test('completions: enum and boolean values after `key: `, each with its description', () => {
  const types = completionsAt('model:\n  type: ', 2, 9);
  assert.deepEqual(types.map((c) => c.label), ['rnn', 'lstm', 'gru', 'seq2seq']);
  assert.match(types[1]?.markdown ?? '', /forget gate/);
  assert.deepEqual(completionsAt('model:\n  layers:\n    - bidirectional: ', 3, 22).map((c) => c.label), ['true', 'false']);
  assert.deepEqual(completionsAt('data:\n  kind: no', 2, 11).map((c) => c.label).slice(0, 2), ['sine', 'noisy-sine']);
  assert.deepEqual(completionsAt('data:\n  window: ', 2, 11), []);
});
