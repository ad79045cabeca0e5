/**
 * `kind: pairs`: a TSV file of `source<TAB>target` lines (translation pairs). Blank lines and lines
 * starting with `#` are skipped; anything else without exactly one tab and text on both sides is an
 * error naming the file and line. Tokens: `char` (each character, case kept) or `word` (the text
 * task's word tokenizer: lower-cased words, punctuation on its own).
 *
 * Held out means held out: pairs are grouped by their source text and whole groups go to training or
 * validation (seeded shuffle), so no validation source was ever seen in training — a model cannot
 * score by remembering.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../config/types';
import { Rng } from '../../util/rng';
import { tokenize } from '../text/tokenize';
import { DataError } from '../types';
import type { TokenPair } from './toy';

export interface ParsedPair {
  source: string;
  target: string;
  line: number;
}

export function parsePairsTsv(text: string, fileLabel: string): ParsedPair[] {
  const out: ParsedPair[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    const where = `${fileLabel}:${line}`;
    if (cols.length !== 2) {
      const what = cols.length === 1 ? 'no tab' : `${cols.length - 1} tabs`;
      throw new DataError(`${where}: expected "source<TAB>target", found ${what}: ${JSON.stringify(raw.slice(0, 60))}`, 'data.path', 'separate source and target by exactly one tab character');
    }
    const [source, target] = cols.map((c) => c.trim()) as [string, string];
    if (source === '' || target === '') {
      throw new DataError(`${where}: the ${source === '' ? 'source' : 'target'} is empty`, 'data.path', 'give every line text on both sides of the tab, or remove it');
    }
    out.push({ source, target, line });
  });
  return out;
}

export function pairTokens(text: string, mode: 'char' | 'word'): string[] {
  return mode === 'char' ? Array.from(text) : tokenize(text, 'word');
}

export interface PairsSplit {
  file: string;
  train: TokenPair[];
  val: TokenPair[];
  /** The raw texts, for the fingerprint. */
  text: string;
}

export function readPairs(data: Pick<DataConfig, 'path' | 'tokens' | 'split'>, baseDir: string, seed: number): PairsSplit {
  if (!data.path) throw new DataError('kind pairs reads a TSV file, but data.path is not set', 'data.path', 'add `path: ./pairs.tsv` under data: (lines of source<TAB>target)');
  const file = path.isAbsolute(data.path) ? data.path : path.resolve(baseDir, data.path);
  if (!fs.existsSync(file)) throw new DataError(`no such file: ${file}`, 'data.path', 'check the path; a relative path is relative to the YAML file');
  if (fs.statSync(file).isDirectory()) throw new DataError(`${file} is a folder; kind pairs reads one TSV file`, 'data.path', 'point data.path at a .tsv file');
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parsePairsTsv(text, file);
  if (parsed.length < 2) throw new DataError(`${file} has ${parsed.length} pair(s); training and validation need at least one each`, 'data.path', 'add more source<TAB>target lines');
  // Group by source so a source (with all its translations) is entirely train or entirely val.
  const groups = new Map<string, ParsedPair[]>();
  for (const p of parsed) groups.set(p.source, [...(groups.get(p.source) ?? []), p]);
  const keys = new Rng(seed ^ 0x9a125).shuffle([...groups.keys()]);
  const nTrain = Math.floor(keys.length * data.split.train);
  const nVal = Math.min(keys.length - nTrain, Math.floor(keys.length * data.split.val));
  if (nTrain < 1 || nVal < 1) {
    throw new DataError(`${keys.length} distinct sources × split {train: ${data.split.train}, val: ${data.split.val}} leaves ${nTrain} for training and ${nVal} for validation`, 'data.split', 'use more pairs or another split');
  }
  const toTokens = (ps: ParsedPair[]): TokenPair[] => ps.map((p) => ({ source: pairTokens(p.source, data.tokens), target: pairTokens(p.target, data.tokens) }));
  return {
    file,
    text,
    train: toTokens(keys.slice(0, nTrain).flatMap((k) => groups.get(k) ?? [])),
    val: toTokens(keys.slice(nTrain, nTrain + nVal).flatMap((k) => groups.get(k) ?? [])),
  };
}
