// Resuming from a checkpoint continues exactly like the uninterrupted run: same batches, same
// dropout masks, same optimizer state → the same losses and weights.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../../src/core/backend';
import { buildDataset } from '../../../src/core/data';
import { buildModel } from '../../../src/core/models';
import type { Checkpoint } from '../../../src/core/runs';
import { modelSpecFor, train } from '../../../src/core/train';
import type { EpochRecord } from '../../../src/core/events';
import { Rng } from '../../../src/core/util/rng';
import { testConfig } from './helpers';

before(async () => {
  await initBackend('cpu');
});

test('train 3 epochs = train 1, checkpoint, resume to 3', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-resume-'));
  const cfg = testConfig({
    model: { type: 'gru', cell: 'gru', layers: [{ units: 5, dropout: 0.2, recurrentDropout: 0, bidirectional: false }] },
    training: { epochs: 3, optimizer: { name: 'adam', learningRate: 0.01, momentum: 0 } },
  });
  const run = async (resumeFrom?: Checkpoint): Promise<{ epochs: EpochRecord[]; checkpoints: Checkpoint[]; weights: Float32Array[] }> => {
    const rng = new Rng(cfg.seed);
    const ds = buildDataset(cfg, rng.fork(), '.');
    const model = buildModel(modelSpecFor(cfg, ds));
    const epochs: EpochRecord[] = [];
    const checkpoints: Checkpoint[] = [];
    await train({
      config: cfg,
      dataset: ds,
      model,
      rng: rng.fork(),
      emit: (e) => e.type === 'epoch' && epochs.push(e),
      sink: { writeCheckpoint: (c) => checkpoints.push(c), modelDir: () => dir },
      resumeFrom,
    });
    const weights = model.getWeights().map((w) => w.values);
    model.dispose();
    return { epochs, checkpoints, weights };
  };
  const full = await run();
  assert.equal(full.epochs.length, 3);
  const resumed = await run(full.checkpoints[0]);
  assert.deepEqual(resumed.epochs.map((e) => e.epoch), [2, 3]);
  assert.deepEqual(resumed.epochs.map((e) => [e.step, e.loss, e.valLoss]), full.epochs.slice(1).map((e) => [e.step, e.loss, e.valLoss]));
  assert.deepEqual(resumed.weights, full.weights);
  fs.rmSync(dir, { recursive: true, force: true });
});
