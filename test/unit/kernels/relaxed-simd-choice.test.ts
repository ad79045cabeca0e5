/**
 * Which SIMD build the default path runs and what it says: SEQLAB_RELAXED_SIMD=0 forces SIMD128;
 * unset, the relaxed build runs only where the runtime validates it (Node 22+, Electron; Node 20 with
 * --experimental-wasm-relaxed-simd); SEQLAB_RELAXED_SIMD=1 switches Node 20's flag on and the relaxed
 * build runs. The reason names the variant (seqlab reproduce reads it back from meta.json). Each test
 * file runs in its own process, so the V8 flag switched on here does not leak into other tests.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RELAXED_ENV, selectKernel } from '../../../src/core/train/kernel';
import { relaxedSimdSupported } from '../../../src/core/kernels';

function withEnv<T>(value: string | undefined, fn: () => T): T {
  const before = process.env[RELAXED_ENV];
  if (value === undefined) delete process.env[RELAXED_ENV];
  else process.env[RELAXED_ENV] = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[RELAXED_ENV];
    else process.env[RELAXED_ENV] = before;
  }
}

test(`${RELAXED_ENV}=0 runs the SIMD128 build; unset, the build the runtime validates`, () => {
  const plain = withEnv('0', () => selectKernel('auto', 'wasm').info);
  assert.equal(plain.name, 'fused');
  assert.equal(plain.reason, 'fused WebAssembly kernel (SIMD128) on the wasm backend');
  const auto = withEnv(undefined, () => selectKernel('auto', 'wasm').info);
  assert.equal(auto.reason, `fused WebAssembly kernel (${relaxedSimdSupported() ? 'relaxed SIMD' : 'SIMD128'}) on the wasm backend`);
});

test(`${RELAXED_ENV}=1 runs the relaxed build (Node 20/21: after switching on V8's flag)`, () => {
  const info = withEnv('1', () => selectKernel('auto', 'cpu').info);
  assert.equal(info.name, 'fused');
  assert.equal(info.reason, 'fused WebAssembly kernel (relaxed SIMD) on the cpu backend');
  assert.ok(relaxedSimdSupported(), 'relaxed SIMD validates in this process now');
});
