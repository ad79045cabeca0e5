/**
 * The committed kernels are what native/recurrent.c builds to: rebuild with scripts/build-kernels.sh
 * into a temp folder and compare bytes. Skips (saying why) where clang-14 / wasm-ld-14 are absent,
 * since users and most CI images have no compiler; the bench machine and the lead's CI do.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { wasmApi } from '../../../src/core/kernels/wasm-api';

const root = path.resolve(__dirname, '../../..');
const tools = ['clang-14', 'wasm-ld-14', 'llvm-objdump-14'];
const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);

test(
  'committed src/core/kernels/*.wasm match a fresh build of native/recurrent.c',
  { skip: missing.length ? `${missing.join(', ')} not installed (Debian: apt-get install clang-14 lld-14 llvm-14)` : false },
  () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-kernels-'));
    try {
      execFileSync('bash', [path.join(root, 'scripts/build-kernels.sh'), out], { cwd: root, stdio: 'pipe' });
      for (const f of ['recurrent.wasm', 'recurrent-relaxed.wasm']) {
        const built = fs.readFileSync(path.join(out, f));
        const committed = fs.readFileSync(path.join(root, 'src/core/kernels', f));
        assert.ok(built.equals(committed), `${f} differs from the build of native/recurrent.c: run npm run build:kernels and commit`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  },
);

test('the committed plain-SIMD kernel is a valid import-free module with the expected exports', () => {
  const bytes = fs.readFileSync(path.join(root, 'src/core/kernels/recurrent.wasm'));
  const m = new wasmApi.Module(bytes);
  assert.deepEqual(wasmApi.Module.imports(m), []);
  const names = wasmApi.Module.exports(m).map((e) => e.name);
  for (const n of ['memory', 'forward', 'backward', 'matmul', 'swap_axes', 'ctx_size', '__heap_base']) assert.ok(names.includes(n), n);
});
