/**
 * seqlab.runSweep ("Run Sweep"): every point of an experiment's `sweep:` block, each trained through
 * seqlab.train (so in a worker process, one at a time under seqlab.maxConcurrentRuns), with the
 * sweep's leaderboard open and live from the start: the points not run yet show as pending, the one
 * training as running, each finished one with its numbers. The same runSweep as `seqlab sweep`
 * (same sweep id, tags and skip-finished rule), so the CLI and the editor share points.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { runSweep, type PointResult, type SweepPoint } from '../../core/sweep';
import { bestRow, defaultMetric, leaderboardRows, metricCell, valueCell } from '../../core/sweep/leaderboard';
import { outcomeOf, type RaceTrainResult } from '../compare/race';
import type { DashboardHost } from '../dashboard/panel';
import { resolveExperiment } from '../experiment-files';
import { logChannel } from '../log';
import { readSettings } from '../settings';
import type { Trainer } from '../trainer';
import { reportConfigErrors } from '../validate';
import { LeaderboardPanel } from './leaderboard-panel';

export interface RunSweepCommandResult {
  status: 'done' | 'invalid' | 'cancelled';
  sweepId?: string;
  root?: string;
  results?: Array<{ index: number; status: string; runId?: string }>;
}

export async function runSweepCommand(host: DashboardHost, trainer: Trainer, arg: unknown): Promise<RunSweepCommandResult | undefined> {
  const uri = await resolveExperiment(arg, 'Run Sweep');
  if (!uri) return undefined;
  // Points are identified by the file's content: the file on disk must be what the editor shows.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
  const name = path.basename(uri.fsPath);
  const log = logChannel();
  let panel: LeaderboardPanel | undefined;
  let points: SweepPoint[] = [];
  const results: PointResult[] = [];
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sequence Lab: sweep of ${name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => {
        abort.abort();
        // Stop the point that is training now; the ones not started are not run.
        for (const live of trainer.activeRuns()) if (live.experimentFile === uri.fsPath) live.stopper?.();
      });
      return runSweep({
        configPath: uri.fsPath,
        runsDir: readSettings(uri).runsDirectory,
        signal: abort.signal,
        onPlan: (p) => {
          points = p.points;
          log.info(`sweep ${p.sweepId}: ${p.points.length} point(s) of ${uri.fsPath}`);
          panel = LeaderboardPanel.show(host, { root: p.root, sweepId: p.sweepId });
          panel.setPlan(p.points);
        },
        runPoint: async (req) => {
          const point = points.find((p) => p.overrides.join('\n') === req.overrides.join('\n'));
          if (point) panel?.setRunning(point.index);
          progress.report({ message: `${results.length + 1}/${points.length}: ${point?.label ?? req.overrides.join(' ')}` });
          const trained = await vscode.commands.executeCommand<RaceTrainResult>('seqlab.train', uri, { overrides: req.overrides, openDashboard: false, quiet: true });
          return outcomeOf(trained);
        },
        onPoint: (p) => {
          results.push(p);
          log.info(`sweep point ${p.point.index} (${p.point.label}): ${p.status}${p.error ? ` — ${p.error.split('\n')[0]}` : ''}`);
          panel?.setRunning(undefined);
          panel?.refresh();
          progress.report({ increment: 100 / Math.max(1, points.length) });
        },
      });
    },
  );
  if (!r.ok) {
    void reportConfigErrors(r.configErrors, `Sequence Lab: cannot run the sweep of ${name}`);
    return { status: 'invalid' };
  }
  panel?.refresh();
  const rows = leaderboardRows(r.results.map((p) => ({ index: p.point.index, values: p.point.values, status: p.status, ...(p.runId ? { runId: p.runId } : {}), ...(p.summary ? { summary: p.summary } : {}) })));
  const metric = defaultMetric(rows);
  const best = metric ? bestRow(rows, metric) : undefined;
  const cancelled = r.results.length < points.length;
  const failed = r.results.filter((p) => p.status !== 'completed' && p.status !== 'skipped').length;
  const bestText = best && metric ? ` Best ${metric}: ${metricCell(best.metrics[metric as keyof typeof best.metrics])} (${Object.entries(best.values).map(([k, v]) => `${k}=${valueCell(v)}`).join(', ')}).` : '';
  const text = `Sequence Lab: sweep of ${name}: ${r.results.length - failed} of ${points.length} point(s) done${failed ? `, ${failed} failed` : ''}${cancelled ? ', the rest cancelled' : ''}.${bestText}`;
  const target = { root: r.root, sweepId: r.sweepId };
  void vscode.window.showInformationMessage(text, ...(best ? ['Promote Best to Config'] : []), 'Show Leaderboard').then((c) => {
    if (c === 'Promote Best to Config') void vscode.commands.executeCommand('seqlab.promoteBest', target);
    else if (c === 'Show Leaderboard') void vscode.commands.executeCommand('seqlab.showLeaderboard', target);
  });
  return { status: cancelled ? 'cancelled' : 'done', sweepId: r.sweepId, root: r.root, results: r.results.map((p) => ({ index: p.point.index, status: p.status, ...(p.runId ? { runId: p.runId } : {}) })) };
}
