// Training from the editor: a real worker process runs the tiny fixture; the dashboard gets its
// messages; stop, crash and queue behave. Runs inside the real extension host (code-server).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainCommandResult } from '../../../src/extension/trainer';
import type { HostToWebview } from '../../../src/shared/protocol';
import type { TrainEvent } from '../../../src/core/events';
import { api, closeAllEditors, fixture, readJsonl, waitFor, workspaceDir } from './helpers';

function eventsOf(messages: HostToWebview[], replay?: boolean): TrainEvent[] {
  return messages.flatMap((m) => (m.type === 'events' && (replay === undefined || !!m.replay === replay) ? m.events : []));
}

function fakeWorker(): string {
  // The harness copies test/fixtures/extension into the workspace's parent's sibling: find it by env.
  const f = process.env.SEQLAB_FAKE_WORKER;
  assert.ok(f && fs.existsSync(f), `SEQLAB_FAKE_WORKER not set or missing: ${f}`);
  return f;
}

suite('Sequence Lab extension: training in a worker', function () {
  this.timeout(240_000);
  let first: TrainCommandResult;

  suiteTeardown(async () => {
    (await api()).testing!.setWorkerScript(undefined);
    delete process.env.FAKE_WORKER_MODE;
    await closeAllEditors();
  });

  test('seqlab.train trains the tiny fixture in a worker process and writes its run folder', async () => {
    await api();
    first = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true }))!;
    assert.strictEqual(first.status, 'completed', `result: ${JSON.stringify(first, null, 1).slice(0, 2000)}`);
    assert.strictEqual(first.exitCode, 0);
    assert.ok(first.workerPid && first.workerPid !== process.pid, 'training must run outside the extension host');
    assert.ok(first.runDir && first.runId);
    // runs root = the nearest folder with .seqlab, else git root, else the YAML's folder: the workspace here
    assert.strictEqual(path.dirname(path.dirname(path.dirname(first.runDir))), workspaceDir());
    const meta = JSON.parse(fs.readFileSync(path.join(first.runDir, 'meta.json'), 'utf8'));
    assert.strictEqual(meta.status, 'completed');
    assert.strictEqual(meta.backend.name, 'wasm');
    const metrics = readJsonl(path.join(first.runDir, 'metrics.jsonl'));
    assert.strictEqual(metrics.filter((m) => m.type === 'epoch').length, 3);
    assert.ok(metrics.filter((m) => m.type === 'step').length >= 3);
    assert.ok(fs.existsSync(path.join(first.runDir, 'worker.log')), 'worker.log is written');
    assert.ok(fs.existsSync(path.join(first.runDir, 'summary.json')));
    assert.strictEqual(first.eventCounts.start, 1);
    assert.strictEqual(first.eventCounts.end, 1);
    assert.strictEqual(first.backend?.name, 'wasm');
  });

  test("the live dashboard received init and the run's events, batched", async () => {
    const t = (await api()).testing!;
    const runId = first.runId!;
    await waitFor('dashboard ready', () => t.dashboardReady(runId), 30_000);
    const messages = await waitFor('the end event delivered', () => {
      const m = t.dashboardMessages(runId);
      return eventsOf(m).some((e) => e.type === 'end') && m;
    });
    assert.strictEqual(messages[0]?.type, 'init');
    const events = eventsOf(messages);
    assert.strictEqual(events[0]?.type, 'start');
    const metrics = readJsonl(path.join(first.runDir!, 'metrics.jsonl'));
    const epochsOnDisk = metrics.filter((m) => m.type === 'epoch').map((m) => m.valLoss);
    const epochsPosted = events.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.valLoss : undefined));
    assert.deepStrictEqual(epochsPosted, epochsOnDisk);
    const stepsOnDisk = metrics.filter((m) => m.type === 'step').map((m) => m.loss);
    assert.deepStrictEqual(events.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.loss : 0)), stepsOnDisk);
    // batching: far fewer posts than events
    const posts = messages.filter((m) => m.type === 'events').length;
    assert.ok(posts < events.length, `posts ${posts} vs events ${events.length}`);
  });

  test('opening the finished run rebuilds the dashboard from its folder (replay)', async () => {
    const t = (await api()).testing!;
    await closeAllEditors();
    const runId = await vscode.commands.executeCommand<string>('seqlab.openDashboard', vscode.Uri.file(first.runDir!));
    assert.strictEqual(runId, first.runId);
    const replayed = await waitFor('replayed events', () => {
      const ev = eventsOf(t.dashboardMessages(first.runId!), true);
      return ev.some((e) => e.type === 'end') && ev;
    });
    const metrics = readJsonl(path.join(first.runDir!, 'metrics.jsonl'));
    assert.deepStrictEqual(
      replayed.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.loss : 0)),
      metrics.filter((m) => m.type === 'step').map((m) => m.loss),
    );
    const end = replayed.find((e) => e.type === 'end');
    assert.ok(end && end.type === 'end' && end.status === 'completed');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.startsWith('Sequence Lab')), tabs.map((x) => x.label).join(', '));
  });

  test('a dashboard restored after a reload (serializer state {runId, runDir}) replays the run folder', async () => {
    const t = (await api()).testing!;
    await closeAllEditors();
    const before = t.dashboardMessages(first.runId!).length;
    const runId = t.restoreDashboard({ runId: first.runId, runDir: first.runDir });
    assert.strictEqual(runId, first.runId);
    const fresh = await waitFor('restored panel replayed', () => {
      const m = t.dashboardMessages(first.runId!).slice(before);
      return eventsOf(m, true).some((e) => e.type === 'end') && m;
    });
    assert.strictEqual(fresh[0]?.type, 'init');
    assert.strictEqual(eventsOf(fresh, true).filter((e) => e.type === 'epoch').length, 3);
    await closeAllEditors();
  });

  test('seqlab.stop stops a long run within a batch; the run folder reads stopped', async () => {
    const t = (await api()).testing!;
    const pending = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), {
      quiet: true, openDashboard: false, overrides: ['training.epochs=500'],
    });
    await waitFor('the run is training', () => t.activeRuns().some((r) => r.runId && r.status === 'running'), 60_000);
    const stopped = await vscode.commands.executeCommand<boolean>('seqlab.stop');
    assert.strictEqual(stopped, true);
    const r = (await pending)!;
    assert.strictEqual(r.status, 'stopped', JSON.stringify(r.error));
    const meta = JSON.parse(fs.readFileSync(path.join(r.runDir!, 'meta.json'), 'utf8'));
    assert.strictEqual(meta.status, 'stopped');
    assert.ok((r.eventCounts.epoch ?? 0) < 500);
  });

  test('a crashing worker shows the run failed with the log tail; meta.json says failed', async () => {
    const t = (await api()).testing!;
    t.setWorkerScript(fakeWorker());
    process.env.FAKE_WORKER_MODE = 'crash';
    try {
      const r = (await vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true }))!;
      assert.strictEqual(r.status, 'failed');
      assert.match(r.error?.message ?? '', /exited with code 3/);
      assert.match(r.error?.hint ?? '', /about to crash/);
      const meta = JSON.parse(fs.readFileSync(path.join(r.runDir!, 'meta.json'), 'utf8'));
      assert.strictEqual(meta.status, 'failed');
      assert.match(fs.readFileSync(path.join(r.runDir!, 'worker.log'), 'utf8'), /about to crash/);
      // the dashboard (opened on start) got a failed end event
      const ev = await waitFor('failed end event', () => eventsOf(t.dashboardMessages(r.runId!)).find((e) => e.type === 'end'));
      assert.ok(ev.type === 'end' && ev.status === 'failed');
    } finally {
      t.setWorkerScript(undefined);
      delete process.env.FAKE_WORKER_MODE;
    }
  });

  test('with maxConcurrentRuns 1 a second run waits in the queue, then runs', async () => {
    const t = (await api()).testing!;
    t.setWorkerScript(fakeWorker());
    process.env.FAKE_WORKER_MODE = 'slow';
    try {
      const a = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true, openDashboard: false });
      const runA = await waitFor('run A training', () => t.activeRuns().find((r) => r.status === 'running' && r.runId));
      const b = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), { quiet: true, openDashboard: false });
      await waitFor('run B queued', () => t.activeRuns().some((r) => r.status === 'queued'));
      assert.strictEqual(t.activeRuns().filter((r) => r.status === 'running').length, 1);
      await vscode.commands.executeCommand('seqlab.stop', runA.runId);
      const runB = await waitFor('run B training', () => t.activeRuns().find((r) => r.status === 'running' && r.runId && r.runId !== runA.runId));
      await vscode.commands.executeCommand('seqlab.stop', runB.runId);
      const [ra, rb] = await Promise.all([a, b]);
      assert.strictEqual(ra!.queued, false);
      assert.strictEqual(rb!.queued, true);
      assert.strictEqual(ra!.status, 'stopped');
      assert.strictEqual(rb!.status, 'stopped');
    } finally {
      t.setWorkerScript(undefined);
      delete process.env.FAKE_WORKER_MODE;
    }
  });

  test('raising seqlab.maxConcurrentRuns to 2 lets two runs train at once', async () => {
    const t = (await api()).testing!;
    const config = vscode.workspace.getConfiguration('seqlab');
    await config.update('maxConcurrentRuns', 2, vscode.ConfigurationTarget.Global);
    t.setWorkerScript(fakeWorker());
    process.env.FAKE_WORKER_MODE = 'slow';
    try {
      const opts = { quiet: true, openDashboard: false };
      const a = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), opts);
      const b = vscode.commands.executeCommand<TrainCommandResult>('seqlab.train', fixture('tiny.seqlab.yaml'), opts);
      const both = await waitFor('two runs training', () => {
        const running = t.activeRuns().filter((r) => r.status === 'running' && r.runId);
        return running.length === 2 && running;
      });
      for (const r of both) await vscode.commands.executeCommand('seqlab.stop', r.runId);
      const [ra, rb] = await Promise.all([a, b]);
      assert.strictEqual(ra!.queued, false);
      assert.strictEqual(rb!.queued, false);
    } finally {
      t.setWorkerScript(undefined);
      delete process.env.FAKE_WORKER_MODE;
      await config.update('maxConcurrentRuns', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
