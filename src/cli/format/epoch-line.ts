/** One line per epoch: losses, the comparison with the baseline, gradient norm and clipping. */
import type { EpochRecord, Metrics } from '../../core/events';
import { duration, num, percent, vsBaseline } from './numbers';

export interface EpochContext {
  epochs: number;
  baseline: Metrics;
  /** Mean global gradient norm (before clipping) over the epoch's steps. */
  meanGradNorm?: number;
}

export function formatEpochLine(r: EpochRecord, ctx: EpochContext): string {
  const width = String(ctx.epochs).length;
  const parts = [`epoch ${String(r.epoch).padStart(width)}/${ctx.epochs}`, `loss ${num(r.loss)}`];
  if (r.valLoss !== undefined) {
    const vs = vsBaseline(r.valLoss, ctx.baseline.valLoss);
    parts.push(`valLoss ${num(r.valLoss)}${vs ? ` (${vs})` : ''}`);
  }
  if (r.valAccuracy !== undefined) parts.push(`valAccuracy ${percent(r.valAccuracy)}`);
  // Seq2seq: free-running token accuracy and exact match (what the expect rules of its examples check).
  if (r.valExactMatch !== undefined) parts.push(`tokens ${percent(r.valTokenAccuracy ?? NaN)}  exact ${percent(r.valExactMatch)}`);
  if (ctx.meanGradNorm !== undefined) parts.push(`grad ${num(ctx.meanGradNorm)}`);
  parts.push(`clipped ${percent(r.clippedFraction)}`);
  parts.push(duration(r.durationMs));
  return `${parts.join('  ')}${r.best ? '  *' : ''}\n`;
}
