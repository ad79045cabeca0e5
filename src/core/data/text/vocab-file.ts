/**
 * `artifacts/vocab.json`: what `seqlab generate` needs besides the weights to continue a prompt — the
 * token of every id, how text is split, the training window, and a default prompt (the validation
 * window the run's own samples start from). Written by the token datasets (text, midi) through an
 * artifact record the first time samples are due, so a run keeps working after its data file moved.
 */
import type { ArtifactRecord } from '../../events';

export const VOCAB_FILE = 'vocab.json';

export interface VocabFile {
  formatVersion: 1;
  kind: 'text' | 'midi';
  /** How a prompt becomes tokens: characters, words, or note tokens (`E4:4 R:2`). */
  tokens: 'char' | 'word' | 'notes';
  /** Token of each id; id 0 is `<unk>`. */
  vocab: string[];
  /** Training window: generation keeps at most this many tokens of context. */
  window: number;
  /** The default prompt (token strings). */
  prompt: string[];
  /** midi: grid steps per whole note and tempo for the written .mid. */
  grid?: number;
  bpm?: number;
}

export function vocabArtifact(v: VocabFile, epoch: number): ArtifactRecord {
  const bytes = Buffer.from(JSON.stringify(v), 'utf8');
  return {
    name: 'vocabulary',
    kind: 'file',
    epoch,
    title: `Vocabulary (${v.vocab.length} tokens)`,
    file: { name: VOCAB_FILE, base64: bytes.toString('base64'), bytes: bytes.length },
  };
}

/** Parses a vocab.json; undefined when it is not one (the caller says what is wrong). */
export function parseVocabFile(text: string): VocabFile | undefined {
  try {
    const v = JSON.parse(text) as Partial<VocabFile>;
    if (v.formatVersion !== 1 || !Array.isArray(v.vocab) || !Array.isArray(v.prompt) || typeof v.window !== 'number') return undefined;
    if (v.kind !== 'text' && v.kind !== 'midi') return undefined;
    return v as VocabFile;
  } catch {
    return undefined;
  }
}
