/**
 * Reproducibility across versions: the same spec and seed must keep giving the same initial
 * weights and outputs (a recorded run's config reproduces its first losses). The fixture holds a
 * digest of seed-42 models; regenerate it deliberately with UPDATE_FIXTURES=1 when an intended
 * change to the initialisers lands, and say so in the commit.
 */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import type { CellType } from '../../../src/core/config/types';
import { cpuBackend, layer, randomTensor, spec } from './util';

before(cpuBackend);

const FIXTURE = path.join(__dirname, '../../fixtures/models/seed42-golden.json');

interface Golden {
  [cell: string]: { weights: Record<string, { sum: number; first: number[] }>; output: number[] };
}

function digest(cell: CellType): Golden[string] {
  const m = buildModel(spec(cell, [layer(5, { bidirectional: true }), layer(4)], { seed: 42, head: { kind: 'regression', outputSize: 2 } }));
  const x = randomTensor([2, 6, 3], 42);
  try {
    const weights: Golden[string]['weights'] = {};
    for (const w of m.getWeights()) weights[w.name] = { sum: w.values.reduce((a, b) => a + b, 0), first: Array.from(w.values.slice(0, 4)) };
    const output = tf.tidy(() => Array.from(m.forward(x, { training: false }).output.dataSync()));
    return { weights, output };
  } finally {
    x.dispose();
    m.dispose();
  }
}

test('seed-42 models keep their initial weights and outputs (fixture)', () => {
  const cells: CellType[] = ['rnn', 'lstm', 'gru'];
  const now: Golden = Object.fromEntries(cells.map((c) => [c, digest(c)]));
  if (process.env.UPDATE_FIXTURES === '1') fs.writeFileSync(FIXTURE, JSON.stringify(now, null, 1) + '\n');
  const golden = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Golden;
  for (const cell of cells) {
    const g = golden[cell];
    const n = now[cell] as Golden[string];
    assert.ok(g, `fixture has no ${cell}`);
    assert.deepEqual(Object.keys(n.weights), Object.keys(g.weights), `${cell}: weight names changed`);
    for (const [name, w] of Object.entries(g.weights)) {
      // The PRNG is exact integer arithmetic; Box-Muller's log/cos may differ in the last float64
      // ulp between JS engines, which float32 rounding almost always hides: allow 1e-6.
      w.first.forEach((v, i) => assert.ok(Math.abs((n.weights[name]?.first[i] ?? NaN) - v) <= 1e-6, `${cell} ${name}: initial values changed`));
      assert.ok(Math.abs((n.weights[name]?.sum ?? NaN) - w.sum) <= 1e-9 * Math.max(1, Math.abs(w.sum)), `${cell} ${name}: sum changed`);
    }
    n.output.forEach((v, i) => assert.ok(Math.abs(v - (g.output[i] as number)) <= 1e-5, `${cell}: output ${i} ${v} vs ${g.output[i]}`));
  }
});
