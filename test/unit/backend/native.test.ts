// The native (tfjs-node) loading logic with an injected fake package: absent, throwing addon, wrong
// version, right version. The real package is not installed here (npm drops it offline), which the
// last test checks through the real lookup.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BackendError, defaultNativeLoader, initBackend, type NativeLoader } from '../../../src/core/backend';

const core = tf.version_core;

function fake(probe: ReturnType<NativeLoader['probe']>, load: () => unknown): NativeLoader {
  return { location: 'fake', probe: () => probe, load };
}

after(() => {
  if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow');
});

test('absent tfjs-node: auto falls back and says it is not installed', async () => {
  const info = await initBackend('auto', { nativeLoader: fake(undefined, () => assert.fail('must not load')) });
  assert.notEqual(info.name, 'tensorflow');
  assert.match(info.reasons[0] ?? '', /^tensorflow: @tensorflow\/tfjs-node is not installed \(npm drops this optional dependency when its install script cannot download libtensorflow/);
});

test('explicit tensorflow that is absent is an error, not a fallback', async () => {
  await assert.rejects(
    initBackend('tensorflow', { nativeLoader: fake(undefined, () => undefined) }),
    (err: unknown) => err instanceof BackendError && /backend 'tensorflow' cannot be used: tensorflow: .*not installed/.test(err.message) && /backend: auto/.test(err.message),
  );
});

test('installed but the native addon throws: the reason names the addon failure', async () => {
  const info = await initBackend('auto', {
    nativeLoader: fake({ version: core }, () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module.load');
    }),
  });
  assert.notEqual(info.name, 'tensorflow');
  assert.equal(
    info.reasons[0],
    'tensorflow: @tensorflow/tfjs-node is installed but its native addon failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory',
  );
});

test('a version that does not match tfjs-core exactly is never loaded', async () => {
  let loaded = false;
  const info = await initBackend('auto', { nativeLoader: fake({ version: '4.21.0' }, () => (loaded = true)) });
  assert.equal(loaded, false);
  assert.equal(info.reasons[0], `tensorflow: @tensorflow/tfjs-node version 4.21.0 does not match the bundled tfjs-core ${core}`);
  const info2 = await initBackend('auto', { nativeLoader: fake({ version: core, coreVersion: '4.1.0' }, () => (loaded = true)) });
  assert.equal(loaded, false);
  assert.match(info2.reasons[0] ?? '', /resolves tfjs-core 4\.1\.0, which does not match the bundled tfjs-core/);
});

test('the right version loads and runs as tensorflow', async () => {
  const info = await initBackend('auto', {
    nativeLoader: fake({ version: core, coreVersion: core }, () => tf.registerBackend('tensorflow', () => new MathBackendCPU(), 0)),
  });
  assert.equal(info.name, 'tensorflow');
  assert.deepEqual(info.reasons, []);
  assert.equal(tf.getBackend(), 'tensorflow');
  await initBackend('cpu');
  tf.removeBackend('tensorflow');
});

test('a module that loads but registers no backend is reported', async () => {
  await assert.rejects(
    initBackend('tensorflow', { nativeLoader: fake({ version: core }, () => ({})) }),
    /loaded but the 'tensorflow' backend did not initialise/,
  );
});

test('the real lookup: tfjs-node is not installed in this checkout', async () => {
  assert.equal(defaultNativeLoader().probe(), undefined);
  const info = await initBackend('auto');
  assert.equal(info.name, 'wasm');
  assert.match(info.reasons[0] ?? '', /not installed/);
  assert.match(info.detail ?? '', /WebAssembly/);
});

test('tfjsNodePath pointing at a folder without the package reads as not installed', () => {
  assert.equal(defaultNativeLoader('/nonexistent/folder').probe(), undefined);
});
