/**
 * `kind: text`: language modelling on a text file. The tokens are split in order (first
 * `split.train` train, next `split.val` validate), cut into non-overlapping windows of `window`
 * tokens; the target at every step is the next token (head 'sequence', softmax cross-entropy in
 * nats). Metrics: valLoss, valPerplexity = e^valLoss, valTokenAccuracy. Baseline: the unigram model,
 * i.e. each token predicted by its (add-one smoothed) training frequency, whatever came before.
 * Samples: the validation window with the model's most likely next token at each step, and — via
 * `generate` — text generated from a validation prompt at each of `samples.temperatures` (and topK).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig, SamplesConfig } from '../../config/types';
import type { ArtifactRecord, SampleRecord } from '../../events';
import { Rng } from '../../util/rng';
import { priorBaseline } from '../classification-metrics';
import { fingerprint } from '../fingerprint';
import { DataError, type Dataset, type NextTokenLogits, type SplitArrays } from '../types';
import { continueTokens, sampleToken } from './sample';
import { buildVocabulary, decode, encode, tokenize, UNK, type Vocabulary } from './tokenize';
import { vocabArtifact } from './vocab-file';
import { nextTokenFields, predictedTokens } from './next-token-dataset';

export { tokenize, buildVocabulary, encode, decode, UNK } from './tokenize';
export { argmax, continueTokens, sampleToken } from './sample';
export { VOCAB_FILE, parseVocabFile, vocabArtifact, type VocabFile } from './vocab-file';

/** Generated tokens per sample: a few lines of characters, or a couple of sentences of words. */
const GENERATE = { char: 120, word: 30 };

export interface TextCorpus {
  file: string;
  tokens: string[];
  trainEnd: number;
  valEnd: number;
  vocab: Vocabulary;
  ids: Int32Array;
}

export function readTextCorpus(data: Pick<DataConfig, 'path' | 'tokens' | 'split' | 'vocabSize'>, baseDir: string): TextCorpus {
  if (!data.path) throw new DataError('kind text reads a text file, but data.path is not set', 'data.path', 'add `path: ./corpus.txt` under data:');
  const file = path.isAbsolute(data.path) ? data.path : path.resolve(baseDir, data.path);
  if (!fs.existsSync(file)) throw new DataError(`no such file: ${file}`, 'data.path', 'check the path; a relative path is relative to the YAML file');
  if (fs.statSync(file).isDirectory()) throw new DataError(`${file} is a folder; kind text reads one text file`, 'data.path', 'point data.path at a .txt file');
  const tokens = tokenize(fs.readFileSync(file, 'utf8'), data.tokens);
  if (tokens.length === 0) throw new DataError(`${path.basename(file)} has no ${data.tokens === 'char' ? 'characters' : 'words'}`, 'data.path', 'use a file with text in it');
  const trainEnd = Math.floor(tokens.length * data.split.train);
  const valEnd = Math.min(tokens.length, trainEnd + Math.floor(tokens.length * data.split.val));
  const vocab = buildVocabulary(tokens.slice(0, trainEnd), data.vocabSize);
  return { file, tokens, trainEnd, valEnd, vocab, ids: encode(tokens, vocab) };
}

export function textDataset(data: DataConfig, samples: SamplesConfig, baseDir: string, seed: number): Dataset {
  const c = readTextCorpus(data, baseDir);
  const w = data.window;
  const unit = data.tokens === 'char' ? 'characters' : 'words';
  const train = windows(c.ids, w, 0, c.trainEnd);
  const val = windows(c.ids, w, c.trainEnd, c.valEnd);
  if (train.n === 0 || val.n === 0) {
    const part = train.n === 0 ? `training part has ${c.trainEnd}` : `validation part has ${c.valEnd - c.trainEnd}`;
    throw new DataError(
      `data.window ${w} needs ${w + 1} ${unit} per example, but the ${part} ${unit} (${c.tokens.length} in ${path.basename(c.file)})`,
      'data.window',
      `use a smaller data.window, or a longer text`,
    );
  }
  const V = c.vocab.tokens.length;
  const prior = smoothedUnigram(c.vocab);
  const uni = priorBaseline(prior, val.y);
  const genRng = new Rng(seed).fork();
  let vocabSent = false;
  return {
    summary: {
      kind: 'text',
      trainExamples: train.n,
      valExamples: val.n,
      timeSteps: w,
      features: V,
      outputs: V,
      task: 'language-model',
      baselineName: `unigram: every ${data.tokens === 'char' ? 'character' : 'word'} predicted by its training frequency, ignoring the context`,
      fingerprint: fingerprint({ kind: 'text', file: path.basename(c.file), tokens: data.tokens, vocabSize: data.vocabSize, window: w, split: data.split }, c.ids),
    },
    ...nextTokenFields({ vocabSize: V, window: w, train, val, baseline: uni }),
    samples: (epoch, indices, outputs) =>
      indices.map((i): SampleRecord => {
        const predicted = predictedTokens(outputs, i, w, V);
        return {
          epoch,
          kind: 'text',
          index: i,
          mode: 'teacher-forced',
          input: decode(val.x.subarray(i * w, (i + 1) * w), c.vocab, data.tokens),
          target: decode(val.y.subarray(i * w, (i + 1) * w), c.vocab, data.tokens),
          output: decode(predicted, c.vocab, data.tokens),
        };
      }),
    generate: (epoch: number, next: NextTokenLogits): SampleRecord[] =>
      generateText({ epoch, next, prompt: val.x.subarray(0, w) as Int32Array, steps: GENERATE[data.tokens], samples, vocab: c.vocab, mode: data.tokens, rng: genRng }),
    // The vocabulary (and the default prompt) once, for `seqlab generate`.
    artifacts: (epoch): ArtifactRecord[] => {
      if (vocabSent) return [];
      vocabSent = true;
      const prompt = Array.from(val.x.subarray(0, w), (id) => c.vocab.tokens[id] ?? UNK);
      return [vocabArtifact({ formatVersion: 1, kind: 'text', tokens: data.tokens, vocab: c.vocab.tokens, window: w, prompt }, epoch)];
    },
  };
}

/** Non-overlapping windows in [from, to): x = ids[s..s+w), y = ids[s+1..s+w+1). */
function windows(ids: Int32Array, w: number, from: number, to: number): SplitArrays {
  const n = Math.max(0, Math.floor((to - from - 1) / w));
  const x = new Int32Array(n * w);
  const y = new Int32Array(n * w);
  for (let k = 0; k < n; k++) {
    const s = from + k * w;
    x.set(ids.subarray(s, s + w), k * w);
    y.set(ids.subarray(s + 1, s + w + 1), k * w);
  }
  return { n, x, y };
}

function smoothedUnigram(vocab: Vocabulary): Float64Array {
  const total = vocab.counts.reduce((a, b) => a + b, 0) + vocab.counts.length;
  return Float64Array.from(vocab.counts, (c) => (c + 1) / total);
}

/**
 * Free-running generation: start from a validation window, sample a token at each temperature,
 * slide the window by it, repeat. All temperatures advance together (one model call per step).
 */
export function generateText(o: {
  epoch: number;
  next: NextTokenLogits;
  prompt: Int32Array;
  steps: number;
  samples: Pick<SamplesConfig, 'temperatures' | 'topK'>;
  vocab: Vocabulary;
  mode: 'char' | 'word';
  rng: Rng;
}): SampleRecord[] {
  const temps = o.samples.temperatures;
  const generated = continueTokens({
    next: o.next,
    prompts: temps.map(() => o.prompt),
    steps: o.steps,
    window: o.prompt.length,
    pick: (logits, k) => sampleToken(logits, temps[k] as number, o.samples.topK, o.rng),
  });
  return temps.map((temperature, k) => ({
    epoch: o.epoch,
    kind: 'text',
    mode: 'generated',
    temperature,
    ...(o.samples.topK !== undefined ? { topK: o.samples.topK } : {}),
    input: decode(o.prompt, o.vocab, o.mode),
    target: null,
    output: decode(generated[k] as number[], o.vocab, o.mode),
  }));
}
