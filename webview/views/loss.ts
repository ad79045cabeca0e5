/** Train / validation loss over steps, the task's baseline as a dashed line, smoothing and log-y. */

import type { State } from '../state/types';
import { lossView, type LossView, type Point } from '../state/series';
import { formatNumber } from '../state/samples';
import { Card, chartCanvas } from './card';
import { Chart, guideLine, lineOptions, withPointBudget, type LineDataset } from './charts';
import { buildTable, el, uid } from './dom';
import { withAlpha, type Theme } from './theme';
import type { ViewPrefs } from './prefs';

export class LossChart {
  readonly card = new Card({ id: 'loss-card', title: 'Loss', subtitle: 'Training loss per step, validation loss per epoch' });
  readonly chart: Chart<'line', Array<{ x: number; y: number } | null>>;
  private readonly canvas: HTMLCanvasElement;
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLOutputElement;
  private readonly logBox: HTMLInputElement;
  private readonly outlierBox: HTMLInputElement;
  private readonly summary: HTMLElement;
  /** The last data handed to chart.js (tests read it through window.__seqlab). */
  last: LossView | undefined;

  constructor(theme: Theme, private readonly prefs: ViewPrefs, onChange: () => void) {
    const sliderId = uid('smoothing');
    this.slider = el('input', {
      attrs: { type: 'range', id: sliderId, min: '0', max: '0.99', step: '0.01', 'aria-describedby': `${sliderId}-help` },
    });
    this.sliderValue = el('output', { class: 'slider-value', attrs: { for: sliderId } });
    this.slider.addEventListener('input', () => {
      prefs.smoothing = Number(this.slider.value);
      onChange();
    });
    const logId = uid('logy');
    this.logBox = el('input', { attrs: { type: 'checkbox', id: logId } });
    this.logBox.addEventListener('change', () => {
      prefs.lossLogScale = this.logBox.checked;
      onChange();
    });
    const outId = uid('outliers');
    this.outlierBox = el('input', { attrs: { type: 'checkbox', id: outId } });
    this.outlierBox.addEventListener('change', () => {
      prefs.ignoreOutliers = this.outlierBox.checked;
      onChange();
    });
    this.card.controls.append(
      el('label', { class: 'control', attrs: { for: sliderId } }, [el('span', { text: 'Smoothing' })]),
      this.slider,
      this.sliderValue,
      el('span', { class: 'sr-only', text: 'Debiased exponential moving average, as in TensorBoard', attrs: { id: `${sliderId}-help` } }),
      el('span', { class: 'control check' }, [this.logBox, el('label', { text: 'Log scale', attrs: { for: logId } })]),
      el('span', { class: 'control check', title: 'Scale the y axis without the outlying steps (the first steps of a run)' }, [
        this.outlierBox, el('label', { text: 'Ignore outliers', attrs: { for: outId } }),
      ]),
    );
    const { box, canvas } = chartCanvas('Loss chart');
    this.canvas = canvas;
    this.card.chartArea.appendChild(box);
    this.summary = el('p', { class: 'chart-summary', attrs: { 'aria-live': 'off' } });
    this.card.footer.appendChild(this.summary);
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'step', yTitle: 'loss' }) });
  }

  update(state: State, theme: Theme): void {
    const smoothing = this.prefs.smoothing ?? state.settings.smoothing;
    const logScale = this.prefs.lossLogScale ?? state.settings.logScale;
    this.slider.value = String(smoothing);
    this.sliderValue.textContent = smoothing.toFixed(2);
    this.logBox.checked = logScale;
    const ignoreOutliers = this.prefs.ignoreOutliers ?? true;
    this.outlierBox.checked = ignoreOutliers;
    this.outlierBox.disabled = logScale;
    const v = lossView(withPointBudget(state, this.canvas), { smoothing, logScale });
    this.last = v;
    const steps = state.steps.step;
    const x0 = steps[0] ?? 0;
    const x1 = Math.max(steps[steps.length - 1] ?? 1, (state.start?.epochs ?? 0) * (state.start?.stepsPerEpoch ?? 0), x0 + 1);
    const w = theme.lineWidth;
    const smoothOn = smoothing > 0;
    const datasets: LineDataset[] = [
      { label: 'train loss (raw)', data: v.drawn.raw, borderColor: smoothOn ? withAlpha(theme.blue, 0.22) : theme.blue, borderWidth: smoothOn ? 1 : w },
      { label: 'train loss (smoothed)', data: smoothOn ? v.drawn.smoothed : [], borderColor: theme.blue, borderWidth: w + 0.5 },
      {
        label: 'validation loss', data: v.drawn.val, borderColor: theme.orange, backgroundColor: theme.orange, borderWidth: w,
        pointRadius: 3, pointHoverRadius: 5,
      },
      guideLine('baseline', v.baseline, x0, x1, theme.purple, Math.max(1.5, w - 0.25)),
    ];
    this.chart.data.datasets = datasets as never;
    // Adjust the options object before handing it over: chart.options reads back the resolved
    // options of the previous update, so changes made after the assignment would be lost.
    const options = lineOptions(theme, { xTitle: 'step', yTitle: logScale ? 'loss (log)' : 'loss', logY: logScale });
    const xScale = options.scales?.x;
    if (xScale) {
      xScale.min = x0;
      xScale.max = x1;
    }
    const yScale = options.scales?.y;
    if (yScale && ignoreOutliers && v.robustMax !== undefined) yScale.max = v.robustMax;
    this.chart.options = options;
    this.chart.update('none');

    const baselineName = state.start?.data.baselineName ?? 'baseline';
    this.card.setLegend([
      { label: smoothOn ? `train loss (smoothed ${smoothing.toFixed(2)})` : 'train loss', color: theme.blue },
      ...(smoothOn ? [{ label: 'train loss (raw)', color: withAlpha(theme.blue, 0.35) }] : []),
      { label: 'validation loss', color: theme.orange, marker: true },
      ...(v.baseline !== undefined ? [{ label: `baseline: ${baselineName}`, color: theme.purple, dashed: true }] : []),
    ]);
    const last = v.lastStep;
    const lastVal = v.drawn.val[v.drawn.val.length - 1];
    const parts = [
      last ? `Step ${last.x}: train loss ${formatNumber(last.y)}` : 'No steps yet',
      lastVal ? `validation loss ${formatNumber(lastVal.y)}` : '',
      v.best ? `best ${formatNumber(v.best.valLoss)} at epoch ${v.best.epoch}` : '',
      v.baseline !== undefined ? `baseline ${formatNumber(v.baseline)}` : '',
    ].filter(Boolean);
    const text = parts.join(' · ');
    this.summary.textContent = text;
    this.canvas.setAttribute('aria-label', `Loss chart. ${text}`);
    this.card.setTable(() => el('div', {}, [epochTable(state), lossTable(v)]));
    this.card.root.dataset.points = String(v.stepCount);
  }

  destroy(): void {
    this.chart.destroy();
  }
}

/** Every epoch metric the run reported (loss, validation metrics, clipped share, duration). */
function epochTable(state: State): HTMLElement {
  const skip = new Set(['type', 'epoch', 'step', 'best', 'time', 'clippedFraction', 'durationMs']);
  const keys: string[] = [];
  for (const e of state.epochs) {
    for (const [k, val] of Object.entries(e)) if (!skip.has(k) && typeof val === 'number' && !keys.includes(k)) keys.push(k);
  }
  const rows = state.epochs.map((e) => {
    const rec = e as unknown as Record<string, unknown>;
    const cell = (k: string): string => (typeof rec[k] === 'number' ? formatNumber(rec[k] as number, 6) : '');
    return [
      `${e.epoch}${e.best ? ' (best)' : ''}`, String(e.step), ...keys.map(cell),
      typeof e.clippedFraction === 'number' ? `${(100 * e.clippedFraction).toFixed(1)}%` : '',
      typeof e.durationMs === 'number' ? `${(e.durationMs / 1000).toFixed(2)} s` : '',
    ];
  });
  const base = state.baseline as Record<string, number | undefined>;
  if (keys.some((k) => typeof base[k] === 'number')) {
    rows.push(['baseline', '', ...keys.map((k) => (typeof base[k] === 'number' ? formatNumber(base[k]!, 6) : '')), '', '']);
  }
  return buildTable('Metrics per epoch', ['epoch', 'step', ...keys, 'clipped', 'duration'], rows);
}

function lossTable(v: LossView): HTMLElement {
  // One row per drawn step; validation loss on the step its epoch ended.
  const val = new Map<number, number>(v.drawn.val.map((p: Point) => [p.x, p.y]));
  const smooth = new Map<number, number>(v.drawn.smoothed.map((p: Point) => [p.x, p.y]));
  const rows = v.drawn.raw.map((p) => [
    String(p.x), formatNumber(p.y, 6), smooth.has(p.x) ? formatNumber(smooth.get(p.x)!, 6) : '', val.has(p.x) ? formatNumber(val.get(p.x)!, 6) : '',
  ]);
  const caption = `Loss per step${v.baseline !== undefined ? ` (baseline ${formatNumber(v.baseline, 6)})` : ''}${v.drawn.raw.length < v.stepCount ? `, downsampled to ${v.drawn.raw.length} of ${v.stepCount} steps` : ''}`;
  return buildTable(caption, ['step', 'train loss', 'smoothed', 'validation loss'], rows);
}
