import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDataset, DataError } from '../../../src/core/data';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from '../train/helpers';

test('windows, horizon and a chronological split with train-only normalisation', () => {
  const cfg = testConfig({ data: { kind: 'sine', length: 100, window: 10, horizon: 3, split: { train: 0.8, val: 0.2 } } });
  const ds = buildDataset(cfg, new Rng(1), '.');
  // train targets j in [12, 80): 68; val targets j in [80, 100): 20
  assert.equal(ds.summary.trainExamples, 68);
  assert.equal(ds.summary.valExamples, 20);
  assert.deepEqual(ds.xShape, [10, 1]);
  assert.equal(ds.train.x.length, 68 * 10);
  // Rebuild the normalised series from the windows: example k covers s[k..k+9], target s[k+12].
  const s = (k: number): number => ds.train.x[k * 10] as number;
  for (let k = 0; k + 12 < 68; k++) assert.equal(ds.train.y[k], s(k + 12));
  // z-score fitted on the training part (first 80 steps) only: the train inputs' mean is ~0.
  let sum = 0;
  for (let k = 0; k < 68; k++) sum += s(k);
  assert.ok(Math.abs(sum / 68) < 0.2);
});

test('persistence baseline in model and real units; evaluate(perfect) is zero', () => {
  const cfg = testConfig({ data: { kind: 'noisy-sine', length: 400, noise: 0.1, window: 20 } });
  const ds = buildDataset(cfg, new Rng(3), '.');
  const b = ds.baseline;
  assert.ok(b.valLoss !== undefined && b.valLoss > 0);
  assert.ok(Math.abs((b.valRmse as number) - Math.sqrt(b.valLoss as number)) < 1e-12);
  // Real units: sine amplitude 1 → std ~0.71; raw = normalised × std.
  const ratio = (b.valRmseRaw as number) / (b.valRmse as number);
  assert.ok(ratio > 0.6 && ratio < 0.8, `scale ${ratio}`);
  const perfect = Float32Array.from(ds.val.y);
  assert.equal(ds.evaluate(perfect).valLoss, 0);
  // Persistence outputs reproduce the baseline exactly.
  const last = new Float32Array(ds.val.n).map((_, i) => ds.val.x[i * 20 + 19] as number);
  assert.deepEqual(ds.evaluate(last), b);
});

test('samples are in real units and name the horizon', () => {
  const ds = buildDataset(testConfig({ data: { kind: 'sine', length: 200, window: 8, normalize: 'minmax' } }), new Rng(5), '.');
  const out = Float32Array.from(ds.val.y);
  const [s] = ds.samples(3, [2], out);
  assert.ok(s);
  assert.equal(s.kind, 'series');
  assert.equal(s.epoch, 3);
  assert.equal((s.input as number[]).length, 8);
  for (const v of s.input as number[]) assert.ok(v >= -1.0001 && v <= 1.0001, 'sine values in real units');
  assert.equal(s.output, s.target);
});

test('same seed, same data and fingerprint; other seed, other fingerprint', () => {
  const cfg = testConfig();
  const a = buildDataset(cfg, new Rng(9), '.');
  const b = buildDataset(cfg, new Rng(9), '.');
  const c = buildDataset(cfg, new Rng(10), '.');
  assert.deepEqual(a.train.x, b.train.x);
  assert.equal(a.summary.fingerprint, b.summary.fingerprint);
  assert.notEqual(a.summary.fingerprint, c.summary.fingerprint);
  assert.match(a.summary.fingerprint, /^sha256:[0-9a-f]{16}$/);
});

test('random walk: persistence is hard to beat and values wander', () => {
  const ds = buildDataset(testConfig({ data: { kind: 'random-walk', length: 500, noise: 0 } }), new Rng(2), '.');
  assert.ok((ds.baseline.valLoss as number) < 0.2, 'one step of a random walk is small against its spread');
});

test('a window longer than the series is an error naming data.window', () => {
  const cfg = testConfig({ data: { length: 50, window: 60 } });
  assert.throws(
    () => buildDataset(cfg, new Rng(1), '.'),
    (err: unknown) => err instanceof DataError && err.key === 'data.window' && /data\.window \(60\)/.test(err.message) && /smaller data\.window/.test(err.hint ?? ''),
  );
});

test('an unknown kind from a config built in code is a clear data.kind error listing the kinds', () => {
  const bad = testConfig({ data: { kind: 'wav' as never } });
  assert.throws(() => buildDataset(bad, new Rng(1), '.'), (e: unknown) => e instanceof DataError && e.key === 'data.kind' && /'wav' is not a known task/.test(e.message) && /midi/.test(e.hint ?? ''));
});
