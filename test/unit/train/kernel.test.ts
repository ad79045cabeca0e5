// The kernel path: auto runs the fused kernel on wasm and cpu and the tfjs path on tensorflow (with
// the reason); fused runs when asked where it can; an explicit fused request that cannot run is an
// error naming training.kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseKernel, KernelError, selectKernel } from '../../../src/core/train';

test('auto: fused on wasm and cpu, tfjs with the reason on tensorflow; fused asked for runs on wasm and cpu', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    const auto = selectKernel('auto', backend);
    assert.equal(auto.info.name, 'fused');
    assert.ok(auto.buildOptions.runDirection, 'a direction runner for buildModel');
    assert.notEqual(selectKernel('auto', backend).buildOptions.runDirection, auto.buildOptions.runDirection, 'a fresh runner (and kernel instance) per run');
  }
  const native = selectKernel('auto', 'tensorflow');
  assert.equal(native.info.name, 'tfjs');
  assert.match(native.info.reason, /native tensorflow backend runs the tfjs path/);
  assert.deepEqual(native.buildOptions, {});
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
