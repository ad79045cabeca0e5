// The Runs view and compare (LESSON-VIEWS): contributions, and seqlab.compareRuns on two run folders
// (copies of the recorded e2e run) opening the compare panel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeAllEditors, EXTENSION_ID, waitFor } from './helpers';

suite('Sequence Lab: runs view and compare', () => {
  const COMMANDS = ['seqlab.runs.refresh', 'seqlab.runs.delete', 'seqlab.runs.cleanOld', 'seqlab.compareRuns', 'seqlab.raceCells'];

  test('the Runs view has its own activity-bar container; its commands are registered and contributed', async () => {
    await api();
    const registered = await vscode.commands.getCommands(true);
    for (const c of COMMANDS) assert.ok(registered.includes(c), `${c} is not registered`);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string; icon: string }[] }; views: Record<string, { id: string }[]>; commands: { command: string; category: string }[] };
    };
    const container = pkg.contributes.viewsContainers.activitybar.find((v) => v.id === 'seqlab');
    assert.ok(container, 'no activity-bar container "seqlab"');
    assert.ok(fs.existsSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, container.icon)), 'container icon missing');
    assert.deepStrictEqual(pkg.contributes.views.seqlab?.map((v) => v.id), ['seqlab.runs']);
    for (const c of COMMANDS) assert.strictEqual(pkg.contributes.commands.find((x) => x.command === c)?.category, 'Sequence Lab', c);
  });

  test('seqlab.compareRuns with two run nodes opens the compare panel', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const recorded = path.join(ext, 'test', 'e2e', 'fixtures', 'runs', '20261125-164000-sine-next-value-2851');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-compare-'));
    try {
      const entries = ['a', 'b'].map((s) => {
        const runDir = path.join(root, '.seqlab', 'runs', `20261125-164000-sine-${s}`);
        fs.cpSync(recorded, runDir, { recursive: true });
        return { runId: path.basename(runDir), runDir, experiment: 'sine-next-value', status: 'completed', diskBytes: 1 };
      });
      const nodes = entries.map((entry) => ({ kind: 'run', entry }));
      await vscode.commands.executeCommand('seqlab.compareRuns', nodes[0], nodes);
      const tab = await waitFor('the compare panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('seqlab.compare')));
      assert.match(tab.label, /^Compare: sine-next-value/);
    } finally {
      await closeAllEditors();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
