/**
 * Sweep points: the grid of a `sweep:` block (every combination of the listed values, first key
 * outermost), optionally a seeded random subset of it, each point as `--set` overrides, plus the
 * identities that make reruns skip finished work: a point's id is the hash of its RESOLVED config
 * (so an edit to the file, or another value, is a new point), a sweep's id the hash of the file's
 * config and its sweep block.
 */
import { createHash } from 'node:crypto';
import type { ExperimentConfig } from '../config/types';
import { Rng } from '../util/rng';

export interface SweepPoint {
  /** 1-based position in the grid. */
  index: number;
  values: Record<string, unknown>;
  /** `key.path=value` strings for loadExperiment / --set. */
  overrides: string[];
  /** e.g. "model.type=lstm training.clipNorm=null" */
  label: string;
}

export function gridPoints(sweep: Record<string, unknown[]> | undefined): SweepPoint[] {
  const keys = Object.keys(sweep ?? {});
  if (!sweep || keys.length === 0) return [{ index: 1, values: {}, overrides: [], label: '(single run)' }];
  let combos: Array<Record<string, unknown>> = [{}];
  for (const key of keys) {
    const next: Array<Record<string, unknown>> = [];
    for (const c of combos) for (const v of sweep[key] ?? []) next.push({ ...c, [key]: v });
    combos = next;
  }
  return combos.map((values, i) => {
    const overrides = Object.entries(values).map(([k, v]) => `${k}=${valueText(v)}`);
    return { index: i + 1, values, overrides, label: overrides.join(' ') };
  });
}

/** `count` distinct grid points drawn with the project's seeded PRNG (all of them when count ≥ grid). */
export function randomPoints(grid: SweepPoint[], count: number, seed: number): SweepPoint[] {
  if (count >= grid.length) return grid;
  const picked = new Rng(seed).shuffle(grid.slice()).slice(0, count);
  return picked.sort((a, b) => a.index - b.index);
}

/** A value as `--set` text: strings as they are, everything else as JSON (valid YAML flow). */
export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Hash of a resolved config without its sweep block: the identity of one point. */
export function configHash(config: ExperimentConfig): string {
  const { sweep: _sweep, ...rest } = config;
  return sha(canonical(rest)).slice(0, 16);
}

export function sweepIdOf(config: ExperimentConfig): string {
  const name = config.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40) || 'sweep';
  return `${name}-${sha(canonical(config)).slice(0, 8)}`;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal configs hash equally whatever the key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
