/**
 * Continue a prompt with a loaded run (`seqlab generate`). The prompt is split like the run's data
 * (characters, words, or note tokens — or a .mid file's melody), tokens outside the vocabulary
 * become `<unk>` and are reported; then the model picks one token at a time: temperature 0 is greedy
 * (always the likeliest), otherwise softmax(logits / T) over the top k, drawn with the seeded Rng, so
 * the same seed gives the same continuation.
 */
import * as fs from 'node:fs';
import { notesToTokens, readMelody, tokensToNotes, writeMelody, type GridNote } from '../data/midi';
import { DEFAULT_MIDI } from '../data/midi/corpus';
import { continueTokens, decode, sampleToken, tokenize, UNK } from '../data/text';
import { nextTokenLogits } from '../train/next-token';
import { Rng } from '../util/rng';
import { GenerateError, type LoadedRun } from './load';

export interface GenerateOptions {
  /** Text to continue; for midi runs note tokens ("E4:4 D4:4") or a path to a .mid file. Empty: the run's default prompt. */
  prompt?: string;
  /** Tokens to generate. */
  length: number;
  temperature: number;
  topK?: number;
  seed: number;
}

export interface GenerateResult {
  kind: 'text' | 'midi';
  /** The prompt as the model read it (after the vocabulary: unknown tokens shown as <unk>). */
  promptTokens: string[];
  /** Prompt tokens that are not in the vocabulary (each read as <unk>), in order, without repeats. */
  unknown: string[];
  /** True when no prompt was given and the run's own validation prompt was used. */
  defaultPrompt: boolean;
  tokens: string[];
  /** text: the prompt as read and the continuation, joined the way the data is (characters or words). */
  promptText: string;
  continuation: string;
  /** midi: the prompt's and the continuation's notes (the first `seedNotes` are the prompt's). */
  notes?: GridNote[];
  seedNotes?: number;
}

export function generate(run: LoadedRun, o: GenerateOptions): GenerateResult {
  if (!Number.isInteger(o.length) || o.length < 1) throw new GenerateError(`--length must be a whole number of tokens, at least 1 (got ${o.length})`);
  if (!(o.temperature >= 0)) throw new GenerateError(`--temperature must be 0 (greedy) or more (got ${o.temperature})`);
  if (o.topK !== undefined && (!Number.isInteger(o.topK) || o.topK < 1)) throw new GenerateError(`--top-k must be a whole number, at least 1 (got ${o.topK})`);
  const v = run.vocab;
  const index = new Map(v.vocab.map((t, i) => [t, i]));
  const given = (o.prompt ?? '').trim() !== '';
  const raw = given ? promptTokens(run, o.prompt as string) : v.prompt;
  if (raw.length === 0) throw new GenerateError('the prompt has no tokens; give some text with --prompt');
  const unknown = [...new Set(raw.filter((t) => !index.has(t)))];
  const ids = Int32Array.from(raw, (t) => index.get(t) ?? 0);
  const rng = new Rng(o.seed);
  const [gen] = continueTokens({
    next: nextTokenLogits(run.model),
    prompts: [ids],
    steps: o.length,
    window: v.window,
    pick: (logits) => sampleToken(logits, o.temperature, o.topK, rng),
  });
  const tokens = (gen as number[]).map((id) => v.vocab[id] ?? UNK);
  const read = Array.from(ids, (id) => v.vocab[id] ?? UNK);
  const base: GenerateResult = { kind: v.kind, promptTokens: read, unknown, defaultPrompt: !given, tokens, promptText: '', continuation: '' };
  if (v.kind === 'midi') {
    const notes = tokensToNotes([...read, ...tokens]);
    return { ...base, promptText: read.join(' '), continuation: tokens.join(' '), notes, seedNotes: tokensToNotes(read).length };
  }
  const mode = v.tokens === 'word' ? 'word' : 'char';
  const vocabLike = { tokens: v.vocab, index, counts: [] };
  const promptText = decode(ids, vocabLike, mode);
  const whole = decode([...ids, ...(gen as number[])], vocabLike, mode);
  return { ...base, promptText, continuation: whole.slice(promptText.length) };
}

function promptTokens(run: LoadedRun, prompt: string): string[] {
  if (run.vocab.kind === 'text') return tokenize(prompt, run.vocab.tokens === 'word' ? 'word' : 'char');
  if (/\.midi?$/i.test(prompt.trim())) {
    const file = prompt.trim();
    if (!fs.existsSync(file)) throw new GenerateError(`no such MIDI file: ${file}`);
    const midi = run.config.data.midi ?? DEFAULT_MIDI;
    try {
      return notesToTokens(readMelody(file, { grid: run.vocab.grid ?? midi.grid }).notes, midi.maxDuration);
    } catch (err) {
      throw new GenerateError((err as Error).message);
    }
  }
  return prompt.trim().split(/\s+/);
}

/** The notes of a midi result as a .mid file's bytes (grid and tempo of the run). */
export function resultMidi(run: LoadedRun, r: GenerateResult): Uint8Array {
  return writeMelody(r.notes ?? [], { grid: run.vocab.grid ?? DEFAULT_MIDI.grid, ...(run.vocab.bpm !== undefined ? { bpm: run.vocab.bpm } : {}), name: `Sequence Lab: ${run.config.name}` });
}
