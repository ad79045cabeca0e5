/**
 * Admission control for trainings (`seqlab.maxConcurrentRuns`): at most `limit` jobs run at once,
 * later ones wait in FIFO order. Pure (no VS Code), unit-tested.
 */

export interface QueuedJob<R> {
  readonly id: number;
  readonly label: string;
  /** Resolves with the job's result once it ran (or rejects if it threw). */
  readonly done: Promise<R>;
  /** 0 = running now; n = n-th in line. Updated as the queue moves. */
  position(): number;
  /** Remove a waiting job (resolves `done` with the given value). Returns false if it already runs. */
  cancel(value: R): boolean;
}

interface Entry<R> {
  id: number;
  label: string;
  start: () => Promise<R>;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class RunQueue<R> {
  private nextId = 1;
  private readonly waiting: Entry<R>[] = [];
  private readonly running = new Map<number, Entry<R>>();

  constructor(private limit: number) {
    this.limit = RunQueue.sanitize(limit);
  }

  static sanitize(limit: number): number {
    return Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1;
  }

  setLimit(limit: number): void {
    this.limit = RunQueue.sanitize(limit);
    this.pump();
  }

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  runningLabels(): string[] {
    return [...this.running.values()].map((e) => e.label);
  }

  /** Add a job; it starts at once if a slot is free. */
  enqueue(label: string, start: () => Promise<R>): QueuedJob<R> {
    const id = this.nextId++;
    let resolve!: (r: R) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Entry<R> = { id, label, start, resolve, reject };
    this.waiting.push(entry);
    this.pump();
    return {
      id,
      label,
      done,
      position: () => {
        if (this.running.has(id)) return 0;
        const i = this.waiting.findIndex((e) => e.id === id);
        return i < 0 ? -1 : i + 1;
      },
      cancel: (value: R) => {
        const i = this.waiting.findIndex((e) => e.id === id);
        if (i < 0) return false;
        this.waiting.splice(i, 1);
        entry.resolve(value);
        return true;
      },
    };
  }

  private pump(): void {
    while (this.running.size < this.limit && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.running.set(entry.id, entry);
      let p: Promise<R>;
      try {
        p = entry.start();
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(entry.resolve, entry.reject).finally(() => {
        this.running.delete(entry.id);
        this.pump();
      });
    }
  }
}
