/**
 * The report's charts from run folders: loss curves (training loss per step, validation loss per
 * epoch, dashed), the global gradient norm per step (log axis: where exploding and vanishing show),
 * and the gradient through time of the last epoch (‖∂L/∂h_t‖ against t, log axis: the lesson's
 * vanishing gradient). Runs are named as in the compare view: by the config keys where they differ.
 */
import type { RunData } from '../../runs';
import { compareRuns } from '../compare-data';
import type { ChartSpec, Series } from './chart';

export const MAX_POINTS = 400;

export interface NamedChart {
  /** File-name stem: loss, grad-norm, gradient-through-time. */
  name: string;
  spec: ChartSpec;
}

export function runCharts(runs: readonly RunData[]): NamedChart[] {
  const labels = compareRuns(runs).map((c) => c.label);
  const label = (i: number): string => labels[i] ?? runs[i]?.runId ?? String(i);
  const charts: NamedChart[] = [];

  const loss: Series[] = [];
  runs.forEach((r, i) => {
    loss.push({ name: `${label(i)} loss`, points: downsample(r.steps.map((s) => [s.step, s.loss] as const)), colour: i });
    const val = r.epochs.filter((e) => typeof e.valLoss === 'number').map((e) => [e.step, e.valLoss as number] as const);
    if (val.length) loss.push({ name: `${label(i)} valLoss`, points: val, dashed: true, colour: i });
  });
  if (loss.some((s) => s.points.length)) charts.push({ name: 'loss', spec: { title: 'Loss', xLabel: 'step', yLabel: 'loss', series: loss } });

  const grad: Series[] = runs.map((r, i) => ({ name: label(i), points: downsample(r.steps.map((s) => [s.step, s.gradNorm] as const)), colour: i }));
  if (grad.some((s) => s.points.length)) charts.push({ name: 'grad-norm', spec: { title: 'Gradient norm (global, before clipping)', xLabel: 'step', yLabel: '‖∇‖', logY: true, series: grad } });

  const gtt: Series[] = [];
  runs.forEach((r, i) => {
    const last = r.gradients.reduce((m, g) => Math.max(m, g.epoch), -Infinity);
    const records = r.gradients.filter((g) => g.epoch === last && g.direction === 'forward');
    // One run: every layer; several runs: the first layer of each, so the runs compare.
    for (const g of runs.length === 1 ? records : records.slice(0, 1)) {
      gtt.push({ name: runs.length === 1 ? `${g.layer} (epoch ${g.epoch})` : `${label(i)} ${g.layer}`, points: g.norms.map((n, t) => [t + 1, n] as const), colour: runs.length === 1 ? gtt.length : i });
    }
  });
  if (gtt.length) charts.push({ name: 'gradient-through-time', spec: { title: 'Gradient through time (last epoch)', xLabel: 'time step t', yLabel: '‖∂L/∂h_t‖', logY: true, series: gtt } });
  return charts;
}

/** Every k-th point (and the last), so a long run's chart stays a few kilobytes. */
function downsample(points: ReadonlyArray<readonly [number, number]>): Array<readonly [number, number]> {
  if (points.length <= MAX_POINTS) return [...points];
  const every = Math.ceil(points.length / MAX_POINTS);
  const out = points.filter((_, k) => k % every === 0);
  const last = points[points.length - 1];
  if (last && out[out.length - 1] !== last) out.push(last);
  return out;
}
