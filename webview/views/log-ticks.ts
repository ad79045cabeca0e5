/**
 * Log-axis labels at powers of ten only ("1e-9", "0.01", "1", "100"): chart.js's default prints
 * every tick in full decimal notation, which turns a gradient spanning 10 decades into unreadable
 * rows of zeros.
 */
export function logTick(value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const e = Math.round(Math.log10(v));
  if (Math.abs(Math.log10(v) - e) > 1e-6) return '';
  return Math.abs(e) >= 3 ? `1e${e}` : String(10 ** e >= 1 ? 10 ** e : Number((10 ** e).toFixed(-e)));
}
