export * from './types';
export * from './reducer';
export * from './series';
export * from './samples';
export * from './heatmaps';
