/** The ModelSpec for an experiment: the config's model section plus the shapes the data dictates. */
import type { ExperimentConfig } from '../config/types';
import type { Dataset } from '../data';
import { DataError } from '../data';
import type { ModelSpec } from '../models/types';

export function modelSpecFor(config: ExperimentConfig, ds: Dataset): ModelSpec {
  const m = config.model;
  if (m.type === 'seq2seq') {
    throw new DataError("model.type 'seq2seq' is not available in this version yet", 'model.type', 'use rnn, lstm or gru');
  }
  const spec: ModelSpec = {
    cell: m.type,
    inputSize: ds.inputSize,
    layers: m.layers,
    init: m.init,
    head: ds.head,
    seed: config.seed,
  };
  if (ds.tokenInput) {
    spec.tokenInput = m.embedding ? { vocabSize: ds.tokenInput.vocabSize, embeddingDim: m.embedding.dim } : { vocabSize: ds.tokenInput.vocabSize };
  }
  return spec;
}
