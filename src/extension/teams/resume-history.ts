/**
 * What a resumed run's dashboard shows before its first new event: the run folder replayed up to the
 * checkpoint, without the old `start`/`end` and the stale-status note, so the charts continue in place.
 *
 * The folder is read when the worker's `start` reaches the extension host; on a busy machine the
 * worker may already have appended new epochs by then (they also arrive as live events), so the
 * history keeps only records up to the resume point meta.json's last `resumes` entry names.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { TrainEvent } from '../../core/events';
import { readRun } from '../../core/runs';
import { replayEvents } from '../dashboard/replay';

export function resumeHistory(runDir: string): TrainEvent[] {
  if (!fs.existsSync(path.join(runDir, 'meta.json'))) return [];
  let data;
  try {
    data = readRun(runDir);
  } catch {
    return [];
  }
  const { statusReason: _reason, ...rest } = data;
  const from = data.meta.resumes?.at(-1);
  const upTo = from
    ? {
        ...rest,
        steps: rest.steps.filter((r) => r.step <= from.fromStep),
        epochs: rest.epochs.filter((r) => r.epoch <= from.fromEpoch),
        gradients: rest.gradients.filter((r) => r.epoch <= from.fromEpoch),
        samples: rest.samples.filter((r) => r.epoch <= from.fromEpoch),
        artifacts: rest.artifacts.filter((r) => r.epoch <= from.fromEpoch),
      }
    : rest;
  return replayEvents({ ...upTo, meta: { ...data.meta, status: 'running' } }).filter((e) => e.type !== 'start' && e.type !== 'end');
}
