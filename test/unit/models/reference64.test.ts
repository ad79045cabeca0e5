/**
 * The float64 reference's analytic BPTT (test/helpers/reference64.ts) agrees with central finite
 * differences of its own forward pass, for every parameter, the input, the initial state and the
 * per-step ∂L/∂h_t (∂L/∂c_t) — and disagrees once one gate's weight is perturbed.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backward64,
  compareRelative,
  finiteDifferences64,
  tinyProblem,
  type Cell64,
  type Dims64,
  type GradKey,
} from '../../helpers/reference64';
import { perturbGateBlock, PERTURBED_GATE } from './gradient-checks';

const dims: Dims64 = { B: 2, T: 5, F: 3, U: 4, O: 2 };
const cells: Cell64[] = ['rnn', 'lstm', 'gru'];

function problem(cell: Cell64) {
  const { params, inputs } = tinyProblem(cell, dims, 1234);
  // A non-zero initial state, so dh0 / dc0 are checked on a state that matters.
  inputs.h0 = Float64Array.from({ length: dims.B * dims.U }, (_, k) => 0.1 * Math.sin(k + 1));
  if (cell === 'lstm') inputs.c0 = Float64Array.from({ length: dims.B * dims.U }, (_, k) => 0.2 * Math.cos(k));
  return { params, inputs };
}

for (const cell of cells) {
  test(`${cell}: float64 analytic gradients = central finite differences (rel 1e-6)`, () => {
    const { params, inputs } = problem(cell);
    const { grads } = backward64(cell, dims, params, inputs);
    const keys: GradKey[] = ['W', 'U', 'b', 'Wd', 'bd', 'x', 'h0', 'dh'];
    if (cell === 'lstm') keys.push('c0', 'dc');
    for (const key of keys) {
      const fd = finiteDifferences64(cell, dims, params, inputs, key);
      const m = compareRelative(grads[key], fd, 1e-6, 1e-10);
      assert.ok(m.ok, `${cell} ${key}: error/allowance ${m.worst} at ${m.index}`);
      // Non-trivial: the gradient is not all zeros.
      assert.ok(fd.some((v) => Math.abs(v) > 1e-6), `${cell} ${key}: gradient is all zero`);
    }
  });

  test(`${cell}: the finite-difference check fails when the ${PERTURBED_GATE[cell]} block of U is perturbed`, () => {
    const { params, inputs } = problem(cell);
    const { grads } = backward64(cell, dims, params, inputs);
    const perturbed = { ...params, U: perturbGateBlock(cell, params.U, dims.U) };
    for (const key of ['U', 'W', 'dh'] as GradKey[]) {
      const fd = finiteDifferences64(cell, dims, perturbed, inputs, key);
      assert.equal(compareRelative(grads[key], fd, 1e-6, 1e-10).ok, false, `${cell} ${key}: perturbation went unnoticed`);
    }
  });
}
