/**
 * The gradient checks of the tfjs model against the float64 reference, written as functions that
 * report (ok / worst error) rather than assert, so the perturbation tests can show each one fails.
 */

import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import type { SeqModel } from '../../../src/core/models/types';
import {
  backward64,
  compareRelative,
  GATES,
  stepNorms,
  type Cell64,
  type Dims64,
  type Inputs64,
  type Mismatch,
  type Params64,
} from '../../helpers/reference64';
import { layer, spec } from './util';

/** The gate block each perturbation test disturbs: the one the lesson talks about. */
export const PERTURBED_GATE: Record<Cell64, string> = { rnn: 'recurrent', lstm: 'forget', gru: 'reset' };
const GATE_INDEX: Record<Cell64, number> = { rnn: 0, lstm: 1, gru: 1 };

/** A copy of a [U, G·U] (or [F, G·U]) matrix with that gate's block shifted by `delta`. */
export function perturbGateBlock(cell: Cell64, m: Float64Array | Float32Array, units: number, delta = 0.05): Float64Array {
  const cols = GATES[cell] * units;
  const rows = m.length / cols;
  const out = Float64Array.from(m);
  const g = GATE_INDEX[cell];
  for (let i = 0; i < rows; i++) for (let j = 0; j < units; j++) out[i * cols + g * units + j] = Math.fround((out[i * cols + g * units + j] as number) + delta);
  return out;
}

/** A tfjs model holding exactly the reference's (float32-representable) parameters. */
export function modelFromReference(cell: Cell64, d: Dims64, p: Params64): SeqModel {
  const prefix = cell === 'rnn' ? 'simple_rnn_1' : `${cell}_1`;
  const model = buildModel(spec(cell, [layer(d.U)], { inputSize: d.F, head: { kind: 'regression', outputSize: d.O } }));
  const gu = GATES[cell] * d.U;
  model.setWeights([
    { name: `${prefix}/kernel`, shape: [d.F, gu], values: Float32Array.from(p.W) },
    { name: `${prefix}/recurrent_kernel`, shape: [d.U, gu], values: Float32Array.from(p.U) },
    { name: `${prefix}/bias`, shape: [gu], values: Float32Array.from(p.b) },
    { name: 'dense/kernel', shape: [d.U, d.O], values: Float32Array.from(p.Wd) },
    { name: 'dense/bias', shape: [d.O], values: Float32Array.from(p.bd) },
  ]);
  return model;
}

export interface TfjsGrads {
  loss: number;
  /** By reference key: W, U, b, Wd, bd. */
  params: Record<'W' | 'U' | 'b' | 'Wd' | 'bd', Float32Array>;
  dh: Float32Array; // [B,T,U] from the h probe
  dc?: Float32Array; // [B,T,U] from the c probe (LSTM)
}

/** Loss, parameter gradients (tf.variableGrads) and probe gradients (tf.grads) of the tfjs model. */
export function tfjsGradients(model: SeqModel, d: Dims64, inputs: Inputs64): TfjsGrads {
  const hasCell = model.spec.cell === 'lstm';
  return tf.tidy(() => {
    const x = tf.tensor3d(Float32Array.from(inputs.x), [d.B, d.T, d.F]);
    const y = tf.tensor2d(Float32Array.from(inputs.y), [d.B, d.O]);
    const lossOf = (ph: tf.Tensor3D, pc: tf.Tensor3D | null): tf.Scalar =>
      tf.mean(tf.squaredDifference(model.forward(x, { training: false, probes: { h: [ph], c: [pc] } }).output, y)) as tf.Scalar;
    const zeros = (): tf.Tensor3D => tf.zeros([d.B, d.T, d.U]);
    const { value, grads } = tf.variableGrads(() => lossOf(zeros(), hasCell ? zeros() : null), model.variables);
    const byKey = (i: number): Float32Array => grads[(model.variables[i] as tf.Variable).name]?.dataSync() as Float32Array;
    const probeGrads = hasCell
      ? tf.grads((ph: tf.Tensor, pc: tf.Tensor) => lossOf(ph as tf.Tensor3D, pc as tf.Tensor3D))([zeros(), zeros()])
      : tf.grads((ph: tf.Tensor) => lossOf(ph as tf.Tensor3D, null))([zeros()]);
    return {
      loss: value.dataSync()[0] as number,
      params: { W: byKey(0), U: byKey(1), b: byKey(2), Wd: byKey(3), bd: byKey(4) },
      dh: probeGrads[0]?.dataSync() as Float32Array,
      dc: hasCell ? (probeGrads[1]?.dataSync() as Float32Array) : undefined,
    };
  });
}

export interface CheckReport {
  name: string;
  result: Mismatch;
}

/**
 * Every float32-vs-float64 check: each parameter gradient, the per-step ∂L/∂h_t (∂L/∂c_t) and
 * their norms. Tolerance: relative 1e-4 of the element's size plus 1e-4 of the array's largest
 * entry (float32 rounding accumulates over T steps; entries near zero carry absolute error only).
 */
export function checkAgainstReference(model: SeqModel, d: Dims64, p: Params64, inputs: Inputs64, rtol = 1e-4): CheckReport[] {
  const cell = model.spec.cell as Cell64;
  const ours = tfjsGradients(model, d, inputs);
  const ref = backward64(cell, d, p, inputs);
  const cmp = (name: string, a: ArrayLike<number>, e: ArrayLike<number>): CheckReport => {
    let scale = 0;
    for (let k = 0; k < e.length; k++) scale = Math.max(scale, Math.abs(e[k] as number));
    return { name, result: compareRelative(a, e, rtol, rtol * scale) };
  };
  const reports = [
    cmp('loss', [ours.loss], [ref.loss]),
    ...(['W', 'U', 'b', 'Wd', 'bd'] as const).map((k) => cmp(`d${k}`, ours.params[k], ref.grads[k])),
    cmp('dL/dh_t', ours.dh, ref.grads.dh),
    { name: '|dL/dh_t| per step', result: compareRelative(stepNorms(ours.dh, d.B, d.T, d.U), stepNorms(ref.grads.dh, d.B, d.T, d.U), rtol, 1e-9) },
  ];
  if (ours.dc) {
    reports.push(cmp('dL/dc_t', ours.dc, ref.grads.dc));
    reports.push({ name: '|dL/dc_t| per step', result: compareRelative(stepNorms(ours.dc, d.B, d.T, d.U), stepNorms(ref.grads.dc, d.B, d.T, d.U), rtol, 1e-9) });
  }
  return reports;
}
