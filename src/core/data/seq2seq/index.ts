/**
 * Seq2seq datasets (`reverse`, `sort`, `pairs`) → a Dataset the trainer can run.
 *
 * Layout: x is [n, Ts] source ids, padded with PAD after the tokens; y is [n, Td] the target ids, the
 * END token, then PAD (Ts, Td: the longest source, the longest target + 1, over both splits). The
 * model's decoder is fed START + y[:, :-1] under teacher forcing and must output y; PAD positions are
 * masked out of the loss, so how far a batch is padded does not change it.
 *
 * Metrics: valLoss (masked cross-entropy of the teacher-forced logits), valTokenAccuracy and
 * valExactMatch of the free-running greedy decode (the trainer passes it as `extra.decoded`).
 * Baseline: copy the input (see metrics.ts).
 */
import * as path from 'node:path';
import type { DataConfig } from '../../config/types';
import type { Metrics, SampleRecord } from '../../events';
import type { Rng } from '../../util/rng';
import { fingerprint } from '../fingerprint';
import { toySplitSizes } from '../long-lag';
import type { Dataset, EvalExtras } from '../types';
import { argmaxIds, copyBaseline, maskedCrossEntropy, sequenceAccuracy } from './metrics';
import { readPairs } from './pairs';
import { toyPairs, toySymbols, type TokenPair } from './toy';
import { buildSeq2seqVocab, decodeIds, encodeTokens, END, PAD, SPECIAL_TOKENS, START, type Seq2seqVocab } from './vocab';

export { PAD, START, END, UNK_ID, decodeIds, untilEnd } from './vocab';
export { maskedCrossEntropy, sequenceAccuracy, copyBaseline, argmaxIds } from './metrics';
export { parsePairsTsv, readPairs } from './pairs';
export { toyPairs } from './toy';

export const SEQ2SEQ_KINDS = ['reverse', 'sort', 'pairs'] as const;
export function isSeq2seqKind(kind: string): kind is (typeof SEQ2SEQ_KINDS)[number] {
  return (SEQ2SEQ_KINDS as readonly string[]).includes(kind);
}

export interface Seq2seqSplits {
  train: TokenPair[];
  val: TokenPair[];
  vocab: Seq2seqVocab;
  join: '' | ' ';
  fingerprintOf: unknown;
  fingerprintText?: string;
}

export function seq2seqSplits(data: DataConfig, rng: Rng, baseDir: string, seed: number): Seq2seqSplits {
  if (data.kind === 'pairs') {
    const p = readPairs(data, baseDir, seed);
    const vocab = buildSeq2seqVocab([...p.train.map((x) => x.source), ...p.train.map((x) => x.target)], Math.max(SPECIAL_TOKENS.length + 1, data.vocabSize));
    return {
      train: p.train,
      val: p.val,
      vocab,
      join: data.tokens === 'char' ? '' : ' ',
      fingerprintOf: { kind: 'pairs', file: path.basename(p.file), tokens: data.tokens, vocabSize: data.vocabSize, split: data.split, seed },
      fingerprintText: p.text,
    };
  }
  const kind = data.kind === 'sort' ? 'sort' : 'reverse';
  const { nTrain, nVal } = toySplitSizes(data);
  const symbols = toySymbols(data.vocabSize);
  const tokens = [...SPECIAL_TOKENS, ...symbols];
  return {
    train: toyPairs(kind, data, nTrain, rng),
    val: toyPairs(kind, data, nVal, rng),
    vocab: { tokens, index: new Map(tokens.map((t, i) => [t, i])) },
    join: '',
    fingerprintOf: { kind, size: data.size, vocabSize: data.vocabSize, minLength: data.minLength, maxLength: data.maxLength, split: data.split, seed },
  };
}

/** Source ids padded to Ts, target ids + END padded to Td. */
export function encodePairs(pairs: TokenPair[], vocab: Seq2seqVocab, Ts: number, Td: number): { n: number; x: Int32Array; y: Int32Array } {
  const n = pairs.length;
  const x = new Int32Array(n * Ts).fill(PAD);
  const y = new Int32Array(n * Td).fill(PAD);
  pairs.forEach((p, i) => {
    x.set(encodeTokens(p.source, vocab).slice(0, Ts), i * Ts);
    const t = [...encodeTokens(p.target, vocab), END].slice(0, Td);
    y.set(t, i * Td);
  });
  return { n, x, y };
}

/** The copy-the-input prediction in target layout: the source ids, END, PAD. */
export function copyPrediction(x: Int32Array, n: number, Ts: number, Td: number): Int32Array {
  const out = new Int32Array(n * Td).fill(PAD);
  for (let i = 0; i < n; i++) {
    const src: number[] = [];
    for (let t = 0; t < Ts && (x[i * Ts + t] as number) !== PAD; t++) src.push(x[i * Ts + t] as number);
    out.set([...src, END].slice(0, Td), i * Td);
  }
  return out;
}

export function seq2seqDataset(data: DataConfig, rng: Rng, baseDir: string, seed: number): Dataset {
  const s = seq2seqSplits(data, rng, baseDir, seed);
  const all = [...s.train, ...s.val];
  const Ts = Math.max(1, ...all.map((p) => p.source.length));
  const Td = Math.max(...all.map((p) => p.target.length)) + 1;
  const V = s.vocab.tokens.length;
  const train = encodePairs(s.train, s.vocab, Ts, Td);
  const val = encodePairs(s.val, s.vocab, Ts, Td);
  const copied = copyPrediction(val.x, val.n, Ts, Td);
  const baseline = copyBaseline(copied, val.y, val.n, V);
  const text = (ids: ArrayLike<number>): string[] => decodeIds(ids, s.vocab);
  const row = (a: Int32Array, i: number, w: number): Int32Array => a.subarray(i * w, (i + 1) * w);
  const predicted = (outputs: Float32Array, extra?: EvalExtras): Int32Array => extra?.decoded ?? argmaxIds(outputs, V);
  const ds: Dataset = {
    summary: {
      kind: data.kind,
      trainExamples: train.n,
      valExamples: val.n,
      timeSteps: Ts,
      features: V,
      outputs: V,
      task: 'seq2seq',
      baselineName: 'copy the input: output the source tokens unchanged',
      fingerprint: fingerprint({ ...(s.fingerprintOf as object), Ts, Td }, train.x, train.y, val.x, val.y),
    },
    xShape: [Ts],
    yShape: [Td],
    xDtype: 'int32',
    yDtype: 'int32',
    loss: 'crossentropy',
    head: { kind: 'sequence', outputSize: V },
    inputSize: V,
    tokenInput: { vocabSize: V },
    seq2seq: { vocab: s.vocab.tokens, padId: PAD, startId: START, endId: END, targetSteps: Td, join: s.join },
    train,
    val,
    baseline,
    evaluate(outputs: Float32Array, extra?: EvalExtras): Metrics {
      return { valLoss: maskedCrossEntropy(outputs, val.y, V), ...sequenceAccuracy(predicted(outputs, extra), val.y, val.n) };
    },
    samples(epoch: number, indices: number[], outputs: Float32Array, extra?: EvalExtras): SampleRecord[] {
      const forced = argmaxIds(outputs, V);
      const free = predicted(outputs, extra);
      return indices.map((i) => {
        const tokens = {
          input: text(row(val.x, i, Ts)),
          target: text(row(val.y, i, Td)),
          teacherForced: forcedUntilTarget(row(forced, i, Td), row(val.y, i, Td)).map((id) => s.vocab.tokens[id] ?? '<unk>'),
          output: text(row(free, i, Td)),
          baseline: text(row(copied, i, Td)),
          ...(extra?.beams?.[i] ? { beam: text(extra.beams[i] as number[]) } : {}),
        };
        const j = (t: string[]): string => t.join(s.join);
        const rec: SampleRecord = {
          epoch,
          kind: 'sequence',
          index: i,
          input: j(tokens.input),
          target: j(tokens.target),
          output: j(tokens.output),
          teacherForced: j(tokens.teacherForced),
          baseline: j(tokens.baseline),
          join: s.join,
          tokens,
        };
        if (tokens.beam) rec.beam = j(tokens.beam);
        return rec;
      });
    },
  };
  return ds;
}

/**
 * Teacher-forced predictions are made at every position; show them up to the target's end so the row
 * lines up with the target token by token (a premature end token shows as `</s>`).
 */
function forcedUntilTarget(forced: Int32Array, target: Int32Array): number[] {
  const out: number[] = [];
  for (let t = 0; t < target.length && (target[t] as number) !== PAD; t++) {
    if ((target[t] as number) === END) break;
    out.push(forced[t] as number);
  }
  return out;
}

/** The first training examples as text (source → target), for `seqlab data preview` and the Data card. */
export function seq2seqPreviewExamples(ds: Dataset, count: number): Array<{ input: string; target: string }> {
  const s = ds.seq2seq;
  if (!s) return [];
  const vocab: Seq2seqVocab = { tokens: s.vocab, index: new Map() };
  const [Ts] = ds.xShape as [number];
  const [Td] = ds.yShape as [number];
  return Array.from({ length: Math.min(count, ds.train.n) }, (_, k) => ({
    input: decodeIds(ds.train.x.subarray(k * Ts, (k + 1) * Ts), vocab).join(s.join),
    target: decodeIds(ds.train.y.subarray(k * Td, (k + 1) * Td), vocab).join(s.join),
  }));
}
