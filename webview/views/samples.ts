/**
 * Sample outputs, one renderer per record `kind`. 'series' draws the input window, the target, the
 * model's forecast and the persistence baseline; the other kinds (text, sequence, label, notes) get a
 * plain-text renderer until their own views land. Add a kind by adding a renderer to RENDERERS.
 */

import type { SampleRecord } from '../../src/core/events';
import type { SampleSet, State } from '../state/types';
import { connectToWindow, formatNumber, sampleText, seriesSampleView } from '../state/samples';
import { Card, chartCanvas, type LegendItem } from './card';
import { Chart, lineOptions, type LineDataset } from './charts';
import { buildTable, clear, el } from './dom';
import { labelRenderer } from './label-samples';
import { sequenceRenderer } from './sequence-samples';
import type { Theme } from './theme';
import { NotesSampleRenderer } from './notes-samples';

export interface SampleRenderer {
  /** Draws (or redraws) the set into `host`; called on each update with the latest set of its kind. */
  update(host: HTMLElement, set: SampleSet, theme: Theme, state: State): void;
  legend(theme: Theme, state: State): LegendItem[];
  table(set: SampleSet): HTMLElement;
  destroy(): void;
}

class SeriesRenderer implements SampleRenderer {
  private charts: Array<Chart<'line', Array<{ x: number; y: number } | null>>> = [];
  private boxes: HTMLElement[] = [];

  update(host: HTMLElement, set: SampleSet, theme: Theme): void {
    if (this.boxes.length !== set.samples.length || !this.boxes.every((b) => host.contains(b))) {
      this.destroy();
      clear(host);
      const grid = el('div', { class: 'sample-grid' });
      host.appendChild(grid);
      set.samples.forEach((_, i) => {
        const { box, canvas } = chartCanvas(`Sample ${i + 1}`, 'small');
        const fig = el('figure', { class: 'sample' }, [box, el('figcaption', { text: `Sample ${i + 1}` })]);
        grid.appendChild(fig);
        this.boxes.push(fig);
        this.charts.push(new Chart(canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 't', yTitle: 'value' }) }));
      });
    }
    set.samples.forEach((rec, i) => {
      const chart = this.charts[i]!;
      const v = seriesSampleView(rec);
      // parsing: false needs {x, y} objects everywhere; y null is a gap.
      const pts = (col: Array<number | null>): Array<{ x: number; y: number }> => col.map((y, t) => ({ x: t, y: y as number }));
      const w = theme.lineWidth;
      const datasets: LineDataset[] = [
        { label: 'input window', data: pts(v.input), borderColor: theme.blue, borderWidth: w, spanGaps: false },
        // Target as a ring, forecast as a filled diamond: both stay visible when the forecast is right on it.
        { label: 'target', data: pts(connectToWindow(v, v.target)), borderColor: theme.green, backgroundColor: 'transparent', borderWidth: w, pointBorderWidth: 2, pointRadius: (c) => (c.dataIndex >= v.window ? 6 : 0), spanGaps: false },
        { label: 'forecast', data: pts(connectToWindow(v, v.output)), borderColor: theme.orange, backgroundColor: theme.orange, borderWidth: w, pointRadius: (c) => (c.dataIndex >= v.window ? 4 : 0), pointStyle: 'rectRot', spanGaps: false },
        { label: 'baseline', data: pts(connectToWindow(v, v.baseline)), borderColor: theme.purple, backgroundColor: theme.purple, borderWidth: w, borderDash: [5, 4], pointRadius: (c) => (c.dataIndex >= v.window ? 3 : 0), spanGaps: false },
        forecastStart(v.window - 0.5, [v.input, v.target, v.output, v.baseline], theme.muted),
      ];
      chart.data.datasets = datasets as never;
      const opts = lineOptions(theme, { xTitle: 't', yTitle: 'value' });
      const x = opts.scales?.x;
      if (x) {
        const lastT = v.t.length - 1;
        x.ticks = { ...x.ticks, callback: (val) => (Number(val) <= lastT ? String(val) : '') };
        // Room on the right so the forecast points are not drawn on the chart's edge.
        x.min = 0;
        x.max = Math.max(1, v.t.length - 1 + Math.max(1, Math.ceil(v.horizon / 2)));
      }
      chart.options = opts;
      chart.update('none');
      const fig = this.boxes[i]!;
      const cap = fig.querySelector('figcaption');
      const out = v.output[v.window];
      const tgt = v.target[v.window];
      const base = v.baseline[v.window];
      const text = `Sample ${i + 1}: target ${fmt(tgt)}, forecast ${fmt(out)}${v.hasBaseline ? `, baseline ${fmt(base)}` : ''}`;
      if (cap) cap.textContent = text;
      fig.querySelector('canvas')?.setAttribute('aria-label', `${text}. Input window of ${v.window} steps, horizon ${v.horizon}.`);
    });
  }

  legend(theme: Theme, state: State): LegendItem[] {
    return [
      { label: 'input window', color: theme.blue },
      { label: 'target', color: theme.green, ring: true },
      { label: 'forecast (model)', color: theme.orange, marker: true },
      { label: `baseline: ${state.start?.data.baselineName ?? 'persistence'}`, color: theme.purple, dashed: true },
    ];
  }

  table(set: SampleSet): HTMLElement {
    const wrap = el('div');
    set.samples.forEach((rec, i) => {
      const v = seriesSampleView(rec);
      const rows = v.t.map((t) => [String(t), fmt(v.input[t]), fmt(v.target[t]), fmt(v.output[t]), fmt(v.baseline[t])]);
      wrap.appendChild(buildTable(`Sample ${i + 1} (epoch ${set.epoch})`, ['t', 'input', 'target', 'forecast', 'baseline'], rows));
    });
    return wrap;
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.boxes = [];
  }
}

/** Text, sequence pairs, labels and notes: input / target / output as text (textContent only). */
class TextRenderer implements SampleRenderer {
  update(host: HTMLElement, set: SampleSet): void {
    clear(host);
    const list = el('div', { class: 'sample-text-list' });
    set.samples.forEach((rec, i) => list.appendChild(textSample(rec, i)));
    host.appendChild(list);
  }

  legend(): LegendItem[] {
    return [];
  }

  table(set: SampleSet): HTMLElement {
    const extras = extraKeys(set.samples);
    const rows = set.samples.map((r, i) => [String(i + 1), sampleText(r.input), sampleText(r.target), sampleText(r.output), ...extras.map((k) => sampleText(r[k]))]);
    return buildTable(`Samples (epoch ${set.epoch})`, ['#', 'input', 'target', 'output', ...extras], rows);
  }

  destroy(): void {}
}

function textSample(rec: SampleRecord, i: number): HTMLElement {
  const dl = el('dl', { class: 'sample-text' });
  const add = (k: string, v: unknown): void => {
    if (v === undefined) return;
    dl.append(el('dt', { text: k }), el('dd', { text: sampleText(v) }));
  };
  add('input', rec.input);
  add('target', rec.target);
  add('output', rec.output);
  if (rec.baseline !== undefined) add('baseline', rec.baseline);
  for (const k of extraKeys([rec])) add(k, rec[k]);
  return el('article', { class: 'sample', attrs: { 'aria-label': `Sample ${i + 1}` } }, [el('h3', { class: 'minor-title', text: `Sample ${i + 1}` }), dl]);
}

function extraKeys(recs: SampleRecord[]): string[] {
  const known = new Set(['epoch', 'kind', 'input', 'target', 'output', 'baseline']);
  const keys = new Set<string>();
  for (const r of recs) for (const k of Object.keys(r)) if (!known.has(k)) keys.add(k);
  return [...keys];
}

/** A faint vertical line where the input window ends and the forecast begins. */
function forecastStart(x: number, cols: Array<Array<number | null>>, color: string): LineDataset {
  const ys = cols.flat().filter((y): y is number => y !== null && Number.isFinite(y));
  if (!ys.length) return { label: 'forecast starts', data: [], isGuide: true } as LineDataset;
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo || 1) * 0.05;
  return {
    label: 'forecast starts', data: [{ x, y: lo - pad }, { x, y: hi + pad }], borderColor: color, borderWidth: 1, borderDash: [2, 3], pointRadius: 0, isGuide: true,
  } as LineDataset;
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : formatNumber(v);
}

const RENDERERS: Record<string, () => SampleRenderer> = {
  series: () => new SeriesRenderer(),
  text: () => new TextRenderer(),
  sequence: sequenceRenderer,
  label: labelRenderer,
  notes: () => new NotesSampleRenderer(),
};

const KIND_TITLES: Record<string, string> = {
  series: 'Forecast vs truth vs baseline',
  text: 'Generated text',
  sequence: 'Input → output sequences',
  label: 'Predicted labels',
  notes: 'Generated notes',
};

/** One card per sample kind present in the run, created on first sight. */
export class SamplesView {
  readonly root = el('div', { class: 'samples-stack' });
  private readonly cards = new Map<string, { card: Card; renderer: SampleRenderer; host: HTMLElement }>();
  private readonly empty: HTMLElement;

  constructor() {
    const card = new Card({ id: 'samples-empty', title: 'Sample outputs', wide: true });
    card.chartArea.appendChild(el('p', { class: 'placeholder', text: 'Sample outputs appear after the first epoch.' }));
    this.empty = card.root;
    this.root.appendChild(this.empty);
  }

  update(state: State, theme: Theme): void {
    const kinds = Object.keys(state.samples);
    this.empty.hidden = kinds.length > 0;
    for (const [kind, entry] of this.cards) {
      if (!state.samples[kind]) {
        entry.renderer.destroy();
        entry.card.root.remove();
        this.cards.delete(kind);
      }
    }
    for (const kind of kinds) {
      const set = state.samples[kind]!;
      let entry = this.cards.get(kind);
      if (!entry) {
        const card = new Card({ id: `samples-${kind}`, title: `Samples: ${KIND_TITLES[kind] ?? kind}`, wide: true });
        const host = el('div', { class: 'sample-host' });
        card.chartArea.appendChild(host);
        entry = { card, renderer: (RENDERERS[kind] ?? RENDERERS.text!)(), host };
        this.cards.set(kind, entry);
        this.root.appendChild(card.root);
      }
      entry.renderer.update(entry.host, set, theme, state);
      entry.card.setLegend(entry.renderer.legend(theme, state));
      const r = entry.renderer;
      entry.card.setTable(() => r.table(set));
      entry.card.footer.textContent = `Epoch ${set.epoch} · ${set.samples.length} sample${set.samples.length === 1 ? '' : 's'}`;
    }
  }
}
