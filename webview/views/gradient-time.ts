/**
 * The gradient through time: ‖∂L/∂h_t‖ per time step and epoch (gradients.jsonl) as a heatmap with a
 * log colour scale, and the latest epoch as a line. Vanishing gradients show as early steps many
 * decades darker than the last; ‖∂L/∂c_t‖ (LSTM) is one toggle away.
 */

import type { State } from '../state/types';
import { decadesSpanned, gradientHeatmap, gradientKeys, type GradientSeriesKey, type Heatmap } from '../state/heatmaps';
import { formatNumber } from '../state/samples';
import { Card, chartCanvas } from './card';
import { Chart, lineOptions, type LineDataset } from './charts';
import { buildTable, el, uid } from './dom';
import { HeatmapView, logScale } from './heatmap';
import type { Theme } from './theme';

export class GradientTimeView {
  readonly card = new Card({ id: 'gtt-card', title: 'Gradient through time', subtitle: '‖∂L/∂hₜ‖ per time step (columns) and epoch (rows), log colour scale', wide: true });
  private readonly heatmap = new HeatmapView('Gradient through time heatmap');
  private readonly chart: Chart<'line', Array<{ x: number; y: number }>>;
  private readonly select: HTMLSelectElement;
  private readonly cellBox: HTMLInputElement;
  private readonly cellControl: HTMLElement;
  private readonly summary = el('p', { class: 'chart-summary' });
  private key: string | undefined;
  private cell = false;
  last: Heatmap | undefined;

  constructor(theme: Theme, onChange: () => void) {
    const selId = uid('gtt-layer');
    this.select = el('select', { attrs: { id: selId } });
    this.select.addEventListener('change', () => {
      this.key = this.select.value;
      onChange();
    });
    const cellId = uid('gtt-cell');
    this.cellBox = el('input', { attrs: { type: 'checkbox', id: cellId } });
    this.cellBox.addEventListener('change', () => {
      this.cell = this.cellBox.checked;
      onChange();
    });
    this.cellControl = el('span', { class: 'control check' }, [this.cellBox, el('label', { text: 'Cell state ‖∂L/∂cₜ‖', attrs: { for: cellId } })]);
    this.card.controls.append(el('label', { class: 'control', text: 'Layer', attrs: { for: selId } }), this.select, this.cellControl);
    const line = chartCanvas('Gradient norm per time step, latest epoch', 'small');
    this.card.chartArea.append(this.heatmap.root, el('h3', { class: 'minor-title', text: 'Latest epoch' }), line.box);
    this.card.footer.appendChild(this.summary);
    this.chart = new Chart(line.canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'time step t', yTitle: 'norm (log)', logY: true }) });
    this.card.root.hidden = true;
  }

  update(state: State, theme: Theme): void {
    const keys = gradientKeys(state);
    this.card.root.hidden = keys.length === 0;
    if (!keys.length) return;
    const id = (k: GradientSeriesKey): string => `${k.layer}|${k.direction}`;
    const options = keys.map((k) => `${k.layer}${k.direction === 'backward' ? ' (backward)' : ''}`);
    if (this.select.options.length !== keys.length || [...this.select.options].some((o, i) => o.value !== id(keys[i]!))) {
      this.select.replaceChildren(...keys.map((k, i) => el('option', { text: options[i]!, attrs: { value: id(k) } })));
    }
    const chosen = keys.find((k) => id(k) === this.key) ?? keys[0]!;
    this.select.value = id(chosen);
    this.select.disabled = keys.length < 2;
    const hasCell = gradientHeatmap(state, chosen, 'cell').rows.length > 0;
    this.cellControl.hidden = !hasCell;
    const which = hasCell && this.cell ? 'cell' : 'hidden';
    const map = gradientHeatmap(state, chosen, which);
    this.last = map;
    if (!map.rows.length || map.positiveMin === undefined) return;
    const scale = logScale(map.positiveMin, map.max);
    this.heatmap.draw(map, scale, theme, 'time step t', 'epoch');

    const lastRow = map.values[map.values.length - 1]!;
    const lastEpoch = map.rows[map.rows.length - 1]!;
    const data = lastRow.map((y, t) => ({ x: t, y })).filter((p) => Number.isFinite(p.y) && p.y > 0);
    this.chart.data.datasets = [{ label: `epoch ${lastEpoch}`, data, borderColor: theme.purple, backgroundColor: theme.purple, borderWidth: theme.lineWidth, pointRadius: 2 }] as LineDataset[] as never;
    const opts = lineOptions(theme, { xTitle: 'time step t', yTitle: which === 'cell' ? '‖∂L/∂cₜ‖ (log)' : '‖∂L/∂hₜ‖ (log)', logY: true });
    if (opts.scales?.x) {
      opts.scales.x.min = 0;
      opts.scales.x.max = Math.max(1, map.cols - 1);
    }
    this.chart.options = opts;
    this.chart.update('none');

    const first = lastRow.find((v) => Number.isFinite(v));
    const last = [...lastRow].reverse().find((v) => Number.isFinite(v));
    const decades = decadesSpanned(lastRow);
    const sym = which === 'cell' ? '‖∂L/∂cₜ‖' : '‖∂L/∂hₜ‖';
    let text = `Epoch ${lastEpoch}: ${sym} ${first !== undefined ? formatNumber(first) : '?'} at t=0, ${last !== undefined ? formatNumber(last) : '?'} at t=${map.cols - 1}; spans ${decades.toFixed(1)} decades.`;
    if (first !== undefined && last !== undefined && first > 0 && last > 0) {
      const ratio = last / first;
      if (ratio >= 10) text += ` The first step gets ${formatNumber(ratio, 2)}× less gradient than the last: it vanishes going back in time.`;
      else if (ratio <= 0.1) text += ` The first step gets ${formatNumber(1 / ratio, 2)}× more gradient than the last: it grows going back in time (exploding).`;
    }
    this.summary.textContent = text;
    this.heatmap.canvas.setAttribute('aria-label', `Gradient through time heatmap, ${map.rows.length} epochs × ${map.cols} steps. ${text}`);
    this.card.setTable(() => buildTable(`${sym} per epoch (rows) and time step (columns), ${chosen.layer} ${chosen.direction}`,
      ['epoch', ...Array.from({ length: map.cols }, (_, t) => `t=${t}`)],
      map.values.map((row, i) => [String(map.rows[i]), ...row.map((v) => (Number.isFinite(v) ? formatNumber(v, 3) : ''))])));
  }
}
