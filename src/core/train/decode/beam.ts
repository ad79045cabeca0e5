/**
 * Beam search over any step-by-step decoder (a seq2seq model's `stepDecoder`, or a hand-made lattice in
 * the tests). Greedy decoding commits to the likeliest token at every step and can never undo it; beam
 * search keeps the `beamWidth` likeliest unfinished prefixes (by total log-probability) at every step,
 * moves a prefix to the finished list when its best continuation is the end token, and stops when the
 * k-th best finished hypothesis already beats every live prefix (log-probabilities only fall as a
 * prefix grows, so none of them can overtake it) or at `maxLength`.
 */
import type { StepDecoder } from '../../models/types';

export interface BeamOptions {
  beamWidth: number;
  maxLength: number;
  startId: number;
  endId: number;
}

export interface Hypothesis {
  /** Tokens without the start and end tokens. */
  tokens: number[];
  logProb: number;
  /** False when maxLength cut it before an end token. */
  finished: boolean;
}

/** The best `beamWidth` hypotheses, best first. `state` is the decoder's start state (consumed). */
export function beamSearch<S>(dec: StepDecoder<S>, state: S, o: BeamOptions): Hypothesis[] {
  const k = Math.max(1, Math.floor(o.beamWidth));
  let alive: Array<{ tokens: number[]; logProb: number }> = [{ tokens: [], logProb: 0 }];
  let last = [o.startId];
  const finished: Hypothesis[] = [];
  let current = state;
  try {
    for (let step = 0; step < o.maxLength && alive.length > 0; step++) {
      const { logProbs, state: next } = dec.step(current, last);
      dec.dispose(current);
      current = next;
      const candidates: Array<{ parent: number; token: number; logProb: number }> = [];
      alive.forEach((h, i) => {
        const lp = logProbs[i] as Float32Array;
        for (let v = 0; v < lp.length; v++) candidates.push({ parent: i, token: v, logProb: h.logProb + (lp[v] as number) });
      });
      candidates.sort((a, b) => b.logProb - a.logProb || a.parent - b.parent || a.token - b.token);
      const nextAlive: Array<{ tokens: number[]; logProb: number }> = [];
      const parents: number[] = [];
      for (const c of candidates) {
        if (nextAlive.length >= k) break;
        const tokens = (alive[c.parent] as { tokens: number[] }).tokens;
        if (c.token === o.endId) finished.push({ tokens, logProb: c.logProb, finished: true });
        else {
          nextAlive.push({ tokens: [...tokens, c.token], logProb: c.logProb });
          parents.push(c.parent);
        }
      }
      finished.sort((a, b) => b.logProb - a.logProb);
      const kth = finished[k - 1];
      alive = nextAlive;
      if (kth && (alive.length === 0 || kth.logProb >= (alive[0] as { logProb: number }).logProb)) break;
      if (alive.length === 0) break;
      const selected = dec.select(current, parents);
      dec.dispose(current);
      current = selected;
      last = alive.map((h) => h.tokens[h.tokens.length - 1] as number);
    }
  } finally {
    dec.dispose(current);
  }
  const all = [...finished, ...alive.map((h) => ({ ...h, finished: false }))];
  // Finished ones first among equals: an unfinished prefix is not a complete answer.
  all.sort((a, b) => b.logProb - a.logProb || Number(b.finished) - Number(a.finished));
  return all.slice(0, k);
}
