/**
 * Text → tokens → ids. `char`: one token per Unicode code point (case kept: the model learns
 * capitals too). `word`: words (letters/digits with inner apostrophes, lower-cased so "The" and "the"
 * share one entry of a capped vocabulary), each punctuation mark and each line break on its own.
 *
 * The vocabulary is built from the TRAINING part only (as normalisation is): id 0 is `<unk>`, then
 * the most frequent training tokens (ties in first-seen order) up to `vocabSize` entries in all;
 * tokens outside it — rare ones, or ones that only occur in validation — become `<unk>`.
 */

export const UNK = '<unk>';

export function tokenize(text: string, mode: 'char' | 'word'): string[] {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (mode === 'char') return Array.from(clean);
  return (clean.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]|\n/gu) ?? []).map((t) => t.toLowerCase());
}

export interface Vocabulary {
  tokens: string[];
  index: Map<string, number>;
  /** Training tokens per id (before the cap merged the rest into <unk>). */
  counts: number[];
}

export function buildVocabulary(train: string[], vocabSize: number): Vocabulary {
  const counts = new Map<string, number>();
  for (const t of train) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Map iteration is first-seen order, and sort is stable: ties keep it.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const kept = ranked.slice(0, Math.max(1, vocabSize - 1));
  const tokens = [UNK, ...kept.map(([t]) => t)];
  const index = new Map(tokens.map((t, i) => [t, i]));
  const unkCount = ranked.slice(kept.length).reduce((s, [, c]) => s + c, 0);
  return { tokens, index, counts: [unkCount, ...kept.map(([, c]) => c)] };
}

export function encode(tokens: string[], vocab: Vocabulary): Int32Array {
  return Int32Array.from(tokens, (t) => vocab.index.get(t) ?? 0);
}

export function decode(ids: ArrayLike<number>, vocab: Vocabulary, mode: 'char' | 'word'): string {
  const parts = Array.from(ids as ArrayLike<number>, (id) => vocab.tokens[id] ?? UNK);
  if (mode === 'char') return parts.join('');
  // Words are joined by spaces, without one before punctuation or around line breaks.
  let out = '';
  for (const p of parts) {
    if (out === '' || p === '\n' || out.endsWith('\n') || /^[^\p{L}\p{N}<]$/u.test(p)) out += p;
    else out += ` ${p}`;
  }
  return out;
}
