/** The status-bar item: backend, epoch and loss of the newest active run (or the queue length). */

import * as vscode from 'vscode';
import type { LiveRun } from './live-run';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('seqlab.training', vscode.StatusBarAlignment.Left, 50);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item.name = 'Sequence Lab training';
    this.item.command = 'seqlab.openDashboard';
  }

  /** Coalesces updates: at most one redraw per 250 ms however fast steps arrive. */
  update(runs: LiveRun[]): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render(runs);
    }, 250);
  }

  render(runs: LiveRun[]): void {
    const active = runs.filter((r) => r.isActive);
    const running = active.filter((r) => r.status === 'running' || r.status === 'starting');
    const waiting = active.length - running.length;
    const r = running.at(-1);
    if (!r) {
      if (waiting) {
        this.item.text = `$(clock) Sequence Lab: ${waiting} queued`;
        this.item.accessibilityInformation = { label: `Sequence Lab: ${waiting} training${waiting > 1 ? 's' : ''} queued`, role: 'button' };
        this.item.show();
      } else this.item.hide();
      return;
    }
    const backend = r.backend?.name ?? '…';
    const epoch = r.epochs ? `${r.epoch}/${r.epochs}` : `${r.epoch}`;
    const loss = r.lastLoss === undefined ? '—' : formatLoss(r.lastLoss);
    const more = running.length > 1 ? ` (+${running.length - 1})` : '';
    const queued = waiting ? `, ${waiting} queued` : '';
    this.item.text = `$(sync~spin) ${backend} · epoch ${epoch} · loss ${loss}${more}${queued}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Sequence Lab** — ${r.label}\n\nBackend: ${backend}${r.backend?.reasons.length ? ` (${r.backend.reasons.join('; ')})` : ''}\n\nClick to open the dashboard.`,
    );
    this.item.accessibilityInformation = {
      label: `Sequence Lab training ${r.label}: backend ${backend}, epoch ${r.epoch} of ${r.epochs || 'unknown'}, loss ${loss}${more ? `, ${running.length - 1} more running` : ''}${queued}`,
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.item.dispose();
  }
}

export function formatLoss(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2);
}
