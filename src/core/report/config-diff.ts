/**
 * A pure diff of resolved experiment configs: flatten each to dotted key paths (the same paths
 * `--set` and `sweep:` use, e.g. `model.layers.0.units`) and keep the keys whose values differ
 * between the runs. Drives the compare view's legend ("model.type=gru, training.clipNorm=1") and the
 * config-diff table of the Markdown report. No vscode, no tfjs.
 */

export type Flat = Record<string, unknown>;

/** Dotted key path → leaf value (scalars, null, and empty arrays/objects as leaves). */
export function flattenConfig(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (Array.isArray(value)) {
    if (!value.length && prefix) out[prefix] = [];
    value.forEach((v, i) => flattenConfig(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length && prefix) out[prefix] = {};
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

export interface ConfigDiffRow {
  key: string;
  /** One value per config, in the order given; undefined where that config lacks the key. */
  values: unknown[];
}

export interface DiffOptions {
  /** Keys (or key prefixes ending in '.') left out, e.g. `name` which always differs in a sweep. */
  ignore?: string[];
}

/** Keys whose values are not all equal, sorted by key path (section order: data, model, training...). */
export function diffConfigs(configs: readonly unknown[], opts: DiffOptions = {}): ConfigDiffRow[] {
  const flats = configs.map((c) => flattenConfig(c));
  const keys = new Set<string>();
  for (const f of flats) for (const k of Object.keys(f)) keys.add(k);
  const ignored = (k: string): boolean => (opts.ignore ?? []).some((p) => (p.endsWith('.') ? k.startsWith(p) : k === p));
  const rows: ConfigDiffRow[] = [];
  for (const key of [...keys].sort(compareKeys)) {
    if (ignored(key)) continue;
    const values = flats.map((f) => f[key]);
    const first = JSON.stringify(values[0]);
    if (values.some((v) => JSON.stringify(v) !== first)) rows.push({ key, values });
  }
  return rows;
}

/** "model.type=gru, training.clipNorm=1" for config `index`: the legend label of a compared run. */
export function diffLabel(rows: readonly ConfigDiffRow[], index: number, maxKeys = 3): string {
  const parts = rows.slice(0, maxKeys).map((r) => `${shortKey(r.key)}=${formatValue(r.values[index])}`);
  if (rows.length > maxKeys) parts.push(`+${rows.length - maxKeys} more`);
  return parts.join(', ');
}

export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** `model.layers.0.units` stays; `training.optimizer.learningRate` → `optimizer.learningRate`. */
function shortKey(key: string): string {
  return key.startsWith('training.') ? key.slice('training.'.length) : key;
}

// Numeric path segments compare as numbers (layers.10 after layers.9).
function compareKeys(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
