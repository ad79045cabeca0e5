/**
 * The rnn / lstm / gru race as a real sweep (src/core/sweep): the experiment with
 * `sweep: {model.type: [rnn, lstm, gru]}` put in by an override, so its runs carry the sweep tag in
 * meta.json (the Runs view groups them under the sweep node), a rerun skips the cells that already
 * finished (as `seqlab sweep` does), and a file that already declares this very sweep
 * (examples/adding-race.seqlab.yaml) shares its sweep id and runs with `seqlab sweep`.
 *
 * Each point is trained by `train` (in the extension: the seqlab.train command, so in a worker process,
 * never in the extension host). No vscode import here: unit-tested with a fake `train`.
 */
import { runSweep, type PointResult, type RunPointOutcome } from '../../core/sweep';
import type { ConfigError } from '../../core/config';

export const RACE_CELLS = ['rnn', 'lstm', 'gru'] as const;
/** The override that turns any experiment into the race (it replaces the file's own sweep block). */
export const RACE_SWEEP_OVERRIDE = `sweep={"model.type": [${RACE_CELLS.join(', ')}]}`;

/** What one training of a point returned (the fields of seqlab.train's TrainCommandResult used here). */
export interface RaceTrainResult {
  status: string;
  runId?: string;
  runDir?: string;
  message?: string;
}

export interface RaceOptions {
  file: string;
  /** The runs root setting (seqlab.runsDirectory); else findRunsRoot's rule, as seqlab.train uses. */
  runsDir?: string;
  train: (overrides: string[]) => Promise<RaceTrainResult | undefined>;
  /** After each point (trained, skipped or failed) with every point so far, in grid order. */
  onPoint?: (done: PointResult[]) => void;
  signal?: AbortSignal;
}

export type RaceResult =
  | { ok: true; sweepId: string; results: PointResult[]; runDirs: string[] }
  | { ok: false; configErrors: ConfigError[] };

export async function runRace(o: RaceOptions): Promise<RaceResult> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  o.signal?.addEventListener('abort', onAbort);
  const done: PointResult[] = [];
  try {
    const r = await runSweep({
      configPath: o.file,
      overrides: [RACE_SWEEP_OVERRIDE],
      ...(o.runsDir ? { runsDir: o.runsDir } : {}),
      signal: stop.signal,
      runPoint: async (req) => {
        const out = outcomeOf(await o.train(req.overrides));
        // Refused (untrusted workspace) or cancelled: the next cells would be refused too.
        if (out.status === 'stopped' && out.error?.startsWith('refused')) stop.abort();
        return out;
      },
      onPoint: (p) => {
        done.push(p);
        done.sort((a, b) => a.point.index - b.point.index);
        o.onPoint?.([...done]);
      },
    });
    if (!r.ok) return r;
    return { ok: true, sweepId: r.sweepId, results: r.results, runDirs: r.results.flatMap((p) => (p.runDir ? [p.runDir] : [])) };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** seqlab.train's result as a sweep point's outcome. */
export function outcomeOf(r: RaceTrainResult | undefined): RunPointOutcome {
  if (!r) return { status: 'failed', error: 'seqlab.train returned nothing' };
  const ids = { ...(r.runId ? { runId: r.runId } : {}), ...(r.runDir ? { runDir: r.runDir } : {}) };
  switch (r.status) {
    case 'completed':
    case 'stopped':
    case 'failed':
    case 'invalid':
      return { status: r.status, ...ids, ...(r.message ? { error: r.message } : {}) };
    default:
      // 'refused' (workspace trust) and 'cancelled' (removed from the queue) trained nothing.
      return { status: 'stopped', ...ids, error: `${r.status}${r.message ? `: ${r.message}` : ''}` };
  }
}

/** One line per point for a notification: "rnn completed, lstm skipped (already run), gru failed: …". */
export function raceOutcomeText(results: PointResult[]): string {
  return results
    .map((p) => {
      const cell = String(p.point.values['model.type'] ?? p.point.label);
      if (p.status === 'skipped') return `${cell} already run`;
      return `${cell} ${p.status}${p.error && p.status !== 'completed' ? ` (${p.error.split('\n')[0]})` : ''}`;
    })
    .join(', ');
}
