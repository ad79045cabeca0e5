/** The ModelSpec for an experiment: the config's model section plus the shapes the data dictates. */
import type { ExperimentConfig } from '../config/types';
import type { Dataset } from '../data';
import { DataError } from '../data';
import type { ModelSpec } from '../models/types';

export function modelSpecFor(config: ExperimentConfig, ds: Dataset): ModelSpec {
  const m = config.model;
  if (m.type === 'seq2seq' && !ds.seq2seq) {
    throw new DataError(`model.type seq2seq needs a sequence-to-sequence task, but data.kind is ${config.data.kind}`, 'model.type', 'use data.kind reverse, sort or pairs, or model.type rnn, lstm or gru');
  }
  if (m.type !== 'seq2seq' && ds.seq2seq) {
    throw new DataError(`data.kind ${config.data.kind} maps a sequence to another sequence: it needs model.type seq2seq (an encoder and a decoder)`, 'model.type', 'set model.type: seq2seq (and model.cell: lstm, gru or rnn)');
  }
  const spec: ModelSpec = {
    cell: m.type === 'seq2seq' ? m.cell : m.type,
    inputSize: ds.inputSize,
    layers: m.layers,
    init: m.init,
    head: ds.head,
    seed: config.seed,
  };
  if (ds.tokenInput) {
    spec.tokenInput = m.embedding ? { vocabSize: ds.tokenInput.vocabSize, embeddingDim: m.embedding.dim } : { vocabSize: ds.tokenInput.vocabSize };
  }
  if (m.type === 'seq2seq' && ds.seq2seq) {
    const s = ds.seq2seq;
    spec.seq2seq = { attention: m.attention ?? 'none', targetSteps: s.targetSteps, padId: s.padId, startId: s.startId, endId: s.endId };
  }
  return spec;
}
