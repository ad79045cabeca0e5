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
  /** ‖∂L/∂cₜ‖ beside the ‖∂L/∂hₜ‖ map (LSTM only; hidden otherwise). */
  private readonly cellHeatmap = new HeatmapView('Cell-state gradient through time heatmap');
  private readonly cellPane: HTMLElement;
  private readonly summary = el('p', { class: 'chart-summary' });
  private key: string | undefined;
  last: Heatmap | undefined;
  lastCell: Heatmap | undefined;

  constructor(theme: Theme, onChange: () => void) {
    const selId = uid('gtt-layer');
    this.select = el('select', { attrs: { id: selId } });
    this.select.addEventListener('change', () => {
      this.key = this.select.value;
      onChange();
    });
    this.card.controls.append(el('label', { class: 'control', text: 'Layer / direction', attrs: { for: selId } }), this.select);
    const line = chartCanvas('Gradient norm per time step, latest epoch', 'small');
    this.cellPane = el('div', { class: 'heatmap-pane' }, [el('h3', { class: 'minor-title', text: 'Cell state ‖∂L/∂cₜ‖' }), this.cellHeatmap.root]);
    this.cellPane.hidden = true;
    const pair = el('div', { class: 'heatmap-pair' }, [
      el('div', { class: 'heatmap-pane' }, [el('h3', { class: 'minor-title', text: 'Hidden state ‖∂L/∂hₜ‖' }), this.heatmap.root]),
      this.cellPane,
    ]);
    this.card.chartArea.append(pair, el('h3', { class: 'minor-title', text: 'Latest epoch' }), line.box);
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
    const cellMap = gradientHeatmap(state, chosen, 'cell');
    const hasCell = cellMap.rows.length > 0 && cellMap.positiveMin !== undefined;
    this.cellPane.hidden = !hasCell;
    this.card.root.classList.toggle('has-cell', hasCell);
    this.lastCell = hasCell ? cellMap : undefined;
    const map = gradientHeatmap(state, chosen, 'hidden');
    this.last = map;
    if (!map.rows.length || map.positiveMin === undefined) return;
    // One colour scale for both maps, so h and c compare by colour.
    const lo = hasCell ? Math.min(map.positiveMin, cellMap.positiveMin!) : map.positiveMin;
    const hi = hasCell ? Math.max(map.max, cellMap.max) : map.max;
    const scale = logScale(lo, hi);
    this.heatmap.draw(map, scale, theme, 'time step t', 'epoch');
    if (hasCell) this.cellHeatmap.draw(cellMap, scale, theme, 'time step t', 'epoch');

    const lastRow = map.values[map.values.length - 1]!;
    const lastEpoch = map.rows[map.rows.length - 1]!;
    const data = lastRow.map((y, t) => ({ x: t, y })).filter((p) => Number.isFinite(p.y) && p.y > 0);
    const datasets: LineDataset[] = [{ label: `‖∂L/∂hₜ‖ epoch ${lastEpoch}`, data, borderColor: theme.purple, backgroundColor: theme.purple, borderWidth: theme.lineWidth, pointRadius: 2 }];
    if (hasCell) {
      const cellRow = cellMap.values[cellMap.values.length - 1] ?? [];
      const cellData = cellRow.map((y, t) => ({ x: t, y })).filter((p) => Number.isFinite(p.y) && p.y > 0);
      datasets.push({ label: `‖∂L/∂cₜ‖ epoch ${lastEpoch}`, data: cellData, borderColor: theme.orange, backgroundColor: theme.orange, borderWidth: theme.lineWidth, borderDash: [6, 3], pointRadius: 2 });
    }
    this.chart.data.datasets = datasets as never;
    this.card.setLegend(hasCell ? [{ label: '‖∂L/∂hₜ‖', color: theme.purple }, { label: '‖∂L/∂cₜ‖ (cell state)', color: theme.orange, dashed: true }] : []);
    const opts = lineOptions(theme, { xTitle: 'time step t', yTitle: 'gradient norm (log)', logY: true });
    if (opts.scales?.x) {
      opts.scales.x.min = 0;
      opts.scales.x.max = Math.max(1, map.cols - 1);
    }
    this.chart.options = opts;
    this.chart.update('none');

    const first = lastRow.find((v) => Number.isFinite(v));
    const last = [...lastRow].reverse().find((v) => Number.isFinite(v));
    const decades = decadesSpanned(lastRow);
    const sym = '‖∂L/∂hₜ‖';
    let text = `Epoch ${lastEpoch}: ${sym} ${first !== undefined ? formatNumber(first) : '?'} at t=0, ${last !== undefined ? formatNumber(last) : '?'} at t=${map.cols - 1}; spans ${decades.toFixed(1)} decades.`;
    if (first !== undefined && last !== undefined && first > 0 && last > 0) {
      const ratio = last / first;
      if (ratio >= 10) text += ` The first step gets ${formatNumber(ratio, 2)}× less gradient than the last: it vanishes going back in time.`;
      else if (ratio <= 0.1) text += ` The first step gets ${formatNumber(1 / ratio, 2)}× more gradient than the last: it grows going back in time (exploding).`;
    }
    if (hasCell) {
      const cellRow = cellMap.values[cellMap.values.length - 1] ?? [];
      text += ` Cell state: ‖∂L/∂cₜ‖ spans ${decadesSpanned(cellRow).toFixed(1)} decades — the forget gate's path keeps it from vanishing.`;
    }
    this.summary.textContent = text;
    this.heatmap.canvas.setAttribute('aria-label', `Gradient through time heatmap, ${map.rows.length} epochs × ${map.cols} steps. ${text}`);
    const table = (m: Heatmap, what: string): HTMLTableElement => buildTable(`${what} per epoch (rows) and time step (columns), ${chosen.layer} ${chosen.direction}`,
      ['epoch', ...Array.from({ length: m.cols }, (_, t) => `t=${t}`)],
      m.values.map((row, i) => [String(m.rows[i]), ...row.map((v) => (Number.isFinite(v) ? formatNumber(v, 3) : ''))]));
    this.card.setTable(() => {
      if (!hasCell) return table(map, sym);
      const cellTable = table(cellMap, '‖∂L/∂cₜ‖');
      cellTable.classList.add('cell-norms');
      return el('div', {}, [table(map, sym), cellTable]);
    });
  }
}
