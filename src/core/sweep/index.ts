export { gridPoints, randomPoints, configHash, sweepIdOf, valueText, canonical } from './points';
export type { SweepPoint } from './points';
export { planSweep, loadPoint } from './plan';
export type { SweepPlan } from './plan';
export { runSweep, completedPoints, tagRun, runPointInChild } from './run-sweep';
export type { PointResult, SweepOptions, SweepResult, SweepTag, RunPointRequest, RunPointOutcome } from './run-sweep';
