/**
 * The seq2seq model's structure as plain data: every weight's name, layer, shape and initialiser.
 *
 *   encoder_embedding, decoder_embedding   [V, E]  (absent without model.embedding: fixed one-hot)
 *   encoder_<cell>_<i> (forward[, backward])  kernel/recurrent_kernel/bias, units U_i
 *   decoder_<cell>_<i>                        units D_i = U_i × (2 if layer i of the encoder is bidirectional)
 *   attention  W_a [D_top, D_top] (general only), W_c [2·D_top, D_top] (Luong's attentional layer)
 *   dense      kernel [D_top, V], bias [V]
 *
 * Decoder layer i starts from encoder layer i's final state; a bidirectional encoder layer hands over
 * the concatenation [forward h_T ; backward h_1] (and the same for LSTM c), which is why the decoder
 * layer is twice as wide. The top encoder layer's outputs (width D_top) are what attention reads.
 */
import type { StateSlot, ModelSpec } from '../types';
import type { CellDef } from '../cells/cell';
import { CELLS } from '../layout';

export type S2SRole = 'embedding' | 'kernel' | 'recurrent' | 'bias' | 'glorot' | 'zeros';

export interface S2SWeight {
  name: string;
  layer: string;
  shape: number[];
  role: S2SRole;
  gates?: number;
  units?: number;
}

export interface S2SDirection {
  direction: 'forward' | 'backward';
  k: number;
  r: number;
  b: number;
}

export interface S2SEncoderLayer {
  name: string;
  units: number;
  inSize: number;
  dropout: number;
  recurrentDropout: number;
  directions: S2SDirection[];
}

export interface S2SDecoderLayer {
  name: string;
  units: number;
  inSize: number;
  dropout: number;
  recurrentDropout: number;
  k: number;
  r: number;
  b: number;
}

export interface S2SLayout {
  cell: CellDef<unknown>;
  vocabSize: number;
  featureSize: number;
  weights: S2SWeight[];
  /** Indices of the embedding tables (undefined: one-hot). */
  encEmbedding?: number;
  decEmbedding?: number;
  encoder: S2SEncoderLayer[];
  decoder: S2SDecoderLayer[];
  attention: 'none' | 'dot' | 'general';
  attnW?: number;
  attnC?: number;
  dense: { k: number; b: number };
  /** Encoder state slots only: the decoder's time axis differs from the input's. */
  slots: StateSlot[];
}

export function seq2seqLayout(spec: ModelSpec): S2SLayout {
  if (!spec.seq2seq) throw new Error('seq2seqLayout: spec.seq2seq is missing');
  if (!spec.tokenInput) throw new Error('seq2seq needs token input (spec.tokenInput)');
  const cell = CELLS[spec.cell];
  if (!cell) throw new Error(`model spec: cell: unknown cell "${String(spec.cell)}" (rnn | lstm | gru)`);
  if (spec.layers.length === 0) throw new Error('model spec: layers: needs at least one layer');
  const V = spec.tokenInput.vocabSize;
  const E = spec.tokenInput.embeddingDim;
  const weights: S2SWeight[] = [];
  const add = (w: S2SWeight): number => weights.push(w) - 1;
  const featureSize = E ?? V;
  const out: S2SLayout = { cell, vocabSize: V, featureSize, weights, encoder: [], decoder: [], attention: spec.seq2seq.attention, dense: { k: -1, b: -1 }, slots: [] };
  if (E !== undefined) {
    out.encEmbedding = add({ name: 'encoder_embedding/embeddings', layer: 'encoder_embedding', shape: [V, E], role: 'embedding' });
    out.decEmbedding = add({ name: 'decoder_embedding/embeddings', layer: 'decoder_embedding', shape: [V, E], role: 'embedding' });
  }
  const g = cell.gates;
  const recurrent = (prefix: string, layer: string, inSize: number, u: number): { k: number; r: number; b: number } => ({
    k: add({ name: `${prefix}/kernel`, layer, shape: [inSize, g * u], role: 'kernel', gates: g, units: u }),
    r: add({ name: `${prefix}/recurrent_kernel`, layer, shape: [u, g * u], role: 'recurrent', gates: g, units: u }),
    b: add({ name: `${prefix}/bias`, layer, shape: [g * u], role: 'bias', gates: g, units: u }),
  });
  let inSize = featureSize;
  spec.layers.forEach((lc, i) => {
    const name = `encoder_${cell.kerasBase}_${i + 1}`;
    const dirs: Array<'forward' | 'backward'> = lc.bidirectional ? ['forward', 'backward'] : ['forward'];
    const directions = dirs.map((direction) => {
      out.slots.push({ layer: name, direction, units: lc.units, hasCell: cell.hasCell });
      return { direction, ...recurrent(`${name}/${direction}`, name, inSize, lc.units) };
    });
    out.encoder.push({ name, units: lc.units, inSize, dropout: lc.dropout, recurrentDropout: lc.recurrentDropout, directions });
    inSize = lc.units * dirs.length;
  });
  inSize = featureSize;
  spec.layers.forEach((lc, i) => {
    const name = `decoder_${cell.kerasBase}_${i + 1}`;
    const units = lc.units * (lc.bidirectional ? 2 : 1);
    out.decoder.push({ name, units, inSize, dropout: lc.dropout, recurrentDropout: lc.recurrentDropout, ...recurrent(name, name, inSize, units) });
    inSize = units;
  });
  const top = inSize;
  if (out.attention === 'general') out.attnW = add({ name: 'attention/W_a', layer: 'attention', shape: [top, top], role: 'glorot' });
  if (out.attention !== 'none') out.attnC = add({ name: 'attention/W_c', layer: 'attention', shape: [2 * top, top], role: 'glorot' });
  out.dense = {
    k: add({ name: 'dense/kernel', layer: 'dense', shape: [top, V], role: 'glorot' }),
    b: add({ name: 'dense/bias', layer: 'dense', shape: [V], role: 'zeros' }),
  };
  return out;
}
