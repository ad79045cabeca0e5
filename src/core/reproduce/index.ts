/** Reproducing a run from its folder and comparing the two metric streams (seqlab reproduce). */
export { reproduceRun, describeDifference, DEFAULT_TOLERANCE, REPRODUCTION_FILE } from './reproduce';
export type { ReproduceOptions, ReproduceResult, ComputePath } from './reproduce';
export { compareMetrics, withinTolerance } from './compare';
export type { MetricsComparison, MetricDifference, MetricsRecord, Tolerance } from './compare';
