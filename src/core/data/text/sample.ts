/**
 * Sampling the next token from logits: divide by the temperature (below 1 sharpens, above 1
 * flattens), keep the top k, softmax, draw with the project's seeded Rng (so a run's samples
 * reproduce).
 */
import type { Rng } from '../../util/rng';

export function sampleToken(logits: ArrayLike<number>, temperature: number, topK: number | undefined, rng: Rng): number {
  const n = logits.length;
  let ids = Array.from({ length: n }, (_, i) => i);
  if (topK !== undefined && topK < n) ids = ids.sort((a, b) => (logits[b] as number) - (logits[a] as number)).slice(0, topK);
  const scaled = ids.map((i) => (logits[i] as number) / temperature);
  const max = Math.max(...scaled);
  const weights = scaled.map((v) => Math.exp(v - max));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let k = 0; k < ids.length; k++) {
    r -= weights[k] as number;
    if (r <= 0) return ids[k] as number;
  }
  return ids[ids.length - 1] as number;
}
