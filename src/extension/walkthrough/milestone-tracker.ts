/**
 * Keeps the walkthrough's milestone context keys (`seqlab.milestone.<id>`) in step with what the
 * learner's runs show. Two sources feed it the same RunFacts:
 * - live events of the runs this window trains (the trainer's event stream), so a step completes
 *   as soon as a run shows its milestone, even mid-run;
 * - the run folders on disk: scanned on activation and re-read when a run folder changes, so runs
 *   from the CLI (`npx seqlab train`), other windows and earlier sessions count too.
 * A key only ever goes from false to true within a session (VS Code remembers completed steps).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { TrainEvent } from '../../core/events';
import { contextKey, judgeMilestones, MILESTONE_IDS, type MilestoneId, type MilestoneVerdict, type RunFacts } from '../../core/lesson/milestones';
import { factsFromEvents, factsFromRun, scanRunsRoot } from '../../core/lesson/run-facts';
import { isRunFolder, readRun } from '../../core/runs';

interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

export class MilestoneTracker implements vscode.Disposable {
  /** Facts by run folder (absolute) or, for a live run before its folder is known, by run id. */
  private readonly facts = new Map<string, RunFacts>();
  private readonly scanCache = new Map<string, RunFacts>();
  private readonly set = new Set<MilestoneId>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private verdicts: MilestoneVerdict[] = [];

  constructor(private readonly log: Log) {
    for (const id of MILESTONE_IDS) void vscode.commands.executeCommand('setContext', contextKey(id), false);
  }

  /** What the milestones are now (tests, the log). */
  status(): { reached: MilestoneId[]; verdicts: MilestoneVerdict[]; runs: number } {
    return { reached: [...this.set], verdicts: this.verdicts, runs: this.facts.size };
  }

  /** Live events of one run (its whole history so far). */
  onLiveEvents(runDir: string | undefined, events: readonly TrainEvent[]): void {
    const f = factsFromEvents(events);
    if (!f) return;
    this.facts.set(runDir ? path.resolve(runDir) : f.runId, f);
    this.update();
  }

  /** Every run under these runs roots (`<root>/.seqlab/runs/*`). */
  scanRoots(roots: readonly string[]): void {
    for (const root of new Set(roots.map((r) => path.resolve(r)))) {
      for (const f of scanRunsRoot(root, this.scanCache)) this.facts.set(path.resolve(root, '.seqlab', 'runs', f.runId), f);
    }
    this.update();
  }

  /** A file of a run folder changed: read that run again (debounced, a live run writes often). */
  runFolderChanged(file: string): void {
    const runDir = path.dirname(file);
    const old = this.pending.get(runDir);
    if (old) clearTimeout(old);
    this.pending.set(
      runDir,
      setTimeout(() => {
        this.pending.delete(runDir);
        this.readRunFolder(runDir);
      }, 400),
    );
  }

  readRunFolder(runDir: string): void {
    try {
      if (!isRunFolder(runDir)) return;
      this.facts.set(path.resolve(runDir), factsFromRun(readRun(runDir)));
      this.update();
    } catch (e) {
      this.log.warn(`walkthrough: could not read ${runDir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private update(): void {
    this.verdicts = judgeMilestones([...this.facts.values()]);
    for (const v of this.verdicts) {
      if (!v.reached || this.set.has(v.id)) continue;
      this.set.add(v.id);
      this.log.info(`walkthrough milestone ${v.id}: ${v.detail}`);
      void vscode.commands.executeCommand('setContext', contextKey(v.id), true);
    }
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
