/**
 * The melodies of a `kind: midi` experiment as token sequences, split and windowed.
 *
 * Each piece is split **in time order** (its first `split.train` of tokens train, the next
 * `split.val` validate), like `text`: the model is validated on how tunes continue, never on notes it
 * trained on. Training windows slide by one token (a few hundred notes make few examples otherwise);
 * validation windows do not overlap, so every validation note is scored once. `transpose` adds shifted
 * copies of the training parts only. The vocabulary comes from the training tokens (`<unk>` = id 0).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig, MidiDataConfig } from '../../config/types';
import { DataError, type SplitArrays } from '../types';
import { buildVocabulary, encode, type Vocabulary } from '../text/tokenize';
import { listMidiFiles, MidiReadError, readMelody, type Melody } from './read';
import { notesToTokens, transposeTokens } from './tokens';

export const DEFAULT_MIDI: MidiDataConfig = { grid: 16, maxDuration: 16, transpose: [0] };

export interface MidiCorpus {
  files: string[];
  melodies: Melody[];
  /** Per piece: its tokens as written, and where its training and validation parts end. */
  pieces: Array<{ name: string; tokens: string[]; trainEnd: number; valEnd: number }>;
  vocab: Vocabulary;
  midi: MidiDataConfig;
  bpm: number;
}

export function readMidiCorpus(data: Pick<DataConfig, 'path' | 'split' | 'vocabSize' | 'midi'>, baseDir: string): MidiCorpus {
  const midi = data.midi ?? DEFAULT_MIDI;
  if (!data.path) throw new DataError('kind midi reads MIDI files, but data.path is not set', 'data.path', 'add `path: ./songs/` (a folder of .mid files) under data:');
  const where = path.isAbsolute(data.path) ? data.path : path.resolve(baseDir, data.path);
  if (!fs.existsSync(where)) throw new DataError(`no such file or folder: ${where}`, 'data.path', 'check the path; a relative path is relative to the YAML file');
  const files = fs.statSync(where).isDirectory() ? listMidiFiles(where) : [where];
  if (files.length === 0) throw new DataError(`${where} has no .mid or .midi files`, 'data.path', 'point data.path at a folder of MIDI files');
  const melodies = files.map((f) => {
    try {
      return readMelody(f, { grid: midi.grid, ...(midi.track !== undefined ? { track: midi.track } : {}) });
    } catch (err) {
      if (err instanceof MidiReadError) throw new DataError(err.message, `data.${err.key === 'track' ? 'midi.track' : 'path'}`, err.key === 'track' ? 'choose a track that has notes' : 'remove or replace that file');
      throw err;
    }
  });
  const pieces = melodies.map((m) => {
    const tokens = notesToTokens(m.notes, midi.maxDuration);
    const trainEnd = Math.floor(tokens.length * data.split.train);
    return { name: m.name, tokens, trainEnd, valEnd: Math.min(tokens.length, trainEnd + Math.floor(tokens.length * data.split.val)) };
  });
  const trainTokens = pieces.flatMap((p) => transposedTrainParts(p.tokens.slice(0, p.trainEnd), midi.transpose).flat());
  const vocab = buildVocabulary(trainTokens, data.vocabSize);
  const bpm = Math.round(melodies.reduce((s, m) => s + m.bpm, 0) / melodies.length);
  return { files, melodies, pieces, vocab, midi, bpm };
}

/** The training part once per shift (shifts that push a note out of MIDI's 0-127 are skipped). */
function transposedTrainParts(tokens: string[], shifts: number[]): string[][] {
  return [...new Set(shifts)].flatMap((s) => {
    const t = s === 0 ? tokens : transposeTokens(tokens, s);
    return t ? [t] : [];
  });
}

export function trainWindows(c: MidiCorpus, w: number): SplitArrays {
  const seqs = c.pieces.flatMap((p) => transposedTrainParts(p.tokens.slice(0, p.trainEnd), c.midi.transpose)).map((t) => encode(t, c.vocab));
  return windowsOf(seqs, w, 1);
}

export function valWindows(c: MidiCorpus, w: number): SplitArrays {
  return windowsOf(c.pieces.map((p) => encode(p.tokens.slice(p.trainEnd, p.valEnd), c.vocab)), w, w);
}

/** x = ids[s..s+w), y = ids[s+1..s+w+1) for s = 0, stride, ... within each sequence. */
function windowsOf(seqs: Int32Array[], w: number, stride: number): SplitArrays {
  const starts: Array<[Int32Array, number]> = [];
  for (const ids of seqs) for (let s = 0; s + w + 1 <= ids.length; s += stride) starts.push([ids, s]);
  const x = new Int32Array(starts.length * w);
  const y = new Int32Array(starts.length * w);
  starts.forEach(([ids, s], k) => {
    x.set(ids.subarray(s, s + w), k * w);
    y.set(ids.subarray(s + 1, s + w + 1), k * w);
  });
  return { n: starts.length, x, y };
}
