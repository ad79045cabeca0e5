/**
 * What a sweep is before anything trains, shared by the local sweep (run-sweep.ts) and the queue
 * submitter (core/distributed/submit.ts): the base config, its points (the grid or a seeded random
 * subset) and the sweep id; then each point's resolved config and hash, or its `invalid` result.
 */
import { formatConfigError, loadExperiment, type ConfigError, type LoadResult } from '../config';
import { configHash, gridPoints, randomPoints, sweepIdOf, type SweepPoint } from './points';

type Loaded = Extract<LoadResult, { ok: true }>;

export type SweepPlan =
  | { ok: true; base: Loaded; points: SweepPoint[]; sweepId: string }
  | { ok: false; configErrors: ConfigError[] };

export function planSweep(o: { configPath: string; overrides?: string[]; random?: { count: number; seed: number }; cwd: string }): SweepPlan {
  const base = loadExperiment(o.configPath, { overrides: o.overrides ?? [], cwd: o.cwd });
  if (!base.ok) return { ok: false, configErrors: base.errors };
  const grid = gridPoints(base.config.sweep);
  const points = o.random ? randomPoints(grid, o.random.count, o.random.seed) : grid;
  return { ok: true, base, points, sweepId: sweepIdOf(base.config) };
}

/** One point's config (the base file with the sweep's and the point's overrides) and its hash. */
export function loadPoint(
  file: string,
  overrides: readonly string[],
  point: SweepPoint,
  cwd: string,
): { ok: true; loaded: Loaded; hash: string; overrides: string[] } | { ok: false; invalid: { point: SweepPoint; hash: ''; status: 'invalid'; error: string; seconds: 0 } } {
  const all = [...overrides, ...point.overrides];
  const loaded = loadExperiment(file, { overrides: all, cwd });
  if (!loaded.ok) return { ok: false, invalid: { point, hash: '', status: 'invalid', error: loaded.errors.map((e) => formatConfigError(e, cwd)).join('\n'), seconds: 0 } };
  return { ok: true, loaded, hash: configHash(loaded.config), overrides: all };
}
