// `seqlab export RUN --out DIR`: tf.loadLayersModel (from @tensorflow/tfjs, files read through
// tf.io.fromMemory) gives the engine's predictions; export leaks no tensor.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { main } from '../../../src/cli/main';
import { initBackend } from '../../../src/core/backend';
import { loadExperiment } from '../../../src/core/config';
import { buildDataset } from '../../../src/core/data';
import { buildModel } from '../../../src/core/models';
import { readCheckpoint } from '../../../src/core/runs';
import { exportRun, modelSpecFor } from '../../../src/core/train';
import { batchTensors } from '../../../src/core/train/batches';
import { Rng } from '../../../src/core/util/rng';
import { captureIO, tempExperiment } from './engine-fixtures';

before(async () => {
  await initBackend('cpu');
});

for (const type of ['rnn', 'lstm', 'gru'] as const) {
  test(`export of a trained ${type}: tf.loadLayersModel predicts what the engine predicts`, async () => {
    const t = tempExperiment();
    try {
      const io = captureIO(t.dir);
      assert.equal(await main(['train', 'tiny.seqlab.yaml', '--backend', 'cpu', '--set', `model.type=${type}`, '--set', 'training.epochs=1'], io), 0, io.err());
      const out = path.join(t.dir, 'exported');
      const io2 = captureIO(t.dir);
      assert.equal(await main(['export', 'latest', '--out', 'exported'], io2), 0, io2.err());
      assert.match(io2.out(), /exported run .* from the best weights \(epoch 1\)/);

      const modelJson = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')) as {
        modelTopology: object;
        weightsManifest: Array<{ weights: tfl.io.WeightsManifestEntry[] }>;
      };
      const bin = fs.readFileSync(path.join(out, 'weights.bin'));
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      const layersModel = await tfl.loadLayersModel(
        tfl.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest.flatMap((m) => m.weights), weightData }),
      );

      // The engine's model with the run's best weights, on real validation windows.
      const runsDir = path.join(t.dir, '.seqlab', 'runs');
      const runDir = path.join(runsDir, fs.readdirSync(runsDir).filter((n) => !n.startsWith('.'))[0] as string);
      const loaded = loadExperiment(path.join(runDir, 'config.yaml'));
      assert.ok(loaded.ok);
      const ds = buildDataset(loaded.config, new Rng(loaded.config.seed).fork(), runDir);
      const engine = buildModel(modelSpecFor(loaded.config, ds));
      engine.setWeights(readCheckpoint(runDir)?.best?.weights ?? []);
      const [ours, theirs] = tf.tidy(() => {
        const { x } = batchTensors(ds, ds.val, [0, 1, 2, 3, 4]);
        return [engine.forward(x, { training: false }).output.dataSync(), (layersModel.predict(x) as tf.Tensor).dataSync()];
      });
      assert.equal(ours.length, 5);
      ours.forEach((v, i) => assert.ok(Math.abs(v - (theirs[i] as number)) < 1e-5, `${type} example ${i}: ${v} vs ${theirs[i]}`));
      engine.dispose();
      layersModel.dispose();
    } finally {
      t.cleanup();
    }
  });
}

test('exportRun leaks no tensor; a run without weights is a clear error', async () => {
  const t = tempExperiment();
  try {
    const io = captureIO(t.dir);
    assert.equal(await main(['train', 'tiny.seqlab.yaml', '--backend', 'cpu', '--set', 'training.epochs=1'], io), 0);
    const runsDir = path.join(t.dir, '.seqlab', 'runs');
    const runDir = path.join(runsDir, fs.readdirSync(runsDir).filter((n) => !n.startsWith('.'))[0] as string);
    const before = tf.memory().numTensors;
    const r = exportRun(runDir, path.join(t.dir, 'out'));
    assert.equal(tf.memory().numTensors, before);
    assert.equal(r.source, 'checkpoint-best');
    fs.rmSync(path.join(runDir, 'checkpoint'), { recursive: true });
    fs.rmSync(path.join(runDir, 'model'), { recursive: true });
    const io2 = captureIO(t.dir);
    assert.equal(await main(['export', runDir, '--out', 'x'], io2), 1);
    assert.match(io2.err(), /has no trained weights yet/);
    const io3 = captureIO(t.dir);
    assert.equal(await main(['export', 'no-such-run', '--out', 'x'], io3), 2);
    assert.equal(await main(['export', 'latest'], captureIO(t.dir)), 2, '--out is required');
  } finally {
    t.cleanup();
  }
});
