/**
 * `kind: midi`: next-note modelling on melodies (see ./corpus for the split and ./tokens for what a
 * token is). Head 'sequence' with a token input, like `text`: the target at each step is the next
 * token; valLoss is the cross-entropy in nats, valPerplexity = e^valLoss, valTokenAccuracy.
 *
 * Baseline: **repeat the last note** — predict that the next token equals the current one. As a
 * distribution (cross-entropy needs one) it gives the current token probability a, the training
 * part's repeat rate (the maximum-likelihood choice), and shares 1 − a over the other tokens.
 *
 * Samples: teacher-forced validation windows (model's likeliest next token vs the truth vs the
 * baseline) and, from a validation window as the seed melody, a generated continuation at each of
 * `samples.temperatures`. Artifacts: the first temperature's piece as a piano roll and as a `.mid`
 * (`artifacts/melody-epoch-<E>.mid`), and once the vocabulary for `seqlab generate`.
 */
import * as path from 'node:path';
import type { DataConfig, SamplesConfig } from '../../config/types';
import type { ArtifactRecord, SampleRecord } from '../../events';
import { Rng } from '../../util/rng';
import { fingerprint } from '../fingerprint';
import { continueTokens, sampleToken } from '../text/sample';
import { vocabArtifact } from '../text/vocab-file';
import { nextTokenFields, predictedTokens } from '../text/next-token-dataset';
import { UNK } from '../text/tokenize';
import { DataError, type Dataset, type NextTokenLogits } from '../types';
import { readMidiCorpus, trainWindows, valWindows, type MidiCorpus } from './corpus';
import type { GridNote } from './notes';
import { writeMelody } from './read';
import { tokensText, tokensToNotes } from './tokens';

export { readMidiCorpus, DEFAULT_MIDI } from './corpus';
export { notesToTokens, tokensToNotes, parseToken } from './tokens';
export { readMelody, writeMelody, parseMidi, MidiReadError } from './read';
export { pitchName, parsePitch, type GridNote } from './notes';

/** Tokens generated per sample: a few phrases. */
export const GENERATE_NOTES = 48;

export function midiDataset(data: DataConfig, samples: SamplesConfig, baseDir: string, seed: number): Dataset {
  const c = readMidiCorpus(data, baseDir);
  const w = data.window;
  const train = trainWindows(c, w);
  const val = valWindows(c, w);
  if (train.n === 0 || val.n === 0) {
    const longest = Math.max(...c.pieces.map((p) => (train.n === 0 ? p.trainEnd : p.valEnd - p.trainEnd)));
    throw new DataError(
      `data.window ${w} needs ${w + 1} notes in a piece's ${train.n === 0 ? 'training' : 'validation'} part, but the longest has ${longest} (${c.files.length} file${c.files.length === 1 ? '' : 's'}, split ${data.split.train}/${data.split.val} in each piece)`,
      'data.window',
      `use data.window ${Math.max(1, longest - 1)} or less, or longer melodies`,
    );
  }
  const V = c.vocab.tokens.length;
  const repeatRate = Math.min(0.999, Math.max(0.001, sameAsInput(train.x, train.y) / train.y.length));
  const baseline = repeatLastBaseline(val.x, val.y, repeatRate, V);
  const names = (ids: ArrayLike<number>): string[] => Array.from(ids, (id) => c.vocab.tokens[id] ?? UNK);
  const genRng = new Rng(seed).fork();
  const prompt = val.x.subarray(0, w) as Int32Array;
  /** The latest generation, so the piano roll shows the piece the samples show. */
  let last: { epoch: number; pieces: number[][]; temperatures: number[] } | undefined;
  const piecesFor = (epoch: number, next: NextTokenLogits): { pieces: number[][]; temperatures: number[] } => {
    if (last?.epoch !== epoch) generate(epoch, next);
    return last as { pieces: number[][]; temperatures: number[] };
  };
  let vocabSent = false;

  const generate = (epoch: number, next: NextTokenLogits): SampleRecord[] => {
    const temps = samples.temperatures;
    const pieces = continueTokens({
      next,
      prompts: temps.map(() => prompt),
      steps: GENERATE_NOTES,
      window: w,
      pick: (logits, k) => sampleToken(logits, temps[k] as number, samples.topK, genRng),
    });
    last = { epoch, pieces, temperatures: temps };
    return temps.map((temperature, k) => {
      const roll = pianoRoll(names(prompt), names(pieces[k] as number[]));
      return {
        epoch,
        kind: 'notes',
        mode: 'generated',
        temperature,
        ...(samples.topK !== undefined ? { topK: samples.topK } : {}),
        input: tokensText(names(prompt)),
        target: null,
        output: tokensText(names(pieces[k] as number[])),
        notes: roll.notes,
        seed: roll.seed,
        grid: c.midi.grid,
      };
    });
  };

  return {
    summary: {
      kind: 'midi',
      trainExamples: train.n,
      valExamples: val.n,
      timeSteps: w,
      features: V,
      outputs: V,
      task: 'language-model',
      baselineName: `repeat the last note (p = ${repeatRate.toFixed(2)}, the training repeat rate)`,
      fingerprint: fingerprint(
        { kind: 'midi', files: c.files.map((f) => path.basename(f)), midi: c.midi, vocabSize: data.vocabSize, window: w, split: data.split },
        Int32Array.from(c.pieces.flatMap((p) => p.tokens.map((t) => c.vocab.index.get(t) ?? 0))),
      ),
    },
    ...nextTokenFields({ vocabSize: V, window: w, train, val, baseline }),
    samples: (epoch, indices, outputs) =>
      indices.map((i): SampleRecord => {
        const predicted = predictedTokens(outputs, i, w, V);
        const x = val.x.subarray(i * w, (i + 1) * w);
        return {
          epoch,
          kind: 'notes',
          index: i,
          mode: 'teacher-forced',
          input: tokensText(names(x)),
          target: tokensText(names(val.y.subarray(i * w, (i + 1) * w))),
          output: tokensText(names(predicted)),
          // Repeat-last-note predicts each next token to be the one just read.
          baseline: tokensText(names(x)),
        };
      }),
    generate,
    artifacts: (epoch, ctx): ArtifactRecord[] => {
      const { pieces, temperatures } = piecesFor(epoch, ctx.next);
      const out: ArtifactRecord[] = [];
      if (!vocabSent) {
        vocabSent = true;
        out.push(vocabArtifact({ formatVersion: 1, kind: 'midi', tokens: 'notes', vocab: c.vocab.tokens, window: w, prompt: names(prompt), grid: c.midi.grid, bpm: c.bpm }, epoch));
      }
      out.push(...melodyArtifacts(c, names(prompt), names(pieces[0] ?? []), epoch, temperatures[0] ?? 1));
      return out;
    },
  };
}

/** The prompt and its continuation as one list of notes; `seed` = how many of them are the prompt's. */
export function pianoRoll(prompt: string[], generated: string[]): { notes: GridNote[]; seed: number } {
  return { notes: tokensToNotes([...prompt, ...generated]), seed: tokensToNotes(prompt).length };
}

function melodyArtifacts(c: MidiCorpus, prompt: string[], generated: string[], epoch: number, temperature: number): ArtifactRecord[] {
  const roll = pianoRoll(prompt, generated);
  const bytes = writeMelody(roll.notes, { grid: c.midi.grid, bpm: c.bpm, name: `Sequence Lab, epoch ${epoch}` });
  const file = `melody-epoch-${epoch}.mid`;
  return [
    {
      name: 'melody',
      kind: 'pianoroll',
      epoch,
      // A stable title: the card keeps it while the piece is replaced each time (epoch in the footer).
      title: 'Generated melody',
      data: { notes: roll.notes, seed: roll.seed, stepsPerBeat: c.midi.grid / 4, grid: c.midi.grid, temperature, file },
    },
    { name: 'melody-mid', kind: 'file', epoch, title: 'Generated melody (.mid)', file: { name: file, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length } },
  ];
}

function sameAsInput(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (x[i] === y[i]) n++;
  return n;
}

/** Cross-entropy and accuracy of "the next token is the current one" with probability a. */
export function repeatLastBaseline(x: ArrayLike<number>, y: ArrayLike<number>, a: number, vocabSize: number): { loss: number; accuracy: number } {
  const other = (1 - a) / Math.max(1, vocabSize - 1);
  let loss = 0;
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    if (x[i] === y[i]) {
      hits++;
      loss -= Math.log(a);
    } else {
      loss -= Math.log(other);
    }
  }
  return { loss: loss / y.length, accuracy: hits / y.length };
}
