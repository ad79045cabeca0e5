import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsample, downsampleXY, drawColumns, forLogScale, quantile, robustYMax, smoothEma, type Point } from '../../../webview/state/series';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

test('smoothEma matches TensorBoard debiased EMA on a hand-computed series (w = 0.6)', () => {
  // By hand: last = last*w + (1-w)*v; smoothed = last / (1 - w^n)
  // v=10: last=4        /0.4    = 10
  // v=20: last=10.4     /0.64   = 16.25
  // v=5:  last=8.24     /0.784  = 10.510204081632653
  // NaN passes through and does not count
  // v=15: last=10.944   /0.8704 = 12.573529411764707
  const out = smoothEma([10, 20, 5, NaN, 15], 0.6);
  close(out[0]!, 10);
  close(out[1]!, 16.25);
  close(out[2]!, 10.510204081632653);
  assert.ok(Number.isNaN(out[3]));
  close(out[4]!, 12.573529411764707);
});

test('smoothEma: weight 0 is the identity, a constant series stays constant', () => {
  assert.deepEqual(smoothEma([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
  assert.deepEqual(smoothEma([0.1, 0.1, 0.1], 0.99), [0.1, 0.1, 0.1]);
  assert.deepEqual(smoothEma([], 0.6), []);
});

test('smoothEma w = 0.5 on [1,2,3] gives 1, 5/3, 17/7', () => {
  const out = smoothEma([1, 2, 3], 0.5);
  close(out[0]!, 1);
  close(out[1]!, 5 / 3);
  close(out[2]!, 17 / 7);
});

test('forLogScale drops zero, negative and non-finite values', () => {
  const pts: Point[] = [{ x: 1, y: 0.5 }, { x: 2, y: 0 }, { x: 3, y: -1 }, { x: 4, y: NaN }, { x: 5, y: Infinity }, { x: 6, y: 2 }];
  assert.deepEqual(forLogScale(pts), [{ x: 1, y: 0.5 }, { x: 6, y: 2 }]);
});

test('downsample keeps short series unchanged', () => {
  const pts = [{ x: 1, y: 1 }, { x: 2, y: 3 }];
  assert.deepEqual(downsample(pts, 100), pts);
});

test('downsample bounds the length, keeps first/last and every bucket extreme, stays in x order', () => {
  const n = 10_000;
  const pts: Point[] = Array.from({ length: n }, (_, i) => ({ x: i + 1, y: Math.sin(i / 50) }));
  pts[4321] = { x: 4322, y: 50 }; // a spike (an exploding gradient) must survive
  pts[777] = { x: 778, y: -9 };
  const out = downsample(pts, 200);
  assert.ok(out.length <= 200, `length ${out.length}`);
  assert.ok(out.length >= 150, `too few points kept: ${out.length}`);
  assert.deepEqual(out[0], pts[0]);
  assert.deepEqual(out[out.length - 1], pts[n - 1]);
  assert.ok(out.some((p) => p.y === 50), 'max spike kept');
  assert.ok(out.some((p) => p.y === -9), 'min spike kept');
  for (let i = 1; i < out.length; i++) assert.ok(out[i]!.x > out[i - 1]!.x, 'x increasing');
  // Every kept point is a real point of the input.
  for (const p of out) assert.equal(pts[p.x - 1]!.y, p.y);
});

test('downsample per bucket keeps min and max of that bucket', () => {
  // 2 + 4 buckets of 5 points each, max 10 → 4 buckets
  const ys = [0, 5, 1, 9, 2, 3, 4, 8, 0.5, 6, 7, 1.5, 2, 2, 2, 2, 3, 3, 1, 3, 3, 100];
  const pts = ys.map((y, i) => ({ x: i, y }));
  const out = downsample(pts, 10);
  assert.ok(out.length <= 10);
  // bucket 1 covers indices 1..5 → min 1 (i=2), max 9 (i=3)
  assert.deepEqual(out.slice(0, 3).map((p) => p.x), [0, 2, 3]);
  assert.equal(out[out.length - 1]!.y, 100);
});

test('drawColumns: smoothing, then the log filter, then downsampling; NaN dropped on request', () => {
  const xs = [1, 2, 3, 4];
  assert.deepEqual(drawColumns(xs, [1, -1, 0, 2], { logScale: true, maxPoints: 100 }), [{ x: 1, y: 1 }, { x: 4, y: 2 }]);
  const sm = drawColumns(xs, [10, 20, 5, 15], { smoothing: 0.6, logScale: false, maxPoints: 100 });
  assert.deepEqual(sm.map((p) => p.y), smoothEma([10, 20, 5, 15], 0.6));
  assert.deepEqual(downsampleXY(xs, [1, NaN, 3, 4], 100, true).map((p) => p.x), [1, 3, 4]);
  assert.deepEqual(downsampleXY(xs, [1, NaN, 3, 4], 100).length, 4);
});

test('quantile and robustYMax: the first steps of a run do not flatten the loss chart', () => {
  assert.equal(quantile([3, 1, 2, NaN], 0.5), 2);
  assert.equal(quantile([0, 10], 0.25), 2.5);
  assert.equal(quantile([], 0.5), undefined);
  const loss = [5, 2, ...Array.from({ length: 98 }, (_, i) => 0.1 + (i % 3) * 0.01)];
  const m = robustYMax(loss, [0.15]);
  assert.ok(m !== undefined && m < 1 && m >= 0.15 * 1.08 - 1e-12, `robust max ${m}`);
  // Validation points and the baseline stay in view even above the quantile.
  assert.ok(robustYMax(loss, [0.9])! >= 0.9);
  // Nothing to ignore: no bound.
  assert.equal(robustYMax([1, 1, 1, 1], [1]), undefined);
});
