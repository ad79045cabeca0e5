/**
 * The Data card of a replayed run. A live run sends its data preview in the `start` event; the run
 * folder does not keep it, so a reopened dashboard recomputes it from the run's resolved config
 * (config.yaml) with the same core function the trainer calls (startPreview). Synthetic kinds are
 * regenerated from the recorded seed, so the preview equals the one the live run showed; file kinds
 * read the file as it is now (meta.json's data fingerprint tells whether it changed since).
 *
 * Replay runs in the extension host, so only previews that are cheap to build are recomputed:
 * synthetic kinds (sized by the config) and data files up to MAX_REPLAY_PREVIEW_BYTES. Folder kinds
 * (audio, midi) would decode every file: they are left out and the card stays hidden, as before.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ExperimentConfig } from '../../core/config/types';
import { startPreview } from '../../core/data/preview-event';
import type { StartDataPreview } from '../../core/events';

/** Data files larger than this are not re-read to draw a replayed run's preview. */
export const MAX_REPLAY_PREVIEW_BYTES = 4 * 1024 * 1024;
/** Synthetic kinds larger than this (data.length or data.size) are not regenerated on replay. */
export const MAX_REPLAY_SYNTHETIC = 200_000;

const SYNTHETIC = new Set(['sine', 'noisy-sine', 'random-walk', 'adding', 'copy', 'reverse', 'sort']);
const SINGLE_FILE = new Set(['csv', 'text', 'pairs']);

/**
 * The preview a replayed run shows: the one stored with the run when a reader provides it, else the
 * one recomputed from the resolved config, else undefined (why is returned for the run log).
 */
export function replayPreview(config: ExperimentConfig | undefined, configPath: string | undefined, stored?: StartDataPreview): { preview?: StartDataPreview; why?: string } {
  if (stored) return { preview: stored };
  const data = config?.data;
  if (!data || typeof data.kind !== 'string') return { why: 'the run folder has no resolved data config' };
  const why = tooCostly(data);
  if (why) return { why: `data preview not recomputed on replay: ${why}` };
  // Relative paths in config.yaml are already absolute (resolved); the config's folder is the fallback base.
  const preview = startPreview(config, configPath ? path.dirname(configPath) : process.cwd());
  return preview ? { preview } : { why: `data preview could not be rebuilt for data.kind ${data.kind}` };
}

function tooCostly(data: ExperimentConfig['data']): string | undefined {
  if (SYNTHETIC.has(data.kind)) {
    const n = Math.max(Number(data.length) || 0, Number(data.size) || 0);
    return n > MAX_REPLAY_SYNTHETIC ? `${data.kind} of ${n} points is too large to regenerate here` : undefined;
  }
  if (SINGLE_FILE.has(data.kind)) {
    if (!data.path) return `data.path is not recorded`;
    let size: number;
    try {
      size = fs.statSync(data.path).size;
    } catch {
      return `${data.path} is no longer readable`;
    }
    return size > MAX_REPLAY_PREVIEW_BYTES ? `${path.basename(data.path)} is ${(size / 1048576).toFixed(1)} MB` : undefined;
  }
  return `data.kind ${data.kind} reads a folder of files`;
}
