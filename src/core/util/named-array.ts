/**
 * Named float32 arrays: weights or optimizer state without tfjs types, so checkpoint/, IPC and the
 * run folder code (which must not load tfjs) can carry them.
 */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}
