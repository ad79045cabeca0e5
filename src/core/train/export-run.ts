/**
 * Export a run's best model in the tfjs-layers format (model.json + weights.bin), loadable with
 * `tf.loadLayersModel`. The model is rebuilt from the run's resolved config.yaml and given the best
 * weights from checkpoint/ (the last weights when no epoch finished with a finite valLoss); a run
 * without a checkpoint but with model/ (written by an older build) has that folder copied.
 * Needs an initialised backend (any: the cpu backend is enough).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadExperiment, formatConfigError } from '../config';
import { buildDataset } from '../data';
import { buildModel, saveLayersModel } from '../models';
import { FILES, readCheckpoint } from '../runs';
import { Rng } from '../util/rng';
import { modelSpecFor } from './model-spec';
import { exportSeq2seqRun } from '../models/seq2seq/export-run';

export interface ExportResult {
  modelJson: string;
  weightsBin: string;
  /** seq2seq: every file written (encoder/ and decoder/ model.json + weights.bin, vocab.json). */
  files?: string[];
  /** Where the weights came from. */
  source: 'checkpoint-best' | 'checkpoint-last' | 'model-folder';
  epoch?: number;
}

export class ExportError extends Error {}

export function exportRun(runDir: string, outDir: string): ExportResult {
  const cp = readCheckpoint(runDir);
  if (!cp) return copyModelFolder(runDir, outDir);
  const loaded = loadExperiment(path.join(runDir, FILES.config));
  if (!loaded.ok) {
    throw new ExportError(`the run's ${FILES.config} does not load:\n${loaded.errors.map((e) => formatConfigError(e)).join('\n')}`);
  }
  const config = loaded.config;
  // The data decides the model's input and output shapes; rebuild it exactly as the run did.
  const ds = buildDataset(config, new Rng(config.seed).fork(), runDir);
  const spec = modelSpecFor(config, ds);
  const weights = cp.best ? cp.best.weights : cp.weights;
  const source = cp.best ? 'checkpoint-best' : 'checkpoint-last';
  const epoch = cp.best?.epoch ?? cp.epoch;
  // An encoder–decoder is two models with a decode loop between them: encoder/ + a one-step decoder/.
  if (config.model.type === 'seq2seq') {
    if (!ds.seq2seq) throw new ExportError('a seq2seq run needs a sequence-to-sequence data kind (reverse, sort or pairs)');
    try {
      const files = exportSeq2seqRun(spec, ds.seq2seq, weights, outDir);
      return { modelJson: files.encoderJson, weightsBin: files.encoderBin, files: files.all, source, epoch };
    } catch (e) {
      throw new ExportError(`seq2seq export failed: ${(e as Error).message}`);
    }
  }
  const model = buildModel(spec);
  try {
    model.setWeights(weights);
    const files = saveLayersModel(model, outDir);
    return { ...files, source, epoch };
  } finally {
    model.dispose();
  }
}

function copyModelFolder(runDir: string, outDir: string): ExportResult {
  const src = path.join(runDir, FILES.model);
  const files = ['model.json', 'weights.bin'];
  if (!files.every((f) => fs.existsSync(path.join(src, f)))) {
    throw new ExportError(`run ${path.basename(runDir)} has no trained weights yet (no ${FILES.checkpoint}/ and no ${FILES.model}/): train at least one epoch`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(src, f), path.join(outDir, f));
  return { modelJson: path.join(outDir, 'model.json'), weightsBin: path.join(outDir, 'weights.bin'), source: 'model-folder' };
}
