/**
 * Seq2seq samples (SampleRecord kind 'sequence'): per example the input, the target, the
 * teacher-forced output (the decoder fed the TRUE previous token at each step), the free-running
 * output (fed its own previous token, as in real use), the beam-search output when recorded, and the
 * copy-the-input baseline — one row each, token by token, aligned on the target's positions. A token
 * that differs from the target's token at its position is marked wrong (red), a matching one right
 * (green); tokens beyond the target's end are wrong too. All text goes in with textContent.
 */

import type { SampleRecord } from '../../src/core/events';
import type { SampleSet } from '../state/types';
import { sampleText } from '../state/samples';
import type { LegendItem } from './card';
import { buildTable, clear, el } from './dom';
import type { SampleRenderer } from './samples';
import { withAlpha, type Theme } from './theme';

export type TokenMark = 'right' | 'wrong' | 'plain';

export interface SequenceRow {
  label: string;
  tokens: Array<{ text: string; mark: TokenMark }>;
  /** Compared with the target: all tokens right and the same length. */
  exact?: boolean;
}

const ROWS: Array<[key: string, label: string]> = [
  ['teacherForced', 'teacher-forced'],
  ['output', 'free running'],
  ['beam', 'beam search'],
  ['baseline', 'copy baseline'],
];

/** The record's tokens for one field: `tokens[field]` when the task sent token lists, else split text. */
export function tokensOf(rec: SampleRecord, field: string): string[] | undefined {
  const lists = rec.tokens;
  if (lists && typeof lists === 'object' && Array.isArray((lists as Record<string, unknown>)[field])) {
    return ((lists as Record<string, unknown[]>)[field] as unknown[]).map((t) => String(t));
  }
  const v = rec[field];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((t) => String(t));
  const text = sampleText(v);
  return rec.join === '' ? Array.from(text) : text.split(/\s+/).filter((t) => t !== '');
}

/** The rows shown for one sample: input and target unmarked, every output marked against the target. */
export function sequenceRows(rec: SampleRecord): SequenceRow[] {
  const target = tokensOf(rec, 'target') ?? [];
  const rows: SequenceRow[] = [
    { label: 'input', tokens: (tokensOf(rec, 'input') ?? []).map((text) => ({ text, mark: 'plain' })) },
    { label: 'target', tokens: target.map((text) => ({ text, mark: 'plain' })) },
  ];
  for (const [key, label] of ROWS) {
    const toks = tokensOf(rec, key);
    if (!toks) continue;
    const marked = toks.map((text, i) => ({ text, mark: (text === target[i] ? 'right' : 'wrong') as TokenMark }));
    rows.push({ label, tokens: marked, exact: toks.length === target.length && marked.every((t) => t.mark === 'right') });
  }
  return rows;
}

class SequenceRenderer implements SampleRenderer {
  update(host: HTMLElement, set: SampleSet, theme: Theme): void {
    clear(host);
    const list = el('div', { class: 'sample-text-list' });
    set.samples.forEach((rec, i) => list.appendChild(sequenceSample(rec, i, theme)));
    host.appendChild(list);
  }

  legend(theme: Theme): LegendItem[] {
    return [
      { label: 'token right', color: theme.green, marker: true },
      { label: 'token wrong', color: theme.red, marker: true },
    ];
  }

  table(set: SampleSet): HTMLElement {
    const join = (rec: SampleRecord, field: string): string => (tokensOf(rec, field) ?? []).join(rec.join === '' ? '' : ' ');
    return buildTable(
      'Sequence samples',
      ['#', 'input', 'target', 'teacher-forced', 'free running', 'beam search', 'copy baseline'],
      set.samples.map((rec, i) => [String(i + 1), join(rec, 'input'), join(rec, 'target'), join(rec, 'teacherForced'), join(rec, 'output'), join(rec, 'beam'), join(rec, 'baseline')]),
    );
  }

  destroy(): void {}
}

function sequenceSample(rec: SampleRecord, i: number, theme: Theme): HTMLElement {
  const dl = el('dl', { class: 'sample-text sequence-sample', attrs: { 'aria-label': `Sample ${i + 1}` } });
  const gap = rec.join === '' ? '0' : '0.4em';
  for (const row of sequenceRows(rec)) {
    const suffix = row.exact === undefined ? '' : row.exact ? ' ✓' : ' ✗';
    dl.appendChild(el('dt', { text: `${row.label}${suffix}` }));
    const dd = el('dd');
    dd.style.display = 'flex';
    dd.style.flexWrap = 'wrap';
    dd.style.columnGap = gap;
    for (const t of row.tokens) {
      const span = el('span', { text: t.text, class: `tok tok-${t.mark}` });
      if (t.mark !== 'plain') {
        const color = t.mark === 'right' ? theme.green : theme.red;
        span.style.background = withAlpha(color, 0.22);
        span.style.borderBottom = `2px solid ${color}`;
        span.title = t.mark === 'right' ? 'matches the target' : 'differs from the target at this position';
      }
      dd.appendChild(span);
    }
    if (row.tokens.length === 0) dd.appendChild(el('span', { class: 'muted', text: '(empty)' }));
    dl.appendChild(dd);
  }
  return dl;
}

export function sequenceRenderer(): SampleRenderer {
  return new SequenceRenderer();
}
