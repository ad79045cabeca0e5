// Runs against the PACKAGED extension: test/package/run.js installs the .vsix with
// `code-server --install-extension` into a fresh extensions folder outside the repository and starts
// code-server with extensionDevelopmentPath = that installed folder, so the code under test is the copy
// unpacked from the .vsix (development mode only because the payload test hook requires it).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SeqlabApi } from '../../../src/extension/extension';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import { EXTENSION_ID, fixture } from './helpers';

suite('Sequence Lab packaged extension (installed from the .vsix)', function () {
  this.timeout(240_000);

  test('the installed copy is the one loaded, outside the repository', async () => {
    const ext = vscode.extensions.getExtension<SeqlabApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const expectedDir = process.env.SEQLAB_EXPECT_EXTENSIONS_DIR!;
    assert.ok(ext.extensionPath.startsWith(expectedDir + path.sep), `${ext.extensionPath} is not under ${expectedDir}`);
    assert.ok(!ext.extensionPath.startsWith(process.env.SEQLAB_REPO! + path.sep));
    await ext.activate();
    for (const f of ['dist/extension.js', 'dist/worker.js', 'dist/webview.js', 'dist/tfjs-backend-wasm.wasm', 'dist/tfjs-backend-wasm-simd.wasm', 'dist/tfjs-backend-wasm-threaded-simd.wasm']) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), `${f} missing from the installed extension`);
    }
    assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'src')), 'sources must not ship');
  });

  test('it trains the fixture on the wasm backend from its own files', async () => {
    const ext = vscode.extensions.getExtension<SeqlabApi>(EXTENSION_ID)!;
    const r = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true, openDashboard: false }))!;
    assert.strictEqual(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
    const meta = JSON.parse(fs.readFileSync(path.join(r.runDir!, 'meta.json'), 'utf8'));
    assert.strictEqual(meta.status, 'completed');
    assert.strictEqual(meta.backend.name, 'wasm');
    // the wasm binaries came from the installed extension's dist/, next to its worker
    if (typeof meta.backend.detail === 'string' && meta.backend.detail.includes('binaries from')) {
      assert.ok(meta.backend.detail.includes(path.join(ext.extensionPath, 'dist')), meta.backend.detail);
    }
    assert.ok(fs.readFileSync(path.join(r.runDir!, 'metrics.jsonl'), 'utf8').includes('"type":"epoch"'));
  });
});
