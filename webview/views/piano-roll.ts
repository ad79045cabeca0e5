/**
 * Piano roll of a generated melody (artifact kind `pianoroll`, written by `kind: midi` runs): time on
 * x in grid steps with beat lines, one row per pitch on y labelled with pitch names (C4 = middle C;
 * black-key rows shaded), the prompt's notes and the model's notes in two colours with a dashed line
 * where generation starts. The geometry is a pure function (`rollLayout`, unit-tested in Node); the
 * canvas only paints it. The table view lists every note.
 */

import type { ArtifactRecord } from '../../src/core/events';
import type { ArtifactRenderer } from './artifacts';
import { buildTable, clear, el } from './dom';
import type { Theme } from './theme';

export interface RollNote {
  pitch: number;
  start: number;
  duration: number;
}

export interface PianoRollData {
  notes: RollNote[];
  /** Notes before this index are the prompt (seed melody). */
  seed: number;
  /** Grid steps per quarter-note beat (4 on a sixteenth grid). */
  stepsPerBeat: number;
  temperature?: number;
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** 60 → "C4" (MIDI convention), the same names the tokens use. */
export function pitchLabel(pitch: number): string {
  return `${NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`;
}

function isBlackKey(pitch: number): boolean {
  return [1, 3, 6, 8, 10].includes(((pitch % 12) + 12) % 12);
}

/** The record's data checked (it comes from disk or IPC): undefined when it is not a piano roll. */
export function parsePianoRoll(data: unknown): PianoRollData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (!Array.isArray(d.notes)) return undefined;
  const notes: RollNote[] = [];
  for (const n of d.notes as unknown[]) {
    const o = n as Record<string, unknown>;
    if (typeof o?.pitch !== 'number' || typeof o.start !== 'number' || typeof o.duration !== 'number') return undefined;
    notes.push({ pitch: o.pitch, start: o.start, duration: o.duration });
  }
  const seed = typeof d.seed === 'number' ? Math.max(0, Math.min(notes.length, d.seed)) : 0;
  const stepsPerBeat = typeof d.stepsPerBeat === 'number' && d.stepsPerBeat > 0 ? d.stepsPerBeat : 4;
  return { notes, seed, stepsPerBeat, ...(typeof d.temperature === 'number' ? { temperature: d.temperature } : {}) };
}

export const ROLL_MARGIN = { left: 44, right: 8, top: 6, bottom: 22 };

export interface RollLayout {
  /** Lowest and highest pitch shown (one row of margin around the notes). */
  lo: number;
  hi: number;
  steps: number;
  rowHeight: number;
  height: number;
  rects: Array<{ x: number; y: number; w: number; h: number; prompt: boolean; note: RollNote }>;
  /** Pitch rows, top (high) to bottom, with the y of their centre and whether they get a label. */
  rows: Array<{ pitch: number; label: string; y: number; black: boolean; labelled: boolean }>;
  /** x of the first generated note's start (the prompt/generation boundary), if any. */
  boundaryX?: number;
  beatXs: Array<{ x: number; beat: number }>;
}

/** Where everything goes on a canvas `width` px wide. */
export function rollLayout(d: PianoRollData, width: number): RollLayout {
  const pitches = d.notes.map((n) => n.pitch);
  const lo = (pitches.length ? Math.min(...pitches) : 60) - 1;
  const hi = (pitches.length ? Math.max(...pitches) : 72) + 1;
  const rowsN = hi - lo + 1;
  const rowHeight = Math.max(5, Math.min(14, Math.floor(260 / rowsN)));
  const plotH = rowsN * rowHeight;
  const steps = Math.max(1, ...d.notes.map((n) => n.start + n.duration));
  const plotW = Math.max(10, width - ROLL_MARGIN.left - ROLL_MARGIN.right);
  const xOf = (step: number): number => ROLL_MARGIN.left + (step / steps) * plotW;
  const yOfRow = (pitch: number): number => ROLL_MARGIN.top + (hi - pitch) * rowHeight;
  // Label every row when there is room, else only the Cs (and the lowest and highest rows).
  const labelAll = rowHeight >= 10;
  const rows = Array.from({ length: rowsN }, (_, i) => {
    const pitch = hi - i;
    return { pitch, label: pitchLabel(pitch), y: yOfRow(pitch) + rowHeight / 2, black: isBlackKey(pitch), labelled: labelAll || pitch % 12 === 0 || pitch === lo || pitch === hi };
  });
  const rects = d.notes.map((note, i) => ({ x: xOf(note.start), y: yOfRow(note.pitch) + 1, w: Math.max(2, xOf(note.start + note.duration) - xOf(note.start) - 1), h: Math.max(2, rowHeight - 2), prompt: i < d.seed, note }));
  const first = d.notes[d.seed];
  const beats = Math.floor(steps / d.stepsPerBeat);
  const every = Math.max(1, Math.ceil(beats / Math.max(1, Math.floor(plotW / 36))));
  const beatXs = Array.from({ length: beats + 1 }, (_, b) => b).filter((b) => b % every === 0).map((beat) => ({ x: xOf(beat * d.stepsPerBeat), beat }));
  return { lo, hi, steps, rowHeight, height: ROLL_MARGIN.top + plotH + ROLL_MARGIN.bottom, rects, rows, ...(first && d.seed > 0 ? { boundaryX: xOf(first.start) } : {}), beatXs };
}

/** A canvas that paints a roll (and repaints on resize). */
export class PianoRollView {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private last: { data: PianoRollData; theme: Theme } | undefined;

  constructor(label: string) {
    this.canvas = el('canvas', { attrs: { role: 'img', 'aria-label': label } });
    this.root = el('div', { class: 'piano-roll' }, [this.canvas]);
    new ResizeObserver(() => this.redraw()).observe(this.root);
  }

  draw(data: PianoRollData, theme: Theme): void {
    this.last = { data, theme };
    const prompt = data.notes.slice(0, data.seed).map((n) => pitchLabel(n.pitch));
    const gen = data.notes.slice(data.seed).map((n) => pitchLabel(n.pitch));
    this.canvas.setAttribute('aria-label', `Piano roll: ${prompt.length} prompt notes (${prompt.join(' ')}) then ${gen.length} generated notes (${gen.join(' ')})`);
    this.redraw();
  }

  private redraw(): void {
    const d = this.last;
    if (!d) return;
    const { data, theme } = d;
    const width = Math.max(240, this.root.clientWidth);
    const L = rollLayout(data, width);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(L.height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${L.height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, L.height);
    const plotRight = width - ROLL_MARGIN.right;
    const bottom = L.height - ROLL_MARGIN.bottom;
    // Black-key rows shaded like a keyboard, so the eye finds its way between pitch names.
    ctx.fillStyle = theme.grid;
    for (const r of L.rows) if (r.black) ctx.fillRect(ROLL_MARGIN.left, r.y - L.rowHeight / 2, plotRight - ROLL_MARGIN.left, L.rowHeight);
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    for (const b of L.beatXs) {
      ctx.beginPath();
      ctx.moveTo(b.x + 0.5, ROLL_MARGIN.top);
      ctx.lineTo(b.x + 0.5, bottom);
      ctx.stroke();
    }
    for (const r of L.rects) {
      ctx.fillStyle = r.prompt ? theme.blue : theme.orange;
      ctx.fillRect(r.x, r.y, r.w, r.h);
    }
    if (L.boundaryX !== undefined) {
      ctx.strokeStyle = theme.muted;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(L.boundaryX + 0.5, ROLL_MARGIN.top);
      ctx.lineTo(L.boundaryX + 0.5, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = theme.muted;
    ctx.font = `${Math.max(9, Math.min(theme.fontSize - 2, L.rowHeight))}px ${theme.fontFamily}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const r of L.rows) if (r.labelled) ctx.fillText(r.label, ROLL_MARGIN.left - 5, r.y);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
    for (const b of L.beatXs) ctx.fillText(String(b.beat), b.x, bottom + 4);
  }
}

/** Legend under the roll: which colour is the prompt, which the model's notes. */
export function rollLegend(theme: Theme, data: PianoRollData): HTMLElement {
  const item = (color: string, text: string): HTMLElement => {
    const swatch = el('span', { class: 'legend-swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.cssText = `display:inline-block;width:12px;height:8px;margin-right:4px;background:${color}`;
    return el('span', { class: 'legend-item' }, [swatch, document.createTextNode(text)]);
  };
  const t = data.temperature !== undefined ? ` (temperature ${data.temperature})` : '';
  const legend = el('div', { class: 'roll-legend' }, [item(theme.blue, `prompt: ${data.seed} notes of a validation melody`), document.createTextNode('  '), item(theme.orange, `generated: ${data.notes.length - data.seed} notes${t}`)]);
  legend.style.cssText = 'display:flex;gap:1em;flex-wrap:wrap;font-size:0.9em;margin-top:4px';
  return legend;
}

/** The notes as table rows: #, part, pitch, start and length in beats. */
export function rollTable(title: string, data: PianoRollData): HTMLElement {
  const beats = (steps: number): string => String(Math.round((steps / data.stepsPerBeat) * 1000) / 1000);
  const rows = data.notes.map((n, i) => [String(i + 1), i < data.seed ? 'prompt' : 'generated', pitchLabel(n.pitch), String(n.pitch), beats(n.start), beats(n.duration)]);
  return buildTable(title, ['#', 'part', 'pitch', 'MIDI', 'start (beats)', 'length (beats)'], rows);
}

export class PianoRollRenderer implements ArtifactRenderer {
  private view: PianoRollView | undefined;

  update(host: HTMLElement, rec: ArtifactRecord, theme: Theme): void {
    const data = parsePianoRoll(rec.data);
    if (!data) {
      clear(host);
      this.view = undefined;
      host.appendChild(el('p', { class: 'artifact-file', text: 'This piano roll has no readable notes.' }));
      return;
    }
    // One canvas (and its resize observer) per card, repainted for each new piece.
    if (!this.view || !host.contains(this.view.root)) {
      clear(host);
      this.view = new PianoRollView(rec.title ?? 'Piano roll');
      host.appendChild(this.view.root);
    }
    host.querySelector('.roll-legend')?.remove();
    host.appendChild(rollLegend(theme, data));
    this.view.draw(data, theme);
  }

  table(rec: ArtifactRecord): HTMLElement {
    const data = parsePianoRoll(rec.data);
    return data ? rollTable(rec.title ?? rec.name, data) : el('p', { text: 'No notes.' });
  }

  destroy(): void {
    this.view = undefined;
  }
}
