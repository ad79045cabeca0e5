/**
 * `expect:` checks (DESIGN.md): {below: x} value < x, {above: x} value > x, {belowBaseline: r}
 * value ≤ r × baseline, {aboveBaseline: m} value ≥ baseline + m. A metric that was not measured, or a
 * baseline that does not exist for it, fails the check (with the reason in `rule`).
 */
import type { ExpectRule } from '../config/types';
import type { ExpectResult, Metrics } from '../events';

export function checkExpect(rules: Record<string, ExpectRule>, values: Metrics, baseline: Metrics): ExpectResult[] {
  return Object.entries(rules).map(([metric, rule]) => {
    const value = (values as Record<string, number | undefined>)[metric];
    const base = (baseline as Record<string, number | undefined>)[metric];
    const known = value !== undefined && Number.isFinite(value);
    if (rule.below !== undefined) return result(metric, `below ${rule.below}`, value, rule.below, known && (value as number) < rule.below);
    if (rule.above !== undefined) return result(metric, `above ${rule.above}`, value, rule.above, known && (value as number) > rule.above);
    if (rule.belowBaseline !== undefined) {
      if (base === undefined) return result(metric, `belowBaseline ${rule.belowBaseline} (this task has no baseline ${metric})`, value, undefined, false);
      const threshold = rule.belowBaseline * base;
      return result(metric, `belowBaseline ${rule.belowBaseline} (≤ ${rule.belowBaseline} × baseline ${fmt(base)})`, value, threshold, known && (value as number) <= threshold);
    }
    if (rule.aboveBaseline !== undefined) {
      if (base === undefined) return result(metric, `aboveBaseline ${rule.aboveBaseline} (this task has no baseline ${metric})`, value, undefined, false);
      const threshold = base + rule.aboveBaseline;
      return result(metric, `aboveBaseline ${rule.aboveBaseline} (≥ baseline ${fmt(base)} + ${rule.aboveBaseline})`, value, threshold, known && (value as number) >= threshold);
    }
    return result(metric, 'no rule given', value, undefined, false);
  });
}

function result(metric: string, rule: string, value: number | undefined, threshold: number | undefined, passed: boolean): ExpectResult {
  return { metric, rule: value === undefined ? `${rule} (not measured in this run)` : rule, value, threshold, passed };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
