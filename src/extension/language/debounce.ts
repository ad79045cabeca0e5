/**
 * One pending call per key (a document), restarted by every new schedule: typing fast validates
 * once, after the pause. Timers are injectable so the unit test needs no real waiting.
 */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Debouncer<K> {
  private readonly pending = new Map<K, { handle: unknown; fn: () => void }>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(key: K, fn: () => void): void {
    this.cancel(key);
    const handle = this.timers.set(() => {
      this.pending.delete(key);
      fn();
    }, this.delayMs);
    this.pending.set(key, { handle, fn });
  }

  /** Runs a pending call now (on save: no reason to wait for the pause). */
  flush(key: K): boolean {
    const p = this.pending.get(key);
    if (!p) return false;
    this.cancel(key);
    p.fn();
    return true;
  }

  cancel(key: K): void {
    const p = this.pending.get(key);
    if (p) this.timers.clear(p.handle);
    this.pending.delete(key);
  }

  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const k of [...this.pending.keys()]) this.cancel(k);
  }
}
