/**
 * The compare view: up to 8 runs overlaid in Okabe & Ito's colour-blind-safe palette (validation
 * loss per epoch, training loss per step, the last epoch's gradient through time on a log axis),
 * each run named by the config keys where the runs differ. Shown instead of the run cards when the
 * host sends `compare` (seqlab.compareRuns, seqlab.raceCells, a sweep).
 */

import type { CompareRun } from '../../src/shared/protocol';
import type { State } from '../state/types';
import { formatNumber } from '../state/samples';
import { Card, chartCanvas, type LegendItem } from './card';
import { Chart, guideLine, lineOptions, type LineDataset } from './charts';
import { buildTable, el } from './dom';
import type { Theme } from './theme';

/** Okabe & Ito (2008), the last one grey instead of black so it reads on dark themes too. */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'];
/** Line styles on top of colour, so runs stay apart in greyscale too. */
const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [6, 3], [2, 2], [8, 3, 2, 3]];

export class CompareView {
  readonly root: HTMLElement;
  readonly card = new Card({ id: 'compare-card', title: 'Compare runs', subtitle: 'Validation loss per epoch (solid markers) and training loss per step', wide: true });
  readonly gttCard = new Card({ id: 'compare-gtt-card', title: 'Gradient through time, last epoch', subtitle: '‖∂L/∂hₜ‖ per time step, log scale: the vanishing gradient of each run', wide: true });
  readonly chart: Chart<'line', Array<{ x: number; y: number }>>;
  private readonly gttChart: Chart<'line', Array<{ x: number; y: number }>>;
  private readonly title = el('h1', { class: 'compare-title' });
  private readonly summary = el('p', { class: 'chart-summary' });
  private key = '';

  constructor(theme: Theme, onCopyMarkdown: () => void) {
    const main = chartCanvas('Compared runs: loss');
    const gtt = chartCanvas('Compared runs: gradient through time');
    this.card.chartArea.append(main.box);
    this.card.footer.append(this.summary);
    this.gttCard.chartArea.append(gtt.box);
    this.chart = new Chart(main.canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'epoch', yTitle: 'loss' }) });
    this.gttChart = new Chart(gtt.canvas, { type: 'line', data: { datasets: [] }, options: lineOptions(theme, { xTitle: 'time step t', yTitle: '‖∂L/∂hₜ‖ (log)', logY: true }) });
    const copy = el('button', { class: 'btn secondary', text: 'Copy as Markdown', attrs: { type: 'button', 'aria-label': 'Copy the comparison (metrics table and config differences) as Markdown' } });
    copy.addEventListener('click', onCopyMarkdown);
    this.root = el('div', { class: 'compare', attrs: { id: 'compare' } }, [el('div', { class: 'title-row' }, [this.title, copy]), this.card.root, this.gttCard.root]);
    this.root.hidden = true;
  }

  update(state: State, theme: Theme): void {
    const c = state.compare;
    this.root.hidden = !c;
    if (!c) return;
    const key = `${JSON.stringify(c.runs.map((r) => [r.runId, r.epochs.length]))}|${theme.kind}`;
    if (key === this.key) return;
    this.key = key;
    this.title.textContent = c.title;
    const runs = c.runs;
    // x axis in epochs; the step losses are placed at fractional epochs (step / steps per epoch).
    const datasets: LineDataset[] = [];
    runs.forEach((r, i) => {
      const color = OKABE_ITO[i % OKABE_ITO.length]!;
      const dash = DASHES[i % DASHES.length]!;
      datasets.push({ label: `${r.label} val loss`, data: r.epochs.filter((e) => e.valLoss !== undefined).map((e) => ({ x: e.epoch, y: e.valLoss! })), borderColor: color, backgroundColor: color, borderWidth: 2.25, borderDash: dash, pointRadius: 3 });
      const spe = stepsPerEpoch(r);
      if (spe) datasets.push({ label: `${r.label} train loss`, data: r.steps.map((p) => ({ x: p.x / spe, y: p.y })), borderColor: withAlpha(color, 0.45), backgroundColor: color, borderWidth: 1, pointRadius: 0 });
    });
    const baseline = runs.find((r) => r.baselineValLoss !== undefined)?.baselineValLoss;
    const maxEpoch = Math.max(1, ...runs.flatMap((r) => r.epochs.map((e) => e.epoch)));
    if (baseline !== undefined && runs.every((r) => r.baselineValLoss === undefined || r.baselineValLoss === baseline)) {
      datasets.push(guideLine('baseline', baseline, 0, maxEpoch, theme.muted, 1.5));
    }
    this.chart.data.datasets = datasets as never;
    const opts = lineOptions(theme, { xTitle: 'epoch', yTitle: 'loss', logY: true });
    if (opts.scales?.x) {
      opts.scales.x.min = 0;
      opts.scales.x.max = maxEpoch;
    }
    this.chart.options = opts;
    this.chart.update('none');
    const legend: LegendItem[] = runs.map((r, i) => ({ label: `${r.label} (${r.runId})`, color: OKABE_ITO[i % OKABE_ITO.length]!, dashed: (DASHES[i % DASHES.length]!.length > 0) }));
    if (baseline !== undefined) legend.push({ label: `baseline ${formatNumber(baseline)}`, color: theme.muted, dashed: true });
    this.card.setLegend(legend);

    const withGtt = runs.map((r, i) => ({ r, i })).filter(({ r }) => r.gradientThroughTime?.length);
    this.gttCard.root.hidden = withGtt.length === 0;
    this.gttChart.data.datasets = withGtt.map(({ r, i }) => ({
      label: r.label, data: r.gradientThroughTime!.map((y, t) => ({ x: t, y })).filter((p) => p.y > 0),
      borderColor: OKABE_ITO[i % OKABE_ITO.length]!, backgroundColor: OKABE_ITO[i % OKABE_ITO.length]!, borderWidth: 2, borderDash: DASHES[i % DASHES.length]!, pointRadius: 0,
    })) as never;
    const gttOpts = lineOptions(theme, { xTitle: 'time step t', yTitle: '‖∂L/∂hₜ‖ (log)', logY: true });
    // Decades only, as 1e-6: a log axis over many decades otherwise prints long decimals.
    if (gttOpts.scales?.y?.ticks) gttOpts.scales.y.ticks = { ...gttOpts.scales.y.ticks, callback: (v) => decadeLabel(Number(v)) };
    this.gttChart.options = gttOpts;
    this.gttChart.update('none');
    this.gttCard.setLegend(withGtt.map(({ r, i }) => ({ label: r.label, color: OKABE_ITO[i % OKABE_ITO.length]! })));

    const finals = runs.map((r) => ({ r, v: bestVal(r) }));
    const ranked = finals.filter((f) => f.v !== undefined).sort((a, b) => a.v! - b.v!);
    this.summary.textContent = ranked.length
      ? `Best validation loss: ${ranked.map((f) => `${f.r.label} ${formatNumber(f.v!)}`).join(' < ')}${baseline !== undefined ? ` (baseline ${formatNumber(baseline)})` : ''}.`
      : 'No validation loss recorded yet.';
    this.card.setTable(() => buildTable('Compared runs', ['run', 'label', 'status', 'epochs', 'best val loss', 'last val loss', 'first/last ‖∂L/∂hₜ‖'],
      runs.map((r) => {
        const g = r.gradientThroughTime;
        const ratio = g && g.length > 1 && g[0]! > 0 ? formatNumber(g[g.length - 1]! / g[0]!, 3) : '';
        const last = [...r.epochs].reverse().find((e) => e.valLoss !== undefined)?.valLoss;
        const b = bestVal(r);
        return [r.runId, r.label, r.status, String(r.epochs.length), b !== undefined ? formatNumber(b, 4) : '', last !== undefined ? formatNumber(last, 4) : '', ratio];
      })));
    this.gttCard.setTable(() => {
      const cols = Math.max(0, ...withGtt.map(({ r }) => r.gradientThroughTime!.length));
      return buildTable('‖∂L/∂hₜ‖ of the last epoch per run', ['run', ...Array.from({ length: cols }, (_, t) => `t=${t}`)],
        withGtt.map(({ r }) => [r.label, ...r.gradientThroughTime!.map((v) => formatNumber(v, 3))]));
    });
  }
}

function decadeLabel(v: number): string {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-6 ? `1e${Math.round(e)}` : '';
}

function bestVal(r: CompareRun): number | undefined {
  const vs = r.epochs.map((e) => e.valLoss).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return vs.length ? Math.min(...vs) : undefined;
}

function stepsPerEpoch(r: CompareRun): number | undefined {
  const last = r.steps[r.steps.length - 1];
  const epochs = r.epochs.length;
  return last && epochs ? last.x / epochs : undefined;
}

function withAlpha(hex: string, a: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${a})` : hex;
}
