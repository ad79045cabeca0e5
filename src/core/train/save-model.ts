/** model/: the best weights in the tfjs-layers format (model.json + weights.bin). */
import { saveLayersModel } from '../models';
import type { SeqModel } from '../models/types';
import type { NamedArray } from '../util/named-array';

/** Writes `weights` through `model` without changing the model's current weights. */
export function saveBestModel(model: SeqModel, weights: NamedArray[], dir: string): void {
  const current = model.getWeights();
  model.setWeights(weights);
  try {
    saveLayersModel(model, dir);
  } finally {
    model.setWeights(current);
  }
}
