/**
 * Axis ticks for the report's charts: "nice" linear steps (1, 2, 5 × 10^k), and log axes labelled at
 * powers of ten only, written as the dashboard writes them (webview/views/log-ticks.ts): "1e-9",
 * "0.01", "1", "100". Pure.
 */

export function linearTicks(min: number, max: number, target = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Powers of ten from 10^floor(log10 min) to 10^ceil(log10 max); every k-th when there are many. */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const every = Math.max(1, Math.ceil((hi - lo + 1) / maxTicks));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += every) out.push(10 ** e);
  return out;
}

export function logLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  return Math.abs(e) >= 3 ? `1e${e}` : String(10 ** e >= 1 ? 10 ** e : Number((10 ** e).toFixed(-e)));
}

export function linearLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(4)));
}
