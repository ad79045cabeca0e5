/**
 * Host side of the dashboard's export buttons: PNG and CSV of a chart are saved through a save
 * dialog that starts in the run's artifacts/ folder; "Copy as Markdown" builds the report from the
 * run folder with the shared generator (src/core/report) and puts it on the clipboard.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { runsMarkdown } from '../../core/report/markdown';
import { reportRunOf } from '../../core/report/from-run';
import { readRun } from '../../core/runs';
import type { WebviewToHost } from '../../shared/protocol';
import { logChannel } from '../log';

export type ExportMessage = Extract<WebviewToHost, { type: 'exportPng' | 'exportCsv' | 'copyMarkdown' }>;

/** File-name safe: "gtt-card" → "gtt-card"; anything else becomes '-'. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'chart';
}

/** PNG bytes of a `data:image/png;base64,...` URL; undefined for anything else. */
export function pngBytes(dataUrl: string): Uint8Array | undefined {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  return m ? Buffer.from(m[1]!, 'base64') : undefined;
}

export async function handleExportMessage(m: ExportMessage, runDir: string | undefined): Promise<void> {
  try {
    if (!runDir) throw new Error('this dashboard has no run folder yet');
    switch (m.type) {
      case 'exportPng': {
        const bytes = pngBytes(m.dataUrl);
        if (!bytes) throw new Error('the page did not send a PNG image');
        await saveWithDialog(runDir, `${safeName(m.chart)}.png`, bytes, { 'PNG image': ['png'] });
        return;
      }
      case 'exportCsv':
        await saveWithDialog(runDir, `${safeName(m.chart)}.csv`, Buffer.from(m.csv, 'utf8'), { CSV: ['csv'] });
        return;
      case 'copyMarkdown': {
        const md = runsMarkdown([reportRunOf(readRun(runDir))]);
        await vscode.env.clipboard.writeText(md);
        void vscode.window.showInformationMessage('Sequence Lab: the run report is on the clipboard as Markdown.');
        return;
      }
    }
  } catch (e) {
    const msg = `Sequence Lab: export failed: ${e instanceof Error ? e.message : String(e)}`;
    logChannel().error(msg);
    void vscode.window.showErrorMessage(msg);
  }
}

async function saveWithDialog(runDir: string, name: string, bytes: Uint8Array, filters: Record<string, string[]>): Promise<void> {
  const artifacts = path.join(runDir, 'artifacts');
  fs.mkdirSync(artifacts, { recursive: true });
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(artifacts, name)), filters, title: 'Sequence Lab: export' });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, bytes);
  const open = 'Open';
  const pick = await vscode.window.showInformationMessage(`Sequence Lab: saved ${path.basename(target.fsPath)}`, open);
  if (pick === open) await vscode.commands.executeCommand('vscode.open', target);
}
