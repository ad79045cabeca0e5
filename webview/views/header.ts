/**
 * The header: experiment, status, backend and why, epoch x/N, best validation loss vs the baseline,
 * and the run actions (Stop, Open run folder, Open config) that post WebviewToHost messages.
 */

import type { WebviewToHost } from '../../src/shared/protocol';
import type { State } from '../state/types';
import { bestValLoss, currentEpoch } from '../state/series';
import { formatNumber } from '../state/samples';
import { el, setText } from './dom';

const STATUS_LABEL: Record<string, string> = {
  idle: 'No run',
  waiting: 'Starting…',
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
};

export class Header {
  readonly root: HTMLElement;
  private readonly title = el('h1', { class: 'experiment', attrs: { id: 'experiment-name' } });
  private readonly status = el('span', { class: 'status-badge', attrs: { id: 'run-status', role: 'status' } });
  private readonly runId = el('span', { class: 'run-id' });
  private readonly backend = el('span', { class: 'backend', attrs: { id: 'backend' } });
  private readonly backendWhy = el('span', { class: 'backend-why' });
  private readonly stopBtn: HTMLButtonElement;
  private readonly folderBtn: HTMLButtonElement;
  private readonly configBtn: HTMLButtonElement;
  private readonly markdownBtn: HTMLButtonElement;
  private readonly tiles: Record<string, { value: HTMLElement; note: HTMLElement; tile: HTMLElement }> = {};
  private readonly banner = el('div', { class: 'banner error', attrs: { role: 'alert' } });

  constructor(private readonly post: (m: WebviewToHost) => void, private readonly currentRunId: () => string | undefined) {
    const button = (label: string, cls: string, aria: string, onClick: () => void): HTMLButtonElement => {
      const b = el('button', { class: `btn ${cls}`, text: label, attrs: { type: 'button', 'aria-label': aria } });
      b.addEventListener('click', onClick);
      return b;
    };
    const withRun = (f: (runId: string) => WebviewToHost) => () => {
      const id = this.currentRunId();
      if (id) this.post(f(id));
    };
    this.stopBtn = button('Stop', 'danger', 'Stop training', withRun((runId) => ({ type: 'stop', runId })));
    this.folderBtn = button('Open run folder', 'secondary', 'Open the run folder', withRun((runId) => ({ type: 'openRunFolder', runId })));
    this.configBtn = button('Open config', 'secondary', 'Open the experiment config', withRun((runId) => ({ type: 'openConfig', runId })));
    this.markdownBtn = button('Copy as Markdown', 'secondary', 'Copy the run report (metrics table and config) as Markdown', withRun((runId) => ({ type: 'copyMarkdown', runId })));
    const tile = (key: string, label: string): HTMLElement => {
      const value = el('span', { class: 'tile-value', attrs: { id: `tile-${key}` } });
      const note = el('span', { class: 'tile-note' });
      const t = el('div', { class: 'tile', attrs: { role: 'group', 'aria-label': label } }, [el('span', { class: 'tile-label', text: label }), value, note]);
      this.tiles[key] = { value, note, tile: t };
      return t;
    };
    this.banner.hidden = true;
    this.root = el('header', { class: 'run-header', attrs: { 'aria-label': 'Run' } }, [
      el('div', { class: 'title-row' }, [
        el('div', { class: 'title-block' }, [
          el('div', { class: 'title-line' }, [this.title, this.status]),
          el('div', { class: 'meta-line' }, [this.runId, this.backend, this.backendWhy]),
        ]),
        el('div', { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Run actions' } }, [this.stopBtn, this.folderBtn, this.configBtn, this.markdownBtn]),
      ]),
      el('div', { class: 'tiles' }, [
        tile('epoch', 'Epoch'),
        tile('loss', 'Train loss'),
        tile('valLoss', 'Best val loss'),
        tile('baseline', 'Baseline'),
        tile('speed', 'Throughput'),
      ]),
      this.banner,
    ]);
  }

  update(state: State): void {
    const s = state.start;
    setText(this.title, s?.experiment ?? state.run?.experiment ?? 'Sequence Lab');
    const status = state.status;
    setText(this.status, STATUS_LABEL[status] ?? status);
    this.status.dataset.status = status;
    setText(this.runId, state.run?.runId ?? s?.runId ?? '');
    if (s) {
      // The backend's detail (versions, binary paths) is long: a tooltip, not the header line.
      setText(this.backend, `backend ${s.backend.name} · kernel ${s.kernel.name} · ${s.modelType ? `${s.modelType}, ` : ''}${s.paramCount.toLocaleString('en-US')} params`);
      this.backend.title = [s.backend.detail, `kernel: ${s.kernel.reason}`].filter(Boolean).join('\n');
      const why = s.backend.reasons.length ? `why not better: ${s.backend.reasons.join('; ')}` : s.backend.requested === s.backend.name ? 'as requested' : '';
      setText(this.backendWhy, why);
      this.backendWhy.title = why;
    } else {
      setText(this.backend, '');
      setText(this.backendWhy, '');
    }
    const hasRun = Boolean(this.currentRunId());
    this.stopBtn.disabled = !(hasRun && (status === 'running' || status === 'waiting'));
    this.folderBtn.disabled = !hasRun;
    this.configBtn.disabled = !hasRun;
    this.markdownBtn.disabled = !hasRun;

    const total = s?.epochs;
    const ep = currentEpoch(state);
    this.setTile('epoch', total ? `${ep} / ${total}` : String(ep || '–'), s ? `${s.stepsPerEpoch} steps per epoch` : '');
    const n = state.steps.loss.length;
    const lastLoss = state.steps.loss[n - 1];
    const lastEpochLoss = state.epochs[state.epochs.length - 1]?.loss;
    this.setTile('loss', lastEpochLoss !== undefined ? formatNumber(lastEpochLoss) : lastLoss !== undefined ? formatNumber(lastLoss) : '–', n ? `step ${state.steps.step[n - 1]}` : '');
    const best = bestValLoss(state);
    const base = state.baseline.valLoss;
    let note = best ? `epoch ${best.epoch}` : '';
    let verdict = '';
    if (best && base !== undefined && base > 0) {
      const pct = (100 * (base - best.valLoss)) / base;
      verdict = pct >= 0 ? 'better' : 'worse';
      note += ` · ${Math.abs(pct).toFixed(0)}% ${pct >= 0 ? 'below' : 'above'} baseline`;
    }
    this.setTile('valLoss', best ? formatNumber(best.valLoss) : '–', note);
    this.tiles.valLoss!.tile.dataset.verdict = verdict;
    this.setTile('baseline', base !== undefined ? formatNumber(base) : '–', s?.data.baselineName ?? '');
    const sps = state.steps.samplesPerSec[n - 1];
    this.setTile('speed', sps !== undefined && Number.isFinite(sps) ? `${Math.round(sps).toLocaleString('en-US')}/s` : '–', s ? `${s.data.kind}, ${s.data.trainExamples.toLocaleString('en-US')} train examples` : '');

    const errors = [...state.hostErrors];
    if (state.end?.error) {
      const e = state.end.error;
      errors.unshift(`${e.message}${e.hint ? ` — ${e.hint}` : ''}${e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : ''}`);
    }
    this.banner.hidden = errors.length === 0;
    setText(this.banner, errors.join('\n'));
  }

  private setTile(key: string, value: string, note: string): void {
    const t = this.tiles[key]!;
    setText(t.value, value);
    setText(t.note, note);
  }
}
