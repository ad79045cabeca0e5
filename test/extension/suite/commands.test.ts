// Activation, contributions and the commands that need no training.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, fixture } from './helpers';

suite('Sequence Lab extension: activation and commands', () => {
  const COMMANDS = ['seqlab.train', 'seqlab.validate', 'seqlab.stop', 'seqlab.openDashboard', 'seqlab.showLog'];

  test('activates and returns its API; the extension host never loaded tfjs', async () => {
    const a = await api();
    assert.ok(a.testing, 'testing hooks exist outside production');
    const tf = Object.keys(require.cache).filter((k) => /[\\/]@tensorflow[\\/]/.test(k));
    assert.deepStrictEqual(tf, [], 'tfjs modules in the extension host');
  });

  test('every command is registered and contributed under the "Sequence Lab" category', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const c of COMMANDS) assert.ok(registered.includes(c), `${c} is not registered`);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    for (const c of COMMANDS) {
      const contrib = pkg.contributes.commands.find((x) => x.command === c);
      assert.ok(contrib, `${c} not in contributes.commands`);
      assert.strictEqual(contrib.category, 'Sequence Lab');
    }
  });

  test('seqlab.validate accepts the tiny fixture and points at the line of a mistake', async () => {
    const ok = await vscode.commands.executeCommand<{ ok: boolean }>('seqlab.validate', fixture('tiny.seqlab.yaml'), true);
    assert.strictEqual(ok?.ok, true);
    const bad = await vscode.commands.executeCommand<{ ok: boolean; errors: { line: number; key: string; fix?: string }[] }>(
      'seqlab.validate', fixture('sub/broken.seqlab.yaml'), true);
    assert.strictEqual(bad?.ok, false);
    assert.strictEqual(bad.errors[0]?.line, 7);
    assert.strictEqual(bad.errors[0]?.key, 'model.tpye');
    assert.match(bad.errors[0]?.fix ?? '', /type/);
  });

  test('seqlab.validate checks the editor buffer, not only the disk', async () => {
    // A scratch copy: the edit stays unsaved and never touches the fixture other suites train.
    const scratch = fixture('scratch.seqlab.yaml');
    fs.copyFileSync(fixture('tiny.seqlab.yaml').fsPath, scratch.fsPath);
    const doc = await vscode.workspace.openTextDocument(scratch);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), 'bogusKey: 1\n'));
    try {
      const r = await vscode.commands.executeCommand<{ ok: boolean; errors: { key: string }[] }>('seqlab.validate', undefined, true);
      assert.strictEqual(r?.ok, false, 'the unsaved edit should make it invalid');
      assert.strictEqual(r.errors[0]?.key, 'bogusKey');
      const onDisk = await vscode.commands.executeCommand<{ ok: boolean }>('seqlab.validate', scratch, true);
      assert.strictEqual(onDisk?.ok, false, 'an open buffer wins over the disk');
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(scratch.fsPath, { force: true });
    }
  });

  test('the CodeLens "▶ Train | Validate" is at the top of *.seqlab.yaml files', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('tiny.seqlab.yaml'));
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('seqlab.'));
    assert.deepStrictEqual(ours.map((l) => l.command!.title), ['▶ Train', 'Validate']);
    assert.strictEqual(ours[0]!.range.start.line, 0);
  });

  test('the trust gate refuses training in an untrusted workspace and allows it in a trusted one', async () => {
    const t = (await api()).testing!;
    assert.deepStrictEqual(t.trustGate({ isTrusted: true }), { ok: true });
    const r = t.trustGate({ isTrusted: false });
    assert.strictEqual(r.ok, false);
  });

  test('package.json declares limited support for untrusted workspaces and no browser entry', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Record<string, unknown>;
    const caps = pkg.capabilities as { untrustedWorkspaces: { supported: string } };
    assert.strictEqual(caps.untrustedWorkspaces.supported, 'limited');
    assert.strictEqual(pkg.browser, undefined);
    assert.deepStrictEqual(pkg.extensionKind, ['workspace']);
    assert.ok(fs.existsSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'worker.js')));
  });
});
