/**
 * The attention matrix of a seq2seq model (ArtifactRecord kind 'attention', data {source, target,
 * weights} with rows = output steps): the shared canvas heatmap (views/heatmap.ts, viridis on a log
 * scale so faint attention stays visible) with output steps down and input steps across, and below it
 * the tokens of both axes as text, so the picture can be read: a reversal shows an anti-diagonal, a
 * translation mostly a diagonal that bends where the word order changes.
 */

import type { ArtifactRecord } from '../../src/core/events';
import type { Heatmap } from '../state/heatmaps';
import type { ArtifactRenderer } from './artifacts';
import { buildTable, clear, el } from './dom';
import { HeatmapView, logScale } from './heatmap';
import type { Theme } from './theme';

export interface AttentionData {
  source: string[];
  target: string[];
  weights: number[][];
}

/** Smallest weight shown (the log scale's floor): weights below it are drawn in its colour. */
export const ATTENTION_FLOOR = 1e-3;

/** The record's data if it is a target × source matrix of weights, else undefined. */
export function parseAttention(data: unknown): AttentionData | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { source, target, weights } = data as Partial<AttentionData>;
  if (!Array.isArray(source) || !Array.isArray(target) || !Array.isArray(weights) || weights.length !== target.length || source.length === 0) return undefined;
  if (!weights.every((row) => Array.isArray(row) && row.length === source.length && row.every((v) => typeof v === 'number' && Number.isFinite(v)))) return undefined;
  return { source: source.map(String), target: target.map(String), weights };
}

export function attentionHeatmap(a: AttentionData): Heatmap {
  const values = a.weights.map((row) => row.map((v) => Math.max(ATTENTION_FLOOR, Math.min(1, v))));
  return { rows: a.target.map((_, i) => i), cols: a.source.length, values, min: ATTENTION_FLOOR, max: 1 } as Heatmap;
}

/** For each output step, the input step it attends to most (what the eye should see). */
export function strongestSource(a: AttentionData): number[] {
  return a.weights.map((row) => row.reduce((best, v, j) => (v > (row[best] ?? -1) ? j : best), 0));
}

class AttentionRenderer implements ArtifactRenderer {
  private view: HeatmapView | undefined;

  update(host: HTMLElement, rec: ArtifactRecord, theme: Theme): void {
    clear(host);
    const a = parseAttention(rec.data);
    if (!a) {
      host.appendChild(el('p', { class: 'muted', text: 'This attention matrix has no readable data (expected {source, target, weights}).' }));
      return;
    }
    this.view = new HeatmapView('Attention weights: output steps (rows) by input steps (columns)');
    host.appendChild(this.view.root);
    this.view.draw(attentionHeatmap(a), logScale(ATTENTION_FLOOR, 1), theme, 'input step', 'output step');
    const axis = (label: string, tokens: string[]): HTMLElement =>
      el('p', { class: 'muted attention-axis', text: `${label}: ${tokens.map((t, i) => `${i}:${t}`).join('  ')}` });
    host.appendChild(axis('input steps', a.source));
    host.appendChild(axis('output steps', a.target));
  }

  table(rec: ArtifactRecord): HTMLElement {
    const a = parseAttention(rec.data);
    if (!a) return buildTable(rec.title ?? 'Attention', ['note'], [['no readable data']]);
    return buildTable(rec.title ?? 'Attention', ['output \\ input', ...a.source], a.weights.map((row, i) => [a.target[i] as string, ...row.map((v) => v.toFixed(3))]));
  }

  destroy(): void {
    this.view = undefined;
  }
}

export function attentionRenderer(): ArtifactRenderer {
  return new AttentionRenderer();
}
