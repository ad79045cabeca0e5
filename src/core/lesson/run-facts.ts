/**
 * RunFacts (what the milestones judge) from the two places a run can be seen: the live TrainEvent
 * stream of a run the editor started, and a run folder on disk (runs from the CLI, from another
 * window, or from an earlier session). Both go through the same detectors, so a run counts the same
 * whichever way it is seen. Reads files with node:fs but never imports vscode or tfjs.
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ExperimentConfig } from '../config/types';
import type { TrainEvent } from '../events';
import { listRuns, readRun } from '../runs';
import type { RunData } from '../runs';
import { detectAll, inputFromEvents, type DetectorInput } from './detectors';
import { canonicalJson, type RunFacts } from './milestones';

type PartialConfig = Partial<Pick<ExperimentConfig, 'seed' | 'data' | 'model' | 'training'>>;

/** The keys of the config that identify "the same task" and "the same config without clipping". */
export function configKeys(config: PartialConfig | undefined): Pick<RunFacts, 'modelType' | 'dataKind' | 'seed' | 'dataKey' | 'configKey' | 'configKeyWithoutClip' | 'clipped'> {
  if (!config || typeof config !== 'object') return { clipped: false };
  const training = { ...(config.training ?? {}) } as Record<string, unknown>;
  const clipped = training.clipNorm !== undefined || training.clipValue !== undefined;
  delete training.clipNorm;
  delete training.clipValue;
  return {
    ...(config.model?.type ? { modelType: config.model.type } : {}),
    ...(config.data?.kind ? { dataKind: config.data.kind } : {}),
    ...(typeof config.seed === 'number' ? { seed: config.seed } : {}),
    ...(config.data ? { dataKey: canonicalJson(config.data) } : {}),
    ...(config.data && config.model ? { configKey: canonicalJson({ seed: config.seed, data: config.data, model: config.model, training: config.training }) } : {}),
    ...(config.data && config.model ? { configKeyWithoutClip: canonicalJson({ seed: config.seed, data: config.data, model: config.model, training }) } : {}),
    clipped,
  };
}

/** Facts of a run seen through its events (live); `runId` comes from its `start` event. */
export function factsFromEvents(events: readonly TrainEvent[]): RunFacts | undefined {
  const start = events.find((e) => e.type === 'start');
  if (!start || start.type !== 'start') return undefined;
  const end = events.find((e) => e.type === 'end');
  const summary = end?.type === 'end' ? end.summary : undefined;
  let best: number | undefined = summary?.best.valLoss;
  if (best === undefined) {
    for (const e of events) if (e.type === 'epoch' && typeof e.valLoss === 'number' && Number.isFinite(e.valLoss)) best = best === undefined ? e.valLoss : Math.min(best, e.valLoss);
  }
  return {
    runId: start.runId,
    status: end?.type === 'end' ? end.status : 'running',
    ...(start.configPath ? { experimentFile: start.configPath } : {}),
    ...configKeys(start.config),
    ...(best !== undefined ? { bestValLoss: best } : {}),
    ...(start.baseline.valLoss !== undefined ? { baselineValLoss: start.baseline.valLoss } : {}),
    findings: detectAll(inputFromEvents(events)),
  };
}

/** The detectors' input from a run folder read back. */
export function inputFromRun(run: RunData, config: PartialConfig | undefined): DetectorInput {
  const status = run.meta.status;
  return {
    ...(config?.model?.type ? { modelType: config.model.type } : {}),
    ...(config?.data?.kind ? { dataKind: config.data.kind } : run.meta.data?.kind ? { dataKind: run.meta.data.kind } : {}),
    baseline: run.summary?.baseline ?? {},
    ...(config?.training?.clipNorm !== undefined ? { clipNorm: config.training.clipNorm } : {}),
    gradNorms: run.steps.map((s) => (typeof s.gradNorm === 'number' ? s.gradNorm : NaN)),
    stepNumbers: run.steps.map((s) => s.step),
    epochs: run.epochs,
    gradients: run.gradients,
    ...(status !== 'running' ? { end: { status, ...(run.meta.error ? { error: run.meta.error } : {}) } } : {}),
  };
}

export function parseConfigText(text: string | undefined): PartialConfig | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = parseYaml(text);
    return v && typeof v === 'object' ? (v as PartialConfig) : undefined;
  } catch {
    return undefined;
  }
}

export function factsFromRun(run: RunData): RunFacts {
  const config = parseConfigText(run.config);
  const best = run.summary?.best.valLoss ?? minValLoss(run);
  const baseline = run.summary?.baseline.valLoss;
  return {
    runId: run.runId,
    status: run.meta.status,
    ...(run.meta.configPath ? { experimentFile: run.meta.configPath } : {}),
    ...configKeys(config),
    ...(best !== undefined ? { bestValLoss: best } : {}),
    ...(baseline !== undefined ? { baselineValLoss: baseline } : {}),
    findings: detectAll(inputFromRun(run, config)),
  };
}

function minValLoss(run: RunData): number | undefined {
  let best: number | undefined;
  for (const e of run.epochs) if (typeof e.valLoss === 'number' && Number.isFinite(e.valLoss)) best = best === undefined ? e.valLoss : Math.min(best, e.valLoss);
  return best;
}

/**
 * Facts of every run under `<root>/.seqlab/runs`. Runs that have ended never change, so their facts
 * are cached by run folder (pass the same `cache` between scans); running runs are read again.
 */
export function scanRunsRoot(root: string, cache: Map<string, RunFacts> = new Map()): RunFacts[] {
  const out: RunFacts[] = [];
  for (const entry of listRuns(root)) {
    const key = path.resolve(entry.runDir);
    const cached = cache.get(key);
    if (cached && cached.status !== 'running') {
      out.push(cached);
      continue;
    }
    try {
      const facts = factsFromRun(readRun(entry.runDir));
      if (facts.status !== 'running') cache.set(key, facts);
      out.push(facts);
    } catch {
      // A folder being created or removed right now: the next scan sees it settled.
    }
  }
  return out;
}
