/**
 * One training step: loss and gradients (tf.variableGrads), the global and per-layer gradient norm
 * BEFORE clipping, then clipNorm (global) and clipValue, then the optimizer. Everything numeric the
 * loop needs comes back in one data read. The update is skipped when the loss or a gradient is not
 * finite, so the weights stay as they were (the loop then fails the run).
 */
import * as tf from '@tensorflow/tfjs-core';
import { tidyData } from './tidy';
import type { SeqModel } from '../models/types';
import { lossOf, type LossKind } from './loss';
import type { Optimizer } from './optimizers';

export interface StepInput {
  model: SeqModel;
  optimizer: Optimizer;
  lossKind: LossKind;
  x: tf.Tensor;
  y: tf.Tensor;
  lr: number;
  clipNorm?: number;
  clipValue?: number;
  dropoutSeed: number;
  /** Seq2seq: padding id of y (masked out of the loss); the decoder gets y as its teacher-forcing targets. */
  padId?: number;
  /** Seq2seq: teacher-forcing ratio of this step (see training.teacherForcing). */
  teacherForcing?: number;
}

export interface StepResult {
  loss: number;
  gradNorm: number;
  gradNormByLayer: Record<string, number>;
  clipped: boolean;
  /** False when the loss or the gradient norm is NaN/Infinity (no update was applied). */
  finite: boolean;
}

/** What a seq2seq model's forward needs besides x (other models never see these keys). */
function seq2seqInputs(s: StepInput): { targets?: tf.Tensor; teacherForcing?: number } {
  return s.padId === undefined ? {} : { targets: s.y, teacherForcing: s.teacherForcing ?? 1 };
}

export function trainStep(s: StepInput): StepResult {
  const { model } = s;
  return tidyData(() => {
    const { value, grads } = tf.variableGrads(
      () => lossOf(s.lossKind, model.forward(s.x, { training: true, dropoutSeed: s.dropoutSeed, ...seq2seqInputs(s) }).output, s.y, { padId: s.padId }),
      model.variables,
    );
    // Variables that do not reach the loss get no gradient: treat them as zero.
    const g = model.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    const sumSquares = g.map((t) => tf.sum(tf.square(t)));
    const maxAbs = s.clipValue !== undefined ? g.map((t) => tf.max(tf.abs(t))) : [];
    const packed = tf.stack([value, ...sumSquares, ...maxAbs]).dataSync();
    const loss = packed[0] as number;
    const sq = Array.from(packed.subarray(1, 1 + g.length));
    const byLayer: Record<string, number> = {};
    sq.forEach((v, i) => {
      const layer = model.variableLayers[i] as string;
      byLayer[layer] = (byLayer[layer] ?? 0) + v;
    });
    for (const k of Object.keys(byLayer)) byLayer[k] = Math.sqrt(byLayer[k] as number);
    const gradNorm = Math.sqrt(sq.reduce((a, b) => a + b, 0));
    const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
    let clipped = false;
    if (finite) {
      let update = g;
      if (s.clipNorm !== undefined && gradNorm > s.clipNorm) {
        clipped = true;
        const scale = s.clipNorm / gradNorm;
        update = update.map((t) => tf.mul(t, scale));
      }
      if (s.clipValue !== undefined) {
        const cv = s.clipValue;
        if (Array.from(packed.subarray(1 + g.length)).some((m) => m > cv)) clipped = true;
        update = update.map((t) => tf.clipByValue(t, -cv, cv));
      }
      s.optimizer.apply(update, s.lr);
    }
    return { loss, gradNorm, gradNormByLayer: byLayer, clipped, finite };
  });
}
