/** Hidden state (and gates, and LSTM cell state) of one example, each as units × time for heat maps. */
import * as tf from '@tensorflow/tfjs-core';
import { tidyData } from './tidy';
import type { HiddenCapture } from '../events';
import type { SeqModel } from '../models/types';

export function captureHidden(model: SeqModel, x1: tf.Tensor, epoch: number, sampleIndex: number): HiddenCapture {
  return tidyData(() => {
    const { captured } = model.forward(x1, { training: false, capture: true });
    const layers: HiddenCapture['layers'] = (captured ?? []).map((slot) => {
      const entry: HiddenCapture['layers'][number] = { layer: slot.layer, direction: slot.direction, h: unitsByTime(slot.h) };
      if (slot.c) entry.c = unitsByTime(slot.c);
      if (slot.gates) entry.gates = Object.fromEntries(Object.entries(slot.gates).map(([k, g]) => [k, unitsByTime(g)]));
      return entry;
    });
    return { epoch, sampleIndex, layers };
  });
}

/** [1, T, U] → [U][T], rounded to 4 significant digits. */
function unitsByTime(t: tf.Tensor3D): number[][] {
  const rows = tf.transpose(tf.squeeze(t, [0]) as tf.Tensor2D).arraySync() as number[][];
  return rows.map((r) => r.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v)));
}
