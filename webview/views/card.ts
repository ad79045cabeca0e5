/**
 * A dashboard card: title, controls, a chart area and a "view as table" toggle that swaps the canvas
 * for a real <table> holding the same data (built lazily, only while shown).
 */

import { clear, el, uid } from './dom';

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** A dot instead of a line (markers such as clipped steps). */
  marker?: boolean;
  /** A hollow ring marker. */
  ring?: boolean;
}

export class Card {
  readonly root: HTMLElement;
  readonly controls: HTMLElement;
  readonly chartArea: HTMLElement;
  readonly legend: HTMLElement;
  readonly footer: HTMLElement;
  private readonly tableArea: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly actions: HTMLElement;
  private showTable = false;
  private tableBuilder: (() => HTMLElement) | undefined;

  constructor(o: { id: string; title: string; subtitle?: string; wide?: boolean }) {
    const titleId = uid(`${o.id}-title`);
    this.root = el('section', { class: `card${o.wide ? ' wide' : ''}`, attrs: { id: o.id, 'aria-labelledby': titleId } });
    this.toggle = el('button', { class: 'btn secondary small table-toggle', text: 'View as table', attrs: { type: 'button', 'aria-pressed': 'false' } });
    this.toggle.addEventListener('click', () => this.setTableMode(!this.showTable));
    this.controls = el('div', { class: 'card-controls' });
    const head = el('header', { class: 'card-head' }, [
      el('div', { class: 'card-titles' }, [
        el('h2', { text: o.title, attrs: { id: titleId } }),
        o.subtitle ? el('p', { class: 'card-subtitle', text: o.subtitle }) : null,
      ]),
      (this.actions = el('div', { class: 'card-actions' }, [this.controls, this.toggle])),
    ]);
    this.legend = el('ul', { class: 'legend', attrs: { 'aria-label': `${o.title} legend` } });
    this.chartArea = el('div', { class: 'chart-area' });
    this.tableArea = el('div', { class: 'table-area', attrs: { tabindex: '0', role: 'region', 'aria-label': `${o.title} data table` } });
    this.tableArea.hidden = true;
    this.footer = el('div', { class: 'card-footer' });
    this.root.append(head, this.legend, this.chartArea, this.tableArea, this.footer);
  }

  get tableMode(): boolean {
    return this.showTable;
  }

  setTableMode(on: boolean): void {
    this.showTable = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.textContent = on ? 'View as chart' : 'View as table';
    this.chartArea.hidden = on;
    this.tableArea.hidden = !on;
    this.root.dataset.view = on ? 'table' : 'chart';
    this.refreshTable();
  }

  /** The function that builds the table from the current data; called now if the table is shown. */
  setTable(build: () => HTMLElement): void {
    this.tableBuilder = build;
    this.refreshTable();
  }

  private refreshTable(): void {
    if (!this.showTable || !this.tableBuilder) return;
    clear(this.tableArea);
    this.tableArea.appendChild(this.tableBuilder());
  }

  /** The card's data as a table, built now (for the CSV export); undefined before there is data. */
  currentTable(): HTMLElement | undefined {
    return this.tableBuilder?.();
  }

  /** A small button after the table toggle (exports). */
  addAction(label: string, ariaLabel: string, onClick: () => void): HTMLButtonElement {
    const b = el('button', { class: 'btn secondary small card-action', text: label, attrs: { type: 'button', 'aria-label': ariaLabel, title: ariaLabel } });
    b.addEventListener('click', onClick);
    this.actions.appendChild(b);
    return b;
  }

  setLegend(items: LegendItem[]): void {
    const key = JSON.stringify(items);
    if (this.legend.dataset.key === key) return;
    this.legend.dataset.key = key;
    clear(this.legend);
    for (const it of items) {
      const swatch = el('span', { class: `swatch${it.dashed ? ' dashed' : ''}${it.marker ? ' marker' : ''}${it.ring ? ' ring' : ''}`, attrs: { 'aria-hidden': 'true' } });
      swatch.style.setProperty('--swatch', it.color);
      this.legend.appendChild(el('li', {}, [swatch, el('span', { text: it.label })]));
    }
  }
}

/** A canvas in a sized box with an accessible name (role img + aria-label kept current). */
export function chartCanvas(label: string, size: 'normal' | 'small' = 'normal'): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': label } });
  const box = el('div', { class: `chart-box ${size}` }, [canvas]);
  return { box, canvas };
}
