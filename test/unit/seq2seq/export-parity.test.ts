// Decode parity of an exported seq2seq run: encoder/ and the one-step decoder/ loaded with
// tf.loadLayersModel (files read through tf.io.fromMemory) and driven by a plain greedy loop give the
// engine's own greedy decode on every validation example, logits within 1e-4; a perturbed exported
// weight breaks it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend';
import { loadExperiment } from '../../../src/core/config';
import { buildDataset } from '../../../src/core/data';
import { buildModel } from '../../../src/core/models';
import { readCheckpoint } from '../../../src/core/runs';
import { runExperiment } from '../../../src/core/run-experiment';
import { exportRun } from '../../../src/core/train/export-run';
import { modelSpecFor } from '../../../src/core/train/model-spec';
import { batchTensors } from '../../../src/core/train/batches';
import { Rng } from '../../../src/core/util/rng';

before(async () => {
  await initBackend('cpu');
});

interface ModelJson {
  modelTopology: object;
  weightsManifest: Array<{ weights: tfl.io.WeightsManifestEntry[] }>;
}

function readModel(dir: string): { json: ModelJson; weights: Float32Array } {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
  return { json, weights: new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)) };
}

function load(m: { json: ModelJson; weights: Float32Array }): Promise<tfl.LayersModel> {
  const weightSpecs = m.json.weightsManifest.flatMap((w) => w.weights);
  return tfl.loadLayersModel(tfl.io.fromMemory({ modelTopology: m.json.modelTopology, weightSpecs, weightData: m.weights.slice().buffer }));
}

interface Vocab {
  padId: number;
  startId: number;
  endId: number;
  unkId: number | null;
  targetSteps: number;
  tokens: string[];
  encoder: { outputs: string[] };
  decoder: { inputs: string[]; outputs: string[] };
}

/** Greedy decoding with the exported models only: what a user of encoder/ + decoder/ + vocab.json writes. */
function exportedGreedy(encoder: tfl.LayersModel, decoder: tfl.LayersModel, vocab: Vocab, x: tf.Tensor2D): { ids: number[][]; logits: Float32Array[] } {
  return tf.tidy(() => {
    const n = x.shape[0];
    const encOut = encoder.predict(x) as tf.Tensor | tf.Tensor[];
    const encList = Array.isArray(encOut) ? encOut : [encOut];
    const byName = new Map(vocab.encoder.outputs.map((name, i) => [name, encList[i] as tf.Tensor]));
    const bias = tf.mul(tf.cast(tf.equal(x, vocab.padId), 'float32'), -1e9);
    let prev: tf.Tensor = tf.fill([n, 1], vocab.startId, 'int32');
    const ids: number[][] = Array.from({ length: n }, () => []);
    const logits: Float32Array[] = [];
    for (let t = 0; t < vocab.targetSteps; t++) {
      const inputs = vocab.decoder.inputs.map((name) => (name === 'previous_token' ? prev : name === 'attention_bias' ? bias : (byName.get(name) as tf.Tensor)));
      const out = decoder.predict(inputs) as tf.Tensor[];
      vocab.decoder.outputs.forEach((name, i) => byName.set(name, out[i] as tf.Tensor));
      const step = byName.get('logits') as tf.Tensor2D;
      logits.push(step.dataSync() as Float32Array);
      const next = tf.argMax(step, 1);
      (next.arraySync() as number[]).forEach((id, b) => (ids[b] as number[]).push(id));
      prev = tf.reshape(next, [n, 1]);
    }
    return { ids, logits };
  });
}

const CASES = [
  { name: 'lstm, 2 layers (bidirectional first), embedding, general attention', model: '{type: seq2seq, cell: lstm, layers: [{units: 8, bidirectional: true}, {units: 8}], embedding: {dim: 6}, attention: general}' },
  { name: 'gru, one-hot input, no attention', model: '{type: seq2seq, cell: gru, layers: [{units: 12}]}' },
  { name: 'rnn, bidirectional, dot attention', model: '{type: seq2seq, cell: rnn, layers: [{units: 6, bidirectional: true}], embedding: {dim: 5}, attention: dot}' },
];

for (const c of CASES) {
  test(`exported seq2seq (${c.name}): greedy decode with tf.loadLayersModel = the engine's, logits within 1e-4`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-s2s-parity-'));
    try {
      const file = path.join(dir, 'tiny.seqlab.yaml');
      fs.writeFileSync(
        file,
        `seed: 5\nbackend: cpu\ndata: {kind: reverse, size: 120, vocabSize: 5, minLength: 2, maxLength: 5}\nmodel: ${c.model}\ntraining: {epochs: 2, batchSize: 16, optimizer: {name: adam, learningRate: 0.02}}\nsamples: {count: 1}\n`,
      );
      const r = await runExperiment({ configPath: file, runsDir: dir });
      assert.equal(r.status, 'completed', JSON.stringify(r.error ?? r.configErrors));
      const runDir = r.runDir as string;
      const out = path.join(dir, 'export');
      const tensorsBefore = tf.memory().numTensors;
      const res = exportRun(runDir, out);
      assert.equal(tf.memory().numTensors, tensorsBefore, 'export frees every tensor it made');
      assert.deepEqual(res.files?.map((f) => path.relative(out, f)), ['encoder/model.json', 'encoder/weights.bin', 'decoder/model.json', 'decoder/weights.bin', 'vocab.json']);
      const vocab = JSON.parse(fs.readFileSync(path.join(out, 'vocab.json'), 'utf8')) as Vocab;
      assert.deepEqual([vocab.padId, vocab.startId, vocab.endId, vocab.unkId], [0, 1, 2, 3]);
      assert.equal(vocab.tokens[vocab.startId], '<s>');
      const decJsonText = fs.readFileSync(path.join(out, 'decoder', 'model.json'), 'utf8');
      if (!c.model.includes('cell: rnn')) assert.match(decJsonText, /"recurrent_activation":\s*"sigmoid"/);
      if (c.model.includes('cell: gru')) assert.match(decJsonText, /"reset_after":\s*false/);

      // The engine's model with the exported weights and its own greedy decode over the whole validation split.
      const loaded = loadExperiment(path.join(runDir, 'config.yaml'));
      assert.ok(loaded.ok);
      const ds = buildDataset(loaded.config, new Rng(loaded.config.seed).fork(), runDir);
      const engine = buildModel(modelSpecFor(loaded.config, ds));
      const cp = readCheckpoint(runDir);
      engine.setWeights(cp?.best?.weights ?? cp?.weights ?? []);
      const all = Array.from({ length: ds.val.n }, (_, i) => i);
      const x = tf.cast(batchTensors(ds, ds.val, all).x, 'int32') as tf.Tensor2D;
      const ours = tf.tidy(() => engine.forward(x, { training: false, teacherForcing: 0 }).output);
      const ourLogits = ours.arraySync() as number[][][];
      const ourIds = (tf.tidy(() => tf.argMax(ours, 2)).arraySync() as number[][]);
      const steps = vocab.targetSteps;
      assert.equal(ourIds[0]?.length, steps);
      assert.ok(ds.val.n >= 10, `validation examples: ${ds.val.n}`);
      // The padding really is exercised: some source is shorter than the longest.
      assert.ok((x.arraySync() as number[][]).some((row) => row.includes(vocab.padId)));

      const check = async (encDir: { json: ModelJson; weights: Float32Array }, decDir: { json: ModelJson; weights: Float32Array }) => {
        const [encoder, decoder] = await Promise.all([load(encDir), load(decDir)]);
        try {
          const theirs = exportedGreedy(encoder, decoder, vocab, x);
          let maxDiff = 0;
          for (let t = 0; t < steps; t++) {
            const row = theirs.logits[t] as Float32Array;
            for (let b = 0; b < ds.val.n; b++) {
              for (let v = 0; v < vocab.tokens.length; v++) {
                maxDiff = Math.max(maxDiff, Math.abs((ourLogits[b]?.[t]?.[v] as number) - (row[b * vocab.tokens.length + v] as number)));
              }
            }
          }
          return { sameIds: JSON.stringify(theirs.ids) === JSON.stringify(ourIds), maxDiff };
        } finally {
          encoder.dispose();
          decoder.dispose();
        }
      };
      const enc = readModel(path.join(out, 'encoder'));
      const dec = readModel(path.join(out, 'decoder'));
      const good = await check(enc, dec);
      assert.ok(good.sameIds, 'the exported models decode the same token ids on every validation example');
      assert.ok(good.maxDiff < 1e-4, `logits differ by ${good.maxDiff}`);

      // A perturbed weight: the first row of the decoder's first recurrent kernel.
      const specs = dec.json.weightsManifest.flatMap((w) => w.weights);
      let offset = 0;
      for (const s of specs) {
        if (s.name.endsWith('recurrent_kernel')) break;
        offset += s.shape.reduce((a, b) => a * b, 1);
      }
      const bad = { json: dec.json, weights: dec.weights.slice() };
      const row = (specs.find((s) => s.name.endsWith('recurrent_kernel'))?.shape[1] ?? 1) as number;
      for (let i = offset; i < offset + row; i++) bad.weights[i] = (bad.weights[i] as number) + 0.5;
      const broken = await check(enc, bad);
      assert.ok(broken.maxDiff >= 1e-4, `a perturbed decoder weight must show: ${broken.maxDiff}`);
      tf.dispose([x, ours]);
      engine.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
