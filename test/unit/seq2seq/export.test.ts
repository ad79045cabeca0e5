// `seqlab export` of a seq2seq run: encoder/, decoder/ and vocab.json (decode parity: export-parity.test.ts).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../../src/core/backend';
import { runExperiment } from '../../../src/core/run-experiment';
import { exportRun, ExportError } from '../../../src/core/train/export-run';

before(async () => {
  await initBackend('cpu');
});

test('a seq2seq run trains through runExperiment (tfjs kernel, with its reason) and export writes encoder/, decoder/ and vocab.json', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-s2s-export-'));
  try {
    const file = path.join(dir, 'tiny.seqlab.yaml');
    fs.writeFileSync(file, 'seed: 2\nbackend: cpu\ndata: {kind: sort, size: 60, vocabSize: 4, minLength: 2, maxLength: 3}\nmodel: {type: seq2seq, cell: rnn, layers: [{units: 4}]}\ntraining: {epochs: 1, batchSize: 16}\nsamples: {count: 1}\n');
    const r = await runExperiment({ configPath: file, runsDir: dir });
    assert.equal(r.status, 'completed', JSON.stringify(r.error));
    const meta = JSON.parse(fs.readFileSync(path.join(r.runDir as string, 'meta.json'), 'utf8')) as { kernel: { name: string; reason: string } };
    assert.equal(meta.kernel.name, 'tfjs');
    assert.match(meta.kernel.reason, /seq2seq/);
    assert.ok(fs.existsSync(path.join(r.runDir as string, 'artifacts')) === false, 'no attention without attention');
    const out = path.join(dir, 'export');
    const res = exportRun(r.runDir as string, out);
    assert.equal(res.source, 'checkpoint-best');
    for (const f of ['encoder/model.json', 'encoder/weights.bin', 'decoder/model.json', 'decoder/weights.bin', 'vocab.json']) assert.ok(fs.existsSync(path.join(out, f)), f);
    assert.equal(fs.existsSync(path.join(out, 'model.json')), false, 'no single model.json for an encoder–decoder');
    const vocab = JSON.parse(fs.readFileSync(path.join(out, 'vocab.json'), 'utf8')) as { decoder: { inputs: string[]; outputs: string[] }; tokens: string[] };
    assert.deepEqual(vocab.decoder.inputs, ['previous_token', 'h_1']);
    assert.deepEqual(vocab.decoder.outputs, ['logits', 'h_1']);
    assert.equal(vocab.tokens.length, 4 + 4);
    // A run without trained weights still fails clearly, writing nothing.
    assert.throws(() => exportRun(path.join(dir, 'nope'), path.join(dir, 'export2')), (e: unknown) => e instanceof ExportError && /no trained weights yet/.test(e.message));
    assert.equal(fs.existsSync(path.join(dir, 'export2')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
