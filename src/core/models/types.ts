/**
 * The model contract between `src/core/models` (explicit recurrent cells) and `src/core/train`
 * (the loop). The trainer knows nothing about cells: it asks the model for a forward pass, for its
 * variables grouped by layer, and for the state slots where it adds zero "probe" tensors to measure
 * ‖∂L/∂h_t‖ per time step.
 *
 * Weight layout is Keras-compatible (kernel [in, g·units], recurrent_kernel [units, g·units],
 * bias [g·units]; gate order i,f,c,o for LSTM and z,r,h for GRU, GRU in the reset_after: false form,
 * sigmoid recurrent activation), so `toLayersArtifacts` can be loaded by `tf.loadLayersModel`.
 */

import type * as tf from '@tensorflow/tfjs-core';
import type { CellType, InitConfig, LayerConfig } from '../config/types';
import type { NamedArray } from '../util/named-array';

export type HeadKind =
  /** Dense(outputSize) on the last time step's output (next value, multi-step forecast). */
  | 'regression'
  /** Dense(outputSize) + softmax on the last time step (sequence classification). */
  | 'classification'
  /** Dense(outputSize) + softmax at every time step (next-token language model). */
  | 'sequence';

export interface ModelSpec {
  cell: CellType;
  /** Features per time step (for token inputs without embedding: the vocabulary size, one-hot). */
  inputSize: number;
  /** Token inputs: x holds int32 ids [B,T]; with `embeddingDim` they go through an embedding. */
  tokenInput?: { vocabSize: number; embeddingDim?: number };
  layers: LayerConfig[];
  init: InitConfig;
  head: { kind: HeadKind; outputSize: number };
  /** Seeds every initialiser (the project's own PRNG, src/core/util/rng.ts). */
  seed: number;
  /**
   * Present for `model.type: seq2seq` (built by src/core/models/seq2seq): an encoder over x (token ids
   * [B,Ts], PAD = `padId` masked) whose final states initialise a decoder of the same depth; the
   * head is the decoder's per-step Dense over the shared vocabulary (`tokenInput.vocabSize`).
   */
  seq2seq?: Seq2seqSpec;
}

export interface Seq2seqSpec {
  attention: 'none' | 'dot' | 'general';
  /** Decoder steps when no targets are given (free-running decode length). */
  targetSteps: number;
  padId: number;
  startId: number;
  endId: number;
}

/** One recurrent state sequence the trainer can probe: a layer and a direction. */
export interface StateSlot {
  /** Layer name, e.g. "lstm_1" (also the key of gradNormByLayer). */
  layer: string;
  direction: 'forward' | 'backward';
  units: number;
  /** LSTM: there is a cell state c_t as well. */
  hasCell: boolean;
}

/**
 * Zero tensors added to h_t (and c_t) inside the time loop, one [B,T,units] per slot, in
 * `model.stateSlots` order. Their gradient is exactly ∂L/∂h_t (∂L/∂c_t).
 * The time axis is the input's time t for every slot, also for a backward direction (which
 * processes t = T-1 first); likewise for captured states. `c[i]` may be null (or `c` absent)
 * to probe h only.
 */
export interface StateProbes {
  h: tf.Tensor3D[];
  c?: Array<tf.Tensor3D | null>;
}

export interface ForwardOptions {
  /** Dropout and recurrent dropout apply only when training. */
  training: boolean;
  probes?: StateProbes;
  /** Return the hidden states (and gates) of every slot: [B,T,units] each. */
  capture?: boolean;
  /** Seed for this call's dropout masks (the trainer passes one per step, so runs reproduce). */
  dropoutSeed?: number;
  /**
   * Seq2seq only (other models ignore it): target ids [B,Td]; the decoder is fed the start token then
   * the targets (teacher forcing) and outputs logits [B,Td,V].
   */
  targets?: tf.Tensor;
  /**
   * Seq2seq only: the probability that a decoder step is fed the true previous token rather than its own
   * previous prediction (1 = pure teacher forcing, 0 = free running). Default: 1 with `targets`, else 0.
   */
  teacherForcing?: number;
}

export interface CapturedSlot extends StateSlot {
  h: tf.Tensor3D;
  c?: tf.Tensor3D;
  /** LSTM: i, f, o, g; GRU: z, r, hh. Each [B,T,units]. */
  gates?: Record<string, tf.Tensor3D>;
}

export interface ForwardResult {
  /** regression/classification: [B, outputSize] (logits for classification); sequence: [B,T,outputSize] logits. */
  output: tf.Tensor;
  captured?: CapturedSlot[];
  /** Seq2seq with attention, when `capture` is set: weights [B, Td, Ts] (rows: output steps). */
  attention?: tf.Tensor3D;
}

/**
 * Step-by-step decoding for beam search (seq2seq models only). A state holds the tensors of some
 * number of live hypotheses (rows); `select` builds the next state from chosen rows (repeats allowed).
 */
export interface StepDecoder<S = unknown> {
  /** Encodes ONE example x [1,Ts] and returns a state with one row. */
  start(x: tf.Tensor): S;
  /** Feeds the previous token of each row; returns the next-token log-probabilities per row and the new state. */
  step(state: S, prevTokens: number[]): { logProbs: Float32Array[]; state: S };
  select(state: S, rows: number[]): S;
  dispose(state: S): void;
}

export type { NamedArray } from '../util/named-array';

export interface LayersArtifacts {
  /** `model.json`'s modelTopology (a Keras Sequential / functional config). */
  modelTopology: object;
  weightSpecs: Array<{ name: string; shape: number[]; dtype: 'float32' }>;
  weightData: ArrayBuffer;
}

export interface SeqModel {
  readonly spec: ModelSpec;
  /** Trainable variables, in Keras weight order. Names are unique ("lstm_1/kernel", "dense/bias"). */
  readonly variables: tf.Variable[];
  /**
   * Keras name of each variable (same order as `variables`), e.g. "lstm_1/kernel": the names of
   * getWeights()/setWeights() and model.json. (`variables[i].name` carries a per-model prefix,
   * because tfjs registers variable names globally.)
   */
  readonly variableNames: string[];
  /** Layer name of each variable (same order as `variables`), for gradNormByLayer. */
  readonly variableLayers: string[];
  readonly stateSlots: StateSlot[];
  paramCount(): number;
  /** Must be called inside tf.tidy or a gradient function by the caller; does not dispose inputs. */
  forward(x: tf.Tensor, opts: ForwardOptions): ForwardResult;
  getWeights(): NamedArray[];
  setWeights(weights: NamedArray[]): void;
  toLayersArtifacts(): LayersArtifacts;
  dispose(): void;
  /** Seq2seq models: step-by-step decoding (beam search). */
  readonly stepDecoder?: StepDecoder;
}
