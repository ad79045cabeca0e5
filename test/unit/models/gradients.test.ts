/**
 * The tfjs model's gradients (tf.variableGrads) and probe gradients (∂L/∂h_t, ∂L/∂c_t per step)
 * equal the float64 reference's analytic BPTT within float32 tolerance (the reference itself is
 * checked against finite differences in reference64.test.ts). Then one gate block of the tfjs
 * model is perturbed and every check — forward vs tf.layers, every gradient, every per-step
 * norm — must report a mismatch.
 */

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { tinyProblem, type Cell64, type Dims64 } from '../../helpers/reference64';
import { checkAgainstReference, modelFromReference, perturbGateBlock, PERTURBED_GATE } from './gradient-checks';
import { forwardMatchesLayers, layersTwin } from './layers-twin';
import { cpuBackend } from './util';

before(cpuBackend);

const dims: Dims64 = { B: 2, T: 5, F: 3, U: 4, O: 2 };
const cells: Cell64[] = ['rnn', 'lstm', 'gru'];

for (const cell of cells) {
  test(`${cell}: tfjs gradients and per-step ∂L/∂h_t = float64 reference (rel 1e-4)`, () => {
    const { params, inputs } = tinyProblem(cell, dims, 99);
    const model = modelFromReference(cell, dims, params);
    try {
      const reports = checkAgainstReference(model, dims, params, inputs);
      assert.ok(reports.length >= (cell === 'lstm' ? 10 : 8));
      for (const r of reports) assert.ok(r.result.ok, `${cell} ${r.name}: error/allowance ${r.result.worst} at ${r.result.index}`);
    } finally {
      model.dispose();
    }
  });

  test(`${cell}: a longer sequence (T = 12: chunked time slicing of inputs and probes) also matches`, () => {
    const long: Dims64 = { ...dims, T: 12 };
    const { params, inputs } = tinyProblem(cell, long, 7);
    const model = modelFromReference(cell, long, params);
    try {
      for (const r of checkAgainstReference(model, long, params, inputs)) assert.ok(r.result.ok, `${cell} ${r.name}: error/allowance ${r.result.worst}`);
    } finally {
      model.dispose();
    }
  });

  test(`${cell}: perturbing the ${PERTURBED_GATE[cell]} block of the recurrent kernel makes every check fail`, () => {
    const { params, inputs } = tinyProblem(cell, dims, 99);
    const model = modelFromReference(cell, dims, params);
    const twin = layersTwin(model); // tf.layers copy with the unperturbed weights
    const x = tf.tensor3d(Float32Array.from(inputs.x), [dims.B, dims.T, dims.F]);
    try {
      assert.ok(forwardMatchesLayers(model, twin, x).ok, 'before the perturbation the forward check passes');
      const prefix = cell === 'rnn' ? 'simple_rnn_1' : `${cell}_1`;
      const weights = model.getWeights().map((w) =>
        w.name === `${prefix}/recurrent_kernel` ? { ...w, values: Float32Array.from(perturbGateBlock(cell, w.values, dims.U)) } : w,
      );
      model.setWeights(weights);
      assert.equal(forwardMatchesLayers(model, twin, x).ok, false, 'forward vs tf.layers did not notice');
      const reports = checkAgainstReference(model, dims, params, inputs);
      // The dense-bias gradient is 2·mean(yhat - y): it moves with the output, so every check fails.
      for (const r of reports) assert.equal(r.result.ok, false, `${cell} ${r.name} did not notice the perturbation`);
    } finally {
      x.dispose();
      twin.dispose();
      model.dispose();
    }
  });
}
