/**
 * A sweep's leaderboard (seqlab.showLeaderboard): one row per point with its swept values, status
 * and best metrics. Every column header sorts (metrics best first by their direction, again to
 * reverse); the best completed row by the chosen metric is marked. Per row: open the run's dashboard;
 * tick rows and "Overlay selected" opens them in the compare view; "Promote best to config" asks the
 * host to write the winner's values into the experiment file. The sorting is the CLI's own
 * (src/core/sweep/leaderboard.ts), so both show the same order and the same winner.
 *
 * Sort column, direction and ticked rows are page state (kept across live re-sends of the board).
 */

import type { LeaderboardInfo, WebviewToHost } from '../../src/shared/protocol';
import { bestRow, metricCell, metricColumns, metricDirection, sortRows, valueCell, valueColumns, type LeaderboardRow, type SortSpec } from '../../src/core/sweep/leaderboard';
import type { State } from '../state/types';
import { el, setText } from './dom';

type MetricKey = keyof LeaderboardRow['metrics'];

export class LeaderboardView {
  readonly root: HTMLElement;
  private readonly title = el('h1', { class: 'compare-title' });
  private readonly summary = el('p', { class: 'chart-summary', attrs: { 'aria-live': 'polite' } });
  private readonly metricSelect = el('select', { attrs: { 'aria-label': 'Judge the sweep by this metric' } });
  private readonly overlayBtn = el('button', { class: 'btn secondary', text: 'Overlay selected', attrs: { type: 'button', 'aria-label': 'Overlay the ticked runs in the compare view' } });
  private readonly promoteBtn = el('button', { class: 'btn', text: 'Promote best to config', attrs: { type: 'button' } });
  private readonly tableHost = el('div', { class: 'table-wrap' });
  private board: LeaderboardInfo | undefined;
  private sort: SortSpec | undefined;
  private metric: string | undefined;
  private readonly selected = new Set<string>();
  private key = '';
  /** Point indices in the order drawn: tests read it from the page snapshot. */
  order: number[] = [];

  constructor(
    private readonly post: (m: WebviewToHost) => void,
    /** Called after a sort or metric change redrew the table (the page republishes its snapshot). */
    private readonly onChange: () => void = () => {},
  ) {
    this.metricSelect.addEventListener('change', () => {
      this.metric = this.metricSelect.value;
      this.sort = { column: this.metric };
      this.redraw();
      this.onChange();
    });
    this.overlayBtn.addEventListener('click', () => {
      const runDirs = this.rowsInOrder().filter((r) => r.runDir && this.selected.has(r.runDir)).map((r) => r.runDir as string);
      if (runDirs.length) this.post({ type: 'overlayRuns', runDirs });
    });
    this.promoteBtn.addEventListener('click', () => {
      if (this.board && this.metric) this.post({ type: 'promoteBest', sweepId: this.board.sweepId, metric: this.metric });
    });
    const controls = el('div', { class: 'controls' }, [el('label', { text: 'Judge by ' }, [this.metricSelect]), this.overlayBtn, this.promoteBtn]);
    this.root = el('div', { class: 'compare leaderboard', attrs: { id: 'leaderboard' } }, [
      el('div', { class: 'title-row' }, [this.title, controls]),
      this.summary,
      el('div', { class: 'card wide' }, [this.tableHost]),
    ]);
    this.root.hidden = true;
  }

  update(state: State): void {
    const b = state.leaderboard;
    this.root.hidden = !b;
    if (!b) return;
    const key = JSON.stringify(b);
    if (key === this.key) return;
    this.key = key;
    if (this.board?.sweepId !== b.sweepId) {
      this.selected.clear();
      this.metric = undefined;
      this.sort = undefined;
    }
    this.board = b;
    this.redraw();
  }

  private rowsInOrder(): LeaderboardRow[] {
    const b = this.board;
    if (!b) return [];
    return this.sort ? sortRows(b.rows, this.sort) : b.rows.slice();
  }

  private redraw(): void {
    const b = this.board;
    if (!b) return;
    const metrics = metricColumns(b.rows);
    this.metric = this.metric && metrics.includes(this.metric) ? this.metric : (b.metric && metrics.includes(b.metric) ? b.metric : metrics[0]);
    this.sort ??= this.metric ? { column: this.metric } : { column: 'index' };
    this.metricSelect.replaceChildren(...metrics.map((m) => el('option', { text: `${m} (${metricDirection(m)} is better)`, attrs: { value: m } })));
    if (this.metric) this.metricSelect.value = this.metric;

    const done = b.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    setText(this.title, `Leaderboard: ${b.experiment}`);
    const best = this.metric ? bestRow(b.rows, this.metric) : undefined;
    const bestText = best && this.metric ? ` Best ${this.metric}: point ${best.index} (${describe(best)}) ${metricCell(best.metrics[this.metric as MetricKey])}.` : ' No completed point yet.';
    setText(this.summary, `Sweep ${b.sweepId}: ${done} of ${b.rows.length} point${b.rows.length === 1 ? '' : 's'} finished${b.live ? ', updating as runs finish' : ''}.${bestText}`);
    this.promoteBtn.disabled = !best || !b.configPath;
    this.promoteBtn.title = b.configPath ? `Write the best point's values into ${b.configPath}` : 'The sweep did not record its experiment file';

    const rows = this.rowsInOrder();
    this.order = rows.map((r) => r.index);
    this.tableHost.replaceChildren(this.table(rows, valueColumns(b.rows), metrics, best));
    this.overlayBtn.disabled = this.selected.size === 0;
  }

  private table(rows: LeaderboardRow[], keys: string[], metrics: string[], best: LeaderboardRow | undefined): HTMLTableElement {
    const table = el('table', { class: 'data-table leaderboard-table' });
    table.appendChild(el('caption', { text: 'One row per sweep point; click a column header to sort by it' }));
    const head = el('tr');
    head.appendChild(el('th', { text: 'overlay', attrs: { scope: 'col' } }));
    const columns: Array<[string, string]> = [['index', '#'], ...keys.map((k): [string, string] => [`value:${k}`, k]), ['status', 'status'], ...metrics.map((m): [string, string] => [m, m]), ['seconds', 'time (s)']];
    for (const [column, label] of columns) head.appendChild(this.headerCell(column, label));
    head.appendChild(el('th', { text: 'run', attrs: { scope: 'col' } }));
    table.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    for (const r of rows) body.appendChild(this.row(r, keys, metrics, r === best));
    table.appendChild(body);
    return table;
  }

  private headerCell(column: string, label: string): HTMLTableCellElement {
    const active = this.sort?.column === column;
    const defaultDesc = column !== 'index' && column !== 'status' && column !== 'seconds' && !column.startsWith('value:') && metricDirection(column) === 'higher';
    const desc = active ? (this.sort?.descending ?? defaultDesc) : defaultDesc;
    const btn = el('button', { class: 'btn small secondary', text: `${label}${active ? (desc ? ' ▼' : ' ▲') : ''}`, attrs: { type: 'button', 'data-column': column, 'aria-label': `Sort by ${label}` } });
    btn.addEventListener('click', () => {
      // First click: the column's natural order (best first for a metric); the next click reverses.
      this.sort = active ? { column, descending: !desc } : { column };
      if (!column.startsWith('value:') && column !== 'index' && column !== 'status' && column !== 'seconds') this.metric = column;
      this.redraw();
      this.onChange();
    });
    return el('th', { attrs: { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : 'none' } }, [btn]);
  }

  private row(r: LeaderboardRow, keys: string[], metrics: string[], isBest: boolean): HTMLTableRowElement {
    const tr = el('tr', { class: isBest ? 'best' : '', attrs: { 'data-index': String(r.index) } });
    if (isBest) tr.style.fontWeight = 'bold';
    const tick = el('input', { attrs: { type: 'checkbox', 'aria-label': `Overlay point ${r.index}` } });
    tick.disabled = !r.runDir;
    tick.checked = !!r.runDir && this.selected.has(r.runDir);
    tick.addEventListener('change', () => {
      if (!r.runDir) return;
      if (tick.checked) this.selected.add(r.runDir);
      else this.selected.delete(r.runDir);
      this.overlayBtn.disabled = this.selected.size === 0;
    });
    tr.appendChild(el('td', {}, [tick]));
    tr.appendChild(el('th', { text: `${r.index}${isBest ? ' ★' : ''}`, attrs: { scope: 'row' } }));
    for (const k of keys) tr.appendChild(el('td', { text: valueCell(r.values[k]) }));
    tr.appendChild(el('td', { text: r.status, ...(r.error ? { title: r.error } : {}) }));
    for (const m of metrics) tr.appendChild(el('td', { text: metricCell(r.metrics[m as MetricKey]) }));
    tr.appendChild(el('td', { text: r.seconds !== undefined ? r.seconds.toFixed(1) : '-' }));
    const open = el('button', { class: 'btn small secondary', text: r.runId ?? '-', attrs: { type: 'button', 'aria-label': `Open the dashboard of run ${r.runId ?? ''}` } });
    open.disabled = !r.runDir;
    open.addEventListener('click', () => r.runDir && this.post({ type: 'openRun', runDir: r.runDir }));
    tr.appendChild(el('td', {}, [open]));
    return tr;
  }
}

function describe(r: LeaderboardRow): string {
  return Object.entries(r.values).map(([k, v]) => `${k}=${valueCell(v)}`).join(', ') || 'no swept values';
}
