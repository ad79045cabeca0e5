/**
 * Every crash point, deterministically: the SIGKILL test samples random moments; this one stops a
 * scripted recording at EACH file-system call in turn (before it, and halfway through each write),
 * by making that call and every later one fail as if the process had died, then checks the folder
 * reads: meta.json parses once it exists, metrics lines are whole except a reported partial last
 * line, and the checkpoint is the last committed one or the one being written, never a mix.
 */
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpointDetailed, readRun, RunRecorder, type Checkpoint } from '../../../src/core/runs';
import { SYNTHETIC_YAML } from '../../fixtures/runs/synthetic';
import { tempDir } from './tmp';

class Died extends Error {}

const OPS = ['openSync', 'writeSync', 'writeFileSync', 'fsyncSync', 'renameSync', 'rmSync', 'mkdirSync'] as const;

interface Plan {
  /** Die at this file-system call (1-based); Infinity = never. */
  at: number;
  /** At a write: write half the bytes first (a torn write). */
  torn: boolean;
}

/** Runs `body` with fs calls counted and the plan's call failing; returns the number of calls seen. */
function withCrash(plan: Plan, body: () => void): { calls: number; died: boolean; names: string[] } {
  let calls = 0;
  const names: string[] = [];
  let dead = false;
  const mocks = OPS.map((name) => {
    // fsync guards against power loss, not a dead process: counted as a crash point, not performed (slow).
    const real = name === 'fsyncSync' ? (): void => undefined : (fs[name] as (...a: unknown[]) => unknown).bind(fs);
    return mock.method(fs, name, (...args: unknown[]) => {
      if (dead) throw new Died('already dead');
      calls++;
      names.push(name);
      if (calls === plan.at) {
        dead = true;
        if (plan.torn && name === 'writeSync') {
          const [fd, data, off, len] = args as [number, Buffer | string, number?, number?];
          const buf = typeof data === 'string' ? Buffer.from(data) : data.subarray(off ?? 0, (off ?? 0) + (len ?? data.length - (off ?? 0)));
          real(fd, buf.subarray(0, Math.floor(buf.length / 2)));
        }
        if (plan.torn && name === 'writeFileSync') {
          const [target, data] = args as [number | string, string | Uint8Array];
          const buf = Buffer.from(data as string);
          real(target, buf.subarray(0, Math.floor(buf.length / 2)));
        }
        throw new Died(`died at ${name} (call ${calls})`);
      }
      return real(...args);
    });
  });
  try {
    body();
  } catch (err) {
    if (!(err instanceof Died)) throw err;
  } finally {
    for (const m of mocks) m.mock.restore();
  }
  return { calls, died: dead, names };
}

function checkpoint(step: number): Checkpoint {
  const filled = (name: string, n: number) => ({ name, shape: [n], values: new Float32Array(n).fill(step) });
  return {
    epoch: step,
    step,
    weights: [filled('w', 64), filled('u', 256)],
    optimizer: { name: 'sgd', iterations: step, state: [filled('w/m', 64)] },
    rng: { state: [step, 0, 0, 1], spare: null },
  };
}

interface Progress {
  runDir?: string;
  committed?: number;
  writing?: number;
}

/** The recording being crashed: create, start, steps, checkpoints, heartbeats, every file kind, end. */
function script(root: string, progress: Progress): void {
  const rec = RunRecorder.create({ root, experiment: 'crash', resolvedYaml: SYNTHETIC_YAML, seed: 1, heartbeatMs: 0 });
  progress.runDir = rec.runDir;
  let step = 0;
  const steps = (n: number): void => {
    for (let i = 0; i < n; i++) {
      step++;
      rec.onEvent({ type: 'step', epoch: 1, step, loss: 1, gradNorm: 1, gradNormByLayer: { rnn: 1 }, clipped: false, lr: 0.1, samplesPerSec: 1, time: step });
    }
  };
  const ckpt = (s: number): void => {
    progress.writing = s;
    rec.writeCheckpoint(checkpoint(s));
    progress.committed = s;
  };
  steps(3);
  ckpt(3);
  rec.heartbeat();
  rec.onEvent({ type: 'epoch', epoch: 1, step, loss: 1, valLoss: 1, clippedFraction: 0, durationMs: 1, best: true, time: 1 });
  rec.onEvent({ type: 'gradients', epoch: 1, records: [{ epoch: 1, layer: 'rnn', direction: 'forward', norms: [1, 2] }] });
  rec.onEvent({ type: 'samples', epoch: 1, samples: [{ epoch: 1, kind: 'series', input: [1], target: [1], output: [1] }] });
  rec.onEvent({ type: 'hidden', epoch: 1, sampleIndex: 0, layers: [{ layer: 'rnn', direction: 'forward', h: [[1]] }] });
  steps(3);
  ckpt(6);
  rec.heartbeat();
  rec.onEvent({ type: 'end', status: 'completed', summary: { status: 'completed', epochs: 1, steps: step, final: {}, best: {}, baseline: {}, expect: [], durationMs: 1 } });
}

test('a crash at every file-system call of a recording leaves a readable run', (t) => {
  const work = tempDir('crash');
  const dry = withCrash({ at: Infinity, torn: false }, () => script(path.join(work, 'dry'), {}));
  const total = dry.calls;
  assert.ok(total > 40, `the script makes ${total} fs calls`);
  const FUTURE = Date.now() + 3_600_000; // our own pid is alive: judge status as a later reader would
  let checked = 0;
  for (let at = 1; at <= total; at++) {
    // A torn variant only where the call writes bytes.
    for (const torn of /write/.test(dry.names[at - 1] ?? '') ? [false, true] : [false]) {
      const root = path.join(work, `r${at}${torn ? 't' : ''}`);
      const progress: Progress = {};
      const { died } = withCrash({ at, torn }, () => script(root, progress));
      assert.ok(died, `call ${at} was reached`);
      const where = `crash at call ${at}${torn ? ' (torn write)' : ''}`;
      if (!progress.runDir || !fs.existsSync(progress.runDir)) continue; // died before the run folder existed
      const r = readRun(progress.runDir, { now: FUTURE });
      const metaWritten = fs.existsSync(path.join(progress.runDir, 'meta.json'));
      if (metaWritten) {
        assert.ok(!r.warnings.some((w) => /meta\.json/.test(w)), `${where}: ${r.warnings.join('; ')}`);
        assert.ok(r.meta.status === 'stopped' || r.meta.status === 'completed', `${where}: ${r.meta.status}`);
        assert.equal(r.config, SYNTHETIC_YAML, where);
      } else {
        assert.equal(r.meta.status, 'stopped', where);
      }
      for (const w of r.warnings) {
        assert.match(w, /^(meta\.json is missing|config\.yaml is missing|(metrics|gradients|samples)\.jsonl: (ignored a partial last line|last line has no newline))/, `${where}: ${w}`);
      }
      r.steps.forEach((s, k) => assert.equal(s.step, k + 1, `${where}: step line ${k + 1}`));
      const ck = readCheckpointDetailed(progress.runDir);
      assert.deepEqual(ck.warnings, [], where);
      const acceptable = [progress.committed, progress.writing];
      assert.ok(acceptable.includes(ck.checkpoint?.step), `${where}: checkpoint step ${ck.checkpoint?.step}, expected one of ${acceptable.join('/')}`);
      if (ck.checkpoint) {
        const s = ck.checkpoint.step;
        for (const t of [...ck.checkpoint.weights, ...ck.checkpoint.optimizer.state]) assert.ok(t.values.every((v) => v === s), `${where}: ${t.name} mixes checkpoints`);
      }
      checked++;
    }
  }
  assert.ok(checked > total, `checked ${checked} crashed folders`);
  assert.ok(dry.names.includes('renameSync') && dry.names.includes('writeSync'), 'the recording renames and appends');
  t.diagnostic(`${total} fs calls in the recording; ${checked} crashed run folders checked`);
});
