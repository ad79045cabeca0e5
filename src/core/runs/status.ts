/**
 * The effective status of a run: meta.json says `running` until the writer records an end, so a
 * writer that was killed (or crashed, or lost power) leaves `running` behind. Readers turn that into
 * `stopped` when the heartbeat is stale or, on the writer's own host, its pid is gone.
 */
import * as os from 'node:os';
import type { RunStatus } from '../events';
import { STALE_HEARTBEAT_MS, type RunMeta } from './format';

export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface EffectiveStatus {
  status: RunStatus;
  reason?: string;
}

export function effectiveStatus(
  meta: Pick<RunMeta, 'status' | 'heartbeatAt' | 'host' | 'pid'>,
  now: number = Date.now(),
  staleMs: number = STALE_HEARTBEAT_MS,
): EffectiveStatus {
  if (meta.status !== 'running') return { status: meta.status };
  if (meta.host === os.hostname() && !isPidAlive(meta.pid)) {
    return { status: 'stopped', reason: `the writer process (pid ${meta.pid}) is no longer running` };
  }
  const beat = Date.parse(meta.heartbeatAt);
  if (!Number.isFinite(beat)) return { status: 'stopped', reason: 'meta.json has no valid heartbeat time' };
  const age = now - beat;
  if (age > staleMs) {
    return { status: 'stopped', reason: `no heartbeat for ${Math.round(age / 1000)} s (the writer stopped without recording an end)` };
  }
  return { status: 'running' };
}
