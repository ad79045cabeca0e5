/**
 * Samples of `kind: notes` (melody runs). Generated samples carry their notes: each is drawn as a
 * small piano roll (prompt and generated notes in two colours) with its temperature. Teacher-forced
 * samples are token rows — the validation window, the true next notes, the model's likeliest next
 * notes and repeat-last-note's — with the model's hits marked, so you can read where it follows the
 * tune. All text goes in through textContent.
 */

import type { SampleRecord } from '../../src/core/events';
import type { SampleSet } from '../state/types';
import type { LegendItem } from './card';
import { buildTable, clear, el } from './dom';
import { parsePianoRoll, PianoRollView, rollLegend } from './piano-roll';
import type { SampleRenderer } from './samples';
import type { Theme } from './theme';

function tokens(v: unknown): string[] {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().split(/\s+/) : [];
}

/** How many of `output`'s tokens equal `target`'s at the same position. */
export function hits(output: unknown, target: unknown): { hit: number; of: number } {
  const o = tokens(output);
  const t = tokens(target);
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (o[i] === t[i]) hit++;
  return { hit, of: t.length };
}

export class NotesSampleRenderer implements SampleRenderer {
  update(host: HTMLElement, set: SampleSet, theme: Theme): void {
    clear(host);
    const list = el('div', { class: 'sample-text-list' });
    set.samples.forEach((rec, i) => list.appendChild(rec.mode === 'generated' ? generated(rec, i, theme) : teacherForced(rec, i)));
    host.appendChild(list);
  }

  legend(theme: Theme): LegendItem[] {
    return [
      { label: 'prompt', color: theme.blue },
      { label: 'generated', color: theme.orange },
    ];
  }

  table(set: SampleSet): HTMLElement {
    const rows = set.samples.map((r, i) => [String(i + 1), String(r.mode ?? ''), r.temperature !== undefined ? String(r.temperature) : '', String(r.input ?? ''), String(r.target ?? ''), String(r.output ?? ''), String(r.baseline ?? '')]);
    return buildTable(`Note samples (epoch ${set.epoch})`, ['#', 'mode', 'temperature', 'input', 'target', 'output', 'baseline'], rows);
  }

  destroy(): void {}
}

function generated(rec: SampleRecord, i: number, theme: Theme): HTMLElement {
  const title = `Generated${rec.temperature !== undefined ? ` at temperature ${String(rec.temperature)}` : ` ${i + 1}`}${rec.topK !== undefined ? ` · top-k ${String(rec.topK)}` : ''}`;
  const data = parsePianoRoll({ notes: rec.notes, seed: rec.seed, stepsPerBeat: typeof rec.grid === 'number' ? rec.grid / 4 : 4, temperature: rec.temperature });
  const children: HTMLElement[] = [el('h3', { class: 'minor-title', text: title })];
  if (data) {
    const view = new PianoRollView(title);
    children.push(view.root, rollLegend(theme, data));
    // Drawn after it is in the page (its width comes from the layout); the observer repaints then too.
    queueMicrotask(() => view.draw(data, theme));
  }
  children.push(el('p', { class: 'sample-notes-tokens', text: `${String(rec.input ?? '')} ‖ ${String(rec.output ?? '')}` }));
  return el('article', { class: 'sample', attrs: { 'aria-label': title } }, children);
}

function teacherForced(rec: SampleRecord, i: number): HTMLElement {
  const model = hits(rec.output, rec.target);
  const base = hits(rec.baseline, rec.target);
  const dl = el('dl', { class: 'sample-text' });
  const add = (k: string, v: unknown): void => {
    if (v === undefined || v === null) return;
    dl.append(el('dt', { text: k }), el('dd', { text: String(v) }));
  };
  add('input (notes read)', rec.input);
  add('target (next notes)', rec.target);
  add(`model (${model.hit}/${model.of} right)`, rec.output);
  add(`repeat last note (${base.hit}/${base.of} right)`, rec.baseline);
  return el('article', { class: 'sample', attrs: { 'aria-label': `Sample ${i + 1}` } }, [el('h3', { class: 'minor-title', text: `Validation window ${i + 1} (teacher-forced)` }), dl]);
}

