import { test, mock } from 'node:test';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { claimRunFolder, ensureRunsDir, makeRunId, RunRecorder, sanitizeExperimentName } from '../../../src/core/runs';
import { tempDir } from './tmp';

const SAFE = /^[a-z0-9.-]+$/;

test('ids are file-name safe on every OS and carry time + name + suffix', () => {
  const id = makeRunId('Sine: next value / v2', new Date(Date.UTC(2026, 10, 25, 16, 15, 2)));
  assert.match(id, /^20261125-161502-sine-next-value-v2-[0-9a-f]{4}$/);
  assert.match(id, SAFE);
  for (const name of ['', '...', 'CON', 'a:b*c?"<>|\\', 'Ünïcödé ñame', '-x-', 'x'.repeat(200)]) {
    const s = sanitizeExperimentName(name);
    assert.match(s, SAFE, `unsafe: ${JSON.stringify(s)} from ${JSON.stringify(name)}`);
    assert.ok(s.length >= 1 && s.length <= 40);
    assert.ok(!/^[-.]|[-.]$/.test(s), `leading/trailing punctuation in ${s}`);
  }
  assert.equal(sanitizeExperimentName('Ünïcödé ñame'), 'unicode-name');
  assert.equal(sanitizeExperimentName(':::'), 'run');
});

test('a burst of 50 runs in the same second gets 50 distinct folders', () => {
  const d = tempDir();
  const runs = ensureRunsDir(d);
  const frozen = new Date(Date.UTC(2026, 10, 25, 16, 15, 2));
  const ids = new Set<string>();
  for (let i = 0; i < 25; i++) ids.add(claimRunFolder(runs, 'burst', frozen).runId);
  for (let i = 0; i < 25; i++) {
    const rec = RunRecorder.create({ root: d, experiment: 'burst', resolvedYaml: 'name: burst\n', seed: i, heartbeatMs: 0, now: () => frozen });
    ids.add(rec.runId);
    rec.close();
  }
  assert.equal(ids.size, 50);
  assert.equal(fs.readdirSync(runs).length, 50);
  for (const id of ids) assert.match(id, /^20261125-161502-burst-[0-9a-f]{4,8}$/);
});

test('an id that is taken is never reused (mkdir EEXIST → a new suffix)', () => {
  const d = tempDir();
  const runs = ensureRunsDir(d);
  const frozen = new Date(Date.UTC(2026, 0, 1));
  // Claim many more in the same second: none may hand back (and so share) the first folder.
  const first = claimRunFolder(runs, 'x', frozen);
  fs.writeFileSync(`${first.runDir}/marker`, 'mine');
  for (let i = 0; i < 60; i++) assert.notEqual(claimRunFolder(runs, 'x', frozen).runId, first.runId);
  assert.equal(fs.readFileSync(`${first.runDir}/marker`, 'utf8'), 'mine');
  assert.deepEqual(fs.readdirSync(first.runDir), ['marker']);
});

test('collisions are retried with a new suffix, widened after repeated clashes', () => {
  const d = tempDir();
  const runs = ensureRunsDir(d);
  const frozen = new Date(Date.UTC(2026, 0, 1));
  let wide = 0;
  // A random source that always clashes on the short suffix: the claim must retry and then widen.
  const m = mock.method(crypto, 'randomBytes', (n: number) => {
    const b = Buffer.alloc(n);
    if (n > 2) b.writeUInt32BE(++wide, n - 4);
    return b;
  });
  try {
    const ids = [0, 1, 2].map(() => claimRunFolder(runs, 'x', frozen).runId);
    assert.deepEqual(ids, ['20260101-000000-x-0000', '20260101-000000-x-00000001', '20260101-000000-x-00000002']);
  } finally {
    m.mock.restore();
  }
});
