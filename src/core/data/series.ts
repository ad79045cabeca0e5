/**
 * Synthetic time series for the lesson's first exercise, all drawn from the project's seeded Rng.
 *
 * - `sine`: sin(2π t / period + φ), amplitude 1, random phase φ; clean (data.noise is ignored).
 * - `noisy-sine`: the same plus Gaussian noise of standard deviation data.noise at each step. The
 *   noise cannot be predicted, so its variance is the floor no model can go below.
 * - `random-walk`: x_t = x_{t-1} + ε_t with ε_t ~ N(0, 1), plus observation noise data.noise. Without
 *   observation noise the best forecast IS the last value: persistence cannot be beaten, a useful lesson.
 */
import type { DataConfig } from '../config/types';
import type { Rng } from '../util/rng';

/** Period of the sine tasks when data.period is not set: two periods fit in a 50-step window. */
export const DEFAULT_SINE_PERIOD = 25;

export type SeriesKind = 'sine' | 'noisy-sine' | 'random-walk';

export function isSeriesKind(kind: string): kind is SeriesKind {
  return kind === 'sine' || kind === 'noisy-sine' || kind === 'random-walk';
}

export function generateSeries(data: Pick<DataConfig, 'kind' | 'length' | 'noise' | 'period'>, rng: Rng): Float64Array {
  const n = data.length;
  const out = new Float64Array(n);
  switch (data.kind) {
    case 'sine':
    case 'noisy-sine': {
      const period = data.period ?? DEFAULT_SINE_PERIOD;
      const phase = rng.uniform(0, 2 * Math.PI);
      const noise = data.kind === 'noisy-sine' ? data.noise : 0;
      for (let t = 0; t < n; t++) out[t] = Math.sin((2 * Math.PI * t) / period + phase) + (noise > 0 ? noise * rng.normal() : 0);
      return out;
    }
    case 'random-walk': {
      let level = 0;
      for (let t = 0; t < n; t++) {
        level += rng.normal();
        out[t] = level + (data.noise > 0 ? data.noise * rng.normal() : 0);
      }
      return out;
    }
    default:
      throw new Error(`generateSeries: '${data.kind}' is not a synthetic series kind`);
  }
}
