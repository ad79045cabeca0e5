/**
 * Rebuilds a run's TrainEvent stream from its folder (readRun), so a reopened or restored dashboard
 * shows a finished, stopped or crashed run exactly like a live one (DESIGN.md: "A reopened or restored
 * panel rebuilds from the run folder on disk"). Takes RunData, returns events (only the data preview reads the data, see replay-preview.ts).
 *
 * The Data card's preview is recomputed from config.yaml (replay-preview.ts) when cheap.
 *
 * Long runs: all epoch records are kept, step records are thinned to `maxSteps` over the whole run
 * (thinSteps: the latest steps as they are, earlier ones by bucket keeping each bucket's lowest and
 * highest loss), so a 100k-step run opens with one bounded message and its whole loss curve; the
 * page downsamples for drawing anyway, the folder keeps everything.
 */

import { parse as parseYaml } from 'yaml';
import type { ExperimentConfig } from '../../core/config/types';
import type { Metrics, RunSummary, StartDataPreview, StepRecord, TrainEvent } from '../../core/events';
import type { RunData } from '../../core/runs';
import type { RunInfo } from '../../shared/protocol';
import { replayPreview } from './replay-preview';

export const DEFAULT_MAX_REPLAY_STEPS = 5000;

export function runInfoOf(data: RunData): RunInfo {
  return {
    runId: data.runId,
    runDir: data.runDir,
    experiment: data.meta.experiment,
    status: data.meta.status,
    startedAt: data.meta.startedAt,
  };
}

export function replayEvents(data: RunData, maxSteps = DEFAULT_MAX_REPLAY_STEPS): TrainEvent[] {
  const m = data.meta;
  const events: TrainEvent[] = [];
  const baseline: Metrics = data.summary?.baseline ?? {};
  const config = parseConfig(data.config);
  // The Data card: a preview stored with the run (when the reader provides one), else recomputed.
  const { preview } = replayPreview(config, m.configPath, (data as RunData & { preview?: StartDataPreview }).preview);
  events.push({
    type: 'start',
    runId: data.runId,
    runDir: data.runDir,
    experiment: m.experiment,
    ...(m.configPath ? { configPath: m.configPath } : {}),
    backend: m.backend ?? { name: 'cpu', requested: 'auto', reasons: ['not recorded in meta.json'] },
    kernel: m.kernel ?? { requested: 'auto', name: 'tfjs', reason: 'not recorded in meta.json' },
    paramCount: m.paramCount ?? 0,
    data: m.data ?? {
      kind: 'unknown', trainExamples: 0, valExamples: 0, timeSteps: 0, features: 0, outputs: 0,
      task: 'regression', baselineName: '', fingerprint: m.dataFingerprint ?? '',
    },
    baseline,
    epochs: m.epochs ?? data.epochs.length,
    stepsPerEpoch: m.stepsPerEpoch ?? 0,
    config,
    time: Date.parse(m.startedAt) || 0,
    ...(preview ? { preview } : {}),
  });

  // Interleave steps and epochs in training order: by global step, an epoch record after the steps
  // of that epoch (same step number).
  const steps = thinSteps(data.steps, maxSteps);
  const records = [...steps, ...data.epochs].sort((a, b) => a.step - b.step || rank(a.type) - rank(b.type));
  // Per epoch, the extra events the live stream sends after the epoch record.
  const gradientsByEpoch = groupBy(data.gradients, (g) => g.epoch);
  const samplesByEpoch = groupBy(data.samples, (s) => s.epoch);
  for (const r of records) {
    events.push(r);
    if (r.type !== 'epoch') continue;
    const g = gradientsByEpoch.get(r.epoch);
    if (g) events.push({ type: 'gradients', epoch: r.epoch, records: g });
    const s = samplesByEpoch.get(r.epoch);
    if (s) events.push({ type: 'samples', epoch: r.epoch, samples: s });
  }
  if (data.hidden) events.push({ type: 'hidden', ...data.hidden });
  for (const a of data.artifacts ?? []) events.push({ type: 'artifact', ...a });
  for (const w of data.warnings) events.push({ type: 'log', level: 'warn', message: w });
  if (data.statusReason) events.push({ type: 'log', level: 'info', message: `status ${m.status}: ${data.statusReason}` });

  if (m.status !== 'running') {
    const summary: RunSummary = data.summary ?? {
      status: m.status,
      epochs: data.epochs.length,
      steps: data.steps.at(-1)?.step ?? 0,
      final: {},
      best: {},
      baseline,
      expect: [],
      durationMs: m.endedAt ? Date.parse(m.endedAt) - Date.parse(m.startedAt) : 0,
    };
    events.push({ type: 'end', status: m.status, summary, ...(m.error ? { error: m.error } : {}) });
  }
  return events;
}

/**
 * At most `max` step records of a run, in order: the last quarter of the budget is the latest steps as
 * they are (live events continue from there); the earlier steps are cut into buckets and each keeps its
 * lowest- and highest-loss step (so spikes and the first step survive). Short runs come back unchanged.
 */
export function thinSteps(steps: readonly StepRecord[], max: number): StepRecord[] {
  const n = steps.length;
  if (n <= max) return steps.slice();
  const tail = Math.floor(max / 4);
  const head = n - tail;
  const buckets = Math.max(1, Math.floor((max - tail - 1) / 2));
  const keep = new Set<number>([0]);
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * head) / buckets);
    const hi = Math.floor(((b + 1) * head) / buckets);
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const l = (steps[i] as StepRecord).loss;
      // A NaN / ∞ loss is what a reader looks for: the bucket's first one stands in for its maximum.
      if (!Number.isFinite(l)) {
        if (iMax < 0 || Number.isFinite((steps[iMax] as StepRecord).loss)) iMax = i;
        continue;
      }
      if (iMin < 0 || l < (steps[iMin] as StepRecord).loss) iMin = i;
      if (iMax < 0 || (Number.isFinite((steps[iMax] as StepRecord).loss) && l > (steps[iMax] as StepRecord).loss)) iMax = i;
    }
    if (iMin >= 0) keep.add(iMin);
    if (iMax >= 0) keep.add(iMax);
  }
  const out = [...keep].sort((a, b) => a - b).map((i) => steps[i] as StepRecord);
  for (let i = head; i < n; i++) out.push(steps[i] as StepRecord);
  return out;
}

function rank(t: 'step' | 'epoch'): number {
  return t === 'step' ? 0 : 1;
}

function groupBy<T>(xs: T[], key: (x: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** config.yaml is the resolved config; the page reads e.g. model.type and training.clipNorm from it. */
function parseConfig(text: string | undefined): ExperimentConfig {
  if (!text) return {} as ExperimentConfig;
  try {
    const v: unknown = parseYaml(text);
    return (typeof v === 'object' && v !== null ? v : {}) as ExperimentConfig;
  } catch {
    return {} as ExperimentConfig;
  }
}
