/**
 * Seq2seq metrics over padded id matrices (row-major [n, Td]). A target row is the target tokens, then
 * the end token, then padding. The positions that count are the target tokens AND the end token
 * (stopping at the right place is part of the answer); padding never counts.
 *
 * - valLoss: masked softmax cross-entropy in nats of the teacher-forced logits, the mean over real
 *   target positions (the training loss's definition);
 * - valTokenAccuracy: the fraction of real target positions where the free-running (greedy) output
 *   has the right token;
 * - valExactMatch: the fraction of examples whose free-running output is the whole target exactly.
 */
import type { Metrics } from '../../events';
import { PAD } from './vocab';

export function maskedCrossEntropy(logits: Float32Array, targets: Int32Array, vocabSize: number): number {
  let sum = 0;
  let count = 0;
  for (let p = 0; p < targets.length; p++) {
    const y = targets[p] as number;
    if (y === PAD) continue;
    const off = p * vocabSize;
    let max = -Infinity;
    for (let v = 0; v < vocabSize; v++) max = Math.max(max, logits[off + v] as number);
    let z = 0;
    for (let v = 0; v < vocabSize; v++) z += Math.exp((logits[off + v] as number) - max);
    sum += max + Math.log(z) - (logits[off + y] as number);
    count++;
  }
  return count > 0 ? sum / count : 0;
}

/** Token accuracy and exact match of predicted ids [n, Td] against padded targets [n, Td]. */
export function sequenceAccuracy(predicted: Int32Array, targets: Int32Array, n: number): { valTokenAccuracy: number; valExactMatch: number } {
  const Td = n > 0 ? targets.length / n : 0;
  let right = 0;
  let total = 0;
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let all = true;
    for (let t = 0; t < Td; t++) {
      const y = targets[i * Td + t] as number;
      if (y === PAD) break;
      total++;
      if (predicted[i * Td + t] === y) right++;
      else all = false;
    }
    if (all) exact++;
  }
  return { valTokenAccuracy: total > 0 ? right / total : 0, valExactMatch: n > 0 ? exact / n : 0 };
}

/** Argmax over the last axis of [n·Td, V] logits. */
export function argmaxIds(logits: Float32Array, vocabSize: number): Int32Array {
  const rows = logits.length / vocabSize;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let v = 1; v < vocabSize; v++) if ((logits[r * vocabSize + v] as number) > (logits[r * vocabSize + best] as number)) best = v;
    out[r] = best;
  }
  return out;
}

/**
 * The copy-the-input baseline: the prediction is the source tokens then the end token. Its loss is
 * that of the best single confidence q for "the copied token is right" (q = the baseline's own token
 * accuracy, the rest spread evenly over the other V−1 tokens): the lowest cross-entropy any
 * copy-based predictor can reach, so beating it means learning more than copying.
 */
export function copyBaseline(copied: Int32Array, targets: Int32Array, n: number, vocabSize: number): Metrics {
  const acc = sequenceAccuracy(copied, targets, n);
  const q = Math.min(1 - 1e-6, Math.max(1e-6, acc.valTokenAccuracy));
  const valLoss = -(q * Math.log(q) + (1 - q) * Math.log((1 - q) / Math.max(1, vocabSize - 1)));
  return { valLoss, ...acc };
}
