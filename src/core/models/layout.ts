/**
 * The model's structure as plain data: Keras-style layer and weight names, shapes and the
 * initialiser of every weight, in Keras weight order. Both the tfjs model (index.ts) and the
 * tfjs-layers export (export-layers.ts) are built from this one description, so they cannot drift.
 */

import type { CellType } from '../config/types';
import type { ModelSpec, StateSlot } from './types';
import type { CellDef } from './cells/cell';
import { rnnCell } from './cells/rnn';
import { lstmCell } from './cells/lstm';
import { gruCell } from './cells/gru';

export const CELLS: Record<CellType, CellDef<unknown>> = {
  rnn: rnnCell as CellDef<unknown>,
  lstm: lstmCell as CellDef<unknown>,
  gru: gruCell as CellDef<unknown>,
};

export type WeightRole = 'embedding' | 'onehot' | 'kernel' | 'recurrent' | 'bias' | 'denseKernel' | 'denseBias';

export interface WeightLayout {
  /** Keras weight name, e.g. "bidirectional_1/forward_lstm_1/kernel". */
  name: string;
  /** Layer name for gradNormByLayer ("lstm_1", "bidirectional_2", "dense", "embedding"). */
  layer: string;
  shape: number[];
  role: WeightRole;
  /** Recurrent layers: gate blocks of this weight (bias init needs the LSTM forget block). */
  gates?: number;
  units?: number;
}

export interface DirectionLayout {
  direction: 'forward' | 'backward';
  /** Index into `weights` of kernel, recurrent_kernel, bias. */
  weightIndex: [number, number, number];
}

export interface RecurrentLayerLayout {
  /** gradNormByLayer key and StateSlot.layer: the Keras layer ("lstm_1") or its wrapper ("bidirectional_1"). */
  name: string;
  /** The inner Keras RNN layer's name ("lstm_1"), also inside a Bidirectional wrapper. */
  innerName: string;
  inSize: number;
  units: number;
  bidirectional: boolean;
  dropout: number;
  recurrentDropout: number;
  directions: DirectionLayout[];
  /** Features per step this layer outputs (2·units when bidirectional). */
  outSize: number;
}

export interface ModelLayout {
  cell: CellDef<unknown>;
  weights: WeightLayout[];
  /** The first layer's input features after embedding / one-hot. */
  featureSize: number;
  /** Token ids go through a lookup table: a trained embedding or a fixed one-hot identity. */
  tokens?: { vocabSize: number; dim: number; trainable: boolean };
  layers: RecurrentLayerLayout[];
  slots: StateSlot[];
  dense: { kernelIndex: number; biasIndex: number; inSize: number; outSize: number };
}

export function validateSpec(spec: ModelSpec): void {
  const bad = (key: string, msg: string): never => {
    throw new Error(`model spec: ${key}: ${msg}`);
  };
  if (!(spec.cell in CELLS)) bad('cell', `unknown cell "${String(spec.cell)}" (rnn | lstm | gru)`);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) bad('layers', 'needs at least one layer');
  spec.layers.forEach((l, i) => {
    if (!Number.isInteger(l.units) || l.units < 1) bad(`layers.${i}.units`, `must be a positive integer, got ${l.units}`);
    if (!(l.dropout >= 0 && l.dropout < 1)) bad(`layers.${i}.dropout`, `must be in [0, 1), got ${l.dropout}`);
    if (!(l.recurrentDropout >= 0 && l.recurrentDropout < 1))
      bad(`layers.${i}.recurrentDropout`, `must be in [0, 1), got ${l.recurrentDropout}`);
  });
  if (spec.tokenInput) {
    const { vocabSize, embeddingDim } = spec.tokenInput;
    if (!Number.isInteger(vocabSize) || vocabSize < 1) bad('tokenInput.vocabSize', `must be a positive integer, got ${vocabSize}`);
    if (embeddingDim !== undefined && (!Number.isInteger(embeddingDim) || embeddingDim < 1))
      bad('tokenInput.embeddingDim', `must be a positive integer, got ${embeddingDim}`);
  } else if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) {
    bad('inputSize', `must be a positive integer, got ${spec.inputSize}`);
  }
  if (!Number.isInteger(spec.head.outputSize) || spec.head.outputSize < 1)
    bad('head.outputSize', `must be a positive integer, got ${spec.head.outputSize}`);
  if (!['regression', 'classification', 'sequence'].includes(spec.head.kind)) bad('head.kind', `unknown "${spec.head.kind}"`);
  if (!Number.isFinite(spec.init.gain)) bad('init.gain', 'must be a finite number');
}

export function modelLayout(spec: ModelSpec): ModelLayout {
  validateSpec(spec);
  const cell = CELLS[spec.cell];
  const weights: WeightLayout[] = [];
  const add = (w: WeightLayout): number => weights.push(w) - 1;

  let featureSize = spec.inputSize;
  let tokens: ModelLayout['tokens'];
  if (spec.tokenInput) {
    const { vocabSize, embeddingDim } = spec.tokenInput;
    const dim = embeddingDim ?? vocabSize;
    tokens = { vocabSize, dim, trainable: embeddingDim !== undefined };
    featureSize = dim;
    // One-hot is an identity lookup: not a trainable variable, but exported as an Embedding layer.
    if (tokens.trainable) add({ name: 'embedding/embeddings', layer: 'embedding', shape: [vocabSize, dim], role: 'embedding' });
  }

  const layers: RecurrentLayerLayout[] = [];
  const slots: StateSlot[] = [];
  let inSize = featureSize;
  spec.layers.forEach((lc, li) => {
    const innerName = `${cell.kerasBase}_${li + 1}`;
    const name = lc.bidirectional ? `bidirectional_${li + 1}` : innerName;
    const g = cell.gates;
    const u = lc.units;
    const dirs: Array<'forward' | 'backward'> = lc.bidirectional ? ['forward', 'backward'] : ['forward'];
    const directions = dirs.map((direction): DirectionLayout => {
      const prefix = lc.bidirectional ? `${name}/${direction}_${innerName}` : innerName;
      const k = add({ name: `${prefix}/kernel`, layer: name, shape: [inSize, g * u], role: 'kernel', gates: g, units: u });
      const r = add({ name: `${prefix}/recurrent_kernel`, layer: name, shape: [u, g * u], role: 'recurrent', gates: g, units: u });
      const b = add({ name: `${prefix}/bias`, layer: name, shape: [g * u], role: 'bias', gates: g, units: u });
      slots.push({ layer: name, direction, units: u, hasCell: cell.hasCell });
      return { direction, weightIndex: [k, r, b] };
    });
    const outSize = u * dirs.length;
    layers.push({
      name,
      innerName,
      inSize,
      units: u,
      bidirectional: lc.bidirectional,
      dropout: lc.dropout,
      recurrentDropout: lc.recurrentDropout,
      directions,
      outSize,
    });
    inSize = outSize;
  });

  const o = spec.head.outputSize;
  const kernelIndex = add({ name: 'dense/kernel', layer: 'dense', shape: [inSize, o], role: 'denseKernel' });
  const biasIndex = add({ name: 'dense/bias', layer: 'dense', shape: [o], role: 'denseBias' });
  return { cell, weights, featureSize, tokens, layers, slots, dense: { kernelIndex, biasIndex, inSize, outSize: o } };
}
