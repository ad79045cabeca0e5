/**
 * seqlab.raceCells: the rnn / lstm / gru race sweep (race.ts) of an experiment, each cell trained
 * through seqlab.train (a worker process), overlaid in the compare panel as each cell finishes; the
 * Runs view is refreshed after each so the sweep node fills up. A progress notification can cancel
 * the cells not started yet.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { resolveExperiment } from '../experiment-files';
import { logChannel } from '../log';
import { readSettings } from '../settings';
import { reportConfigErrors } from '../validate';
import { ComparePanel } from './compare-panel';
import { RACE_CELLS, raceOutcomeText, runRace, type RaceTrainResult } from './race';

/** Runs the race; resolves with the run folders overlaid (grid order). */
export async function raceCellsCommand(extensionUri: vscode.Uri, arg: unknown, refresh: () => void): Promise<string[]> {
  const uri = await resolveExperiment(arg, 'Race RNN vs LSTM vs GRU');
  if (!uri) return [];
  // The sweep identifies points by the file's content: the file on disk must be what the editor shows.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
  const name = path.basename(uri.fsPath);
  let panel: ComparePanel | undefined;
  const title = `Race: ${name} (${RACE_CELLS.join(' vs ')})`;
  const show = (dirs: string[]): void => {
    if (!dirs.length) return;
    if (!panel || panel.isDisposed) panel = ComparePanel.show(extensionUri, dirs, title);
    else panel.update(dirs);
  };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sequence Lab: race on ${name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let started = 0;
      return runRace({
        file: uri.fsPath,
        runsDir: readSettings(uri).runsDirectory,
        signal: abort.signal,
        train: async (overrides) => {
          const cell = RACE_CELLS[started++] ?? '?';
          progress.report({ message: `training ${cell} (${started} of ${RACE_CELLS.length})`, increment: 100 / RACE_CELLS.length });
          return (await vscode.commands.executeCommand('seqlab.train', uri, { overrides, openDashboard: false, quiet: true })) as RaceTrainResult | undefined;
        },
        onPoint: (done) => {
          refresh();
          show(done.flatMap((p) => (p.runDir && p.status !== 'invalid' ? [p.runDir] : [])));
        },
      });
    },
  );
  if (!result.ok) {
    void reportConfigErrors(result.configErrors, `Sequence Lab: cannot race ${name}`);
    return [];
  }
  const summary = raceOutcomeText(result.results);
  logChannel().info(`race ${name}: sweep ${result.sweepId}: ${summary}`);
  const bad = result.results.filter((p) => p.status !== 'completed' && p.status !== 'skipped');
  if (bad.length) void vscode.window.showErrorMessage(`Sequence Lab: race on ${name}: ${summary}.`);
  else if (result.results.some((p) => p.status === 'skipped')) {
    void vscode.window.showInformationMessage(`Sequence Lab: race on ${name} (sweep ${result.sweepId}): ${summary}. Finished cells are reused; edit the file or delete their runs to race again.`);
  }
  refresh();
  return result.runDirs;
}
