// The walkthrough's claims on its shipped examples (examples/lesson/), seeds 1-3, on the default
// backend and kernel — the same checks as scripts/walkthrough-claims.ts, which also writes
// docs/walkthrough-claims.md. Real runs, so this also tests the detectors on real records:
// they stay quiet on the next-value exercise and on the LSTM, the vanishing one fires on the
// SimpleRNN on adding, the exploding one on the SGD run that diverges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrainEvent } from '../../../src/core/events';
import { runExperiment } from '../../../src/core/run-experiment';
import { readRun } from '../../../src/core/runs';
import { factsFromEvents, factsFromRun } from '../../../src/core/lesson/run-facts';
import { claimExploding, claimFirstRnn, claimGated, claimVanishing, LESSON_DIR } from '../../../scripts/walkthrough-claims';

const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqlab-wt-claims-'));
test.after(() => fs.rmSync(runsDir, { recursive: true, force: true }));

const SEEDS = [1, 2, 3];

test('step 2: the SimpleRNN beats persistence on the noisy sine; no call-out fires on the exercise (3 seeds)', async () => {
  for (const seed of SEEDS) {
    const r = await claimFirstRnn(seed, runsDir);
    assert.ok(r.passed, `seed ${seed}: ${r.detail}`);
  }
});

test('steps 4-5: the SimpleRNN on adding shows vanishing gradients; the LSTM on the same data and seed beats it, without a vanishing call-out (3 seeds)', async () => {
  for (const seed of SEEDS) {
    const v = await claimVanishing(seed, runsDir);
    assert.ok(v.passed, `seed ${seed}: ${v.detail}`);
    assert.equal(v.facts.modelType, 'rnn');
    const g = await claimGated(seed, runsDir, v.facts);
    assert.ok(g.passed, `seed ${seed}: ${g.detail}`);
  }
});

test('step 6: SGD with momentum and gain 1.5 diverges (exploding call-out); the same with clipNorm converges (3 seeds)', async () => {
  for (const seed of SEEDS) {
    const r = await claimExploding(seed, runsDir);
    assert.ok(r.passed, `seed ${seed}: ${r.detail}`);
  }
});

test('a live run and its run folder give the same facts (the editor and the CLI count alike)', async () => {
  const events: TrainEvent[] = [];
  const r = await runExperiment({ configPath: path.join(LESSON_DIR, '6-exploding-gradients.seqlab.yaml'), runsDir, onEvent: (e) => events.push(e) });
  assert.ok(r.runDir);
  const live = factsFromEvents(events);
  const disk = factsFromRun(readRun(r.runDir));
  assert.ok(live);
  assert.ok(live.status === 'failed' || live.status === 'completed', live.status);
  assert.deepEqual({ ...live, findings: live.findings.map((f) => f.kind) }, { ...disk, findings: disk.findings.map((f) => f.kind) });
  assert.equal(disk.findings[0]?.kind, 'exploding', 'it diverges: NaN/Infinity, or a loss of 1e10 and more with a norm spike');
});
