// The wasm backend: found in the package's dist folder in source mode; missing files are a clear
// failure; explicit cpu works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError, findWasmDir, initBackend, WASM_FILES } from '../../../src/core/backend';

test('source mode finds the wasm files in the package', () => {
  const dir = findWasmDir();
  assert.ok(dir, 'a wasm dir');
  for (const f of WASM_FILES) assert.ok(fs.existsSync(path.join(dir, f)), f);
});

test('explicit wasm with a folder missing the files is an error naming them', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wasm-'));
  try {
    await assert.rejects(
      initBackend('wasm', { wasmDir: empty }),
      (err: unknown) => err instanceof BackendError && err.message.includes('tfjs-backend-wasm.wasm') && err.message.includes(empty),
    );
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('explicit cpu and wasm both load, and ops run on them', async () => {
  const cpu = await initBackend('cpu');
  assert.equal(cpu.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  const wasm = await initBackend('wasm');
  assert.equal(wasm.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
  assert.equal(y, 11);
});

test('wasm init leaves no Emscripten process handlers behind', async () => {
  await initBackend('wasm');
  for (const l of process.listeners('unhandledRejection')) assert.doesNotMatch(String(l), /throw reason/);
});
