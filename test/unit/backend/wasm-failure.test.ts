// Own file (own process): a failed wasm initialisation cannot be undone inside tfjs-backend-wasm.
// setBackend('wasm') resolves false on broken binaries; that must be an error with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendError, initBackend, WASM_FILES } from '../../../src/core/backend';

test('setBackend("wasm") returning false is a load failure with its reason; auto then uses cpu', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-badwasm-'));
  try {
    for (const f of WASM_FILES) fs.writeFileSync(path.join(dir, f), 'not a wasm module');
    await assert.rejects(
      initBackend('wasm', { wasmDir: dir }),
      (err: unknown) => err instanceof BackendError && /tf\.setBackend\('wasm'\) returned false/.test(err.message),
    );
    const info = await initBackend('auto', { wasmDir: dir });
    assert.equal(info.name, 'cpu');
    assert.match(info.reasons[1] ?? '', /^wasm: tf\.setBackend\('wasm'\) returned false/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
