/**
 * The float64 reference's BPTT (test/helpers/reference64.ts) in the form the kernel tests use — one
 * layer under the linear loss L = Σ dH⊙h + Σ dhT⊙h_T + Σ dcT⊙c_T of random upstream gradients, with
 * initial states — against central finite differences: every weight, input and initial-state
 * gradient, and the total ∂L/∂h_t (∂L/∂c_t) through zero probes added to h_t (c_t). This is what
 * makes the reference a reference; the kernels are then compared with it (fused-vs-reference.test.ts).
 * (test/unit/models/reference64.test.ts checks the same module under the Dense head + MSE.)
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/util/rng';
import { backward64, finiteDifferences64, GATES, type Cell64, type Dims64, type GradKey, type Grads64, type Inputs64, type Params64 } from '../../helpers/reference64';
import { randomArray } from './compare';

function fdCheck(cell: Cell64, seed: number, tamper?: (g: Grads64) => void): string[] {
  const rng = new Rng(seed);
  const d: Dims64 = { B: 2, T: 4, F: 2, U: 3, O: 1 };
  const { B, T, F, U } = d;
  const GU = GATES[cell] * U;
  const p: Params64 = { W: randomArray(rng, F * GU, 0.7), U: randomArray(rng, U * GU, 0.7), b: randomArray(rng, GU, 0.3), Wd: new Float64Array(U), bd: new Float64Array(1) };
  const inp: Inputs64 = {
    x: randomArray(rng, B * T * F),
    y: new Float64Array(B),
    h0: randomArray(rng, B * U, 0.5),
    c0: randomArray(rng, B * U, 0.5),
    upstream: { dH: randomArray(rng, B * T * U), dhT: randomArray(rng, B * U), dcT: randomArray(rng, B * U) },
  };
  const { grads } = backward64(cell, d, p, inp);
  tamper?.(grads);
  const errors: string[] = [];
  const keys: GradKey[] = ['W', 'U', 'b', 'x', 'h0', 'dh', ...(cell === 'lstm' ? (['c0', 'dc'] as GradKey[]) : [])];
  for (const key of keys) {
    const fd = finiteDifferences64(cell, d, p, inp, key);
    const analytic = grads[key];
    fd.forEach((v, i) => {
      if (Math.abs(v - analytic[i]!) > 1e-6 + 1e-5 * Math.abs(v)) errors.push(`${cell} ${key}[${i}]: fd ${v} analytic ${analytic[i]}`);
    });
  }
  return errors;
}

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`float64 ${cell} layer BPTT under upstream gradients matches central finite differences`, () => {
    assert.deepEqual(fdCheck(cell, 11), []);
  });
}

test('the finite-difference check reports a deliberately wrong analytic gradient', () => {
  // One recurrent-weight gradient of the forget block scaled by 1.01: the check must name it.
  const errors = fdCheck('lstm', 11, (g) => {
    g.U[3 + 2] = g.U[3 + 2]! * 1.01;
  });
  assert.ok(errors.some((e) => e.startsWith('lstm U[5]')), errors.join('\n'));
});
