import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpoint, readCheckpointDetailed, writeCheckpointTo, type Checkpoint, type CheckpointState } from '../../../src/core/runs';
import { Rng } from '../../../src/core/util/rng';
import { tempDir } from './tmp';

function tensor(name: string, shape: number[], rng: Rng) {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape, values: Float32Array.from({ length: n }, () => rng.normal()) };
}

function sample(step: number): Checkpoint {
  const rng = new Rng(step);
  rng.normal(); // leaves a spare normal in the state
  return {
    epoch: 3,
    step,
    weights: [tensor('lstm_1/kernel', [1, 16], rng), tensor('lstm_1/recurrent_kernel', [4, 16], rng), tensor('dense/bias', [1], rng)],
    optimizer: { name: 'adam', iterations: step, state: [tensor('lstm_1/kernel/m', [1, 16], rng), tensor('lstm_1/kernel/v', [1, 16], rng)] },
    rng: rng.getState(),
    best: { epoch: 2, valLoss: 0.0123, weights: [tensor('lstm_1/kernel', [1, 16], rng)] },
  };
}

function state(runDir: string): CheckpointState {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'checkpoint/state.json'), 'utf8')) as CheckpointState;
}

test('round trip: weights, optimizer state, step, rng state and best weights come back bit-exact', () => {
  const d = tempDir();
  const c = sample(120);
  writeCheckpointTo(d, c);
  const back = readCheckpoint(d);
  assert.ok(back);
  assert.deepEqual(back, c);
  // A resumed generator continues the same stream.
  const a = Rng.fromState(c.rng.state, c.rng.spare);
  const b = Rng.fromState(back.rng.state, back.rng.spare);
  assert.deepEqual([a.normal(), a.next()], [b.normal(), b.next()]);
  const s = state(d);
  assert.equal(s.tensorsBytes, 4 * (16 + 64 + 1 + 16 + 16 + 16));
  assert.deepEqual(s.index.weights.map((e) => [e.name, e.offset, e.length]), [
    ['lstm_1/kernel', 0, 16],
    ['lstm_1/recurrent_kernel', 16, 64],
    ['dense/bias', 80, 1],
  ]);
});

test('no best weights and a non-finite best valLoss are fine', () => {
  const d = tempDir();
  const { best: _best, ...noBest } = sample(5);
  writeCheckpointTo(d, noBest);
  assert.deepEqual(readCheckpoint(d), noBest);
  const inf = { ...sample(6), best: { epoch: 0, valLoss: Infinity, weights: [] } };
  writeCheckpointTo(d, inf);
  assert.ok(Number.isNaN(readCheckpoint(d)?.best?.valLoss));
});

test('a new checkpoint replaces the old one; old tensors files are removed', () => {
  const d = tempDir();
  writeCheckpointTo(d, sample(10));
  writeCheckpointTo(d, sample(20));
  assert.equal(readCheckpoint(d)?.step, 20);
  assert.deepEqual(fs.readdirSync(path.join(d, 'checkpoint')).sort(), ['state.json', 'tensors-000002.bin']);
});

test('a kill between the tensors file and state.json leaves the old checkpoint readable', () => {
  const d = tempDir();
  writeCheckpointTo(d, sample(10));
  // What a kill right before the state.json flip leaves: an orphan, newer tensors file.
  fs.writeFileSync(path.join(d, 'checkpoint/tensors-000002.bin'), Buffer.alloc(12));
  fs.writeFileSync(path.join(d, 'checkpoint/state.json.tmp-999-1'), '{"half');
  assert.equal(readCheckpoint(d)?.step, 10);
  writeCheckpointTo(d, sample(30));
  assert.equal(readCheckpoint(d)?.step, 30);
  assert.deepEqual(fs.readdirSync(path.join(d, 'checkpoint')).sort(), ['state.json', 'tensors-000003.bin']);
});

test('corruption is detected: undefined plus a warning saying what is wrong', () => {
  const cases: Array<[string, (dir: string, s: CheckpointState) => void, RegExp]> = [
    ['truncated tensors', (dir, s) => fs.truncateSync(path.join(dir, s.tensorsFile), s.tensorsBytes - 4), /has \d+ bytes, state.json says/],
    [
      'flipped byte',
      (dir, s) => {
        const p = path.join(dir, s.tensorsFile);
        const b = fs.readFileSync(p);
        b[7] = (b[7] as number) ^ 0xff;
        fs.writeFileSync(p, b);
      },
      /CRC-32/,
    ],
    ['missing tensors', (dir, s) => fs.rmSync(path.join(dir, s.tensorsFile)), /cannot read tensors-\d+\.bin/],
    ['state not JSON', (dir) => fs.writeFileSync(path.join(dir, 'state.json'), '{"epoch": 3,'), /not valid JSON/],
    [
      'index outside the file',
      (dir, s) => {
        const first = s.index.weights[0];
        if (first) first.offset = 10_000;
        fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(s));
      },
      /outside the tensors file/,
    ],
    [
      'shape and length disagree',
      (dir, s) => {
        const first = s.index.weights[0];
        if (first) first.shape = [3, 3];
        fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(s));
      },
      /shape \[3, 3\] but length 16/,
    ],
    ['no rng', (dir, s) => fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ ...s, rng: { state: [1, 2] } })), /rng/],
  ];
  for (const [label, damage, why] of cases) {
    const d = tempDir();
    writeCheckpointTo(d, sample(7));
    damage(path.join(d, 'checkpoint'), state(d));
    const r = readCheckpointDetailed(d);
    assert.equal(r.checkpoint, undefined, label);
    assert.equal(r.warnings.length, 1, label);
    assert.match(r.warnings[0] ?? '', why, label);
  }
});

test('no checkpoint: undefined without a warning; a wrong shape is refused at write time', () => {
  const d = tempDir();
  assert.deepEqual(readCheckpointDetailed(d), { warnings: [] });
  const bad = sample(1);
  bad.weights.push({ name: 'w', shape: [2, 2], values: new Float32Array(3) });
  assert.throws(() => writeCheckpointTo(d, bad), /tensor 'w' has shape \[2, 2\] \(4 values\) but 3 values/);
});
