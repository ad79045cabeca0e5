import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, type Hypothesis } from '../../../src/core/train/decode/beam';
import type { StepDecoder } from '../../../src/core/models/types';

// A hand-made lattice over tokens {0: start, 1: end, 2: A, 3: B, 4: C}: probabilities of the next
// token given the prefix. Greedy takes A first (0.5) but every continuation of A is flat, while B
// (0.4) is followed by a near-certain C: the best sequence is B C, not A-anything.
const START = 0;
const END = 1;
const LATTICE: Record<string, Record<number, number>> = {
  '': { 2: 0.5, 3: 0.4, 4: 0.1 },
  '2': { 2: 0.3, 3: 0.3, 4: 0.2, 1: 0.2 },
  '3': { 4: 0.9, 1: 0.1 },
  '4': { 1: 0.6, 2: 0.4 },
  '2,2': { 1: 1 },
  '2,3': { 1: 1 },
  '2,4': { 1: 1 },
  '3,4': { 1: 0.7, 2: 0.3 },
  '4,2': { 1: 1 },
  '3,4,2': { 1: 1 },
};
const V = 5;

function dist(prefix: number[]): Float32Array {
  const p = LATTICE[prefix.join(',')] ?? { [END]: 1 };
  return Float32Array.from({ length: V }, (_, v) => Math.log(p[v] ?? 1e-12));
}

/** State: the prefixes of the live rows. */
const lattice: StepDecoder<number[][]> = {
  start: () => [[]],
  step: (rows, prev) => {
    const next = rows.map((r, i) => (prev[i] === START ? r : [...r, prev[i] as number]));
    return { logProbs: next.map(dist), state: next };
  },
  select: (rows, idx) => idx.map((i) => rows[i] as number[]),
  dispose: () => {},
};

/** Every complete sequence by brute force, best first. */
function exhaustive(): Hypothesis[] {
  const out: Hypothesis[] = [];
  const walk = (prefix: number[], lp: number): void => {
    const d = dist(prefix);
    for (let v = 1; v < V; v++) {
      const p = lp + (d[v] as number);
      if (p < -20) continue;
      if (v === END) out.push({ tokens: prefix, logProb: p, finished: true });
      else if (prefix.length < 6) walk([...prefix, v], p);
    }
  };
  walk([], 0);
  return out.sort((a, b) => b.logProb - a.logProb);
}

const opts = { maxLength: 6, startId: START, endId: END };

test('greedy (beam width 1) is wrong on this lattice; width k returns the true top k', () => {
  const truth = exhaustive();
  assert.deepEqual(truth[0]?.tokens, [3, 4], 'B C is the likeliest sequence (0.4·0.9·0.7)');
  const greedy = beamSearch(lattice, lattice.start(undefined as never), { ...opts, beamWidth: 1 });
  assert.deepEqual(greedy[0]?.tokens.slice(0, 1), [2], 'greedy commits to A');
  assert.notDeepEqual(greedy[0]?.tokens, truth[0]?.tokens);
  for (const k of [2, 3]) {
    const beam = beamSearch(lattice, lattice.start(undefined as never), { ...opts, beamWidth: k });
    assert.equal(beam.length, k);
    assert.deepEqual(beam.map((h) => h.tokens), truth.slice(0, k).map((h) => h.tokens), `width ${k}`);
    beam.forEach((h, i) => assert.ok(Math.abs(h.logProb - (truth[i] as Hypothesis).logProb) < 1e-5));
    assert.ok(beam.every((h) => h.finished));
  }
});
