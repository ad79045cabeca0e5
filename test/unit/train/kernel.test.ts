// The kernel path: auto stays on tfjs for now; fused runs when asked where it can; an explicit
// fused request that cannot run is an error naming training.kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseKernel, KernelError, selectKernel } from '../../../src/core/train';

test('auto stays on tfjs for now and says how to opt in; fused asked for runs on wasm and cpu', () => {
  for (const backend of ['wasm', 'cpu', 'tensorflow'] as const) {
    const auto = selectKernel('auto', backend);
    assert.equal(auto.info.name, 'tfjs');
    assert.match(auto.info.reason, /fused kernel not enabled for auto yet \(training\.kernel: fused opts in\)/);
    assert.deepEqual(auto.buildOptions, {});
  }
  for (const backend of ['wasm', 'cpu'] as const) {
    const s = selectKernel('fused', backend);
    assert.equal(s.info.name, 'fused');
    assert.ok(s.buildOptions.runDirection, 'a direction runner for buildModel');
    assert.match(s.info.reason, new RegExp(`on the ${backend} backend`));
  }
});

test('tfjs when asked; fused on tensorflow is a KernelError', () => {
  assert.deepEqual(chooseKernel('tfjs', 'wasm'), { requested: 'tfjs', name: 'tfjs', reason: 'requested' });
  assert.deepEqual(selectKernel('tfjs', 'cpu').buildOptions, {});
  assert.throws(
    () => selectKernel('fused', 'tensorflow'),
    (e: unknown) => e instanceof KernelError && e.key === 'training.kernel' && /cannot run here/.test(e.message) && /kernel: auto/.test(e.hint),
  );
});
