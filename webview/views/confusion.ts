/**
 * The confusion matrix of a classification task (ArtifactRecord kind 'confusion', data
 * {labels, matrix} with rows = true label, columns = predicted): an HTML table whose cells are
 * shaded by the share of their row (so a rare class is as readable as a common one), the diagonal
 * (correct answers) in green, mistakes in the theme's red, each row's recall at the end, and a line
 * naming the most frequent confusions. A table rather than the canvas heatmap (views/heatmap.ts):
 * the axes are label names and every cell shows its count as text, which a screen reader reads too.
 */

import type { ArtifactRecord } from '../../src/core/events';
import type { ArtifactRenderer } from './artifacts';
import { buildTable, clear, el } from './dom';
import { withAlpha, type Theme } from './theme';

export interface ConfusionData {
  labels: string[];
  matrix: number[][];
}

/** The record's data if it is a square matrix of counts with one label per row, else undefined. */
export function parseConfusion(data: unknown): ConfusionData | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { labels, matrix } = data as Partial<ConfusionData>;
  if (!Array.isArray(labels) || !Array.isArray(matrix) || matrix.length !== labels.length) return undefined;
  if (!matrix.every((row) => Array.isArray(row) && row.length === labels.length && row.every((v) => typeof v === 'number' && Number.isFinite(v)))) return undefined;
  return { labels: labels.map(String), matrix };
}

export interface ConfusionStats {
  total: number;
  correct: number;
  accuracy: number;
  /** Per true label: correct / row total (NaN for a label with no examples). */
  recall: number[];
  /** Off-diagonal cells, largest first (at most 3, count > 0). */
  topConfusions: Array<{ truth: string; predicted: string; count: number }>;
}

export function confusionStats(c: ConfusionData): ConfusionStats {
  let total = 0;
  let correct = 0;
  const recall: number[] = [];
  const off: Array<{ truth: string; predicted: string; count: number }> = [];
  c.matrix.forEach((row, r) => {
    const n = row.reduce((a, b) => a + b, 0);
    total += n;
    correct += row[r] ?? 0;
    recall.push(n > 0 ? (row[r] ?? 0) / n : NaN);
    row.forEach((count, p) => {
      if (p !== r && count > 0) off.push({ truth: c.labels[r] as string, predicted: c.labels[p] as string, count });
    });
  });
  off.sort((a, b) => b.count - a.count || a.truth.localeCompare(b.truth));
  return { total, correct, accuracy: total > 0 ? correct / total : NaN, recall, topConfusions: off.slice(0, 3) };
}

function percent(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : '–';
}

class ConfusionRenderer implements ArtifactRenderer {
  update(host: HTMLElement, rec: ArtifactRecord, theme: Theme): void {
    clear(host);
    const c = parseConfusion(rec.data);
    if (!c) {
      host.appendChild(el('p', { class: 'muted', text: 'This confusion matrix has no readable data (expected {labels, matrix}).' }));
      return;
    }
    const s = confusionStats(c);
    const table = el('table', { class: 'data-table confusion-matrix' });
    // As wide as its cells, not the card: the labels stay next to their counts.
    table.style.width = 'auto';
    table.appendChild(el('caption', { text: `${s.correct} of ${s.total} right (${percent(s.accuracy)}). Rows: true label; columns: predicted label.` }));
    const head = el('tr', {}, [el('th', { text: 'true \\ predicted', attrs: { scope: 'col' } })]);
    for (const l of c.labels) head.appendChild(el('th', { text: l, attrs: { scope: 'col' } }));
    head.appendChild(el('th', { text: 'recall', attrs: { scope: 'col' } }));
    table.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    c.matrix.forEach((row, r) => {
      const n = row.reduce((a, b) => a + b, 0);
      const tr = el('tr', {}, [el('th', { text: c.labels[r] as string, attrs: { scope: 'row' } })]);
      row.forEach((count, p) => {
        const td = el('td', { text: String(count), title: `true ${c.labels[r]}, predicted ${c.labels[p]}: ${count} of ${n}` });
        const share = n > 0 ? count / n : 0;
        if (count > 0) td.style.background = withAlpha(p === r ? theme.green : theme.red, 0.15 + 0.6 * share);
        td.style.textAlign = 'center';
        if (p === r) td.style.fontWeight = 'bold';
        tr.appendChild(td);
      });
      tr.appendChild(el('td', { text: percent(s.recall[r] ?? NaN) }));
      body.appendChild(tr);
    });
    table.appendChild(body);
    host.appendChild(table);
    const top = s.topConfusions.map((t) => `${t.truth} → ${t.predicted} (${t.count})`).join(', ');
    host.appendChild(el('p', { class: 'muted', text: top ? `Most frequent mistakes: ${top}.` : 'No mistakes.' }));
  }

  table(rec: ArtifactRecord): HTMLElement {
    const c = parseConfusion(rec.data);
    if (!c) return buildTable(rec.title ?? rec.name, ['note'], [['no readable data']]);
    const rows = c.matrix.map((row, r) => [c.labels[r] as string, ...row.map(String)]);
    return buildTable(rec.title ?? rec.name, ['true \\ predicted', ...c.labels], rows);
  }

  destroy(): void {}
}

export function confusionRenderer(): ArtifactRenderer {
  return new ConfusionRenderer();
}
