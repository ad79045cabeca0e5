import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer, type Timers } from '../../../src/extension/language/debounce';

/** Timers run by hand: `tick()` fires what is due, no real waiting. */
function fakeTimers(): Timers & { tick(ms: number): void; pending(): number } {
  let now = 0;
  let id = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    set(fn, ms) {
      due.set(++id, { at: now + ms, fn });
      return id;
    },
    clear(h) {
      due.delete(h as number);
    },
    tick(ms) {
      now += ms;
      for (const [k, t] of [...due]) if (t.at <= now) { due.delete(k); t.fn(); }
    },
    pending: () => due.size,
  };
}

test('typing fast runs the call once, after the pause, with the last state', () => {
  const timers = fakeTimers();
  const d = new Debouncer<string>(300, timers);
  const calls: number[] = [];
  for (let i = 1; i <= 5; i++) {
    d.schedule('a.seqlab.yaml', () => calls.push(i));
    timers.tick(100);
  }
  assert.deepEqual(calls, []);
  timers.tick(300);
  assert.deepEqual(calls, [5]);
  assert.equal(timers.pending(), 0);
});

test('documents are debounced independently', () => {
  const timers = fakeTimers();
  const d = new Debouncer<string>(300, timers);
  const calls: string[] = [];
  d.schedule('a', () => calls.push('a'));
  timers.tick(200);
  d.schedule('b', () => calls.push('b'));
  timers.tick(100);
  assert.deepEqual(calls, ['a']);
  timers.tick(200);
  assert.deepEqual(calls, ['a', 'b']);
});

test('flush runs a pending call now (save), cancel and dispose drop it (close)', () => {
  const timers = fakeTimers();
  const d = new Debouncer<string>(300, timers);
  const calls: string[] = [];
  d.schedule('a', () => calls.push('a'));
  assert.equal(d.flush('a'), true);
  assert.equal(d.flush('a'), false, 'nothing left to flush');
  d.schedule('b', () => calls.push('b'));
  d.cancel('b');
  d.schedule('c', () => calls.push('c'));
  d.dispose();
  timers.tick(1000);
  assert.deepEqual(calls, ['a']);
  assert.equal(d.isPending('c'), false);
});
