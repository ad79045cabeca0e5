/**
 * The commands for teams (issue 13) in the editor:
 * - seqlab.runSweep: every point of the file's sweep: block through seqlab.train (workers), its
 *   leaderboard open and live from the start (pending, running, finished points);
 * - seqlab.showLeaderboard: a sweep's leaderboard (Runs view sweep node or palette), live;
 * - seqlab.promoteBest: the best point's swept values written into the experiment file as an
 *   undoable WorkspaceEdit of just those lines (left unsaved, for review);
 * - seqlab.resumeRun: continue a stopped run in a worker, its dashboard continuing the charts;
 * - seqlab.reproduceRun: rerun a run's recorded config, seed, backend and kernel in a worker and
 *   report identical / the first differing step;
 * - seqlab.compareConfigs: two runs' resolved config.yaml in VS Code's diff editor, differing keys listed.
 * Each returns a plain result object (extension tests and other callers check the outcome).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { lineHunks, promoteValues, type PromoteChange, type TextHunk } from '../../core/config/promote';
import { diffRunFolders } from '../../core/report/run-diff';
import { readCheckpoint, readRun } from '../../core/runs';
import { bestRow, defaultMetric, leaderboardRows, metricCell, valueCell } from '../../core/sweep/leaderboard';
import { readSweepRuns } from '../../core/sweep/sweep-runs';
import { ComparePanel } from '../compare/compare-panel';
import type { DashboardHost } from '../dashboard/panel';
import { logChannel } from '../log';
import { sweepIdOf } from '../runs-view/runs-model';
import type { TrainCommandResult, Trainer } from '../trainer';
import { LeaderboardPanel, registerLeaderboardSerializer } from './leaderboard-panel';
import { resumeHistory } from './resume-history';
import { runSweepCommand } from './run-sweep-command';
import { pickRuns, pickSweep, runDirsOf, sweepOf } from './targets';

export interface PromoteCommandResult {
  status: 'promoted' | 'unchanged' | 'nothing' | 'error';
  message: string;
  file?: string;
  point?: number;
  runId?: string;
  metric?: string;
  changes?: PromoteChange[];
}

export interface CompareConfigsResult {
  left: string;
  right: string;
  /** Dotted keys whose values differ. */
  keys: string[];
}

export function registerTeamsCommands(context: vscode.ExtensionContext, host: DashboardHost, trainer: Trainer, roots: () => string[]): void {
  context.subscriptions.push(
    registerLeaderboardSerializer(host),
    vscode.commands.registerCommand('seqlab.showLeaderboard', async (arg?: unknown): Promise<string | undefined> => {
      const target = sweepOf(arg, sweepIdOf) ?? (await pickSweep(roots(), 'Sequence Lab: Show Sweep Leaderboard'));
      if (!target) return undefined;
      LeaderboardPanel.show(host, target);
      return target.sweepId;
    }),
    vscode.commands.registerCommand('seqlab.runSweep', (arg?: unknown) => runSweepCommand(host, trainer, arg)),
    vscode.commands.registerCommand('seqlab.promoteBest', (arg?: unknown) => promoteBest(arg, roots)),
    vscode.commands.registerCommand('seqlab.resumeRun', (arg?: unknown, args?: unknown) => resumeRun(trainer, arg, args, roots)),
    vscode.commands.registerCommand('seqlab.reproduceRun', (arg?: unknown, args?: unknown) => reproduceRun(host, trainer, arg, args, roots)),
    vscode.commands.registerCommand('seqlab.compareConfigs', (arg?: unknown, args?: unknown) => compareConfigs(arg, args, roots)),
  );
}

async function promoteBest(arg: unknown, roots: () => string[]): Promise<PromoteCommandResult | undefined> {
  const target = sweepOf(arg, sweepIdOf) ?? (await pickSweep(roots(), 'Sequence Lab: Promote Best to Config'));
  if (!target) return undefined;
  const asked = typeof arg === 'object' && arg !== null && typeof (arg as { metric?: unknown }).metric === 'string' ? (arg as { metric: string }).metric : undefined;
  const { inputs, configPath } = readSweepRuns(target.root, target.sweepId);
  const rows = leaderboardRows(inputs);
  const metric = asked ?? defaultMetric(rows);
  const best = metric ? bestRow(rows, metric) : undefined;
  const fail = (status: PromoteCommandResult['status'], message: string): PromoteCommandResult => {
    void (status === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(`Sequence Lab: ${message}`);
    return { status, message };
  };
  if (!best || !metric) return fail('nothing', `sweep ${target.sweepId} has no completed point with ${metric ?? 'a metric'} yet: nothing to promote.`);
  if (!configPath || !fs.existsSync(configPath)) return fail('error', `the experiment file of sweep ${target.sweepId} ${configPath ? `(${configPath}) no longer exists` : 'is not recorded'}.`);

  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(configPath));
  const before = doc.getText();
  const r = promoteValues(before, best.values);
  const base = { file: configPath, point: best.index, ...(best.runId ? { runId: best.runId } : {}), metric };
  if (!r.ok) return { ...fail('error', `cannot promote into ${path.basename(configPath)}: ${r.key}: ${r.message}${r.fix ? ` (${r.fix})` : ''}`), ...base };
  const value = metricCell(best.metrics[metric as keyof typeof best.metrics]);
  if (!r.changes.length) {
    return { ...fail('unchanged', `${path.basename(configPath)} already has the values of the best point ${best.index} (${metric} ${value}).`), ...base, changes: [] };
  }
  // Only the changed lines are edited: the undo stack and the diff show exactly the promotion.
  const edit = new vscode.WorkspaceEdit();
  for (const h of lineHunks(before.replace(/\r\n/g, '\n'), r.text.replace(/\r\n/g, '\n'))) {
    const { range, text } = hunkEdit(doc, h);
    edit.replace(doc.uri, range, text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return { ...fail('error', `the edit of ${path.basename(configPath)} was refused by the editor.`), ...base };
  const firstLine = Math.min(...r.changes.map((c) => c.line)) - 1;
  await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(firstLine, 0, firstLine, 0) });
  const what = r.changes.map((c) => `${c.key}: ${c.added ? '(unset)' : valueCell(c.from)} → ${valueCell(c.to)}`).join(', ');
  const message = `promoted point ${best.index} (best ${metric} ${value}) into ${path.basename(configPath)}: ${what}. Review the edit and save it (Undo reverts it).`;
  logChannel().info(message);
  void vscode.window.showInformationMessage(`Sequence Lab: ${message}`, 'Compare with Saved').then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.files.action.compareWithSaved', doc.uri);
  });
  return { status: 'promoted', message, ...base, changes: r.changes };
}

/** One line hunk of the original document as a range and its replacement text. */
function hunkEdit(doc: vscode.TextDocument, h: TextHunk): { range: vscode.Range; text: string } {
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const { startLine: start, deleteCount: count, lines } = h;
  if (start >= doc.lineCount) {
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    return { range: new vscode.Range(end, end), text: lines.map((l) => eol + l).join('') };
  }
  // An insertion, or a deletion without replacement: whole lines including their line breaks.
  if (count === 0 || lines.length === 0) return { range: new vscode.Range(start, 0, start + count, 0), text: lines.map((l) => l + eol).join('') };
  return { range: new vscode.Range(start, 0, start + count - 1, doc.lineAt(start + count - 1).range.end.character), text: lines.join(eol) };
}

async function resumeRun(trainer: Trainer, arg: unknown, args: unknown, roots: () => string[]): Promise<TrainCommandResult | undefined> {
  let dirs = runDirsOf(arg, args);
  if (!dirs.length) dirs = await pickRuns(roots(), { title: 'Sequence Lab: Resume Run', filter: (e) => e.status === 'stopped' || e.status === 'failed', empty: 'no stopped or failed run to resume.' });
  const runDir = dirs[0];
  if (!runDir) return undefined;
  const runId = path.basename(runDir);
  const refuse = (message: string): TrainCommandResult => {
    void vscode.window.showWarningMessage(`Sequence Lab: ${message}`);
    return { status: 'refused', message, queued: false, extHostPid: process.pid, eventCounts: {} };
  };
  let data;
  try {
    data = readRun(runDir);
  } catch (e) {
    return refuse(`cannot read run ${runId}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (data.meta.status === 'running' || trainer.findLive(runId)?.isActive) return refuse(`run ${runId} is still running; stop it first.`);
  if (data.meta.status === 'completed') return refuse(`run ${runId} completed all its epochs; train again with more epochs instead.`);
  const cp = readCheckpoint(runDir);
  if (!cp) return refuse(`run ${runId} has no checkpoint to resume from (it ended before its first epoch finished).`);
  const file = data.meta.configPath && fs.existsSync(data.meta.configPath) ? data.meta.configPath : path.join(runDir, 'config.yaml');
  logChannel().info(`resume ${runId} after epoch ${cp.epoch} (step ${cp.step})`);
  return trainer.runFolderJob(
    { request: { type: 'resume', options: { runDir } }, file, label: `${data.meta.experiment} (resumed ${runId})`, history: () => resumeHistory(runDir) },
    { openDashboard: true, ...(isQuiet(arg) ? { quiet: true } : {}) },
  );
}

async function reproduceRun(host: DashboardHost, trainer: Trainer, arg: unknown, args: unknown, roots: () => string[]): Promise<TrainCommandResult | undefined> {
  let dirs = runDirsOf(arg, args);
  if (!dirs.length) dirs = await pickRuns(roots(), { title: 'Sequence Lab: Reproduce Run', filter: (e) => e.status !== 'running', empty: 'no finished run to reproduce.' });
  const runDir = dirs[0];
  if (!runDir) return undefined;
  const runId = path.basename(runDir);
  let experiment = runId;
  let file = path.join(runDir, 'config.yaml');
  try {
    const meta = readRun(runDir).meta;
    experiment = meta.experiment;
    if (meta.configPath && fs.existsSync(meta.configPath)) file = meta.configPath;
  } catch {
    // reproduceRun itself says what is wrong with the folder
  }
  const log = logChannel();
  log.info(`reproduce ${runId}: rerunning its recorded config, seed, backend and kernel path`);
  const r = await trainer.runFolderJob({ request: { type: 'reproduce', options: { runDir } }, file, label: `${experiment} (reproducing ${runId})` }, { openDashboard: false, quiet: true });
  const rep = r.report;
  if (!rep) {
    const message = `could not reproduce ${runId}: ${r.error?.message ?? r.message ?? r.status}`;
    log.error(message);
    void vscode.window.showErrorMessage(`Sequence Lab: ${message}`, 'Show Log').then((c) => c && log.show(true));
    return r;
  }
  log.info(`reproduce ${runId} → ${r.runId ?? '(no run)'}: ${rep.message}`);
  for (const n of rep.notes) log.info(`  note: ${n}`);
  if (rep.tolerance) log.info(`  tolerance: relative ${rep.tolerance.relative}, absolute ${rep.tolerance.absolute}`);
  const text = `Sequence Lab: reproduce ${runId}: ${rep.message}`;
  const show = rep.verdict === 'identical' || rep.verdict === 'within-tolerance' ? vscode.window.showInformationMessage : rep.verdict === 'differs' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const actions = r.runDir ? ['Compare Runs', 'Show Log'] : ['Show Log'];
  void show(text, ...actions).then((c) => {
    if (c === 'Compare Runs' && r.runDir) ComparePanel.show(host.extensionUri, [runDir, r.runDir], `Reproduce: ${runId}`);
    else if (c === 'Show Log') log.show(true);
  });
  return r;
}

async function compareConfigs(arg: unknown, args: unknown, roots: () => string[]): Promise<CompareConfigsResult | undefined> {
  let dirs = runDirsOf(arg, args);
  if (dirs.length < 2) {
    const picked = await pickRuns(roots(), { title: 'Sequence Lab: Compare Configs (choose two runs)', many: true, empty: 'no runs to compare.' });
    dirs = [...dirs, ...picked.filter((d) => !dirs.includes(d))];
  }
  if (dirs.length < 2) {
    if (dirs.length) void vscode.window.showInformationMessage('Sequence Lab: choose two runs to compare their configs.');
    return undefined;
  }
  if (dirs.length > 2) void vscode.window.showWarningMessage(`Sequence Lab: comparing the configs of the first two of ${dirs.length} runs.`);
  const [leftDir, rightDir] = dirs as [string, string];
  const d = diffRunFolders(leftDir, rightDir);
  await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(d.left.configFile), vscode.Uri.file(d.right.configFile), `config.yaml: ${d.left.runId} ↔ ${d.right.runId}`, { preview: true });
  const log = logChannel();
  const keys = d.keys.map((k) => k.key);
  log.info(`compare configs ${d.left.runId} ↔ ${d.right.runId}: ${keys.length} key${keys.length === 1 ? '' : 's'} differ`);
  for (const k of d.keys) log.info(`  ${k.key}: ${valueCell(k.values[0])} → ${valueCell(k.values[1])}`);
  for (const w of d.warnings) log.warn(`  ${w}`);
  const list = d.keys.slice(0, 4).map((k) => `${k.key} (${valueCell(k.values[0])} → ${valueCell(k.values[1])})`).join(', ');
  void vscode.window
    .showInformationMessage(keys.length ? `Sequence Lab: ${keys.length} key${keys.length === 1 ? '' : 's'} differ: ${list}${keys.length > 4 ? ', …' : ''}` : 'Sequence Lab: the two resolved configs are the same.', 'Show Log')
    .then((c) => c && log.show(true));
  return { left: leftDir, right: rightDir, keys };
}

function isQuiet(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { quiet?: unknown }).quiet === true;
}
