export { train, NON_FINITE_HINT } from './train';
export type { TrainOptions, TrainOutcome } from './train';
export { checkExpect } from './expect';
export { modelSpecFor } from './model-spec';
export { makeOptimizer } from './optimizers';
export type { Optimizer } from './optimizers';
export { learningRate } from './schedule';
export { chooseKernel, KernelError } from './kernel';
