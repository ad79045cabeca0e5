/**
 * The walkthrough's milestones: what a learner's runs must SHOW before a step of the `learnRnns`
 * walkthrough completes (never the click on its button). Each milestone is a VS Code context key
 * `seqlab.milestone.<id>` that the step's `completionEvents: ["onContext:seqlab.milestone.<id>"]`
 * waits for. Pure: it judges `RunFacts` (one per run, from live events or a run folder — see
 * run-facts.ts), so runs started from the editor and from the CLI count alike.
 */
import type { LessonFinding } from './detectors';

export const MILESTONE_IDS = ['firstRun', 'beatBaseline', 'vanishing', 'gatedBeatRnn', 'clipConverged', 'seq2seq', 'applicationRun', 'changedConfig'] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

export const CONTEXT_PREFIX = 'seqlab.milestone.';
export function contextKey(id: MilestoneId): string {
  return `${CONTEXT_PREFIX}${id}`;
}

/** "Beat the baseline": best valLoss at most this fraction of the baseline's (a clear win, not noise). */
export const BEAT_BASELINE_RATIO = 0.8;
/** "An LSTM/GRU beat a SimpleRNN": its best valLoss at most this fraction of the rnn's. */
export const GATED_BEAT_RATIO = 0.5;

/** What the milestones need to know about one run. */
export interface RunFacts {
  runId: string;
  /** completed | stopped | failed | running */
  status: string;
  modelType?: string;
  dataKind?: string;
  seed?: number;
  /** The experiment file the run was trained from (meta.configPath), when known. */
  experimentFile?: string;
  /** Canonical JSON of seed + data + model + training ("the same config"). */
  configKey?: string;
  /** Canonical JSON of the resolved `data` block ("the same task"). */
  dataKey?: string;
  /** Canonical JSON of seed + data + model + training without clipNorm/clipValue ("the same config without clipping"). */
  configKeyWithoutClip?: string;
  /** training.clipNorm or clipValue is set. */
  clipped: boolean;
  bestValLoss?: number;
  baselineValLoss?: number;
  findings: LessonFinding[];
}

export interface MilestoneVerdict {
  id: MilestoneId;
  reached: boolean;
  /** The runs that show it (for the log and the tests). */
  runs: string[];
  /** One line saying why (or what is still missing). */
  detail: string;
}

export function judgeMilestones(runs: readonly RunFacts[]): MilestoneVerdict[] {
  return [firstRun(runs), beatBaseline(runs), vanishing(runs), gatedBeatRnn(runs), clipConverged(runs), seq2seq(runs), applicationRun(runs), changedConfig(runs)];
}

export function reachedMilestones(runs: readonly RunFacts[]): Set<MilestoneId> {
  return new Set(judgeMilestones(runs).filter((v) => v.reached).map((v) => v.id));
}

function verdict(id: MilestoneId, runs: string[], yes: string, no: string): MilestoneVerdict {
  return { id, reached: runs.length > 0, runs, detail: runs.length > 0 ? yes : no };
}

function firstRun(runs: readonly RunFacts[]): MilestoneVerdict {
  const done = runs.filter((r) => r.status === 'completed').map((r) => r.runId);
  return verdict('firstRun', done.slice(0, 1), `run ${done[0]} completed`, 'no run has completed yet');
}

export function beatsBaseline(r: RunFacts): boolean {
  return (
    r.status === 'completed' &&
    finite(r.bestValLoss) &&
    finite(r.baselineValLoss) &&
    (r.baselineValLoss as number) > 0 &&
    (r.bestValLoss as number) <= BEAT_BASELINE_RATIO * (r.baselineValLoss as number)
  );
}

function beatBaseline(runs: readonly RunFacts[]): MilestoneVerdict {
  const r = runs.find(beatsBaseline);
  return verdict(
    'beatBaseline',
    r ? [r.runId] : [],
    r ? `run ${r.runId}: best valLoss ${r.bestValLoss} ≤ ${BEAT_BASELINE_RATIO} × baseline ${r.baselineValLoss}` : '',
    `no completed run has a best valLoss ≤ ${BEAT_BASELINE_RATIO} × its baseline yet`,
  );
}

function vanishing(runs: readonly RunFacts[]): MilestoneVerdict {
  const r = runs.find((x) => x.findings.some((f) => f.kind === 'vanishing'));
  const f = r?.findings.find((x) => x.kind === 'vanishing');
  return verdict('vanishing', r ? [r.runId] : [], r && f ? `run ${r.runId}: ${f.evidence}` : '', 'no SimpleRNN run on adding/copy has shown vanishing gradients yet');
}

function gatedBeatRnn(runs: readonly RunFacts[]): MilestoneVerdict {
  const done = runs.filter((r) => r.status === 'completed' && finite(r.bestValLoss) && r.dataKey !== undefined);
  for (const g of done.filter((r) => r.modelType === 'lstm' || r.modelType === 'gru')) {
    const rnn = done.find((r) => r.modelType === 'rnn' && r.dataKey === g.dataKey && r.seed === g.seed && (g.bestValLoss as number) <= GATED_BEAT_RATIO * (r.bestValLoss as number));
    if (rnn) {
      return verdict('gatedBeatRnn', [g.runId, rnn.runId], `${g.modelType} run ${g.runId} (best valLoss ${g.bestValLoss}) beat rnn run ${rnn.runId} (${rnn.bestValLoss}) on the same data and seed`, '');
    }
  }
  return verdict('gatedBeatRnn', [], '', `no LSTM/GRU run has a best valLoss ≤ ${GATED_BEAT_RATIO} × a SimpleRNN's on the same data block and seed yet`);
}

/** The run diverged: NaN/Infinity, or an exploding finding and it never got below its baseline. */
export function diverged(r: RunFacts): boolean {
  const ex = r.findings.find((f) => f.kind === 'exploding');
  if (!ex) return false;
  if (ex.nonFinite) return true;
  return !(finite(r.bestValLoss) && finite(r.baselineValLoss) && (r.bestValLoss as number) < (r.baselineValLoss as number));
}

/** The run converged: completed, finite, and its best valLoss below its baseline. */
export function converged(r: RunFacts): boolean {
  return (
    r.status === 'completed' &&
    !r.findings.some((f) => f.kind === 'exploding' && f.nonFinite) &&
    finite(r.bestValLoss) &&
    finite(r.baselineValLoss) &&
    (r.bestValLoss as number) < (r.baselineValLoss as number)
  );
}

function clipConverged(runs: readonly RunFacts[]): MilestoneVerdict {
  for (const c of runs.filter((r) => r.clipped && r.configKeyWithoutClip !== undefined && converged(r))) {
    const u = runs.find((r) => !r.clipped && r.configKeyWithoutClip === c.configKeyWithoutClip && diverged(r));
    if (u) return verdict('clipConverged', [c.runId, u.runId], `clipped run ${c.runId} converged (best valLoss ${c.bestValLoss}); run ${u.runId}, the same without clipping, diverged`, '');
  }
  return verdict('clipConverged', [], '', 'no clipped run has converged where the same config without clipping diverged yet');
}

/** Step 7: a seq2seq run completed and its best valLoss beat the copy-the-input baseline. */
function seq2seq(runs: readonly RunFacts[]): MilestoneVerdict {
  const r = runs.find((x) => x.modelType === 'seq2seq' && converged(x));
  return verdict(
    'seq2seq',
    r ? [r.runId] : [],
    r ? `seq2seq run ${r.runId}: best valLoss ${r.bestValLoss} below the copy baseline's ${r.baselineValLoss}` : '',
    'no seq2seq run has completed below its copy-the-input baseline yet',
  );
}

/** Kinds of step 8 ("applications") that exist today. */
export const APPLICATION_KINDS: readonly string[] = ['text', 'csv', 'pairs', 'audio', 'midi'];

function applicationRun(runs: readonly RunFacts[]): MilestoneVerdict {
  const r = runs.find((x) => x.status === 'completed' && x.dataKind !== undefined && APPLICATION_KINDS.includes(x.dataKind));
  return verdict('applicationRun', r ? [r.runId] : [], r ? `${r.dataKind} run ${r.runId} completed` : '', 'no text or CSV run has completed yet');
}

/** The same experiment file trained twice with different resolved configs (step 9: change a config, compare). */
function changedConfig(runs: readonly RunFacts[]): MilestoneVerdict {
  const done = runs.filter((r) => r.status === 'completed' && r.experimentFile && r.configKey);
  for (const a of done) {
    const b = done.find((x) => x.experimentFile === a.experimentFile && x.configKey !== a.configKey);
    if (b) return verdict('changedConfig', [a.runId, b.runId], `${a.experimentFile} trained with two different configs (${a.runId}, ${b.runId})`, '');
  }
  return verdict('changedConfig', [], '', 'no experiment file has been trained twice with different settings yet');
}

function finite(x: number | undefined): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

/** JSON with object keys sorted, so two equal configs give the same string whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
