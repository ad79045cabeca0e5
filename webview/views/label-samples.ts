/**
 * Samples of classification tasks (SampleRecord kind 'label'): per example what it was (for audio:
 * the clip, its speaker and length; for toy tasks: the input symbols), the true label, the
 * prediction marked right or wrong, and — when the task sends `top` — the three most probable labels
 * as bars, so a learner sees how sure the model was, not only what it said.
 */

import type { SampleRecord } from '../../src/core/events';
import type { SampleSet } from '../state/types';
import { sampleText } from '../state/samples';
import type { LegendItem } from './card';
import { buildTable, clear, el } from './dom';
import type { SampleRenderer } from './samples';
import { withAlpha, type Theme } from './theme';

interface TopEntry {
  label: string;
  p: number;
}

/** `top` of a label sample when it is a list of {label, p}; [] otherwise. */
export function topOf(rec: SampleRecord): TopEntry[] {
  const top = rec.top;
  if (!Array.isArray(top)) return [];
  return top.filter((t): t is TopEntry => !!t && typeof t === 'object' && typeof (t as TopEntry).p === 'number').map((t) => ({ label: String(t.label), p: t.p }));
}

/** What the example was, in words: an audio clip summary, or the input as text. */
export function describeInput(input: unknown): string {
  if (input && typeof input === 'object' && !Array.isArray(input) && 'clip' in input) {
    const c = input as { clip: unknown; speaker?: unknown; seconds?: unknown; frames?: unknown };
    const parts = [String(c.clip)];
    if (c.speaker !== undefined) parts.push(`speaker ${String(c.speaker)}`);
    if (typeof c.seconds === 'number') parts.push(`${c.seconds.toFixed(2)} s`);
    if (typeof c.frames === 'number') parts.push(`${c.frames} frames`);
    return parts.join(' · ');
  }
  return sampleText(input);
}

export function isCorrect(rec: SampleRecord): boolean {
  return sampleText(rec.target) === sampleText(rec.output);
}

class LabelRenderer implements SampleRenderer {
  update(host: HTMLElement, set: SampleSet, theme: Theme): void {
    clear(host);
    const list = el('div', { class: 'sample-text-list' });
    set.samples.forEach((rec, i) => list.appendChild(labelSample(rec, i, theme)));
    host.appendChild(list);
  }

  legend(theme: Theme): LegendItem[] {
    return [
      { label: 'right', color: theme.green, marker: true },
      { label: 'wrong', color: theme.red, marker: true },
    ];
  }

  table(set: SampleSet): HTMLElement {
    const rows = set.samples.map((r, i) => [
      String(i + 1),
      describeInput(r.input),
      sampleText(r.target),
      sampleText(r.output),
      isCorrect(r) ? 'yes' : 'no',
      topOf(r).map((t) => `${t.label} ${(t.p * 100).toFixed(1)}%`).join(', '),
    ]);
    return buildTable(`Predicted labels (epoch ${set.epoch})`, ['#', 'input', 'target', 'output', 'right', 'top 3'], rows);
  }

  destroy(): void {}
}

function labelSample(rec: SampleRecord, i: number, theme: Theme): HTMLElement {
  const ok = isCorrect(rec);
  const verdict = el('span', { text: ok ? '✓ right' : '✗ wrong' });
  verdict.style.color = ok ? theme.green : theme.red;
  const dl = el('dl', { class: 'sample-text' }, [
    el('dt', { text: 'input' }),
    el('dd', { text: describeInput(rec.input) }),
    el('dt', { text: 'target' }),
    el('dd', { text: sampleText(rec.target) }),
    el('dt', { text: 'output' }),
    el('dd', {}, [document.createTextNode(`${sampleText(rec.output)} `), verdict]),
  ]);
  const top = topOf(rec);
  if (top.length) {
    const bars = el('div', { class: 'label-top' });
    bars.style.maxWidth = '24em'; // 100% reads as a bar, not as the whole card
    for (const t of top) {
      const bar = el('span', { text: `${t.label} ${(t.p * 100).toFixed(1)}%` });
      bar.style.display = 'block';
      bar.style.whiteSpace = 'nowrap';
      const right = t.label === sampleText(rec.target);
      bar.style.background = `linear-gradient(to right, ${withAlpha(right ? theme.green : theme.blue, 0.35)} ${(t.p * 100).toFixed(1)}%, transparent ${(t.p * 100).toFixed(1)}%)`;
      bars.appendChild(bar);
    }
    dl.append(el('dt', { text: 'top 3' }), el('dd', {}, [bars]));
  }
  return el('article', { class: 'sample', attrs: { 'aria-label': `Sample ${i + 1}: ${ok ? 'right' : 'wrong'}` } }, [el('h3', { class: 'minor-title', text: `Sample ${i + 1}` }), dl]);
}

export function labelRenderer(): SampleRenderer {
  return new LabelRenderer();
}
