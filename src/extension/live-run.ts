/**
 * A training in progress as the rest of the extension sees it: the events so far (for a dashboard
 * opened mid-run) and a subscription for new ones. No VS Code imports.
 */

import type { BackendInfo, TrainEvent } from '../core/events';
import type { WorkerRunResult } from '../shared/worker-protocol';

export const MAX_KEPT_STEPS = 5000;

export type LiveStatus = 'queued' | 'starting' | 'running' | 'completed' | 'stopped' | 'failed' | 'invalid';

export class LiveRun {
  runId: string | undefined;
  runDir: string | undefined;
  backend: BackendInfo | undefined;
  status: LiveStatus = 'queued';
  epoch = 0;
  epochs = 0;
  lastLoss: number | undefined;
  result: WorkerRunResult | undefined;
  /** Number of events seen, by type (tests assert on it; the status bar reads it). */
  readonly counts: Record<string, number> = {};
  private kept: TrainEvent[] = [];
  private keptSteps = 0;
  private readonly listeners = new Set<(ev: TrainEvent) => void>();
  private readonly endListeners = new Set<() => void>();
  /** Set by whoever runs it: asks the worker to stop (or drops the run from the queue). */
  stopper: (() => void) | undefined;

  constructor(readonly experimentFile: string, readonly label: string) {}

  push(ev: TrainEvent): void {
    this.counts[ev.type] = (this.counts[ev.type] ?? 0) + 1;
    switch (ev.type) {
      case 'start':
        this.runId = ev.runId;
        this.runDir = ev.runDir;
        this.backend = ev.backend;
        this.epochs = ev.epochs;
        this.status = 'running';
        break;
      case 'step':
        this.lastLoss = ev.loss;
        this.epoch = ev.epoch;
        break;
      case 'epoch':
        this.epoch = ev.epoch;
        this.lastLoss = ev.valLoss ?? ev.loss;
        break;
      default:
        break;
    }
    this.keep(ev);
    for (const l of this.listeners) l(ev);
  }

  /**
   * What the run recorded before this process took it over (a resumed run: its folder replayed up
   * to the checkpoint). Kept as history, so a dashboard shows the charts where they were and the
   * live events continue them; listeners are not called and counts do not change.
   */
  seed(events: readonly TrainEvent[]): void {
    for (const ev of events) this.keep(ev);
  }

  /** Events so far: everything except step records beyond the last MAX_KEPT_STEPS. */
  history(): TrainEvent[] {
    return this.kept.slice();
  }

  onEvent(listener: (ev: TrainEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  onEnd(listener: () => void): { dispose(): void } {
    this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  finish(result: WorkerRunResult): void {
    this.result = result;
    this.status = result.status;
    this.runId ??= result.runId;
    this.runDir ??= result.runDir;
    for (const l of this.endListeners) l();
    this.listeners.clear();
    this.endListeners.clear();
  }

  get isActive(): boolean {
    return this.status === 'queued' || this.status === 'starting' || this.status === 'running';
  }

  private keep(ev: TrainEvent): void {
    this.kept.push(ev);
    if (ev.type !== 'step') return;
    this.keptSteps++;
    // Drop the oldest steps in chunks, so trimming costs O(1) amortised per event.
    if (this.keptSteps > MAX_KEPT_STEPS + 1000) {
      let drop = this.keptSteps - MAX_KEPT_STEPS;
      const rest = this.kept.filter((e) => (e.type === 'step' && drop > 0 ? (drop--, false) : true));
      this.kept = rest;
      this.keptSteps = MAX_KEPT_STEPS;
    }
  }
}
