/**
 * Adam's host pass (one loop over Float32Arrays on the wasm and cpu backends, the fused default
 * path's optimizer) against the same Adam on tensor ops: identical bits after many steps, for
 * weights and both moments, on both backends. A changed constant must make the comparison fail.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { makeOptimizer } from '../../../src/core/train/optimizers';
import { Rng } from '../../../src/core/util/rng';

const SHAPES: number[][] = [[3, 20], [5, 20], [20], [5, 1], [1]];

function run(hostUpdate: boolean, steps: number, lrOf: (t: number) => number): Float32Array[] {
  const rng = new Rng(3);
  const vars = SHAPES.map((s) => tf.variable(tf.tensor(Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal()), s)));
  const opt = makeOptimizer({ name: 'adam', learningRate: 0.01, momentum: 0 }, vars, SHAPES.map((_, i) => `w${i}`), { hostUpdate });
  const g = new Rng(9);
  for (let t = 1; t <= steps; t++) {
    tf.tidy(() => {
      // gradients spanning many magnitudes, with exact zeros, as real ones do
      const grads = vars.map((v) => tf.tensor(Float32Array.from({ length: v.size }, () => (g.next() < 0.1 ? 0 : g.normal() * 10 ** g.int(7 - 5))), v.shape));
      opt.apply(grads, lrOf(t));
    });
  }
  const out = [...vars.map((v) => v.dataSync() as Float32Array), ...opt.getState().map((s) => s.values)].map((a) => Float32Array.from(a));
  opt.dispose();
  for (const v of vars) v.dispose();
  return out;
}

function bitsEqual(a: Float32Array[], b: Float32Array[]): string[] {
  const bad: string[] = [];
  a.forEach((x, i) => {
    const y = b[i]!;
    const xb = new Uint32Array(x.buffer, x.byteOffset, x.length);
    const yb = new Uint32Array(y.buffer, y.byteOffset, y.length);
    for (let k = 0; k < xb.length; k++) if (xb[k] !== yb[k]) return void bad.push(`array ${i}[${k}]: ${x[k]} vs ${y[k]}`);
  });
  return bad;
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`Adam host pass = Adam on tensor ops, bit for bit, over 60 steps with a changing learning rate (${backend})`, async () => {
    if (backend === 'wasm') setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    assert.ok(await tf.setBackend(backend));
    const lr = (t: number): number => 0.01 * (1 + Math.sin(t));
    assert.deepEqual(bitsEqual(run(true, 60, lr), run(false, 60, lr)), []);
  });
}

test('the bit comparison notices a learning rate one float32 step off', async () => {
  assert.ok(await tf.setBackend('cpu'));
  const lr = 0.01;
  const next = new Float32Array([lr]);
  new Uint32Array(next.buffer)[0]! += 1;
  assert.notDeepEqual(bitsEqual(run(true, 5, () => lr), run(false, 5, () => next[0]!)), []);
});
