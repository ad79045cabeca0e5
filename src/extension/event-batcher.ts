/**
 * Accumulates TrainEvents and hands them on as one batch every `intervalMs` (default 100 ms), so the
 * dashboard gets at most 10 posts per second however fast training runs (DESIGN.md: "The host
 * batches events to the dashboard (≤ 10 posts/s)"). Pure apart from the injected timer functions,
 * which unit tests replace with a fake clock.
 */

export interface BatcherTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: BatcherTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class EventBatcher<T> {
  private pending: T[] = [];
  private timer: unknown = undefined;
  private disposed = false;

  constructor(
    private readonly flushTo: (batch: T[]) => void,
    private readonly intervalMs = 100,
    private readonly timers: BatcherTimers = realTimers,
  ) {}

  /** Queue one item; the first item after a flush arms the timer. */
  add(item: T): void {
    if (this.disposed) return;
    this.pending.push(item);
    if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.intervalMs);
    }
  }

  /** Send what is pending now (used at the end of a run so the last numbers show at once). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushTo(batch);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Flush and stop accepting items. */
  dispose(): void {
    this.flush();
    this.disposed = true;
  }
}
