/** Tiny DOM helpers. User text always goes in through textContent, never innerHTML. */

export interface ElProps {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElProps = {}, children: Array<Node | null | undefined> = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

/** Sets textContent only when it changed (avoids needless layout work on every batch). */
export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter++;
  return `${prefix}-${idCounter}`;
}

/** Builds a real <table> (caption, header row, body) from rows of cell values. */
export function buildTable(caption: string, headers: string[], rows: Array<Array<string>>): HTMLTableElement {
  const table = el('table', { class: 'data-table' });
  table.appendChild(el('caption', { text: caption }));
  const thead = el('thead');
  const hr = el('tr');
  for (const h of headers) hr.appendChild(el('th', { text: h, attrs: { scope: 'col' } }));
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((cell, i) => tr.appendChild(el(i === 0 ? 'th' : 'td', { text: cell, attrs: i === 0 ? { scope: 'row' } : {} })));
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  return table;
}
