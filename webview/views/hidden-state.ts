/**
 * Hidden state (and gates) of one captured sample: units × time heatmaps from hidden.json, h_t on a
 * diverging scale around 0 (tanh range), gates on the same scale over [0, 1]. Chosen by layer and
 * matrix (h, c, LSTM i/f/o, GRU z/r).
 */

import type { State } from '../state/types';
import { hiddenHeatmap, hiddenMatrixNames, thresholdHeatmap, type Heatmap } from '../state/heatmaps';
import { formatNumber } from '../state/samples';
import { Card } from './card';
import { buildTable, el, uid } from './dom';
import { divergingScale, HeatmapView } from './heatmap';
import type { Theme } from './theme';

const MATRIX_NAMES: Record<string, string> = {
  h: 'hidden state hₜ', c: 'cell state cₜ', i: 'input gate i', f: 'forget gate f', o: 'output gate o', g: 'candidate g',
  z: 'update gate z', r: 'reset gate r',
};

export class HiddenStateView {
  readonly card = new Card({ id: 'hidden-card', title: 'Hidden state', subtitle: 'Units (rows) × time steps (columns) of one validation sample', wide: true });
  private readonly heatmap = new HeatmapView('Hidden state heatmap');
  private readonly layerSelect: HTMLSelectElement;
  private readonly matrixSelect: HTMLSelectElement;
  private readonly summary = el('p', { class: 'chart-summary' });
  private layer: string | undefined;
  private readonly thresholdInput: HTMLInputElement;
  private readonly thresholdOut: HTMLOutputElement;
  private matrix = 'h';
  /** Activation threshold: values below it (|v| for h and c, v for gates) are left blank. */
  private threshold = 0;
  last: Heatmap | undefined;
  /** Share of values at or above the threshold in the last drawn matrix. */
  lastActive: number | undefined;

  constructor(onChange: () => void) {
    const layerId = uid('hidden-layer');
    const matrixId = uid('hidden-matrix');
    this.layerSelect = el('select', { attrs: { id: layerId } });
    this.matrixSelect = el('select', { attrs: { id: matrixId } });
    this.layerSelect.addEventListener('change', () => {
      this.layer = this.layerSelect.value;
      onChange();
    });
    this.matrixSelect.addEventListener('change', () => {
      this.matrix = this.matrixSelect.value;
      onChange();
    });
    const thrId = uid('hidden-threshold');
    this.thresholdInput = el('input', { attrs: { type: 'range', id: thrId, min: '0', max: '1', step: '0.05', value: '0', 'aria-valuetext': 'threshold 0' } });
    this.thresholdOut = el('output', { class: 'control', text: '0.00', attrs: { for: thrId } });
    this.thresholdInput.addEventListener('input', () => {
      this.threshold = Number(this.thresholdInput.value) || 0;
      this.thresholdOut.textContent = this.threshold.toFixed(2);
      this.thresholdInput.setAttribute('aria-valuetext', `threshold ${this.threshold.toFixed(2)}`);
      onChange();
    });
    this.card.controls.append(
      el('label', { class: 'control', text: 'Layer', attrs: { for: layerId } }), this.layerSelect,
      el('label', { class: 'control', text: 'Show', attrs: { for: matrixId } }), this.matrixSelect,
      el('label', { class: 'control', text: 'Activation ≥', attrs: { for: thrId, title: 'Blank out values below this activation (|h|, |c|, or the gate value)' } }), this.thresholdInput, this.thresholdOut,
    );
    this.card.chartArea.append(this.heatmap.root);
    this.card.footer.appendChild(this.summary);
    this.card.root.hidden = true;
  }

  update(state: State, theme: Theme): void {
    const h = state.hidden;
    this.card.root.hidden = !h || h.layers.length === 0;
    if (!h || !h.layers.length) return;
    const layers = [...new Set(h.layers.map((l) => l.layer))];
    syncOptions(this.layerSelect, layers.map((l) => [l, l]));
    const layer = layers.includes(this.layer ?? '') ? this.layer! : layers[0]!;
    this.layerSelect.value = layer;
    this.layerSelect.disabled = layers.length < 2;
    const names = hiddenMatrixNames(state, layer);
    syncOptions(this.matrixSelect, names.map((n) => [n, MATRIX_NAMES[n] ?? n]));
    const matrix = names.includes(this.matrix) ? this.matrix : 'h';
    this.matrixSelect.value = matrix;
    const map = hiddenHeatmap(state, layer, matrix);
    this.last = map;
    if (!map || !map.rows.length) return;
    const isGate = matrix !== 'h' && matrix !== 'c';
    // Gates live in [0, 1]: centre the diverging scale at 0.5 by shifting; h and c are centred at 0.
    const absMax = isGate ? 0.5 : Math.max(Math.abs(map.min), Math.abs(map.max), 1e-6);
    const scale = divergingScale(absMax, theme);
    const filtered = thresholdHeatmap(map, this.threshold, isGate ? 'value' : 'magnitude');
    this.lastActive = filtered.active;
    const shown = isGate ? { ...filtered.map, values: filtered.map.values.map((r) => r.map((v) => v - 0.5)) } : filtered.map;
    if (isGate) scale.ticks = [{ at: 0, label: '0' }, { at: 0.5, label: '0.5' }, { at: 1, label: '1' }];
    this.heatmap.draw(shown, scale, theme, 'time step t', 'unit');
    const label = MATRIX_NAMES[matrix] ?? matrix;
    const saturated = map.values.flat().filter((v) => Number.isFinite(v) && (isGate ? v < 0.05 || v > 0.95 : Math.abs(v) > 0.95)).length;
    const total = map.values.flat().filter((v) => Number.isFinite(v)).length;
    const text = `Epoch ${h.epoch}, sample ${h.sampleIndex}: ${label} of ${map.rows.length} units over ${map.cols} steps, range ${formatNumber(map.min)} … ${formatNumber(map.max)}; ${total ? ((100 * saturated) / total).toFixed(0) : 0}% of values saturated${this.threshold > 0 ? `; ${(100 * filtered.active).toFixed(0)}% at or above the threshold ${this.threshold.toFixed(2)}` : ''}.`;
    this.summary.textContent = text;
    this.heatmap.canvas.setAttribute('aria-label', `Hidden state heatmap. ${text}`);
    this.card.setTable(() => buildTable(`${label}, ${layer}: units (rows) × time steps (columns)`,
      ['unit', ...Array.from({ length: map.cols }, (_, t) => `t=${t}`)],
      map.values.map((row, i) => [String(map.rows[i]), ...row.map((v) => (Number.isFinite(v) ? formatNumber(v, 3) : ''))])));
  }
}

function syncOptions(select: HTMLSelectElement, opts: Array<[string, string]>): void {
  const same = select.options.length === opts.length && opts.every(([v], i) => select.options[i]?.value === v);
  if (!same) select.replaceChildren(...opts.map(([v, t]) => el('option', { text: t, attrs: { value: v } })));
}
