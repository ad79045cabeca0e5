/**
 * Progress within an epoch. On a terminal: one bar redrawn in place (at most ~10 times a second).
 * Elsewhere (CI logs, pipes): a plain line at most every `plainEveryMs`, so logs stay readable.
 */
import { num } from './numbers';

export interface ProgressState {
  epoch: number;
  epochs: number;
  stepInEpoch: number;
  stepsPerEpoch: number;
  loss: number;
}

export function progressBar(s: ProgressState, width = 24): string {
  const frac = s.stepsPerEpoch > 0 ? Math.min(1, s.stepInEpoch / s.stepsPerEpoch) : 0;
  const filled = Math.round(frac * width);
  return `epoch ${s.epoch}/${s.epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.stepInEpoch}/${s.stepsPerEpoch}  loss ${num(s.loss)}`;
}

export function plainProgress(s: ProgressState): string {
  return `  … epoch ${s.epoch}/${s.epochs}, step ${s.stepInEpoch}/${s.stepsPerEpoch}, loss ${num(s.loss)}\n`;
}

/** Decides when to draw: every `everyMs` at most. */
export class Throttle {
  private last = -Infinity;
  constructor(
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  ready(): boolean {
    const t = this.now();
    if (t - this.last < this.everyMs) return false;
    this.last = t;
    return true;
  }
}
