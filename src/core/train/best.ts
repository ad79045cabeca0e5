/**
 * Tracks the best epoch on valLoss (lower is better) and keeps its weights, for early stopping
 * (patience, minDelta) and for the saved model (model/ always holds the best weights).
 */
import type { Metrics } from '../events';
import type { NamedArray } from '../util/named-array';

export interface BestSoFar {
  epoch: number;
  valLoss: number;
  metrics: Metrics;
  weights: NamedArray[];
}

export class BestTracker {
  best: BestSoFar | undefined;
  private sinceImprovement = 0;

  constructor(private readonly early?: { patience: number; minDelta: number }) {}

  /** Records an epoch; returns true when it is the new best. `weights` is only called then. */
  update(epoch: number, metrics: Metrics, weights: () => NamedArray[]): boolean {
    const v = metrics.valLoss;
    if (v === undefined || !Number.isFinite(v)) {
      this.sinceImprovement++;
      return false;
    }
    const minDelta = this.early?.minDelta ?? 0;
    const improved = !this.best || v < this.best.valLoss - minDelta;
    if (improved) {
      this.best = { epoch, valLoss: v, metrics: { ...metrics }, weights: weights() };
      this.sinceImprovement = 0;
    } else {
      this.sinceImprovement++;
    }
    return improved;
  }

  /** Early stopping: `patience` epochs in a row without an improvement larger than minDelta. */
  shouldStop(): boolean {
    return this.early !== undefined && this.sinceImprovement >= this.early.patience;
  }

  get epochsWithoutImprovement(): number {
    return this.sinceImprovement;
  }
}
