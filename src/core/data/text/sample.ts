/**
 * Sampling the next token from logits: divide by the temperature (below 1 sharpens, above 1
 * flattens), keep the top k, softmax, draw with the project's seeded Rng (so a run's samples
 * reproduce). Temperature 0 is greedy decoding: the likeliest token, no draw. The generation loop
 * (`continueTokens`) is shared by text, melodies and `seqlab generate`.
 */
import type { Rng } from '../../util/rng';
import type { NextTokenLogits } from '../types';

export function sampleToken(logits: ArrayLike<number>, temperature: number, topK: number | undefined, rng: Rng): number {
  const n = logits.length;
  if (temperature <= 0) return argmax(logits);
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

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) > (v[best] as number)) best = i;
  return best;
}

/**
 * Free-running generation for several prompts at once (one model call per step for all of them):
 * each prompt's context grows by the picked token and, once it holds `window` tokens, slides (the
 * model was trained on windows of that length). Prompts must have equal lengths. Returns the new
 * ids per prompt.
 */
export function continueTokens(o: {
  next: NextTokenLogits;
  prompts: Int32Array[];
  steps: number;
  window: number;
  /** Picks prompt k's next id from its logits. */
  pick: (logits: Float32Array, k: number) => number;
}): number[][] {
  let contexts = o.prompts.map((p) => Array.from(p.length > o.window ? p.subarray(p.length - o.window) : p));
  const generated: number[][] = o.prompts.map(() => []);
  for (let s = 0; s < o.steps && contexts.length > 0 && (contexts[0]?.length ?? 0) > 0; s++) {
    const logits = o.next(contexts.map((c) => Int32Array.from(c)));
    contexts = contexts.map((ctx, k) => {
      const id = o.pick(logits[k] as Float32Array, k);
      generated[k]?.push(id);
      const grown = [...ctx, id];
      return grown.length > o.window ? grown.slice(grown.length - o.window) : grown;
    });
  }
  return generated;
}
