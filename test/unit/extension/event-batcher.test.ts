import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBatcher, type BatcherTimers } from '../../../src/extension/event-batcher';

/** A fake clock: timers fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const api: BatcherTimers = {
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      now = due[1].at;
      timers.delete(due[0]);
      due[1].fn();
    }
    now = end;
  };
  return { api, advance, pending: () => timers.size };
}

test('events added within one interval go out as one batch, in order', () => {
  const clock = fakeClock();
  const batches: number[][] = [];
  const b = new EventBatcher<number>((x) => batches.push(x), 100, clock.api);
  for (let i = 0; i < 50; i++) b.add(i);
  assert.equal(batches.length, 0, 'nothing before the interval');
  clock.advance(100);
  assert.deepEqual(batches, [Array.from({ length: 50 }, (_, i) => i)]);
});

test('a steady stream gives at most 10 posts per second', () => {
  const clock = fakeClock();
  let posts = 0;
  let items = 0;
  const b = new EventBatcher<number>((x) => { posts++; items += x.length; }, 100, clock.api);
  for (let ms = 0; ms < 1000; ms++) {
    b.add(ms); // one event per millisecond = 1000 events/s
    clock.advance(1);
  }
  b.flush();
  assert.ok(posts <= 11, `posts: ${posts}`);
  assert.equal(items, 1000, 'no event lost');
});

test('flush sends at once and cancels the timer; dispose drops later adds', () => {
  const clock = fakeClock();
  const batches: string[][] = [];
  const b = new EventBatcher<string>((x) => batches.push(x), 100, clock.api);
  b.add('a');
  b.flush();
  assert.deepEqual(batches, [['a']]);
  assert.equal(clock.pending(), 0);
  b.flush();
  assert.equal(batches.length, 1, 'empty flush posts nothing');
  b.add('b');
  b.dispose();
  b.add('c');
  clock.advance(500);
  assert.deepEqual(batches, [['a'], ['b']]);
});
