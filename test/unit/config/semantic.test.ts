/** Checks beyond single keys: series windows, split sums, file kinds, seq2seq cell, expect and sweep names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment, type ConfigError } from '../../../src/core/config';
import { MIN_TRAIN_WINDOWS } from '../../../src/core/config/semantic';
import { didYouMean, editDistance } from '../../../src/core/config/suggest';
import { tempFiles } from './helpers';

/** Loads one YAML text; returns its problems as "line:col key: message". */
function problems(yaml: string, overrides: string[] = []): { errors: ConfigError[]; lines: string[] } {
  const t = tempFiles({ 'x.seqlab.yaml': yaml, 'data.csv': 'v\n1\n2\n' });
  try {
    const r = loadExperiment(t.file('x.seqlab.yaml'), { overrides });
    const errors = r.ok ? r.warnings : r.errors;
    return { errors, lines: errors.map((e) => `${e.line}:${e.column} ${e.severity} ${e.key}: ${e.message}`) };
  } finally {
    t.cleanup();
  }
}

test('a synthetic series must hold enough training windows (numbers in the message)', () => {
  const edge = problems(`data: {kind: noisy-sine, length: ${Math.ceil((20 + 1 + MIN_TRAIN_WINDOWS - 1) / 0.8)}, window: 20}\n`);
  assert.deepEqual(edge.lines, [], 'exactly enough training windows is fine (validation inputs may reach back into the training part)');
  const noVal = problems('data: {kind: sine, length: 100, window: 20, split: {train: 0.8, val: 0.005}}\n');
  assert.match(noVal.lines[0] as string, /error data\.split\.val: the validation part is empty: length 100 × split\.val 0\.005 is less than one point/);
  assert.deepEqual(problems('data: {kind: noisy-sine, length: 200, window: 20}\n').lines, []);
  const bad = problems('data:\n  kind: random-walk\n  length: 200\n  window: 150\n  horizon: 5\n');
  assert.equal(bad.lines.length, 1);
  assert.match(bad.lines[0] as string, /^4:11 error data\.window: window 150 \+ horizon 5 = 155 points per example, but the training part of the series has 160 points \(length 200 × split\.train 0\.8\): that gives 6 training windows, and at least 10 are needed$/);
  assert.match(bad.errors[0]?.fix ?? '', /lower window to at most 146, or raise length to at least 205/);
  // Not a series task: window is the lag of `copy`, no length involved.
  assert.deepEqual(problems('data: {kind: copy, window: 500, length: 10}\n').lines, []);
});

test('split fractions must leave room: train + val ≤ 1; each strictly between 0 and 1', () => {
  const sum = problems('data:\n  split: {train: 0.8, val: 0.3}\n');
  assert.match(sum.lines[0] as string, /error data\.split\.val: split\.train \+ split\.val = 0\.8 \+ 0\.3 = 1\.1, more than all of the data/);
  const zero = problems('data:\n  split: {train: 0.8, val: 0}\n');
  assert.match(zero.lines[0] as string, /^2:28 error data\.split\.val: must be greater than 0, got 0/);
  const one = problems('data:\n  split: {train: 1, val: 0.2}\n');
  assert.match(one.lines[0] as string, /data\.split\.train: must be less than 1, got 1/);
});

test('epochs, batchSize, learningRate, clipNorm and units must be positive', () => {
  const r = problems('model: {layers: [{units: -3}]}\ntraining:\n  epochs: 0\n  batchSize: 0\n  optimizer: {learningRate: 0}\n  clipNorm: -1\n');
  assert.deepEqual(
    r.errors.map((e) => e.key),
    ['model.layers.0.units', 'training.epochs', 'training.batchSize', 'training.optimizer.learningRate', 'training.clipNorm'],
  );
  assert.ok(r.errors.every((e) => e.severity === 'error' && e.fix));
});

test('file kinds need a path, and the path must exist', () => {
  for (const kind of ['csv', 'text', 'pairs', 'audio', 'midi']) {
    const r = problems(`data:\n  kind: ${kind}\n`);
    assert.match(r.lines[0] as string, new RegExp(`^2:9 error data\\.kind: kind \`${kind}\` reads its data from a file, but no \`data\\.path\` is given`));
    assert.match(r.errors[0]?.fix ?? '', /add `path: .+` under `data:`/);
  }
  assert.deepEqual(problems('data: {kind: csv, path: data.csv}\n').lines, []);
  const missing = problems('data: {kind: csv, path: nope.csv}\n');
  assert.match(missing.lines[0] as string, /^1:25 error data\.path: no such file or folder: .*nope\.csv$/);
});

test('cell contradicting a non-seq2seq type is an error; seq2seq takes any cell', () => {
  assert.match(problems('model: {type: gru, cell: lstm}\n').lines[0] as string, /^1:26 error model\.cell: cell `lstm` contradicts type `gru`/);
  assert.deepEqual(problems('model: {type: seq2seq, cell: gru}\ndata: {kind: reverse}\n').lines, []);
  assert.deepEqual(problems('model: {type: gru, cell: gru}\n').lines, []);
});

test('generated example sets need at least one training and one validation example', () => {
  assert.match(problems('data: {kind: adding, size: 4}\n').lines[0] as string, /^1:28 error data\.size: size 4 × split \{train: 0\.8, val: 0\.2\} leaves 3 training and 0 validation examples/);
  assert.deepEqual(problems('data: {kind: copy, size: 5}\n').lines, []);
});

test('minLength may not exceed maxLength', () => {
  assert.match(problems('data: {kind: sort, minLength: 12, maxLength: 5}\n').lines[0] as string, /data\.minLength: minLength 12 is greater than maxLength 5/);
});

test('expect: metric names are checked, with did-you-mean, and each rule has exactly one form', () => {
  const r = problems('expect:\n  valAcuracy: {above: 0.9}\n  valLoss: {}\n  loss: {beloww: 1}\n');
  assert.equal(r.errors.length, 3, r.lines.join('\n'));
  assert.match(r.lines.find((l) => l.includes('valAcuracy')) ?? '', /^2:3 error expect\.valAcuracy: unknown metric `valAcuracy` \(did you mean `valAccuracy`\?\)/);
  assert.match(r.lines.find((l) => l.includes('expect.valLoss')) ?? '', /an expectation needs exactly one of `below`, `above`, `belowBaseline`, `aboveBaseline`/);
  assert.match(r.lines.find((l) => l.includes('beloww')) ?? '', /unknown key `beloww` in `expect\.loss` \(did you mean `below`\?\)/);
});

test('sweep: unknown key paths and bad values are errors at their own line', () => {
  const r = problems('sweep:\n  model.typ: [rnn]\n  training.epochs: [2, -1]\n  model.layers.0.units: [8, 16]\n');
  assert.equal(r.errors.length, 2, r.lines.join('\n'));
  assert.match(r.lines[0] as string, /^2:3 error sweep\.model\.typ: unknown key `typ` in `model` \(did you mean `model\.type`\?\)/);
  assert.match(r.lines[1] as string, /^3:24 error sweep\.training\.epochs: value 2 for training\.epochs: must be at least 1, got -1/);
});

test('did you mean: typos, case, transpositions; nothing for far-off names', () => {
  assert.equal(editDistance('lsmt', 'lstm'), 1);
  assert.equal(didYouMean('lsmt', ['rnn', 'lstm', 'gru']), 'lstm');
  assert.equal(didYouMean('batchsize', ['epochs', 'batchSize']), 'batchSize');
  assert.equal(didYouMean('learning_rate', ['learningRate', 'momentum']), 'learningRate');
  assert.equal(didYouMean('banana', ['rnn', 'lstm', 'gru']), undefined);
});

test('schema errors and semantic errors come together; a check reading a rejected value is skipped', () => {
  const r = problems('data:\n  kind: csv\n  window: abc\nmodel: {type: rnn, cell: gru}\ntraining: {epochs: 0}\n');
  assert.deepEqual(
    r.errors.map((e) => `${e.line} ${e.key}`),
    ['2 data.kind', '3 data.window', '4 model.cell', '5 training.epochs'],
  );
  // window is rejected, so the series check does not reason about the default window instead.
  const s = problems('data:\n  kind: sine\n  window: abc\n  length: 20\n');
  assert.deepEqual(s.errors.map((e) => e.key), ['data.window']);
});

test('a test* expectation needs data.testPath', () => {
  const r = problems('expect:\n  testAccuracy: {above: 0.5}\n  valLoss: {below: 1}\n');
  assert.deepEqual(r.lines.map((l) => l.split(': ')[0]), ['2:3 error expect.testAccuracy']);
  assert.match(r.errors[0]?.fix ?? '', /add `testPath: .*` under `data:`, or expect `valAccuracy` instead/);
  assert.deepEqual(problems('data: {kind: csv, path: data.csv, testPath: data.csv}\nexpect:\n  testAccuracy: {above: 0.5}\n').lines, []);
});
