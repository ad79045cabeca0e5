import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectToWindow, formatNumber, sampleText, seriesSampleView, toNumbers } from '../../../webview/state/samples';

test('series sample: input window then target / forecast / baseline over the horizon', () => {
  const v = seriesSampleView({ epoch: 1, kind: 'series', input: [1, 2, 3], target: [4, 5], output: [4.5, 5.5], baseline: [3, 3] });
  assert.equal(v.window, 3);
  assert.equal(v.horizon, 2);
  assert.deepEqual(v.t, [0, 1, 2, 3, 4]);
  assert.deepEqual(v.input, [1, 2, 3, null, null]);
  assert.deepEqual(v.target, [null, null, null, 4, 5]);
  assert.deepEqual(v.output, [null, null, null, 4.5, 5.5]);
  assert.deepEqual(v.baseline, [null, null, null, 3, 3]);
  assert.deepEqual(connectToWindow(v, v.output), [null, null, 3, 4.5, 5.5]);
  assert.equal(v.hasBaseline, true);
});

test('series sample accepts scalars and time × feature matrices (feature 0)', () => {
  const v = seriesSampleView({ epoch: 1, kind: 'series', input: [[1, 9], [2, 9]], target: 3, output: 2.5 });
  assert.deepEqual(v.input, [1, 2, null]);
  assert.deepEqual(v.target, [null, null, 3]);
  assert.equal(v.hasBaseline, false);
  assert.deepEqual(connectToWindow(v, v.baseline), [null, null, null]);
  assert.deepEqual(toNumbers('x'), []);
});

test('sampleText renders tokens and numbers as plain text', () => {
  assert.equal(sampleText(['h', 'i']), 'hi');
  assert.equal(sampleText(['the', 'cat']), 'the cat');
  assert.equal(sampleText(0.123456), '0.1235');
  assert.equal(sampleText(undefined), '');
  assert.equal(sampleText({ a: 1 }), '{"a":1}');
  assert.equal(formatNumber(1e-5), '1.00e-5');
});
