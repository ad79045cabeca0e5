/** A run folder's data (readRun) as the Markdown generator's input. Pure. */
import { parse as parseYaml } from 'yaml';
import type { RunData } from '../runs';
import type { ReportRun } from './markdown';

export function reportRunOf(data: RunData): ReportRun {
  let config: unknown = {};
  try {
    config = data.config ? (parseYaml(data.config) as unknown) ?? {} : {};
  } catch {
    config = {};
  }
  return { runId: data.runId, experiment: data.meta.experiment, status: data.meta.status, config, ...(data.summary ? { summary: data.summary } : {}) };
}
