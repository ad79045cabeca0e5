/**
 * The fused WebAssembly kernels against the float64 reference: forward outputs (h, c, gates), every
 * gradient (dx, dW, dU, db, dh0, dc0) and the per-step norms ‖∂L/∂h_t‖, ‖∂L/∂c_t‖, on random small
 * cases (U not a multiple of 4 or 16, T = 1, initial states, final-state gradients). A weight
 * perturbed in one gate block must make the same check fail.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enableRelaxedSimdFlag, loadKernels, type FusedKernels, type FusedGradients, type FusedRecurrentLayer } from '../../../src/core/kernels/fused-recurrent';
import { Rng } from '../../../src/core/util/rng';
import { backward64, forward64, GATES, stepNorms, type Cell64 as Cell, type Dims64, type Inputs64, type Params64 } from '../../helpers/reference64';
import { compare, describe, f32, randomArray, type Mismatch } from './compare';

interface Shape {
  cell: Cell;
  B: number;
  T: number;
  F: number;
  U: number;
}

const CASES: Array<Omit<Shape, 'cell'> & { states: boolean }> = [
  { B: 3, T: 5, F: 2, U: 7, states: false },
  { B: 4, T: 1, F: 3, U: 16, states: true },
  { B: 5, T: 6, F: 1, U: 18, states: true },
  { B: 2, T: 4, F: 5, U: 33, states: false },
  { B: 1, T: 3, F: 1, U: 1, states: true },
];
const CELLS: Cell[] = ['rnn', 'lstm', 'gru'];

interface CaseData {
  s: Shape;
  x: Float64Array;
  W: Float64Array;
  R: Float64Array;
  b: Float64Array;
  h0?: Float64Array;
  c0?: Float64Array;
  dH: Float64Array;
  dhT?: Float64Array;
  dcT?: Float64Array;
}

function makeCase(cell: Cell, c: (typeof CASES)[number], seed: number): CaseData {
  const rng = new Rng(seed);
  const s: Shape = { cell, B: c.B, T: c.T, F: c.F, U: c.U };
  const GU = GATES[cell] * c.U;
  const d: CaseData = {
    s,
    x: randomArray(rng, c.B * c.T * c.F),
    W: randomArray(rng, c.F * GU, 0.6),
    R: randomArray(rng, c.U * GU, 0.8 / Math.sqrt(c.U)),
    b: randomArray(rng, GU, 0.3),
    dH: randomArray(rng, c.B * c.T * c.U),
  };
  if (c.states) {
    d.h0 = randomArray(rng, c.B * c.U, 0.5);
    d.c0 = randomArray(rng, c.B * c.U, 0.5);
    d.dhT = randomArray(rng, c.B * c.U);
    d.dcT = randomArray(rng, c.B * c.U);
  }
  return d;
}

/** Runs kernel and reference on one case; returns every comparison (all must be ok). */
function checkCase(k: FusedKernels, d: CaseData, kernelR: Float64Array = d.R, reuse?: FusedRecurrentLayer): Mismatch[] {
  const { s } = d;
  const layer = reuse ?? k.createLayer({ cell: s.cell, batch: s.B, steps: s.T, features: s.F, units: s.U });
  if (reuse) reuse.setBatchSteps(s.B, s.T);
  layer.forward({
    x: f32(d.x), kernel: f32(d.W), recurrentKernel: f32(kernelR), bias: f32(d.b),
    h0: d.h0 && f32(d.h0), c0: d.c0 && f32(d.c0),
  });
  const g: FusedGradients = layer.backward({ dH: f32(d.dH), dhT: d.dhT && f32(d.dhT), dcT: d.dcT && f32(d.dcT), stateGrads: true });
  // The layer alone under the linear loss of the same upstream gradients (no head): test/helpers/reference64.ts.
  const dims: Dims64 = { B: s.B, T: s.T, F: s.F, U: s.U, O: 1 };
  const p: Params64 = { W: d.W, U: d.R, b: d.b, Wd: new Float64Array(s.U), bd: new Float64Array(1) };
  const inp: Inputs64 = { x: d.x, y: new Float64Array(s.B), h0: d.h0, c0: d.c0, upstream: { dH: d.dH, dhT: d.dhT, dcT: d.dcT } };
  const rf = forward64(s.cell, dims, p, inp);
  const rg = backward64(s.cell, dims, p, inp).grads;
  /** per-step [B,U] arrays → one batch-major [B,T,U] */
  const batchMajor = (steps: Float64Array[]): Float64Array => {
    const a = new Float64Array(s.B * s.T * s.U);
    steps.forEach((v, t) => {
      for (let b = 0; b < s.B; b++) a.set(v.subarray(b * s.U, (b + 1) * s.U), (b * s.T + t) * s.U);
    });
    return a;
  };
  const out: Mismatch[] = [compare('h', layer.hiddenSequence(), batchMajor(rf.h)), compare('hT', layer.lastHidden(), rf.h[s.T - 1]!)];
  out.push(compare('∂L/∂h_t', g.dhAll!, rg.dh));
  if (s.cell === 'lstm') out.push(compare('∂L/∂c_t', g.dcAll!, rg.dc));
  if (s.cell === 'lstm') {
    out.push(compare('c', layer.cellSequence(), batchMajor(rf.c)), compare('dc0', g.dc0!, rg.c0), compare('normC', g.normC!, stepNorms(rg.dc, s.B, s.T, s.U)));
  }
  if (s.cell !== 'rnn') {
    const gates = layer.gates();
    const G = GATES[s.cell];
    Object.entries(gates).forEach(([name, a], q) => {
      const want = new Float64Array(s.B * s.T * s.U);
      for (let b = 0; b < s.B; b++)
        for (let t = 0; t < s.T; t++)
          for (let j = 0; j < s.U; j++) want[(b * s.T + t) * s.U + j] = rf.gates[t]![b * G * s.U + q * s.U + j]!;
      out.push(compare(`gate ${name}`, a, want));
    });
  }
  out.push(
    compare('dx', g.dx!, rg.x),
    compare('dW', g.dKernel, rg.W),
    compare('dU', g.dRecurrentKernel, rg.U),
    compare('db', g.dBias, rg.b),
    compare('dh0', g.dh0, rg.h0),
    compare('normH', g.normH, stepNorms(rg.dh, s.B, s.T, s.U)),
  );
  return out;
}

const kernels = loadKernels({ relaxed: 'never' });
// The relaxed-SIMD build (fused multiply-add) is checked too where the runtime has relaxed SIMD
// (Node 22+; Node 20/21 after switching on its flag, which this does).
const variants = enableRelaxedSimdFlag() ? [kernels, loadKernels({ relaxed: 'auto' })] : [kernels];

for (const cell of CELLS) {
  for (const k of variants) {
    test(`fused ${cell} (${k.variant}) matches the float64 reference (forward, all gradients, per-step norms)`, () => {
      CASES.forEach((c, i) => {
        const d = makeCase(cell, c, 100 + i);
        const bad = checkCase(k, d).filter((m) => !m.ok);
        assert.deepEqual(bad.map(describe), [], `case ${JSON.stringify(c)}`);
      });
    });
  }

  test(`fused ${cell}: a weight perturbed in one gate block makes the check fail`, () => {
    const d = makeCase(cell, CASES[0]!, 7);
    const U = d.s.U;
    const G = GATES[cell];
    const block = G - 1; // the last gate block (LSTM o, GRU h, RNN its only block)
    const R = Float64Array.from(d.R);
    for (let j = 0; j < U; j++) R[j * G * U + block * U + (j % U)] = R[j * G * U + block * U + (j % U)]! + 0.05;
    const results = checkCase(kernels, d, R);
    const h = results.find((m) => m.name === 'h')!;
    assert.equal(h.ok, false, 'the perturbed forward output must not pass the comparison');
    assert.ok(results.filter((m) => !m.ok).length >= 2, 'gradients must disagree too');
  });
}

test('fused kernels reject arrays of the wrong size with the shape in the message', () => {
  const layer = kernels.createLayer({ cell: 'lstm', batch: 2, steps: 3, features: 1, units: 4 });
  assert.throws(
    () => layer.forward({ x: new Float32Array(5), kernel: new Float32Array(16), recurrentKernel: new Float32Array(64), bias: new Float32Array(16) }),
    /x has 5 values, expected 6/,
  );
  assert.throws(() => layer.backward({}), /call forward\(\) before/);
});

test('fused kernels stay exact when gates saturate (pre-activations up to ±100)', () => {
  for (const cell of CELLS) {
    const d = makeCase(cell, { B: 2, T: 4, F: 2, U: 5, states: true }, 31);
    d.W = d.W.map((v) => v * 150);
    d.b = d.b.map((v) => v * 100);
    const bad = checkCase(kernels, d).filter((m) => !m.ok || !Number.isFinite(m.got));
    assert.deepEqual(bad.map(describe), [], cell);
  }
});

test('a workspace reused for a smaller batch and a shorter sequence gives the same numbers; a larger one is refused', () => {
  for (const cell of CELLS) {
    const layer = kernels.createLayer({ cell, batch: 5, steps: 7, features: 2, units: 9 });
    for (const [B, T] of [[5, 7], [3, 4], [5, 1], [2, 7]] as const) {
      const d = makeCase(cell, { B, T, F: 2, U: 9, states: true }, 50 + B * 10 + T);
      const bad = checkCase(kernels, d, d.R, layer).filter((m) => !m.ok);
      assert.deepEqual(bad.map(describe), [], `${cell} B=${B} T=${T}`);
    }
    assert.throws(() => layer.setBatchSteps(6, 7), /exceeds this layer's capacity 5 × 7/);
  }
});
