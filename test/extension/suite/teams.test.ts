// Teams in the editor (issue 13): sweep leaderboard (live), promote best to config (an undoable edit
// of just the promoted lines), resume a stopped run in a worker with the dashboard continuing its
// charts, reproduce a run, compare two runs' configs in the diff editor. Real worker, tiny fixture.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import type { CompareConfigsResult, PromoteCommandResult } from '../../../src/extension/teams';
import type { RunSweepCommandResult } from '../../../src/extension/teams/run-sweep-command';
import type { TrainEvent } from '../../../src/core/events';
import { api, closeAllEditors, EXTENSION_ID, fixture, readJsonl, waitFor, workspaceDir } from './helpers';

const COMMANDS = ['seqlab.runSweep', 'seqlab.showLeaderboard', 'seqlab.promoteBest', 'seqlab.resumeRun', 'seqlab.reproduceRun', 'seqlab.compareConfigs'];

/** The experiment a fabricated sweep "ran": comments and layout a promotion must keep. */
const SWEEP_YAML = `# Which cell? (the team's sweep)
name: teams-sweep   # shown in the runs view
seed: 3
backend: wasm
data: {kind: sine, length: 240, window: 8}
model:
  type: rnn        # rnn | lstm | gru
  layers: [{units: 8}]
training: {epochs: 2}
sweep:
  model.type: [rnn, gru, lstm]
`;

/** A run folder of a sweep point: a copy of the recorded e2e run, re-tagged, with its own best valLoss. */
function fabricatePoint(root: string, sweepId: string, index: number, type: string, valLoss: number, configPath: string): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const recorded = path.join(ext, 'test', 'e2e', 'fixtures', 'runs', '20261125-164000-sine-next-value-2851');
  const runDir = path.join(root, '.seqlab', 'runs', `20261125-170000-teams-sweep-${index}`);
  fs.cpSync(recorded, runDir, { recursive: true });
  const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(runDir, 'meta.json'), JSON.stringify({ ...meta, runId: path.basename(runDir), experiment: 'teams-sweep', configPath, startedAt: `2026-11-25T17:00:0${index}.000Z`, sweep: { id: sweepId, point: `p${index}`, index, values: { 'model.type': type } } }));
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { best: Record<string, number> };
  fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify({ ...summary, best: { ...summary.best, valLoss } }));
  const config = fs.readFileSync(path.join(runDir, 'config.yaml'), 'utf8').replace(/^ {2}type: \w+/m, `  type: ${type}`);
  fs.writeFileSync(path.join(runDir, 'config.yaml'), config);
  return runDir;
}

function eventsOf(runId: string, t: NonNullable<Awaited<ReturnType<typeof api>>['testing']>): TrainEvent[] {
  return t.dashboardMessages(runId).flatMap((m) => (m.type === 'events' ? m.events : []));
}

suite('Sequence Lab: teams (leaderboard, promote, resume, reproduce, compare configs)', function () {
  this.timeout(240_000);
  const sweepId = 'teams-sweep-0a1b2c3d';
  let root: string;
  let yamlFile: string;
  const made: string[] = [];

  suiteSetup(async () => {
    await api();
    root = workspaceDir();
    yamlFile = path.join(root, 'teams-sweep.seqlab.yaml');
    fs.writeFileSync(yamlFile, SWEEP_YAML);
    made.push(fabricatePoint(root, sweepId, 1, 'rnn', 0.30, yamlFile), fabricatePoint(root, sweepId, 2, 'gru', 0.05, yamlFile));
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(yamlFile, { force: true });
  });

  test('the teams commands are registered and contributed under Sequence Lab', async () => {
    const registered = await vscode.commands.getCommands(true);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    for (const c of COMMANDS) {
      assert.ok(registered.includes(c), `${c} is not registered`);
      assert.strictEqual(pkg.contributes.commands.find((x) => x.command === c)?.category, 'Sequence Lab', c);
    }
  });

  test('seqlab.showLeaderboard shows the sweep and updates when another point finishes', async () => {
    const t = (await api()).testing!;
    const id = await vscode.commands.executeCommand<string>('seqlab.showLeaderboard', { root, sweepId });
    assert.strictEqual(id, sweepId);
    const board = await waitFor('the first board', () => t.leaderboardBoard(sweepId), 30_000);
    assert.deepStrictEqual(board.rows.map((r) => [r.index, r.values['model.type'], r.metrics.valLoss]), [[1, 'rnn', 0.3], [2, 'gru', 0.05]]);
    assert.strictEqual(board.configPath, yamlFile);
    made.push(fabricatePoint(root, sweepId, 3, 'lstm', 0.02, yamlFile));
    const live = await waitFor('the board with the third point', () => (t.leaderboardBoard(sweepId)?.rows.length === 3 ? t.leaderboardBoard(sweepId) : undefined), 30_000);
    assert.strictEqual(live.rows[2]?.values['model.type'], 'lstm');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((x) => x.input instanceof vscode.TabInputWebview && x.input.viewType.endsWith('seqlab.leaderboard'));
    assert.ok(tab, 'a leaderboard tab is open');
  });

  test('a leaderboard panel restored after a reload (its saved {root, sweepId}) shows the sweep again', async () => {
    const t = (await api()).testing!;
    await closeAllEditors();
    const restored = t.restoreLeaderboard({ leaderboard: { root, sweepId } });
    assert.strictEqual(restored, sweepId);
    const board = await waitFor('the restored board', () => t.leaderboardBoard(sweepId), 30_000);
    assert.ok(board.rows.length >= 2);
    assert.strictEqual(board.root, root);
    assert.strictEqual(t.restoreLeaderboard({}), undefined, 'nothing saved: nothing to show');
    await closeAllEditors();
  });

  test('seqlab.promoteBest edits only the winning key line (unsaved, undoable), comments kept', async () => {
    const r = (await vscode.commands.executeCommand<PromoteCommandResult>('seqlab.promoteBest', { root, sweepId }))!;
    assert.strictEqual(r.status, 'promoted', r.message);
    assert.strictEqual(r.point, 3);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === yamlFile);
    assert.ok(doc, 'the experiment file is open');
    assert.ok(doc.isDirty, 'left unsaved for review');
    const before = SWEEP_YAML.split('\n');
    const after = doc.getText().split('\n');
    assert.strictEqual(after.length, before.length);
    const changed = before.flatMap((l, i) => (l === after[i] ? [] : [i]));
    assert.deepStrictEqual(changed, [6]);
    assert.strictEqual(after[6], '  type: lstm       # rnn | lstm | gru', 'the comment stays in its column');
    assert.strictEqual(fs.readFileSync(yamlFile, 'utf8'), SWEEP_YAML, 'the file on disk is untouched until saved');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo restores the text', () => doc.getText() === SWEEP_YAML, 10_000);
  });

  test('seqlab.compareConfigs opens the two resolved configs in the diff editor and lists the keys', async () => {
    const [a, b] = made as [string, string];
    const nodes = [a, b].map((runDir) => ({ kind: 'run', entry: { runId: path.basename(runDir), runDir, experiment: 'teams-sweep', status: 'completed', diskBytes: 1 } }));
    const r = (await vscode.commands.executeCommand<CompareConfigsResult>('seqlab.compareConfigs', nodes[0], nodes))!;
    assert.deepStrictEqual(r.keys, ['model.type']);
    const tab = await waitFor('a diff editor tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((x) => x.input instanceof vscode.TabInputTextDiff));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.strictEqual(input.original.fsPath, path.join(a, 'config.yaml'));
    assert.strictEqual(input.modified.fsPath, path.join(b, 'config.yaml'));
    await closeAllEditors();
  });

  test('seqlab.resumeRun continues a stopped run in a worker; its dashboard continues the charts', async () => {
    const t = (await api()).testing!;
    const pending = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true, openDashboard: false, overrides: ["training.epochs=40"] });
    await waitFor('epoch 2 under way', () => t.activeRuns().some((x) => x.runId && x.epoch >= 2), 60_000);
    await vscode.commands.executeCommand('seqlab.stop');
    const stopped = (await pending)!;
    assert.strictEqual(stopped.status, 'stopped');
    const runDir = stopped.runDir!;
    const epochsBefore = readJsonl(path.join(runDir, 'metrics.jsonl')).filter((m) => m.type === 'epoch').length;
    assert.ok(epochsBefore >= 1 && epochsBefore < 40, `stopped after ${epochsBefore} epochs`);

    const r = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.resumeRun', { runDir, quiet: true }))!;
    assert.strictEqual(r.status, 'completed', JSON.stringify(r.error ?? r.message));
    assert.strictEqual(r.runId, stopped.runId, 'the same run id');
    assert.ok(r.workerPid && r.workerPid !== process.pid, 'resumed in a worker');
    const epochs = readJsonl(path.join(runDir, 'metrics.jsonl')).filter((m) => m.type === 'epoch').map((m) => m.epoch);
    assert.deepStrictEqual(epochs, Array.from({ length: 40 }, (_, i) => i + 1));
    // The dashboard got the recorded epochs first, then the live ones: every epoch once, in order.
    const events = await waitFor('the end on the dashboard', () => {
      const ev = eventsOf(r.runId!, t);
      return ev.some((e) => e.type === 'end') && ev;
    });
    const posted = events.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : []));
    assert.deepStrictEqual(posted, epochs);
    assert.ok(events.findIndex((e) => e.type === 'step') < events.findIndex((e) => e.type === 'start'), 'recorded steps come before the live start');
    const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as { status: string };
    assert.strictEqual(meta.status, 'completed');
    const again = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.resumeRun', { runDir, quiet: true }))!;
    assert.strictEqual(again.status, 'refused', 'a completed run is not resumed');
    await closeAllEditors();
  });

  test('seqlab.runSweep trains every point in workers with the leaderboard live; a rerun skips them', async () => {
    const t = (await api()).testing!;
    const file = path.join(root, 'sweep-units.seqlab.yaml');
    const tiny = fs.readFileSync(fixture('tiny.seqlab.yaml').fsPath, 'utf8').replace('name: ext-tiny', 'name: ext-sweep').replace('epochs: 3', 'epochs: 1');
    fs.writeFileSync(file, `${tiny}sweep:\n  model.layers.0.units: [4, 6]\n`);
    try {
      const r = (await vscode.commands.executeCommand<RunSweepCommandResult>('seqlab.runSweep', vscode.Uri.file(file)))!;
      assert.strictEqual(r.status, 'done', JSON.stringify(r));
      assert.deepStrictEqual(r.results?.map((p) => [p.index, p.status]), [[1, 'completed'], [2, 'completed']]);
      for (const p of r.results ?? []) made.push(path.join(root, '.seqlab', 'runs', p.runId!));
      const board = await waitFor('the board with both points finished', () => {
        const b = t.leaderboardBoard(r.sweepId!);
        return b && b.rows.length === 2 && b.rows.every((x) => x.status === 'completed') && b;
      }, 30_000);
      assert.deepStrictEqual(board.rows.map((x) => x.values['model.layers.0.units']), [4, 6]);
      assert.ok(board.rows.every((x) => typeof x.metrics.valLoss === 'number'));
      const again = (await vscode.commands.executeCommand<RunSweepCommandResult>('seqlab.runSweep', vscode.Uri.file(file)))!;
      assert.deepStrictEqual(again.results?.map((p) => p.status), ['skipped', 'skipped']);
    } finally {
      fs.rmSync(file, { force: true });
      await closeAllEditors();
    }
  });

  test('seqlab.reproduceRun reruns a run in a worker and reports it identical on the same path', async () => {
    const first = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true, openDashboard: false }))!;
    assert.strictEqual(first.status, 'completed');
    const r = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.reproduceRun', { runDir: first.runDir }))!;
    assert.ok(r.report, `no report: ${JSON.stringify(r).slice(0, 1000)}`);
    assert.strictEqual(r.report.verdict, 'identical', r.report.message);
    assert.ok(r.runDir && r.runDir !== first.runDir, 'a new run folder');
    assert.ok(r.workerPid && r.workerPid !== process.pid);
  });
});
