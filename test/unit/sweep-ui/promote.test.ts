import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { lineHunks, promoteValues } from '../../../src/core/config/promote';

const FILE = `# Sine forecasting: which cell and learning rate?
name: sine-sweep   # shown in the runs view
seed: 7

data:
  kind: noisy-sine
  window: 40      # time steps fed to the model

model:
  type: rnn          # rnn | lstm | gru
  layers: [{units: 32}]   # one layer

training:
  epochs: 3
  optimizer: {name: adam, learningRate: 0.001}   # try 0.01 too
  clipNorm: 1.0

# the grid
sweep:
  model.type: [rnn, lstm, gru]
  training.optimizer.learningRate: [0.001, 0.01]
`;

/** Lines of `after` that differ from `before`, by 0-based index, assuming no lines were added. */
function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'same number of lines');
  return a.flatMap((l, i) => (l === b[i] ? [] : [i]));
}

test('promote replaces only the lines of the promoted keys and keeps every comment', () => {
  const r = promoteValues(FILE, { 'model.type': 'lstm', 'training.optimizer.learningRate': 0.01 });
  assert.ok(r.ok, JSON.stringify(r));
  const before = FILE.split('\n');
  assert.deepEqual(changedLines(FILE, r.text), [before.indexOf('  type: rnn          # rnn | lstm | gru'), before.findIndex((l) => l.includes('learningRate: 0.001}'))]);
  // A comment right after the value stays in its column (one space less after the longer value).
  assert.match(r.text, /^ {2}type: lstm {9}# rnn \| lstm \| gru$/m);
  assert.match(r.text, /^ {2}optimizer: \{name: adam, learningRate: 0\.01\} {3}# try 0\.01 too$/m);
  // The sweep block is left as it is (its values are the grid, not the promoted point).
  assert.match(r.text, /model\.type: \[rnn, lstm, gru\]/);
  const v = parse(r.text) as { model: { type: string }; training: { optimizer: { learningRate: number } } };
  assert.equal(v.model.type, 'lstm');
  assert.equal(v.training.optimizer.learningRate, 0.01);
  assert.deepEqual(r.changes.map((c) => [c.key, c.from, c.to, c.line]), [['model.type', 'rnn', 'lstm', 10], ['training.optimizer.learningRate', 0.001, 0.01, 15]]);
});

test('promote adds a key the file does not set to its map, in the map style, and nothing else moves', () => {
  const r = promoteValues(FILE, { 'model.init.recurrent': 'orthogonal', 'training.optimizer.momentum': 0.9, 'training.clipNorm': null });
  assert.ok(r.ok, JSON.stringify(r));
  const hunks = lineHunks(FILE, r.text);
  const lines = FILE.split('\n');
  // model gets an init map after its last entry; the flow optimizer map gets `, momentum: 0.9`.
  assert.deepEqual(hunks, [
    { startLine: lines.indexOf('  layers: [{units: 32}]   # one layer') + 1, deleteCount: 0, lines: ['  init:', '    recurrent: orthogonal'] },
    { startLine: lines.findIndex((l) => l.includes('optimizer:')), deleteCount: 2, lines: ['  optimizer: {name: adam, learningRate: 0.001, momentum: 0.9}   # try 0.01 too', '  clipNorm: null'] },
  ]);
  assert.equal(r.changes.filter((c) => c.added).length, 2);
});

test('a value equal to the file is left alone; a list path that does not exist is a clear error', () => {
  const same = promoteValues(FILE, { 'model.type': 'rnn', 'training.epochs': 3 });
  assert.ok(same.ok);
  assert.equal(same.text, FILE);
  assert.deepEqual(same.unchanged, ['model.type', 'training.epochs']);
  const bad = promoteValues(FILE, { 'model.layers.3.units': 8 });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && /no item 3/.test(bad.message) && bad.key === 'model.layers.3.units');
  const broken = promoteValues('model: [unclosed\n', { 'model.type': 'gru' });
  assert.ok(!broken.ok && /not valid YAML/.test(broken.message));
});

test('a block collection value is replaced by its flow form from the colon on', () => {
  const text = 'model:\n  layers:\n    - units: 32\n    - units: 16\n  type: gru # keep\n';
  const r = promoteValues(text, { 'model.layers': [{ units: 64 }] });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.text, 'model:\n  layers: [ { units: 64 } ]\n  type: gru # keep\n');
  assert.deepEqual((parse(r.text) as { model: { layers: unknown } }).model.layers, [{ units: 64 }]);
  assert.match(r.text, /type: gru # keep/);
});

test('lineHunks: insertions, replacements and deletions against the original lines', () => {
  assert.deepEqual(lineHunks('a\nb\nc', 'a\nB\nc'), [{ startLine: 1, deleteCount: 1, lines: ['B'] }]);
  assert.deepEqual(lineHunks('a\nc', 'a\nb\nc'), [{ startLine: 1, deleteCount: 0, lines: ['b'] }]);
  assert.deepEqual(lineHunks('a\nb\nc', 'a\nc'), [{ startLine: 1, deleteCount: 1, lines: [] }]);
  assert.deepEqual(lineHunks('same', 'same'), []);
});
