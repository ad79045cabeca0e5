// The extension's side of the worker, against a fake worker script speaking the same IPC protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forkOptions } from '../../../src/extension/fork-options';
import { WorkerProcess } from '../../../src/extension/worker-process';
import type { TrainEvent } from '../../../src/core/events';

const FAKE = path.resolve(__dirname, '../../fixtures/extension/fake-worker.js');

function startFake(mode: string, extra: Partial<ConstructorParameters<typeof WorkerProcess>[0]> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wp-'));
  const events: TrainEvent[] = [];
  const lines: string[] = [];
  const w = new WorkerProcess({
    workerScript: FAKE,
    fork: forkOptions({ hostExecPath: process.execPath, env: { ...process.env, FAKE_WORKER_MODE: mode, NODE_OPTIONS: '--no-warnings' } }),
    start: { configPath: path.join(dir, 'x.seqlab.yaml'), runsDir: dir },
    onEvent: (e) => events.push(e),
    onLogLine: (l) => lines.push(l),
    ...extra,
  });
  return { w, dir, events, lines, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('a normal run: events in order, then the result; stderr goes to the log and <run>/worker.log', async () => {
  const f = startFake('ok');
  try {
    const r = await f.w.done;
    assert.equal(r.status, 'completed');
    assert.deepEqual(f.events.map((e) => e.type), ['start', 'step', 'step', 'step', 'epoch', 'end']);
    assert.ok(f.lines.includes('fake worker: started'));
    const log = fs.readFileSync(path.join(r.runDir!, 'worker.log'), 'utf8');
    // lines printed before the run folder was known are kept too
    assert.match(log, /fake worker: before start\nfake worker: started/);
    assert.ok(f.w.pid && f.w.pid !== process.pid);
  } finally {
    f.cleanup();
  }
});

test('a crash (exit code without a result) becomes a failed result with the log tail', async () => {
  const f = startFake('crash');
  try {
    const r = await f.w.done;
    assert.equal(r.status, 'failed');
    assert.equal(r.exitCode, 1);
    assert.match(r.error!.message, /exited with code 3 without reporting a result/);
    assert.match(r.error!.hint!, /about to crash/);
    assert.ok(r.runDir, 'the run folder from the start event is reported');
  } finally {
    f.cleanup();
  }
});

test('stop asks the worker to stop cleanly (stopped result, end event)', async () => {
  const f = startFake('slow');
  try {
    while (!f.events.some((e) => e.type === 'step')) await new Promise((r) => setTimeout(r, 20));
    f.w.stop();
    const r = await f.w.done;
    assert.equal(r.status, 'stopped');
    assert.equal(f.events.at(-1)?.type, 'end');
  } finally {
    f.cleanup();
  }
});

test('a worker that ignores stop is killed after the grace period and reads as stopped', async () => {
  const f = startFake('hang', { stopGraceMs: 300 });
  try {
    while (!f.events.some((e) => e.type === 'step')) await new Promise((r) => setTimeout(r, 20));
    f.w.stop();
    const r = await f.w.done;
    assert.equal(r.status, 'stopped');
    assert.match(r.error!.message, /killed by SIGKILL/);
  } finally {
    f.cleanup();
  }
});

test('the child sees ELECTRON_RUN_AS_NODE=1, no execArgv and no NODE_OPTIONS', async () => {
  const f = startFake('env');
  try {
    const r = await f.w.done;
    const seen = JSON.parse(r.error!.message) as { execArgv: string[]; electron: string; nodeOptions: string | null };
    assert.deepEqual(seen, { execArgv: [], electron: '1', nodeOptions: null });
  } finally {
    f.cleanup();
  }
});

test('a bad executable path gives a failed result, not a hang', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wp-'));
  try {
    const w = new WorkerProcess({
      workerScript: FAKE,
      fork: forkOptions({ hostExecPath: process.execPath, nodePath: path.join(dir, 'no-such-node'), env: process.env }),
      start: { configPath: 'x', runsDir: dir },
    });
    const r = await w.done;
    assert.equal(r.status, 'failed');
    assert.match(r.error!.message, /could not start|exited with code|killed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The real dist/worker.js (built by `npm run build`, which runs before the unit layer in npm test):
// losing the IPC channel (the editor closed) must stop the run and leave it `stopped`, not `running`.
test('the real worker: IPC disconnect mid-run marks the run stopped and the worker exits', async (t) => {
  const worker = path.resolve(__dirname, '../../../dist/worker.js');
  if (!fs.existsSync(worker)) return t.skip('dist/worker.js not built (run npm run build)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wp-real-'));
  try {
    fs.copyFileSync(path.resolve(__dirname, '../../fixtures/extension/workspace/tiny.seqlab.yaml'), path.join(dir, 'tiny.seqlab.yaml'));
    const { fork } = await import('node:child_process');
    const child = fork(worker, [], { ...forkOptions({ hostExecPath: process.execPath, env: process.env }), stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    let runDir: string | undefined;
    const stepped = new Promise<void>((resolve) => child.on('message', (m: { type: string; event?: TrainEvent }) => {
      if (m.event?.type === 'start') runDir = m.event.runDir;
      if (m.event?.type === 'step') resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.send({ type: 'start', options: { configPath: path.join(dir, 'tiny.seqlab.yaml'), runsDir: dir, overrides: ['training.epochs=1000'] } });
    await stepped;
    child.disconnect();
    assert.equal(await exited, 0);
    assert.ok(runDir);
    const meta = JSON.parse(fs.readFileSync(path.join(runDir, 'meta.json'), 'utf8')) as { status: string };
    assert.equal(meta.status, 'stopped');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
