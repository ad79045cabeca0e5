// Runs in a second code-server session whose workspace is NOT trusted (restricted mode).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import { api, fixture, workspaceDir } from './helpers';

suite('Sequence Lab extension: untrusted workspace', () => {
  test('the workspace is untrusted and the extension still activates (limited support)', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    await api();
  });

  test('seqlab.train refuses with a message and writes no run', async () => {
    const r = await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true });
    assert.strictEqual(r?.status, 'refused');
    assert.match(r.message ?? '', /untrusted/);
    assert.strictEqual(fs.existsSync(path.join(workspaceDir(), '.seqlab', 'runs')), false);
  });

  test('viewing still works: validate reads the config', async () => {
    const r = await vscode.commands.executeCommand<{ ok: boolean }>('seqlab.validate', fixture('tiny.seqlab.yaml'), true);
    assert.strictEqual(r?.ok, true);
  });
});
