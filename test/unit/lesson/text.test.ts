import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDataset, DataError } from '../../../src/core/data';
import { buildVocabulary, decode, sampleToken, tokenize, UNK } from '../../../src/core/data/text';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from '../train/helpers';

function withText<T>(text: string, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-text-'));
  try {
    const f = path.join(dir, 'corpus.txt');
    fs.writeFileSync(f, text);
    return fn(f);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DataError, `expected a DataError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a DataError');
}

test('tokenize: characters (BOM and CRLF cleaned), words lower-cased with punctuation and line breaks', () => {
  assert.deepEqual(tokenize('\uFEFFab\r\nc', 'char'), ['a', 'b', '\n', 'c']);
  assert.deepEqual(tokenize("The cat's hat, red.\nYes!", 'word'), ['the', "cat's", 'hat', ',', 'red', '.', '\n', 'yes', '!']);
  const v = buildVocabulary(['the', 'cat', 'the', 'hat', 'the', 'cat', 'dog'], 3);
  assert.deepEqual(v.tokens, [UNK, 'the', 'cat']);
  assert.deepEqual(v.counts, [2, 3, 2]);
  assert.equal(decode([1, 2, 0], v, 'word'), `the cat ${UNK}`);
});

test('text: next-token targets at every step, vocabulary from the training part only, <unk> for the rest', () => {
  // "xyz" appears only in the validation part: it must map to <unk>.
  const text = 'abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcxyzxyzxyz';
  withText(text, (file) => {
    const cfg = testConfig({ data: { kind: 'text', path: file, tokens: 'char', window: 5, vocabSize: 100, split: { train: 0.8, val: 0.2 } } });
    const ds = buildDataset(cfg, new Rng(1), '.');
    assert.equal(ds.head.kind, 'sequence');
    assert.equal(ds.loss, 'crossentropy');
    assert.equal(ds.xDtype, 'int32');
    assert.deepEqual(ds.tokenInput, { vocabSize: 4 });
    // y is x shifted by one token.
    for (let k = 0; k < ds.train.n; k++) for (let t = 0; t < 4; t++) assert.equal(ds.train.y[k * 5 + t], ds.train.x[k * 5 + t + 1]);
    const unkInVal = Array.from(ds.val.y).filter((id) => id === 0).length;
    assert.ok(unkInVal > 0, 'validation-only characters become <unk>');
    assert.equal(Array.from(ds.train.x).filter((id) => id === 0).length, 0);
  });
});

test('text: the vocabSize cap sends rare words to <unk>', () => {
  withText('a a a a b b b c c d e f g a b c a b a a b c d a b a b c '.repeat(4), (file) => {
    const cfg = testConfig({ data: { kind: 'text', path: file, tokens: 'word', window: 4, vocabSize: 3 } });
    const ds = buildDataset(cfg, new Rng(1), '.');
    assert.equal(ds.tokenInput?.vocabSize, 3);
    assert.ok(Array.from(ds.train.x).includes(0));
  });
});

test('text: unigram baseline, perplexity = e^loss; evaluate on perfect logits; teacher-forced samples', () => {
  withText('the quick brown fox jumps over the lazy dog. '.repeat(30), (file) => {
    const cfg = testConfig({ data: { kind: 'text', path: file, tokens: 'char', window: 10, vocabSize: 100 } });
    const ds = buildDataset(cfg, new Rng(1), '.');
    const b = ds.baseline;
    assert.ok(Math.abs((b.valPerplexity as number) - Math.exp(b.valLoss as number)) < 1e-9);
    // A unigram over 28 symbols: loss between a confident and a uniform guess.
    assert.equal(ds.head.outputSize, 28 + 1);
    assert.ok((b.valLoss as number) > 2 && (b.valLoss as number) < Math.log(28));
    const V = ds.head.outputSize;
    const logits = new Float32Array(ds.val.n * 10 * V);
    for (let i = 0; i < ds.val.n * 10; i++) logits[i * V + (ds.val.y[i] as number)] = 40;
    const m = ds.evaluate(logits);
    assert.equal(m.valTokenAccuracy, 1);
    assert.ok((m.valPerplexity as number) < 1.0001);
    const s = ds.samples(2, [0], logits)[0];
    assert.equal(s?.kind, 'text');
    assert.equal(s?.output, s?.target);
  });
});

test('text: generate samples at each temperature with the model as a next-token function', () => {
  withText('abababababababababababababababababababababababababab', (file) => {
    const cfg = testConfig({ data: { kind: 'text', path: file, window: 4 }, samples: { every: 1, count: 1, temperatures: [0.5, 2], topK: 1 } });
    const ds = buildDataset(cfg, new Rng(1), '.');
    assert.ok(ds.generate);
    const a = 1; // 'a' and 'b' tie in frequency; the first seen gets the lower id
    // A "model" that always predicts the token after the context's last one (a→b, b→a).
    const next = (ctxs: Int32Array[]) =>
      ctxs.map((c) => {
        const last = c[c.length - 1] as number;
        const out = new Float32Array(ds.head.outputSize);
        out[last === a ? 2 : 1] = 5;
        return out;
      });
    const gen = ds.generate(3, next);
    assert.equal(gen.length, 2);
    assert.deepEqual(gen.map((g) => g.temperature), [0.5, 2]);
    // topK 1 makes sampling deterministic: an alternating continuation.
    assert.match(String(gen[0]?.output), /^(ab|ba)+a?b?$/);
    assert.equal(gen[0]?.mode, 'generated');
  });
});

test('sampleToken: topK restricts the choice; temperature sharpens', () => {
  const rng = new Rng(9);
  const logits = [0, 1, 2, 3];
  for (let i = 0; i < 200; i++) assert.ok([2, 3].includes(sampleToken(logits, 1, 2, rng)));
  let cold = 0;
  let hot = 0;
  for (let i = 0; i < 2000; i++) {
    if (sampleToken(logits, 0.2, undefined, rng) === 3) cold++;
    if (sampleToken(logits, 5, undefined, rng) === 3) hot++;
  }
  assert.ok(cold > 1900 && hot < 1000, `cold ${cold} hot ${hot}`);
});

test('text errors: missing file, empty file, window longer than the text', () => {
  const missing = dataError(() => buildDataset(testConfig({ data: { kind: 'text', path: '/nonexistent/x.txt' } }), new Rng(1), '.'));
  assert.equal(missing.key, 'data.path');
  withText('', (file) => assert.equal(dataError(() => buildDataset(testConfig({ data: { kind: 'text', path: file } }), new Rng(1), '.')).key, 'data.path'));
  withText('short text here', (file) => {
    const e = dataError(() => buildDataset(testConfig({ data: { kind: 'text', path: file, window: 50 } }), new Rng(1), '.'));
    assert.equal(e.key, 'data.window');
    assert.match(e.message, /needs 51 characters per example/);
  });
});
