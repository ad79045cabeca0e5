import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDataset, DataError } from '../../../src/core/data';
import { copyBaseline, copyPrediction, encodePairs, END, PAD, parsePairsTsv, readPairs, sequenceAccuracy, maskedCrossEntropy, START } from '../../../src/core/data/seq2seq';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from '../train/helpers';

const FIX = path.join(__dirname, '../../fixtures/seq2seq');

test('reverse and sort: targets are the input reversed / sorted, with END then padding; seeded', () => {
  for (const kind of ['reverse', 'sort'] as const) {
    const cfg = testConfig({ data: { kind, size: 50, vocabSize: 6, minLength: 2, maxLength: 5 }, model: { type: 'seq2seq', cell: 'gru' } });
    const ds = buildDataset(cfg, new Rng(1), '.');
    const again = buildDataset(cfg, new Rng(1), '.');
    assert.deepEqual(Array.from(ds.train.x), Array.from(again.train.x), 'same seed, same data');
    const vocab = ds.seq2seq?.vocab as string[];
    const [Ts] = ds.xShape as [number];
    const [Td] = ds.yShape as [number];
    assert.equal(Ts, 5);
    assert.equal(Td, 6, 'longest target + END');
    for (let i = 0; i < ds.train.n; i++) {
      const src: number[] = Array.from(ds.train.x.subarray(i * Ts, (i + 1) * Ts)).filter((v: number) => v !== PAD);
      const tgt: number[] = Array.from(ds.train.y.subarray(i * Td, (i + 1) * Td));
      const end: number = tgt.indexOf(END);
      assert.equal(end, src.length, 'END right after the target tokens');
      assert.ok(tgt.slice(end + 1).every((v: number) => v === PAD));
      const want = kind === 'reverse' ? [...src].reverse() : [...src].sort((a, b) => vocab[a]!.localeCompare(vocab[b]!));
      assert.deepEqual(tgt.slice(0, end), want);
    }
    assert.equal(ds.summary.task, 'seq2seq');
    assert.equal(ds.head.kind, 'sequence');
  }
});

test('pairs TSV: comments and blank lines skipped; a line without a tab or with an empty side names file:line', () => {
  assert.deepEqual(
    parsePairsTsv(fs.readFileSync(path.join(FIX, 'ok.tsv'), 'utf8'), 'ok.tsv').map((p) => [p.source, p.target, p.line]),
    [['hello', 'bonjour', 2], ['thank you', 'merci', 4], ['good night', 'bonne nuit', 5]],
  );
  const bad = (file: string, re: RegExp): void => {
    const cfg = testConfig({ data: { kind: 'pairs', path: path.join(FIX, file), tokens: 'word' }, model: { type: 'seq2seq' } });
    assert.throws(() => buildDataset(cfg, new Rng(1), FIX), (e: unknown) => e instanceof DataError && re.test(e.message) && e.key === 'data.path' && !!e.hint);
  };
  bad('no-tab.tsv', /no-tab\.tsv:2: expected "source<TAB>target", found no tab/);
  bad('empty-source.tsv', /empty-source\.tsv:2: the source is empty/);
});

test('pairs: validation sources never occur in training (a source with two translations stays on one side)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-pairs-'));
  try {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(`source ${i}\ttarget ${i}`);
    lines.push('source 7\tanother target 7', 'source 8\tautre 8');
    const file = path.join(dir, 'p.tsv');
    fs.writeFileSync(file, lines.join('\n'));
    const split = readPairs({ path: file, tokens: 'word', split: { train: 0.7, val: 0.3 } }, dir, 5);
    const train = new Set(split.train.map((p) => p.source.join(' ')));
    const val = split.val.map((p) => p.source.join(' '));
    assert.ok(val.length >= 15);
    assert.equal(val.filter((s) => train.has(s)).length, 0);
    assert.equal(split.train.length + split.val.length, 62);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('metrics on a hand case: copy baseline, token accuracy, exact match, masked cross-entropy', () => {
  // Two examples, Ts = 3, Td = 4 (targets: "c b a" END, "b a" END PAD).
  const x = Int32Array.from([4, 5, 6, 5, 4, PAD]);
  const y = Int32Array.from([6, 5, 4, END, 4, 5, END, PAD]);
  const copied = copyPrediction(x, 2, 3, 4);
  assert.deepEqual(Array.from(copied), [4, 5, 6, END, 5, 4, END, PAD]);
  // Example 1: positions 1 (5=5) and 3 (END) right of 4; example 2: only END right of 3 → 3/7.
  const acc = sequenceAccuracy(copied, y, 2);
  assert.equal(acc.valTokenAccuracy, 3 / 7);
  assert.equal(acc.valExactMatch, 0);
  assert.deepEqual(sequenceAccuracy(y, y, 2), { valTokenAccuracy: 1, valExactMatch: 1 });
  const b = copyBaseline(copied, y, 2, 7);
  const q = 3 / 7;
  assert.ok(Math.abs((b.valLoss as number) - -(q * Math.log(q) + (1 - q) * Math.log((1 - q) / 6))) < 1e-12);
  // Masked CE: uniform logits over V=7 give ln 7 whatever the padding.
  assert.ok(Math.abs(maskedCrossEntropy(new Float32Array(8 * 7), y, 7) - Math.log(7)) < 1e-6);
  const enc = encodePairs([{ source: ['a'], target: ['b', 'c'] }], { tokens: ['<pad>', '<s>', '</s>', '<unk>', 'a', 'b'], index: new Map([['a', 4], ['b', 5]]) }, 2, 4);
  assert.deepEqual(Array.from(enc.x), [4, PAD]);
  assert.deepEqual(Array.from(enc.y), [5, 3, END, PAD], 'unknown target token → <unk> (3)');
  assert.equal(START, 1);
});

test('data preview shows seq2seq examples as text, not ids', async () => {
  const { previewData } = await import('../../../src/core/data/preview');
  const cfg = testConfig({ data: { kind: 'reverse', size: 40, vocabSize: 5, minLength: 2, maxLength: 4 }, model: { type: 'seq2seq' } });
  const p = previewData(cfg, '.', 2);
  assert.equal(p.examples.length, 2);
  for (const e of p.examples) {
    assert.match(e.input as string, /^[a-e]{2,4}$/);
    assert.equal(e.target, [...(e.input as string)].reverse().join(''));
  }
});

test('model and task must match: seq2seq data needs model.type seq2seq and the other way round', async () => {
  const { modelSpecFor } = await import('../../../src/core/train/model-spec');
  const rev = testConfig({ data: { kind: 'reverse', size: 40 }, model: { type: 'lstm', cell: 'lstm' } });
  assert.throws(() => modelSpecFor(rev, buildDataset(rev, new Rng(1), '.')), (e: unknown) => e instanceof DataError && e.key === 'model.type' && /needs model\.type seq2seq/.test(e.message));
  const sine = testConfig({ model: { type: 'seq2seq', cell: 'gru' } });
  assert.throws(() => modelSpecFor(sine, buildDataset(sine, new Rng(1), '.')), (e: unknown) => e instanceof DataError && /needs a sequence-to-sequence task/.test(e.message));
  const ok = testConfig({ data: { kind: 'sort', size: 40 }, model: { type: 'seq2seq', cell: 'gru', attention: 'dot' } });
  const spec = modelSpecFor(ok, buildDataset(ok, new Rng(1), '.'));
  assert.equal(spec.cell, 'gru');
  assert.deepEqual(spec.seq2seq, { attention: 'dot', targetSteps: 11, padId: PAD, startId: START, endId: END });
});
