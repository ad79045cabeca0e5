/**
 * `seqlab.validate`: load the experiment like the CLI does (extends, defaults, schema) and report
 * errors with a way to jump to the line. Runs in the host: src/core/config never loads tfjs.
 */

import * as vscode from 'vscode';
import { formatConfigError, loadExperiment, type ConfigError, type LoadResult } from '../core/config';
import { openAtLine } from './experiment-files';
import { logChannel } from './log';

/** Editor buffers win over the disk, so unsaved edits are validated (and `extends` targets too). */
export function readFromOpenBuffers(absPath: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath);
  return doc?.getText();
}

export function validateFile(file: string, overrides?: string[]): LoadResult {
  return loadExperiment(file, { readFile: readFromOpenBuffers, ...(overrides?.length ? { overrides } : {}) });
}

/** Shows the errors (the first in a notification, all in the log) and offers "Open Config at Line". */
export async function reportConfigErrors(errors: ConfigError[], title: string): Promise<void> {
  const log = logChannel();
  log.error(`${title}:`);
  for (const e of errors) log.error(formatConfigError(e));
  const first = errors.find((e) => e.severity === 'error') ?? errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (+${errors.length - 1} more in the log)` : '';
  const choice = await vscode.window.showErrorMessage(
    `${title}: ${first.key ? `${first.key}: ` : ''}${first.message}${first.fix ? ` — ${first.fix}` : ''}${more}`,
    'Open Config at Line',
    'Show Log',
  );
  if (choice === 'Open Config at Line') await openAtLine(first.file, first.line, first.column);
  else if (choice === 'Show Log') log.show(true);
}

export interface ValidateCommandResult {
  file: string;
  ok: boolean;
  errors: ConfigError[];
  warnings: ConfigError[];
}

export async function validateCommand(file: vscode.Uri, quiet = false): Promise<ValidateCommandResult> {
  const r = validateFile(file.fsPath);
  if (r.ok) {
    for (const w of r.warnings) logChannel().warn(formatConfigError(w));
    if (!quiet) {
      const warn = r.warnings.length ? ` (${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''} in the log)` : '';
      void vscode.window.showInformationMessage(`Sequence Lab: ${vscode.workspace.asRelativePath(file)} is valid${warn}.`);
    }
    return { file: file.fsPath, ok: true, errors: [], warnings: r.warnings };
  }
  if (!quiet) void reportConfigErrors(r.errors, `Sequence Lab: ${vscode.workspace.asRelativePath(file)} is not valid`);
  return { file: file.fsPath, ok: false, errors: r.errors, warnings: [] };
}
