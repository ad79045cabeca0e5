/** Number formatting for human output: short, aligned, never "NaN" without saying so. */

/** 4 significant digits, no exponent for everyday magnitudes: 0.02483, 12.35, 1.2e-5. */
export function num(v: number | undefined): string {
  if (v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** 1234 → "1,234" */
export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** 950 → "0.95 s", 83_000 → "1 min 23 s" */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** value as a multiple of the baseline: "0.21× baseline" */
export function vsBaseline(value: number | undefined, baseline: number | undefined): string | undefined {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !(baseline > 0)) return undefined;
  return `${(value / baseline).toFixed(2)}× baseline`;
}
