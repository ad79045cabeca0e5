/**
 * Regression metrics on the validation split: valLoss (MSE, the training loss), valMae, valRmse in
 * model (normalised) units, and valMaeRaw / valRmseRaw in the series' real units. Errors scale
 * linearly under normalisation, so the raw values are the normalised ones times the scale.
 * Accumulated in float64.
 */
import type { Metrics } from '../events';
import type { Normalizer } from './normalize';

export function regressionMetrics(pred: ArrayLike<number>, target: ArrayLike<number>, norm: Normalizer): Metrics {
  const n = target.length;
  if (pred.length !== n) throw new Error(`regressionMetrics: ${pred.length} predictions for ${n} targets`);
  if (n === 0) return {};
  let se = 0;
  let ae = 0;
  for (let i = 0; i < n; i++) {
    const d = (pred[i] as number) - (target[i] as number);
    se += d * d;
    ae += Math.abs(d);
  }
  const mse = se / n;
  const mae = ae / n;
  const rmse = Math.sqrt(mse);
  return { valLoss: mse, valMae: mae, valRmse: rmse, valMaeRaw: mae * norm.scale, valRmseRaw: rmse * norm.scale };
}
