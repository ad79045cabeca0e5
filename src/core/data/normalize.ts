/**
 * Normalisation fitted on the training part only (fitting on all data would leak the validation
 * range into training). `toReal` maps model units back to the series' own units.
 */
import type { DataConfig } from '../config/types';

export interface Normalizer {
  kind: DataConfig['normalize'];
  /** real = norm * scale + offset */
  scale: number;
  offset: number;
}

export function fitNormalizer(kind: DataConfig['normalize'], train: ArrayLike<number>): Normalizer {
  if (kind === 'none' || train.length === 0) return { kind, scale: 1, offset: 0 };
  if (kind === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < train.length; i++) {
      const v = train[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // A constant series would divide by zero; keep it centred instead.
    return { kind, scale: hi > lo ? hi - lo : 1, offset: lo };
  }
  let mean = 0;
  for (let i = 0; i < train.length; i++) mean += train[i] as number;
  mean /= train.length;
  let v = 0;
  for (let i = 0; i < train.length; i++) v += ((train[i] as number) - mean) ** 2;
  const std = Math.sqrt(v / train.length);
  return { kind, scale: std > 0 ? std : 1, offset: mean };
}

export function toModelUnits(n: Normalizer, real: number): number {
  return (real - n.offset) / n.scale;
}

export function toReal(n: Normalizer, norm: number): number {
  return norm * n.scale + n.offset;
}
