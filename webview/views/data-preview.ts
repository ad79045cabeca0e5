/**
 * The "Data" card: what the model is trained on, shown before the first step. The split sizes,
 * shape and baseline come from the start event's DataSummary (every run has it); the series plot or
 * the token statistics and the first examples come from its optional `preview`.
 */

import type { State } from '../state/types';
import { formatNumber } from '../state/samples';
import { Card, chartCanvas } from './card';
import { Chart, lineOptions, type LineDataset } from './charts';
import { buildTable, el } from './dom';
import type { Theme } from './theme';

export class DataPreviewView {
  readonly card = new Card({ id: 'data-card', title: 'Data', subtitle: 'What the model sees, before training' });
  private readonly chart: Chart<'line', Array<{ x: number; y: number }>>;
  private readonly chartBox: HTMLElement;
  private readonly facts = el('p', { class: 'chart-summary' });
  private readonly tokens = el('div', { class: 'token-stats' });
  private readonly examples = el('div', { class: 'data-examples' });
  private key = '';

  constructor(theme: Theme) {
    const c = chartCanvas('Data series', 'small');
    this.chartBox = c.box;
    this.card.chartArea.append(this.facts, c.box, this.tokens, this.examples);
    this.chart = new Chart(c.canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'index', yTitle: 'value' }) });
    this.card.root.hidden = true;
  }

  update(state: State, theme: Theme): void {
    const start = state.start;
    this.card.root.hidden = !start;
    if (!start) return;
    // Redraw only when the run or the theme changed: the data does not change during training.
    const key = `${start.runId}|${theme.kind}|${theme.blue}`;
    if (key === this.key) return;
    this.key = key;
    const d = start.data;
    const p = start.preview;
    const facts = [
      `${d.kind} (${d.task})`,
      `${d.trainExamples} training / ${d.valExamples} validation examples${d.testExamples ? ` / ${d.testExamples} test` : ''}`,
      `${d.timeSteps} time steps × ${d.features} feature${d.features === 1 ? '' : 's'} → ${d.outputs} output${d.outputs === 1 ? '' : 's'}`,
      d.baselineName ? `baseline: ${d.baselineName}` : '',
      p?.series ? `series of ${p.series.length}${p.series.column ? ` (${p.series.column})` : ''}: mean ${formatNumber(p.series.mean)}, std ${formatNumber(p.series.std)}, range ${formatNumber(p.series.min)} … ${formatNumber(p.series.max)}` : '',
    ].filter(Boolean);
    this.facts.textContent = facts.join(' · ');

    const series = p?.series;
    this.chartBox.hidden = !series;
    if (series) {
      const data = series.values.map((y, i) => ({ x: i * series.every, y }));
      this.chart.data.datasets = [{ label: 'series', data, borderColor: theme.blue, backgroundColor: theme.blue, borderWidth: 1.25, pointRadius: 0 }] as LineDataset[] as never;
      this.chart.options = lineOptions(theme, { xTitle: series.every > 1 ? `index (every ${series.every}th point)` : 'index', yTitle: series.column ?? 'value' });
      this.chart.update('none');
      this.chart.canvas.setAttribute('aria-label', `Data series: ${this.facts.textContent}`);
    }

    const t = p?.tokens;
    this.tokens.hidden = !t;
    this.tokens.replaceChildren();
    if (t) {
      this.tokens.append(
        el('p', { text: `${t.totalTokens} ${t.tokens === 'char' ? 'characters' : 'words'}, vocabulary ${t.vocabSize}, ${(100 * t.unkRate).toFixed(1)}% of validation tokens unknown` }),
        buildTable('Most frequent tokens', ['token', 'count'], t.top.map((x) => [JSON.stringify(x.token), String(x.count)])),
      );
    }
    this.examples.replaceChildren();
    if (p?.examples.length) {
      this.examples.append(el('h3', { class: 'minor-title', text: 'First training examples' }),
        el('ol', {}, p.examples.map((e) => exampleItem(e.input, e.target))));
    }
    this.card.setTable(() => buildTable('Data', ['fact'], facts.map((f) => [f])));
  }
}

/** Most inputs are time steps × a few features: one line per feature reads better than nested JSON
 * (the adding problem's values on one line, its two markers on the next). Anything else as JSON. */
function exampleItem(input: unknown, target: unknown): HTMLElement {
  const cols = featureColumns(input);
  if (!cols) return el('li', { text: `input ${short(input)} → target ${short(target)}` });
  const lines = cols.map((col, f) => {
    const code = el('code', { class: 'example-feature', text: `x${cols.length > 1 ? f + 1 : ''}: ${col.slice(0, MAX_STEPS_SHOWN).map((v) => formatNumber(v, 2)).join(' ')}${col.length > MAX_STEPS_SHOWN ? ' …' : ''}` });
    // CSSOM styles (allowed by the page's CSP, unlike style attributes): one line per feature.
    code.style.display = 'block';
    code.style.whiteSpace = 'nowrap';
    code.style.overflow = 'hidden';
    code.style.textOverflow = 'ellipsis';
    return code;
  });
  return el('li', {}, [el('span', { text: `input, ${cols[0]!.length} steps × ${cols.length} feature${cols.length === 1 ? '' : 's'} → target ${short(target)}` }), ...lines]);
}

const MAX_STEPS_SHOWN = 24;

/** [T][F] numbers with F ≤ 4 → F columns of T values; undefined for any other shape. */
function featureColumns(v: unknown): number[][] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const rows = v.map((r) => (typeof r === 'number' ? [r] : r)) as unknown[];
  const f = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0;
  if (f < 1 || f > 4) return undefined;
  if (!rows.every((r) => Array.isArray(r) && r.length === f && r.every((x) => typeof x === 'number'))) return undefined;
  return Array.from({ length: f }, (_, j) => rows.map((r) => (r as number[])[j]!));
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(3)) : x));
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
