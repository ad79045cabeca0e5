/**
 * The learning rate at a step: optional linear warm-up over `warmupEpochs`, then the schedule's decay.
 * `step` multiplies by gamma every `everyEpochs` epochs, `exponential` by gamma each epoch, `cosine`
 * anneals smoothly (per step) from the base rate to `minFactor` × base at the last step.
 */
import type { TrainingConfig } from '../config/types';

export interface SchedulePoint {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  stepsPerEpoch: number;
}

export function learningRate(t: Pick<TrainingConfig, 'optimizer' | 'schedule' | 'epochs'>, p: SchedulePoint): number {
  const base = t.optimizer.learningRate;
  const s = t.schedule;
  if (!s) return base;
  const step = p.epoch * p.stepsPerEpoch + p.batch; // 0-based global step
  const warmupSteps = Math.round(s.warmupEpochs * p.stepsPerEpoch);
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  switch (s.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * s.gamma ** Math.floor(p.epoch / Math.max(1, s.everyEpochs));
    case 'exponential':
      return base * s.gamma ** p.epoch;
    case 'cosine': {
      const total = t.epochs * p.stepsPerEpoch - warmupSteps;
      const progress = total <= 1 ? 1 : Math.min(1, (step - warmupSteps) / (total - 1));
      return base * (s.minFactor + (1 - s.minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
  }
}
