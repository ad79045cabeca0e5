import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue } from '../../../src/extension/run-queue';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

test('with a limit of 1 the second job waits until the first ends (FIFO)', async () => {
  const q = new RunQueue<string>(1);
  const a = deferred<string>();
  const b = deferred<string>();
  const started: string[] = [];
  const ja = q.enqueue('a', () => (started.push('a'), a.promise));
  const jb = q.enqueue('b', () => (started.push('b'), b.promise));
  assert.equal(ja.position(), 0);
  assert.equal(jb.position(), 1);
  assert.deepEqual(started, ['a']);
  a.resolve('A');
  assert.equal(await ja.done, 'A');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['a', 'b']);
  assert.equal(jb.position(), 0);
  b.resolve('B');
  assert.equal(await jb.done, 'B');
  await new Promise((r) => setImmediate(r)); // the slot is freed right after the result is delivered
  assert.equal(q.runningCount, 0);
});

test('a limit of 2 runs two at once; raising the limit starts waiting jobs', async () => {
  const q = new RunQueue<number>(2);
  const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
  const jobs = gates.map((g, i) => q.enqueue(`j${i}`, () => g.promise));
  assert.deepEqual(jobs.map((j) => j.position()), [0, 0, 1]);
  q.setLimit(3);
  assert.equal(jobs[2]!.position(), 0);
  gates.forEach((g, i) => g.resolve(i));
  assert.deepEqual(await Promise.all(jobs.map((j) => j.done)), [0, 1, 2]);
});

test('a waiting job can be cancelled, a running one cannot; a throwing job frees its slot', async () => {
  const q = new RunQueue<string>(1);
  const a = deferred<string>();
  const ja = q.enqueue('a', () => a.promise);
  const jb = q.enqueue('b', () => Promise.resolve('B'));
  const jc = q.enqueue('c', () => { throw new Error('boom'); });
  const jd = q.enqueue('d', () => Promise.resolve('D'));
  assert.equal(ja.cancel('x'), false);
  assert.equal(jb.cancel('cancelled'), true);
  assert.equal(await jb.done, 'cancelled');
  assert.equal(jc.position(), 1);
  a.resolve('A');
  await assert.rejects(jc.done, /boom/);
  assert.equal(await jd.done, 'D');
});

test('invalid limits fall back to 1', () => {
  assert.equal(RunQueue.sanitize(0), 1);
  assert.equal(RunQueue.sanitize(Number.NaN), 1);
  assert.equal(RunQueue.sanitize(2.7), 2);
});
