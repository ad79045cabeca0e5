import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDataset, DataError } from '../../../src/core/data';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from '../train/helpers';

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a DataError');
}

test('adding: two features, exactly two marks (one per half), target = sum of the marked values', () => {
  const T = 20;
  const ds = buildDataset(testConfig({ data: { kind: 'adding', window: T, size: 500 } }), new Rng(3), '.');
  assert.deepEqual(ds.xShape, [T, 2]);
  assert.equal(ds.inputSize, 2);
  assert.equal(ds.loss, 'mse');
  assert.equal(ds.train.n, 400);
  assert.equal(ds.val.n, 100);
  for (let k = 0; k < ds.train.n; k++) {
    const marks: number[] = [];
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const v = ds.train.x[(k * T + t) * 2] as number;
      assert.ok(v >= 0 && v < 1);
      if (ds.train.x[(k * T + t) * 2 + 1] === 1) {
        marks.push(t);
        sum += v;
      }
    }
    assert.equal(marks.length, 2);
    assert.ok((marks[0] as number) < T / 2 && (marks[1] as number) >= T / 2);
    assert.ok(Math.abs((ds.train.y[k] as number) - sum) < 1e-6);
  }
});

test('adding: the predict-the-mean baseline is ≈ 0.167 (variance of a sum of two uniforms)', () => {
  const ds = buildDataset(testConfig({ data: { kind: 'adding', window: 10, size: 20000 } }), new Rng(5), '.');
  const b = ds.baseline.valLoss as number;
  assert.ok(Math.abs(b - 1 / 6) < 0.01, `baseline ${b}`);
  assert.equal(ds.evaluate(Float32Array.from(ds.val.y)).valLoss, 0);
  // Same seed, same data; another seed, other data.
  const again = buildDataset(testConfig({ data: { kind: 'adding', window: 10, size: 20000 } }), new Rng(5), '.');
  assert.deepEqual(again.val.y, ds.val.y);
  const other = buildDataset(testConfig({ data: { kind: 'adding', window: 10, size: 20000 } }), new Rng(6), '.');
  assert.notDeepEqual(other.val.y, ds.val.y);
});

test('copy: the label is the first symbol, window steps before the end; chance baseline', () => {
  const V = 8;
  const lag = 15;
  const ds = buildDataset(testConfig({ data: { kind: 'copy', window: lag, size: 4000, vocabSize: V } }), new Rng(2), '.');
  const T = lag + 1;
  assert.deepEqual(ds.xShape, [T, V]);
  assert.equal(ds.head.kind, 'classification');
  assert.equal(ds.head.outputSize, V);
  assert.equal(ds.yDtype, 'int32');
  for (let k = 0; k < 50; k++) {
    const first = ds.train.x.subarray(k * T * V, k * T * V + V);
    assert.equal(Array.from(first).reduce((a, b) => a + b, 0), 1);
    assert.equal(first.indexOf(1), ds.train.y[k]);
  }
  const acc = ds.baseline.valAccuracy as number;
  assert.ok(Math.abs(acc - 1 / V) < 0.05, `chance accuracy ${acc}`);
  assert.ok(Math.abs((ds.baseline.valLoss as number) - Math.log(V)) < 0.02);
  // Logits that put all mass on the label: accuracy 1, loss ~0.
  const logits = new Float32Array(ds.val.n * V);
  for (let i = 0; i < ds.val.n; i++) logits[i * V + (ds.val.y[i] as number)] = 30;
  const m = ds.evaluate(logits);
  assert.equal(m.valAccuracy, 1);
  assert.ok((m.valLoss as number) < 1e-9);
  const s = ds.samples(1, [0], logits)[0];
  assert.equal(s?.kind, 'label');
  assert.equal(s?.output, s?.target);
});

test('errors name the key: too small a size, too short a window', () => {
  assert.equal(dataError(() => buildDataset(testConfig({ data: { kind: 'adding', window: 10, size: 3 } }), new Rng(1), '.')).key, 'data.size');
  assert.equal(dataError(() => buildDataset(testConfig({ data: { kind: 'adding', window: 1, size: 100 } }), new Rng(1), '.')).key, 'data.window');
  assert.equal(dataError(() => buildDataset(testConfig({ data: { kind: 'copy', window: 0, size: 100 } }), new Rng(1), '.')).key, 'data.window');
});
