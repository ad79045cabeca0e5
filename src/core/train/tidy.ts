import * as tf from '@tensorflow/tfjs-core';

/** tf.tidy for functions that return plain data (numbers, arrays): every tensor made inside is freed. */
export function tidyData<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}
