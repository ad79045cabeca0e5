/**
 * The float64 reference's BPTT against central finite differences of the linear loss
 * L = Σ dH⊙h + Σ dhT⊙h_T + Σ dcT⊙c_T: every weight, input and initial-state gradient, and the total
 * ∂L/∂h_t (∂L/∂c_t) through zero probes added to h_t (c_t). This is what makes the reference a
 * reference; the kernels are then compared with it (fused-vs-reference.test.ts).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/util/rng';
import { GATES, linearLoss, refBackward, refForward, type Cell, type Params, type RefGrads, type Shape } from './reference64';
import { randomArray } from './compare';

const EPS = 1e-6;

function fdCheck(cell: Cell, seed: number, tamper?: (g: RefGrads) => void): string[] {
  const rng = new Rng(seed);
  const s: Shape = { cell, B: 2, T: 4, F: 2, U: 3 };
  const { B, T, F, U } = s;
  const GU = GATES[cell] * U;
  const p: Params = { W: randomArray(rng, F * GU, 0.7), R: randomArray(rng, U * GU, 0.7), b: randomArray(rng, GU, 0.3) };
  const x = randomArray(rng, B * T * F);
  const h0 = randomArray(rng, B * U, 0.5);
  const c0 = randomArray(rng, B * U, 0.5);
  const up = { dH: randomArray(rng, B * T * U), dhT: randomArray(rng, B * U), dcT: randomArray(rng, B * U) };
  const g = refBackward(s, p, x, refForward(s, p, x, h0, c0), up);
  tamper?.(g);

  const errors: string[] = [];
  const loss = (q: Params, xx: Float64Array, hh0: Float64Array, cc0: Float64Array, probes?: { h?: Float64Array[]; c?: Float64Array[] }): number =>
    linearLoss(s, refForward(s, q, xx, hh0, cc0, probes), up);
  /** central difference of L in array a[i], compared with the analytic value */
  const check = (name: string, a: Float64Array, analytic: ArrayLike<number>, run: () => number): void => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      a[i] = v + EPS;
      const lp = run();
      a[i] = v - EPS;
      const lm = run();
      a[i] = v;
      const fd = (lp - lm) / (2 * EPS);
      if (Math.abs(fd - analytic[i]!) > 1e-6 + 1e-5 * Math.abs(fd)) errors.push(`${cell} ${name}[${i}]: fd ${fd} analytic ${analytic[i]}`);
    }
  };
  check('W', p.W, g.dW, () => loss(p, x, h0, c0));
  check('U', p.R, g.dR, () => loss(p, x, h0, c0));
  check('b', p.b, g.db, () => loss(p, x, h0, c0));
  check('x', x, g.dx, () => loss(p, x, h0, c0));
  check('h0', h0, g.dh0, () => loss(p, x, h0, c0));
  if (cell === 'lstm') check('c0', c0, g.dc0, () => loss(p, x, h0, c0));
  // total gradients at each step via zero probes; the norms are their Frobenius norms
  for (let t = 0; t < T; t++) {
    const probe = new Float64Array(B * U);
    const h = Array.from({ length: T }, (_, k) => (k === t ? probe : new Float64Array(B * U)));
    check(`∂L/∂h_${t}`, probe, g.dhTotal[t]!, () => loss(p, x, h0, c0, { h }));
    const norm = Math.hypot(...g.dhTotal[t]!);
    if (Math.abs(norm - g.normH[t]!) > 1e-12) errors.push(`${cell} normH[${t}] ${g.normH[t]} ≠ ‖∂L/∂h_t‖ ${norm}`);
    if (cell === 'lstm') {
      const cp = new Float64Array(B * U);
      const c = Array.from({ length: T }, (_, k) => (k === t ? cp : new Float64Array(B * U)));
      let fdSq = 0;
      for (let i = 0; i < cp.length; i++) {
        cp[i] = EPS;
        const lp = loss(p, x, h0, c0, { c });
        cp[i] = -EPS;
        const lm = loss(p, x, h0, c0, { c });
        cp[i] = 0;
        fdSq += ((lp - lm) / (2 * EPS)) ** 2;
      }
      const fdNorm = Math.sqrt(fdSq);
      if (Math.abs(fdNorm - g.normC[t]!) > 1e-6 + 1e-5 * fdNorm) errors.push(`${cell} normC[${t}]: fd ${fdNorm} analytic ${g.normC[t]}`);
    }
  }
  return errors;
}

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`float64 ${cell} reference BPTT matches central finite differences`, () => {
    assert.deepEqual(fdCheck(cell, 11), []);
  });
}

test('the finite-difference check reports a deliberately wrong analytic gradient', () => {
  // One recurrent-weight gradient of the forget block scaled by 1.01: the check must name it.
  const errors = fdCheck('lstm', 11, (g) => {
    g.dR[3 + 2] = g.dR[3 + 2]! * 1.01;
  });
  assert.ok(errors.some((e) => e.startsWith('lstm U[5]')), errors.join('\n'));
});
