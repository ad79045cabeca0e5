/**
 * Export buttons of a card: "PNG" sends the card's main canvas (drawn onto the theme background, so
 * the image reads outside the editor) and "CSV" sends the card's table data; the host saves both.
 * `tableToCsv` is pure DOM reading, the same data "view as table" shows.
 */

import type { WebviewToHost } from '../../src/shared/protocol';
import type { Card } from './card';
import type { Theme } from './theme';

export interface ExportTarget {
  card: Card;
  /** File-name stem, e.g. "loss". */
  name: string;
  canvas: () => HTMLCanvasElement | undefined;
}

export function addExportButtons(t: ExportTarget, post: (m: WebviewToHost) => void, runId: () => string | undefined, theme: () => Theme): void {
  const title = t.card.root.querySelector('h2')?.textContent ?? t.name;
  t.card.addAction('PNG', `Save the ${title} chart as PNG`, () => {
    const id = runId();
    const c = t.canvas();
    if (!id || !c || !c.width || !c.height) return;
    post({ type: 'exportPng', runId: id, chart: t.name, dataUrl: onBackground(c, theme().background) });
  });
  t.card.addAction('CSV', `Save the ${title} data as CSV`, () => {
    const id = runId();
    const table = t.card.currentTable();
    if (!id || !table) return;
    post({ type: 'exportCsv', runId: id, chart: t.name, csv: tableToCsv(table) });
  });
}

function onBackground(c: HTMLCanvasElement, background: string): string {
  const out = document.createElement('canvas');
  out.width = c.width;
  out.height = c.height;
  const ctx = out.getContext('2d');
  if (!ctx) return c.toDataURL('image/png');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(c, 0, 0);
  return out.toDataURL('image/png');
}

/** Every <table> under `root` as CSV (RFC 4180 quoting), tables separated by a blank line. */
export function tableToCsv(root: HTMLElement): string {
  const tables = root instanceof HTMLTableElement ? [root] : [...root.querySelectorAll('table')];
  return tables.map((tbl) => [...tbl.querySelectorAll('tr')]
    .map((tr) => [...tr.querySelectorAll('th, td')].map((c) => csvCell(c.textContent ?? '')).join(','))
    .join('\r\n')).join('\r\n\r\n') + '\r\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
