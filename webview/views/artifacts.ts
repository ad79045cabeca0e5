/**
 * Task artifacts (the `artifact` events of src/core/events.ts): one card per artifact name, drawn by
 * the renderer registered for its `kind`. The application tasks plug in here without touching the
 * reducer: a confusion matrix (speech), an attention matrix (seq2seq), a piano roll (music). Kinds
 * without a renderer of their own, and `file` records, get the generic renderer (what the file is and
 * where it lives in the run folder).
 *
 * To add a kind: write `webview/views/<kind>.ts` exporting a factory of ArtifactRenderer and add it to
 * ARTIFACT_RENDERERS below (one import, one line).
 */

import type { ArtifactRecord } from '../../src/core/events';
import type { State } from '../state/types';
import { Card } from './card';
import { attentionRenderer } from './attention';
import { confusionRenderer } from './confusion';
import { buildTable, clear, el } from './dom';
import type { Theme } from './theme';
import { PianoRollRenderer } from './piano-roll';

export interface ArtifactRenderer {
  /** Draws (or redraws) the record into `host`; called whenever the record or the theme changes. */
  update(host: HTMLElement, rec: ArtifactRecord, theme: Theme, state: State): void;
  /** The same data as a table (the card's "View as table" and CSV export). */
  table(rec: ArtifactRecord): HTMLElement;
  destroy(): void;
}

/** Generic: the record's title, file and a small JSON look at its data. */
class FileRenderer implements ArtifactRenderer {
  update(host: HTMLElement, rec: ArtifactRecord): void {
    clear(host);
    if (rec.file) {
      const size = rec.file.bytes !== undefined ? ` (${rec.file.bytes.toLocaleString('en-US')} bytes)` : '';
      host.appendChild(el('p', { class: 'artifact-file', text: `artifacts/${rec.file.name}${size}` }));
    }
    if (rec.data !== undefined) {
      const text = JSON.stringify(rec.data);
      host.appendChild(el('pre', { class: 'artifact-json', text: text.length > 2000 ? `${text.slice(0, 2000)}…` : text }));
    }
  }

  table(rec: ArtifactRecord): HTMLElement {
    return buildTable(rec.title ?? rec.name, ['field', 'value'], [
      ['name', rec.name],
      ['kind', rec.kind],
      ['epoch', String(rec.epoch)],
      ['file', rec.file ? `artifacts/${rec.file.name}` : ''],
    ]);
  }

  destroy(): void {}
}

export const ARTIFACT_RENDERERS: Partial<Record<ArtifactRecord['kind'], () => ArtifactRenderer>> = {
  file: () => new FileRenderer(),
  pianoroll: () => new PianoRollRenderer(),
  confusion: confusionRenderer,
  attention: attentionRenderer,
};

const KIND_TITLES: Record<ArtifactRecord['kind'], string> = {
  confusion: 'Confusion matrix',
  attention: 'Attention',
  pianoroll: 'Piano roll',
  file: 'File',
};

/** One card per artifact name, in the order they first arrived. */
export class ArtifactsView {
  readonly root = el('div', { class: 'artifacts-stack' });
  private readonly cards = new Map<string, { card: Card; renderer: ArtifactRenderer; host: HTMLElement; drawn?: ArtifactRecord; theme?: Theme }>();

  update(state: State, theme: Theme): void {
    for (const [name, entry] of this.cards) {
      if (!state.artifacts[name]) {
        entry.renderer.destroy();
        entry.card.root.remove();
        this.cards.delete(name);
      }
    }
    for (const rec of Object.values(state.artifacts)) {
      let entry = this.cards.get(rec.name);
      if (!entry) {
        const card = new Card({ id: `artifact-${rec.name}`, title: rec.title ?? `${KIND_TITLES[rec.kind] ?? rec.kind}: ${rec.name}`, wide: true });
        const host = el('div', { class: `artifact-host artifact-${rec.kind}` });
        card.chartArea.appendChild(host);
        entry = { card, renderer: (ARTIFACT_RENDERERS[rec.kind] ?? ARTIFACT_RENDERERS.file!)(), host };
        this.cards.set(rec.name, entry);
        this.root.appendChild(card.root);
      }
      // Redraw only when the record or the theme changed (records are replaced, never mutated).
      if (entry.drawn === rec && entry.theme === theme) continue;
      entry.renderer.update(entry.host, rec, theme, state);
      entry.drawn = rec;
      entry.theme = theme;
      const r = entry.renderer;
      entry.card.setTable(() => r.table(rec));
      entry.card.footer.textContent = `Epoch ${rec.epoch}${rec.file ? ` · artifacts/${rec.file.name}` : ''}`;
    }
  }
}
