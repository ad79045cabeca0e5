/**
 * What one recurrent cell type provides to the time loop (recurrent-layer.ts). The input
 * projection x_t·W + b of all time steps is computed before the loop, so a step only adds the
 * recurrent part h_{t-1}·U and applies the gates.
 */

import type * as tf from '@tensorflow/tfjs-core';

export interface StepInput {
  /** x_t·W + b for this step: [B, gates·units]. */
  xProj: tf.Tensor2D;
  /** h_{t-1} as carried (used where the cell mixes the old state in, e.g. GRU's z·h_{t-1}). */
  hPrev: tf.Tensor2D;
  /** h_{t-1} times the recurrent-dropout mask (equal to hPrev without dropout): what meets U. */
  hRec: tf.Tensor2D;
  /** LSTM only: c_{t-1}. */
  cPrev?: tf.Tensor2D;
  /** LSTM only: a zero probe added to c_t before h_t is computed from it (its gradient is ∂L/∂c_t). */
  cProbe?: tf.Tensor2D;
  /** Return the gate activations too (hidden-state capture). */
  wantGates: boolean;
}

export interface StepOutput {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
  gates?: Record<string, tf.Tensor2D>;
}

export interface CellDef<Prepared> {
  /** The config's cell name (also the fused kernel's). */
  type: 'rnn' | 'lstm' | 'gru';
  /** Keras class name in model.json. */
  kerasClass: 'SimpleRNN' | 'LSTM' | 'GRU';
  /** Keras layer-name stem: "simple_rnn", "lstm", "gru". */
  kerasBase: string;
  /** Number of gate blocks in kernel / recurrent_kernel / bias (1, 4, 3). */
  gates: number;
  /** Names of the captured gates, in capture order. */
  gateNames: string[];
  hasCell: boolean;
  /** Splits the recurrent kernel once per forward pass, outside the time loop. */
  prepare(recurrentKernel: tf.Tensor2D, units: number): Prepared;
  step(input: StepInput, prepared: Prepared, units: number): StepOutput;
}
