// No workspace folder: the user opened a single *.seqlab.yaml. Commands still work on the open file
// and the run goes where findRunsRoot says (here: the file's folder, which has a .seqlab/).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import { api } from './helpers';

suite('Sequence Lab extension: no workspace folder', function () {
  this.timeout(240_000);

  test('with only an open file, seqlab.train trains the active experiment', async () => {
    assert.strictEqual(vscode.workspace.workspaceFolders, undefined);
    await api();
    const dir = process.env.SEQLAB_TEST_WORKSPACE!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'tiny.seqlab.yaml')));
    await vscode.window.showTextDocument(doc);
    const v = await vscode.commands.executeCommand<{ ok: boolean }>('seqlab.validate', undefined, true);
    assert.strictEqual(v?.ok, true);
    const r = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', undefined, { quiet: true, openDashboard: false }))!;
    assert.strictEqual(r.status, 'completed', JSON.stringify(r.error ?? r.message));
    assert.strictEqual(r.file, doc.uri.fsPath);
    assert.strictEqual(path.dirname(r.runDir!), path.join(dir, '.seqlab', 'runs'));
  });
});
