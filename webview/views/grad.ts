/**
 * Global gradient norm before clipping, per step, with the clip threshold as a dashed line and the
 * clipped steps marked; per-layer norms on demand; % of steps clipped overall and per epoch (bars).
 */

import type { State } from '../state/types';
import { gradView, type GradView } from '../state/series';
import { formatNumber } from '../state/samples';
import { Card, chartCanvas, type LegendItem } from './card';
import { Chart, guideLine, lineOptions, withPointBudget, type LineDataset } from './charts';
import { buildTable, el, uid } from './dom';
import { withAlpha, type Theme } from './theme';
import type { ViewPrefs } from './prefs';

export class GradChart {
  readonly card = new Card({ id: 'grad-card', title: 'Gradient norm', subtitle: 'Global norm before clipping, per step' });
  readonly chart: Chart<'line', Array<{ x: number; y: number } | null>>;
  private readonly bars: Chart<'bar', number[], string>;
  private readonly canvas: HTMLCanvasElement;
  private readonly barsCanvas: HTMLCanvasElement;
  private readonly logBox: HTMLInputElement;
  private readonly layersBox: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly barsTitle: HTMLElement;
  private readonly barsBox: HTMLElement;
  last: GradView | undefined;
  private barsKey: string | undefined;
  private barsTheme: Theme | undefined;

  constructor(theme: Theme, private readonly prefs: ViewPrefs, onChange: () => void) {
    const logId = uid('grad-log');
    this.logBox = el('input', { attrs: { type: 'checkbox', id: logId } });
    this.logBox.addEventListener('change', () => {
      prefs.gradLogScale = this.logBox.checked;
      onChange();
    });
    const layersId = uid('grad-layers');
    this.layersBox = el('input', { attrs: { type: 'checkbox', id: layersId } });
    this.layersBox.addEventListener('change', () => {
      prefs.showLayers = this.layersBox.checked;
      onChange();
    });
    this.card.controls.append(
      el('span', { class: 'control check' }, [this.layersBox, el('label', { text: 'Per layer', attrs: { for: layersId } })]),
      el('span', { class: 'control check' }, [this.logBox, el('label', { text: 'Log scale', attrs: { for: logId } })]),
    );
    const main = chartCanvas('Gradient norm chart');
    const small = chartCanvas('Share of steps clipped per epoch', 'small');
    this.canvas = main.canvas;
    this.barsCanvas = small.canvas;
    this.barsTitle = el('h3', { class: 'minor-title', text: 'Steps clipped per epoch' });
    this.barsBox = small.box;
    this.card.chartArea.append(main.box, this.barsTitle, small.box);
    this.summary = el('p', { class: 'chart-summary' });
    this.card.footer.appendChild(this.summary);
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'step', yTitle: 'gradient norm' }) });
    this.bars = new Chart(this.barsCanvas, { type: 'bar', data: { labels: [], datasets: [] }, options: barOptions(theme) });
  }

  update(state: State, theme: Theme): void {
    const logScale = this.prefs.gradLogScale ?? false;
    const showLayers = this.prefs.showLayers ?? false;
    this.logBox.checked = logScale;
    this.layersBox.checked = showLayers;
    const v = gradView(withPointBudget(state, this.canvas), { logScale });
    this.last = v;
    const steps = state.steps.step;
    const x0 = steps[0] ?? 0;
    const x1 = Math.max(steps[steps.length - 1] ?? 1, (state.start?.epochs ?? 0) * (state.start?.stepsPerEpoch ?? 0), x0 + 1);
    const w = theme.lineWidth;
    const layerColors = [theme.green, theme.yellow, theme.purple, theme.orange];
    const layerNames = Object.keys(v.drawn.byLayer);
    const datasets: LineDataset[] = [
      { label: 'global norm', data: v.drawn.raw, borderColor: theme.blue, backgroundColor: theme.blue, borderWidth: showLayers ? 1.25 : w },
      ...(showLayers
        ? layerNames.map((name, i) => ({
            label: name, data: v.drawn.byLayer[name]!, borderColor: withAlpha(layerColors[i % layerColors.length]!, 0.9), borderWidth: 1.25,
          }))
        : []),
      {
        label: 'clipped step', data: v.drawn.clippedPoints, showLine: false, pointRadius: 3, pointHoverRadius: 5,
        pointStyle: 'triangle', borderColor: theme.red, backgroundColor: theme.red,
      },
      guideLine('clip threshold', v.clipNorm !== undefined && (!logScale || v.clipNorm > 0) ? v.clipNorm : undefined, x0, x1, theme.red, Math.max(1.5, w - 0.25)),
    ];
    this.chart.data.datasets = datasets as never;
    // Adjust the options object before handing it over: chart.options reads back the resolved
    // options of the previous update, so changes made after the assignment would be lost.
    const options = lineOptions(theme, { xTitle: 'step', yTitle: logScale ? 'norm (log)' : 'norm', logY: logScale, yMin: logScale ? undefined : 0 });
    const xScale = options.scales?.x;
    if (xScale) {
      xScale.min = x0;
      xScale.max = x1;
    }
    this.chart.options = options;
    this.chart.update('none');

    // The bars change once per epoch: redrawn only then (or on a theme change), not every step.
    const barsKey = v.clippedByEpoch.map((e) => `${e.epoch}:${e.fraction}`).join(',');
    if (barsKey !== this.barsKey || theme !== this.barsTheme) {
      this.barsKey = barsKey;
      this.barsTheme = theme;
      this.bars.data.labels = v.clippedByEpoch.map((e) => String(e.epoch));
      this.bars.data.datasets = [
        { label: '% of steps clipped', data: v.clippedByEpoch.map((e) => 100 * e.fraction), backgroundColor: withAlpha(theme.red, 0.55), borderColor: theme.red, borderWidth: 1, maxBarThickness: 36 },
      ];
      this.bars.options = barOptions(theme);
      this.bars.update('none');
    }

    // Without clipping (training.clipNorm unset) nothing is ever clipped: no markers, no bars.
    const noClipping = state.start !== undefined && v.clipNorm === undefined;
    this.barsTitle.hidden = noClipping;
    this.barsBox.hidden = noClipping;
    const legend: LegendItem[] = [{ label: 'global norm (before clipping)', color: theme.blue }];
    if (showLayers) layerNames.forEach((n, i) => legend.push({ label: n, color: layerColors[i % layerColors.length]! }));
    if (!noClipping) legend.push({ label: 'clipped step', color: theme.red, marker: true });
    if (v.clipNorm !== undefined) legend.push({ label: `clip threshold ${formatNumber(v.clipNorm)}`, color: theme.red, dashed: true });
    this.card.setLegend(legend);

    const last = v.lastStep;
    const lastEpoch = v.clippedByEpoch[v.clippedByEpoch.length - 1];
    const parts = [
      last ? `Step ${last.x}: norm ${formatNumber(last.y)}` : 'No steps yet',
      noClipping ? 'no clipping (training.clipNorm not set)' : '',
      v.clippedShare !== undefined && v.clipNorm !== undefined ? `${(100 * v.clippedShare).toFixed(1)}% of steps clipped` : '',
      lastEpoch && v.clipNorm !== undefined ? `epoch ${lastEpoch.epoch}: ${(100 * lastEpoch.fraction).toFixed(1)}%` : '',
    ].filter(Boolean);
    const text = parts.join(' · ');
    this.summary.textContent = text;
    this.canvas.setAttribute('aria-label', `Gradient norm chart. ${text}`);
    this.barsCanvas.setAttribute('aria-label', `Share of steps clipped per epoch: ${v.clippedByEpoch.map((e) => `epoch ${e.epoch} ${(100 * e.fraction).toFixed(0)}%`).join(', ') || 'none yet'}`);
    this.card.setTable(() => gradTable(v, state));
  }

  destroy(): void {
    this.chart.destroy();
    this.bars.destroy();
  }
}

function barOptions(theme: Theme): Chart<'bar', number[], string>['options'] {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { tooltip: { backgroundColor: theme.background, titleColor: theme.fg, bodyColor: theme.fg, borderColor: theme.grid, borderWidth: 1 } },
    scales: {
      x: { title: { display: true, text: 'epoch', color: theme.muted }, grid: { display: false }, ticks: { color: theme.muted } },
      y: { min: 0, suggestedMax: 10, title: { display: true, text: '% clipped', color: theme.muted }, grid: { color: theme.grid }, ticks: { color: theme.muted, maxTicksLimit: 4 } },
    },
  };
}

function gradTable(v: GradView, state: State): HTMLElement {
  const clippedAt = new Set(v.drawn.clippedPoints.map((p) => p.x));
  const layers = Object.keys(state.steps.gradNormByLayer);
  const index = new Map<number, number>(state.steps.step.map((s, i) => [s, i]));
  const rows = v.drawn.raw.map((p) => {
    const i = index.get(p.x);
    return [
      String(p.x), formatNumber(p.y, 6), clippedAt.has(p.x) || (i !== undefined && state.steps.clipped[i]) ? 'yes' : 'no',
      ...layers.map((l) => (i === undefined ? '' : formatNumber(state.steps.gradNormByLayer[l]![i]!, 6))),
    ];
  });
  const caption = `Gradient norm per step${v.clipNorm !== undefined ? ` (clip threshold ${formatNumber(v.clipNorm)})` : ' (no clipping)'}`;
  return buildTable(caption, ['step', 'global norm', 'clipped', ...layers], rows);
}
