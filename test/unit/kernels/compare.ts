/**
 * The agreement check of the performance issue: |a − b| ≤ 1e-5·max|b| + 1e-4·|b| elementwise
 * (b is the reference). Returns a report instead of throwing, so a test can also assert that a
 * deliberately wrong kernel input makes it fail.
 */

import { Rng } from '../../../src/core/util/rng';

export interface Mismatch {
  ok: boolean;
  name: string;
  /** index and values of the worst element (largest excess over the allowed error) */
  index: number;
  got: number;
  want: number;
  allowed: number;
}

export function compare(name: string, a: ArrayLike<number>, b: ArrayLike<number>): Mismatch {
  if (a.length !== b.length) return { ok: false, name: `${name} (length ${a.length} vs ${b.length})`, index: -1, got: NaN, want: NaN, allowed: 0 };
  let maxB = 0;
  for (let i = 0; i < b.length; i++) maxB = Math.max(maxB, Math.abs(b[i]!));
  let worst: Mismatch = { ok: true, name, index: -1, got: 0, want: 0, allowed: 0 };
  let worstExcess = -Infinity;
  for (let i = 0; i < b.length; i++) {
    const allowed = 1e-5 * maxB + 1e-4 * Math.abs(b[i]!);
    const err = Math.abs(a[i]! - b[i]!);
    const excess = Number.isFinite(err) ? err - allowed : Infinity;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = { ok: excess <= 0, name, index: i, got: a[i]!, want: b[i]!, allowed };
    }
  }
  return worst;
}

export function describe(m: Mismatch): string {
  return `${m.name}: [${m.index}] got ${m.got} want ${m.want} (allowed ±${m.allowed.toExponential(2)})`;
}

export function randomArray(rng: Rng, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-scale, scale);
  return a;
}

export const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);
