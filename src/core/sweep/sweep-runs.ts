/**
 * A sweep's points read back from run folders (meta.json's `sweep` tag written by `seqlab sweep`,
 * plus summary.json): the inputs of the leaderboard for a sweep that ran earlier, in another
 * process, or is still running (the extension's leaderboard panel re-reads them as runs finish).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunSummary } from '../events';
import { FILES, runsDirOf, type RunMeta } from '../runs';
import type { LeaderboardInput } from './leaderboard';

/** The sweep ids present under a runs root, with their run count and experiment (newest first). */
export function listSweeps(root: string): Array<{ id: string; experiment: string; configPath?: string; runs: number; lastStarted: string }> {
  const by = new Map<string, { id: string; experiment: string; configPath?: string; runs: number; lastStarted: string }>();
  for (const { meta } of readTaggedMetas(root)) {
    const tag = meta.sweep as NonNullable<RunMeta['sweep']>;
    const e = by.get(tag.id) ?? { id: tag.id, experiment: meta.experiment, ...(meta.configPath ? { configPath: meta.configPath } : {}), runs: 0, lastStarted: '' };
    e.runs++;
    if ((meta.startedAt ?? '') > e.lastStarted) e.lastStarted = meta.startedAt ?? '';
    by.set(tag.id, e);
  }
  return [...by.values()].sort((a, b) => b.lastStarted.localeCompare(a.lastStarted));
}

/**
 * The leaderboard inputs of one sweep from its run folders (meta.json `sweep` tag + summary.json).
 * When a point ran more than once (a failed point rerun), its newest run counts.
 * Also returns the experiment file the sweep ran (meta.configPath), for "promote best".
 */
export function readSweepRuns(root: string, sweepId: string): { inputs: LeaderboardInput[]; configPath?: string; experiment?: string } {
  const byIndex = new Map<number, { input: LeaderboardInput; startedAt: string }>();
  let configPath: string | undefined;
  let experiment: string | undefined;
  for (const { runDir, meta } of readTaggedMetas(root)) {
    const tag = meta.sweep as NonNullable<RunMeta['sweep']>;
    if (tag.id !== sweepId) continue;
    configPath ??= meta.configPath;
    experiment ??= meta.experiment;
    const summary = readJson(path.join(runDir, FILES.summary)) as RunSummary | undefined;
    const input: LeaderboardInput = {
      index: tag.index,
      values: tag.values,
      status: meta.status,
      runId: path.basename(runDir),
      runDir,
      ...(summary ? { summary } : {}),
      ...(meta.error?.message ? { error: meta.error.message } : {}),
    };
    const prev = byIndex.get(tag.index);
    const startedAt = meta.startedAt ?? '';
    if (!prev || startedAt >= prev.startedAt) byIndex.set(tag.index, { input, startedAt });
  }
  const inputs = [...byIndex.values()].map((x) => x.input).sort((a, b) => a.index - b.index);
  return { inputs, ...(configPath ? { configPath } : {}), ...(experiment ? { experiment } : {}) };
}

function readTaggedMetas(root: string): Array<{ runDir: string; meta: RunMeta }> {
  const dir = runsDirOf(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<{ runDir: string; meta: RunMeta }> = [];
  for (const name of names.sort()) {
    const runDir = path.join(dir, name);
    const meta = readJson(path.join(runDir, FILES.meta)) as RunMeta | undefined;
    if (meta?.sweep && typeof meta.sweep.id === 'string' && typeof meta.sweep.index === 'number') out.push({ runDir, meta });
  }
  return out;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
