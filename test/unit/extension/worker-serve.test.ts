// The worker's message loop with an in-memory channel and a fake runner (no process, no tfjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, type Runner, type WorkerChannel } from '../../../src/worker/serve';
import type { WorkerToParent } from '../../../src/shared/worker-protocol';

function channel() {
  const sent: WorkerToParent[] = [];
  let onMsg: (m: unknown) => void = () => {};
  let onDisc: () => void = () => {};
  const ch: WorkerChannel = {
    send: async (m) => void sent.push(m),
    onMessage: (l) => (onMsg = l),
    onDisconnect: (l) => (onDisc = l),
    connected: () => true,
  };
  return { ch, sent, deliver: (m: unknown) => onMsg(m), disconnect: () => onDisc() };
}

/** A runner that emits a step every tick until its signal aborts, then reports `stopped`. */
const loopingRunner: Runner = async (o) => {
  o.onEvent({ type: 'log', level: 'info', message: `wasmDir=${o.wasmDir}` });
  let i = 0;
  while (!o.signal.aborted) {
    o.onEvent({ type: 'step', epoch: 1, step: ++i, loss: 1, gradNorm: 1, gradNormByLayer: {}, clipped: false, lr: 1, samplesPerSec: 1, time: 0 });
    await new Promise((r) => setImmediate(r));
  }
  return { exitCode: 1, status: 'stopped', runId: 'r1' };
};

test('start runs the experiment with the worker folder as wasmDir; stop aborts it', async () => {
  const c = channel();
  const done = serve(c.ch, loopingRunner, { wasmDir: '/dist', log: () => {} });
  c.deliver({ type: 'start', options: { configPath: '/x.seqlab.yaml' } });
  await new Promise((r) => setTimeout(r, 20));
  c.deliver({ type: 'stop' });
  const r = await done;
  assert.equal(r.status, 'stopped');
  const first = c.sent[0];
  assert.deepEqual(first, { type: 'event', event: { type: 'log', level: 'info', message: 'wasmDir=/dist' } });
  assert.equal(c.sent.at(-1)?.type, 'result', 'the result comes after every event');
  assert.ok(c.sent.filter((m) => m.type === 'event').length > 1);
});

test('losing the IPC channel aborts the run (the core then marks it stopped)', async () => {
  const c = channel();
  let aborted = false;
  const runner: Runner = async (o) => {
    await new Promise<void>((r) => o.signal.addEventListener('abort', () => r()));
    aborted = true;
    return { exitCode: 1, status: 'stopped' };
  };
  const done = serve(c.ch, runner, { wasmDir: '/d', log: () => {} });
  c.deliver({ type: 'start', options: { configPath: '/x.seqlab.yaml' } });
  c.disconnect();
  const r = await done;
  assert.equal(aborted, true);
  assert.equal(r.status, 'stopped');
});

test('a runner that throws gives a failed result; malformed messages are ignored', async () => {
  const c = channel();
  const logs: string[] = [];
  const done = serve(c.ch, async () => { throw new Error('kaboom'); }, { wasmDir: '/d', log: (l) => logs.push(l) });
  c.deliver({ type: 'start' }); // no options: ignored
  c.deliver('garbage');
  c.deliver({ type: 'start', options: { configPath: '/x' } });
  const r = await done;
  assert.equal(r.status, 'failed');
  assert.equal(r.error?.message, 'kaboom');
  assert.equal(logs.filter((l) => l.startsWith('ignoring')).length, 2);
});

test('stop before start ends the worker with a stopped result', async () => {
  const c = channel();
  const done = serve(c.ch, loopingRunner, { wasmDir: '/d', log: () => {} });
  c.deliver({ type: 'stop' });
  assert.equal((await done).status, 'stopped');
  assert.deepEqual(c.sent, [{ type: 'result', result: { exitCode: 1, status: 'stopped' } }]);
});
