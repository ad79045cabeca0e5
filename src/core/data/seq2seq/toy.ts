/**
 * The toy seq2seq tasks, generated from the seed: `reverse` (output the input backwards) and `sort`
 * (output the input's symbols in ascending order). Inputs have `minLength`–`maxLength` symbols drawn
 * uniformly from an alphabet of `vocabSize` symbols, written as the letters a, b, c, … (then
 * digits and more letters), so samples read as words: "dbca" → "acbd".
 */
import type { DataConfig } from '../../config/types';
import type { Rng } from '../../util/rng';
import { DataError } from '../types';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface TokenPair {
  source: string[];
  target: string[];
}

export function toySymbols(vocabSize: number): string[] {
  if (vocabSize < 2 || vocabSize > ALPHABET.length) {
    throw new DataError(`data.vocabSize ${vocabSize} is out of range for a toy seq2seq task (2–${ALPHABET.length} symbols)`, 'data.vocabSize', 'use e.g. vocabSize: 10');
  }
  return Array.from(ALPHABET.slice(0, vocabSize));
}

export function toyPairs(kind: 'reverse' | 'sort', data: Pick<DataConfig, 'vocabSize' | 'minLength' | 'maxLength'>, count: number, rng: Rng): TokenPair[] {
  if (data.minLength < 1) throw new DataError(`data.minLength must be at least 1 for ${kind} (it is ${data.minLength})`, 'data.minLength', 'use minLength: 3');
  const symbols = toySymbols(data.vocabSize);
  const out: TokenPair[] = [];
  for (let i = 0; i < count; i++) {
    const len = data.minLength + rng.int(data.maxLength - data.minLength + 1);
    const source = Array.from({ length: len }, () => symbols[rng.int(symbols.length)] as string);
    const target = kind === 'reverse' ? [...source].reverse() : [...source].sort((a, b) => symbols.indexOf(a) - symbols.indexOf(b));
    out.push({ source, target });
  }
  return out;
}
