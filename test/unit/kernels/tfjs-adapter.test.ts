/**
 * The fused DirectionRunner behind buildModel's seam against the engine's own tf-ops loop (the
 * numerical reference of the product): same seed → same weights; the outputs, every variable's
 * gradient, the probe gradients (∂L/∂h_t, ∂L/∂c_t) and the captured states/gates must agree, for
 * stacked and bidirectional layers of each cell. Recurrent dropout must fall back to the tf loop.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src/core/models';
import { runDirection } from '../../../src/core/models/recurrent-layer';
import { lstmCell } from '../../../src/core/models/cells/lstm';
import type { CellDef } from '../../../src/core/models/cells/cell';
import type { ModelSpec, SeqModel, StateProbes } from '../../../src/core/models/types';
import { createFusedDirectionRunner } from '../../../src/core/kernels/tfjs-adapter';
import { loadKernels } from '../../../src/core/kernels/fused-recurrent';
import { Rng } from '../../../src/core/util/rng';
import { compare, describe } from './compare';

const kernels = loadKernels({ relaxed: 'never' });

function spec(cell: ModelSpec['cell'], bidirectional: boolean, recurrentDropout = 0, head: ModelSpec['head']['kind'] = 'regression'): ModelSpec {
  return {
    cell, inputSize: 2, seed: 5,
    layers: [
      { units: 6, dropout: 0, recurrentDropout, bidirectional },
      { units: 5, dropout: 0, recurrentDropout: 0, bidirectional: false },
    ],
    init: { kernel: 'glorotUniform', recurrent: 'orthogonal', gain: 1, forgetBias: 1 },
    head: { kind: head, outputSize: 1 },
  };
}

interface Outcome {
  out: Float32Array;
  grads: Float32Array[];
  probeGrads: Float32Array[];
  captured: Float32Array[];
}

function run(model: SeqModel, x: tf.Tensor3D, y: tf.Tensor): Outcome {
  const [B, T] = x.shape;
  const probes: StateProbes = {
    h: model.stateSlots.map((s) => tf.zeros([B, T, s.units]) as tf.Tensor3D),
    c: model.stateSlots.map((s) => (s.hasCell ? (tf.zeros([B, T, s.units]) as tf.Tensor3D) : null)),
  };
  const probeList = [...probes.h, ...(probes.c ?? []).filter((p): p is tf.Tensor3D => p !== null)];
  const loss = (...ps: tf.Tensor[]): tf.Scalar => {
    const p: StateProbes = { h: ps.slice(0, probes.h.length) as tf.Tensor3D[], c: [] };
    let k = probes.h.length;
    p.c = model.stateSlots.map((s) => (s.hasCell ? (ps[k++] as tf.Tensor3D) : null));
    return tf.losses.meanSquaredError(y, model.forward(x, { training: true, probes: p }).output) as tf.Scalar;
  };
  const { grads } = tf.variableGrads(() => loss(...probeList), model.variables);
  const probeGrads = tf.grads(loss)(probeList);
  const fwd = model.forward(x, { training: false, capture: true });
  const captured: Float32Array[] = [];
  for (const c of fwd.captured ?? []) {
    captured.push(c.h.dataSync() as Float32Array);
    if (c.c) captured.push(c.c.dataSync() as Float32Array);
    for (const name of Object.keys(c.gates ?? {}).sort()) captured.push(c.gates![name]!.dataSync() as Float32Array);
  }
  return {
    out: fwd.output.dataSync() as Float32Array,
    grads: model.variables.map((v) => grads[v.name]!.dataSync() as Float32Array),
    probeGrads: probeGrads.map((g) => g.dataSync() as Float32Array),
    captured,
  };
}

function data(B: number, T: number): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const rng = new Rng(9);
  const x = tf.tensor3d(Float32Array.from({ length: B * T * 2 }, () => rng.uniform(-1, 1)), [B, T, 2]);
  const y = tf.tensor2d(Float32Array.from({ length: B }, () => rng.uniform(-1, 1)), [B, 1]);
  return { x, y };
}

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`fused runner = engine tf loop for stacked + bidirectional ${cell}: outputs, all gradients, probe gradients, capture`, async () => {
    await tf.setBackend('cpu');
    const { x, y } = data(3, 7);
    const ref = buildModel(spec(cell, true));
    const runner = createFusedDirectionRunner(kernels);
    const fused = buildModel(spec(cell, true), { runDirection: runner });
    const a = run(fused, x, y);
    const b = run(ref, x, y);
    assert.ok(runner.stats.fusedCalls > 0 && runner.stats.fallbacks === 0, JSON.stringify(runner.stats));
    const checks = [
      compare('output', a.out, b.out),
      ...a.grads.map((g, i) => compare(`d ${fused.variables[i]!.name}`, g, b.grads[i]!)),
      ...a.probeGrads.map((g, i) => compare(`probe ${i}`, g, b.probeGrads[i]!)),
      ...a.captured.map((g, i) => compare(`captured ${i}`, g, b.captured[i]!)),
    ];
    assert.equal(a.captured.length, b.captured.length);
    assert.deepEqual(checks.filter((m) => !m.ok).map(describe), []);
    ref.dispose();
    fused.dispose();
    tf.dispose([x, y]);
  });
}

// A regression head reads only h_T (the fused op then outputs [B,U] and takes dL/dh_T); a sequence
// head reads every step: both forms must match the tf loop, probes and capture included.
test('fused runner = engine tf loop under a sequence head (every step read; the last layer builds its [B,T,U] sequence)', async () => {
  await tf.setBackend('cpu');
  const { x } = data(3, 7);
  const y = tf.tensor3d(Float32Array.from({ length: 3 * 7 }, (_, i) => Math.sin(i)), [3, 7, 1]);
  for (const cell of ['lstm', 'gru'] as const) {
    const ref = buildModel(spec(cell, true, 0, 'sequence'));
    const fused = buildModel(spec(cell, true, 0, 'sequence'), { runDirection: createFusedDirectionRunner(kernels) });
    const a = run(fused, x, y);
    const b = run(ref, x, y);
    const checks = [
      compare(`${cell} output`, a.out, b.out),
      ...a.grads.map((g, i) => compare(`${cell} d ${fused.variables[i]!.name}`, g, b.grads[i]!)),
      ...a.probeGrads.map((g, i) => compare(`${cell} probe ${i}`, g, b.probeGrads[i]!)),
    ];
    assert.deepEqual(checks.filter((m) => !m.ok).map(describe), []);
    ref.dispose();
    fused.dispose();
  }
  tf.dispose([x, y]);
});

test('needSequence: false gives h_T only (equal to the tf loop\'s last state); reading its sequence throws', async () => {
  await tf.setBackend('cpu');
  const { x } = data(3, 7);
  const model = buildModel(spec('lstm', false));
  const runner = createFusedDirectionRunner(kernels);
  const cellDef = lstmCell as CellDef<unknown>;
  const w = { kernel: model.variables[0]!, recurrentKernel: model.variables[1]!, bias: model.variables[2]! };
  for (const reverse of [false, true]) {
    const lastOnly = runner(cellDef, 6, w, x, { reverse, capture: false, needSequence: false });
    const full = runDirection(cellDef, 6, w, x, { reverse, capture: false });
    assert.deepEqual(lastOnly.last.shape, [3, 6]);
    const m = compare(`last reverse=${reverse}`, lastOnly.last.dataSync(), full.last.dataSync());
    assert.ok(m.ok, describe(m));
    assert.throws(() => lastOnly.sequence, /needSequence: false/);
  }
  model.dispose();
  x.dispose();
});

test('fused runner reuses a direction workspace for a smaller batch / shorter sequence and grows it for a larger one', async () => {
  await tf.setBackend('cpu');
  const runner = createFusedDirectionRunner(kernels);
  const ref = buildModel(spec('gru', false));
  const fused = buildModel(spec('gru', false), { runDirection: runner });
  for (const [B, T] of [[3, 7], [2, 5], [4, 9]] as const) {
    const { x } = data(B, T);
    const a = tf.tidy(() => fused.forward(x, { training: false }).output.dataSync());
    const b = tf.tidy(() => ref.forward(x, { training: false }).output.dataSync());
    const m = compare(`output B=${B} T=${T}`, a, b);
    assert.ok(m.ok, describe(m));
    x.dispose();
  }
  ref.dispose();
  fused.dispose();
});

test('fused runner falls back to the tf loop for recurrent dropout and says why', async () => {
  await tf.setBackend('cpu');
  const { x } = data(2, 4);
  const runner = createFusedDirectionRunner(kernels);
  const model = buildModel(spec('lstm', false, 0.3), { runDirection: runner });
  tf.tidy(() => model.forward(x, { training: true, dropoutSeed: 1 }).output.dataSync());
  assert.ok(runner.stats.fallbacks >= 1);
  assert.match(runner.stats.lastFallbackReason ?? '', /recurrent dropout/);
  model.dispose();
  x.dispose();
});

test('fusedKernelStatus: available on wasm/cpu, declined on the native tensorflow backend with a reason', async () => {
  const { fusedKernelStatus } = await import('../../../src/core/kernels');
  const s = fusedKernelStatus('cpu');
  assert.equal(s.available, true, s.reason);
  assert.match(s.reason, /fused WebAssembly kernel/);
  const n = fusedKernelStatus('tensorflow');
  assert.equal(n.available, false);
  assert.match(n.reason, /native tensorflow backend/);
});
