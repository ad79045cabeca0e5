/**
 * The attention matrix of one validation example, as an `attention` artifact: the model decodes the
 * example free running (as at inference) and the weights of each output step over the real source
 * tokens are the rows. Rows stop at the first end token; columns leave the padding out.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../data';
import type { ArtifactRecord } from '../../events';
import type { SeqModel } from '../../models/types';
import { batchTensors } from '../batches';

export function attentionArtifact(model: SeqModel, ds: Dataset, index: number, epoch: number): ArtifactRecord | undefined {
  const s2s = ds.seq2seq;
  if (!s2s) return undefined;
  const read = tf.tidy(() => {
    const { x } = batchTensors(ds, ds.val, [index]);
    const r = model.forward(x, { training: false, teacherForcing: 0, capture: true });
    if (!r.attention) return undefined;
    return { ids: Array.from(tf.argMax(r.output, 2).dataSync()), weights: (tf.squeeze(r.attention, [0]).arraySync() as number[][]), src: Array.from(x.dataSync()) };
  });
  if (!read) return undefined;
  const tok = (id: number): string => s2s.vocab[id] ?? '<unk>';
  const srcLen = read.src.findIndex((id) => id === s2s.padId);
  const cols = srcLen < 0 ? read.src.length : srcLen;
  const end = read.ids.findIndex((id) => id === s2s.endId);
  const rows = end < 0 ? read.ids.length : end + 1;
  const round = (v: number): number => Number(v.toFixed(4));
  return {
    name: 'attention',
    kind: 'attention',
    epoch,
    title: `Attention (validation example ${index}, free running)`,
    data: {
      source: read.src.slice(0, cols).map(tok),
      target: read.ids.slice(0, rows).map(tok),
      weights: read.weights.slice(0, rows).map((row) => row.slice(0, cols).map(round)),
    },
  };
}
