/**
 * The one token vocabulary of a seq2seq task, shared by source and target (so "copy the input" is a
 * prediction in the target's id space, and a character model of English→French shares its letters).
 * Ids 0–3 are reserved: padding (masked out of the loss and of attention), start (the decoder's first
 * input), end (the decoder's last output) and unknown (tokens the training part never had).
 */
export const PAD = 0;
export const START = 1;
export const END = 2;
export const UNK_ID = 3;
export const SPECIAL_TOKENS = ['<pad>', '<s>', '</s>', '<unk>'];

export interface Seq2seqVocab {
  tokens: string[];
  index: Map<string, number>;
}

/**
 * Most frequent training tokens first (ties in first-seen order), capped at `cap` entries including
 * the four special ones.
 */
export function buildSeq2seqVocab(trainSequences: string[][], cap: number): Seq2seqVocab {
  const counts = new Map<string, number>();
  for (const seq of trainSequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  const tokens = [...SPECIAL_TOKENS, ...ranked.slice(0, Math.max(0, cap - SPECIAL_TOKENS.length))];
  return { tokens, index: new Map(tokens.map((t, i) => [t, i])) };
}

export function encodeTokens(seq: string[], v: Seq2seqVocab): number[] {
  return seq.map((t) => v.index.get(t) ?? UNK_ID);
}

/** Ids → tokens, stopping at the end token; padding and start are dropped. */
export function decodeIds(ids: ArrayLike<number>, v: Seq2seqVocab): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id === END) break;
    if (id === PAD || id === START) continue;
    out.push(v.tokens[id] ?? '<unk>');
  }
  return out;
}

/** Ids up to (not including) the first end token. */
export function untilEnd(ids: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id === END) break;
    out.push(id);
  }
  return out;
}
