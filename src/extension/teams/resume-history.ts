/**
 * What a resumed run's dashboard shows before its first new event: the run folder replayed up to the
 * checkpoint (RunRecorder.resume has dropped the records after it by the time the worker's `start`
 * arrives), without the old `start`/`end` and the stale-status note, so the charts continue in place.
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
  return replayEvents({ ...rest, meta: { ...data.meta, status: 'running' } }).filter((e) => e.type !== 'start' && e.type !== 'end');
}
