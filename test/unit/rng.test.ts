import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/util/rng';

test('same seed gives the same stream; another seed another', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 5 }, () => a.next());
  const xb = Array.from({ length: 5 }, () => b.next());
  const xc = Array.from({ length: 5 }, () => c.next());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
  for (const v of xa) assert.ok(v >= 0 && v < 1);
});

test('state round trip continues the same stream (checkpoint/resume)', () => {
  const a = new Rng(7);
  a.normal();
  const { state, spare } = a.getState();
  const b = Rng.fromState(state, spare);
  assert.deepEqual(
    Array.from({ length: 4 }, () => a.normal()),
    Array.from({ length: 4 }, () => b.normal()),
  );
});

test('normal() has mean ≈ 0 and variance ≈ 1', () => {
  const r = new Rng(1);
  const n = 20000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = r.normal();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1) < 0.05);
});

test('shuffle is a permutation', () => {
  const r = new Rng(3);
  const xs = r.shuffle(Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual([...xs].sort((p, q) => p - q), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(xs, Array.from({ length: 100 }, (_, i) => i));
});
