// A multi-root workspace: each experiment's runs go to its own root, and resource-scoped settings
// (seqlab.runsDirectory in folder b's .vscode/settings.json) apply per folder, relative to that folder.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import { api } from './helpers';

suite('Sequence Lab extension: multi-root workspace', function () {
  this.timeout(240_000);

  test('runs of folder a go to a/.seqlab, runs of folder b to its seqlab.runsDirectory', async () => {
    await api();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepStrictEqual(folders.map((f) => f.name), ['a', 'b']);
    const [a, b] = folders as [vscode.WorkspaceFolder, vscode.WorkspaceFolder];
    const train = (f: vscode.WorkspaceFolder, file: string) =>
      vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', vscode.Uri.joinPath(f.uri, file), { quiet: true, openDashboard: false, overrides: ['training.epochs=1'] });
    const ra = (await train(a, 'a.seqlab.yaml'))!;
    assert.strictEqual(ra.status, 'completed', JSON.stringify(ra.error));
    assert.strictEqual(path.dirname(ra.runDir!), path.join(a.uri.fsPath, '.seqlab', 'runs'));
    const rb = (await train(b, 'b.seqlab.yaml'))!;
    assert.strictEqual(rb.status, 'completed', JSON.stringify(rb.error));
    assert.strictEqual(path.dirname(rb.runDir!), path.join(b.uri.fsPath, 'b-runs', '.seqlab', 'runs'));
  });
});
