// The worker's resume and reproduce requests through its message loop (in-memory channel, fake jobs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, type Reproducer, type Resumer, type Runner, type WorkerChannel } from '../../../src/worker/serve';
import { isParentToWorker, isWorkerToParent, type WorkerToParent } from '../../../src/shared/worker-protocol';

function channel() {
  const sent: WorkerToParent[] = [];
  let onMsg: (m: unknown) => void = () => {};
  const ch: WorkerChannel = { send: async (m) => void sent.push(m), onMessage: (l) => (onMsg = l), onDisconnect: () => {}, connected: () => true };
  return { ch, sent, deliver: (m: unknown) => onMsg(m) };
}

const neverRun: Runner = async () => {
  throw new Error('start must not be called');
};

test('resume: the resumer gets the run folder and the worker wasm folder; events then the result', async () => {
  const c = channel();
  const seen: unknown[] = [];
  const resume: Resumer = async (o) => {
    seen.push({ runDir: o.runDir, wasmDir: o.wasmDir });
    o.onEvent({ type: 'log', level: 'info', message: 'resuming after epoch 2 (step 8)' });
    return { exitCode: 0, status: 'completed', runId: 'r1', runDir: o.runDir };
  };
  const done = serve(c.ch, neverRun, { wasmDir: '/dist', log: () => {}, resume });
  c.deliver({ type: 'resume', options: { runDir: '/w/.seqlab/runs/r1' } });
  const r = await done;
  assert.equal(r.status, 'completed');
  assert.deepEqual(seen, [{ runDir: '/w/.seqlab/runs/r1', wasmDir: '/dist' }]);
  assert.deepEqual(c.sent.map((m) => m.type), ['event', 'result']);
});

test('reproduce: the report is sent just before the result; a worker without a handler fails clearly', async () => {
  const c = channel();
  const reproduce: Reproducer = async (o) => {
    o.onEvent({ type: 'log', level: 'info', message: 'x' });
    return {
      result: { exitCode: 0, status: 'completed', runId: 'r2' },
      report: { exitCode: 0, verdict: 'identical', message: 'identical: 8 steps, bitwise', original: { runId: 'r1', runDir: o.runDir }, notes: [] },
    };
  };
  const done = serve(c.ch, neverRun, { wasmDir: '/d', log: () => {}, reproduce });
  c.deliver({ type: 'reproduce', options: { runDir: '/w/r1' } });
  await done;
  assert.deepEqual(c.sent.map((m) => m.type), ['event', 'reproduced', 'result']);
  const rep = c.sent[1];
  assert.ok(rep?.type === 'reproduced' && rep.report.verdict === 'identical');

  const bare = channel();
  const failed = serve(bare.ch, neverRun, { wasmDir: '/d', log: () => {} });
  bare.deliver({ type: 'resume', options: { runDir: '/w/r1' } });
  const f = await failed;
  assert.equal(f.status, 'failed');
  assert.match(f.error?.message ?? '', /cannot resume/);
});

test('message guards accept the new requests only with a run folder', () => {
  assert.equal(isParentToWorker({ type: 'resume', options: { runDir: '/r' } }), true);
  assert.equal(isParentToWorker({ type: 'reproduce', options: { runDir: '/r' } }), true);
  assert.equal(isParentToWorker({ type: 'resume', options: { configPath: '/x' } }), false);
  assert.equal(isParentToWorker({ type: 'start', options: { runDir: '/r' } }), false);
  assert.equal(isWorkerToParent({ type: 'reproduced', report: {} }), true);
});
