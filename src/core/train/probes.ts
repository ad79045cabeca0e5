/**
 * The gradient through time: ‖∂L/∂h_t‖ for every time step of every state slot (layer × direction),
 * and ‖∂L/∂c_t‖ for LSTM cells. Zero probe tensors are added to h_t (c_t) inside the model's time
 * loop; the gradient of the loss with respect to a probe IS ∂L/∂h_t, so one backward pass gives every
 * step. The norm at t is taken over the whole probe batch (Frobenius over batch × units) of the
 * batch-mean loss. This is the curve that shows gradients vanishing (or exploding) with distance
 * from the output.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tidyData } from './tidy';
import type { GradientRecord } from '../events';
import type { SeqModel } from '../models/types';
import { lossOf, type LossKind } from './loss';

/**
 * @param padId seq2seq: the padding id of y; the model then runs teacher-forced on y (as valLoss is
 *   measured) and only its encoder's state slots are probed (their time axis is the input's).
 */
export function gradientThroughTime(model: SeqModel, lossKind: LossKind, x: tf.Tensor, y: tf.Tensor, epoch: number, padId?: number): GradientRecord[] {
  const [batch, steps] = x.shape as [number, number];
  const slots = model.stateSlots;
  return tidyData(() => {
    const hProbes = slots.map((s) => tf.zeros([batch, steps, s.units]) as tf.Tensor3D);
    const cSlots = slots.map((s, i) => (s.hasCell ? i : -1)).filter((i) => i >= 0);
    const cProbes = cSlots.map((i) => tf.zeros([batch, steps, (slots[i] as { units: number }).units]) as tf.Tensor3D);
    const f = (...ps: tf.Tensor[]): tf.Scalar => {
      const h = ps.slice(0, slots.length) as tf.Tensor3D[];
      const c: Array<tf.Tensor3D | null> = slots.map(() => null);
      cSlots.forEach((slot, k) => (c[slot] = ps[slots.length + k] as tf.Tensor3D));
      const probes = cSlots.length > 0 ? { h, c } : { h };
      const s2s = padId === undefined ? {} : { targets: y, teacherForcing: 1 };
      return lossOf(lossKind, model.forward(x, { training: false, probes, ...s2s }).output, y, { padId });
    };
    const grads = tf.grads(f)([...hProbes, ...cProbes]);
    // Per time step: sqrt(Σ_batch,units g²) → [T] per probe, all read in one go.
    const norms = tf.stack(grads.map((g) => tf.sqrt(tf.sum(tf.square(g), [0, 2])))).arraySync() as number[][];
    return slots.map((s, i) => {
      const rec: GradientRecord = { epoch, layer: s.layer, direction: s.direction, norms: (norms[i] ?? []).map(sig) };
      const k = cSlots.indexOf(i);
      if (k >= 0) rec.cellNorms = (norms[slots.length + k] ?? []).map(sig);
      return rec;
    });
  });
}

/** Four significant digits: the chart is log-scale, the file stays small. */
function sig(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : v;
}
