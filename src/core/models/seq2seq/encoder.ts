/**
 * One direction of one encoder layer: the explicit time loop of recurrent-layer.ts with a padding mask.
 * At a padded step (mask 0) the state is carried unchanged, so the final state of a sequence is the
 * state after its LAST REAL token however far the batch is padded, and the backward direction starts
 * from zeros at the last real token. Probes are added to h_t (c_t) as in the plain layer, so ∂L/∂h_t
 * per step works for the encoder (it is 0 at padded steps).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from '../cells/cell';
import { unstackSteps } from '../recurrent-layer';

export interface MaskedRunOptions {
  reverse: boolean;
  /** [B,1] per time step: 1 real token, 0 padding. Absent: every step is real (the decoder). */
  maskSteps?: tf.Tensor2D[];
  /** Initial state (default zeros): the decoder starts from the encoder's final state. */
  initH?: tf.Tensor2D;
  initC?: tf.Tensor2D;
  probeH?: tf.Tensor3D;
  probeC?: tf.Tensor3D | null;
  inputMask?: tf.Tensor2D;
  recurrentMask?: tf.Tensor2D;
  capture: boolean;
}

export interface MaskedRunResult {
  sequence: tf.Tensor3D;
  lastH: tf.Tensor2D;
  lastC?: tf.Tensor2D;
  c?: tf.Tensor3D;
  gates?: Record<string, tf.Tensor3D>;
}

export function runMaskedDirection(
  cell: CellDef<unknown>,
  units: number,
  w: { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias: tf.Tensor1D },
  x: tf.Tensor3D,
  o: MaskedRunOptions,
): MaskedRunResult {
  const [batch, steps, inSize] = x.shape;
  const xIn: tf.Tensor3D = o.inputMask ? tf.mul(x, tf.expandDims(o.inputMask, 1)) : x;
  const proj = tf.reshape(
    tf.add(tf.matMul(tf.reshape(tf.transpose(xIn, [1, 0, 2]), [steps * batch, inSize]), w.kernel), w.bias),
    [steps, batch, cell.gates * units],
  ) as tf.Tensor3D;
  const projSteps = unstackSteps(proj);
  const timeMajor = (p: tf.Tensor3D): tf.Tensor2D[] => unstackSteps(tf.transpose(p, [1, 0, 2]) as tf.Tensor3D);
  const probeH = o.probeH ? timeMajor(o.probeH) : undefined;
  const probeC = o.probeC ? timeMajor(o.probeC) : undefined;
  const prepared = cell.prepare(w.recurrentKernel, units);
  const hs = new Array<tf.Tensor2D>(steps);
  const cs = new Array<tf.Tensor2D>(steps);
  const gates: Record<string, tf.Tensor2D[]> = Object.fromEntries(cell.gateNames.map((g) => [g, new Array<tf.Tensor2D>(steps)]));
  let h: tf.Tensor2D = o.initH ?? tf.zeros([batch, units]);
  let c: tf.Tensor2D | undefined = cell.hasCell ? (o.initC ?? tf.zeros([batch, units])) : undefined;
  for (let k = 0; k < steps; k++) {
    const t = o.reverse ? steps - 1 - k : k;
    const hRec: tf.Tensor2D = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
    const out = cell.step({ xProj: projSteps[t] as tf.Tensor2D, hPrev: h, hRec, cPrev: c, cProbe: probeC?.[t], wantGates: o.capture }, prepared, units);
    const m = o.maskSteps?.[t];
    // h ← h + m·(h_new − h): the new state on real tokens, the old one carried over padding.
    const hNext: tf.Tensor2D = m ? tf.add(h, tf.mul(m, tf.sub(out.h, h))) : out.h;
    h = probeH ? tf.add(hNext, probeH[t] as tf.Tensor2D) : hNext;
    if (c && out.c) c = m ? (tf.add(c, tf.mul(m, tf.sub(out.c, c))) as tf.Tensor2D) : out.c;
    hs[t] = h;
    if (c) cs[t] = c;
    if (out.gates) for (const g of cell.gateNames) (gates[g] as tf.Tensor2D[])[t] = out.gates[g] as tf.Tensor2D;
  }
  const res: MaskedRunResult = { sequence: tf.stack(hs, 1) as tf.Tensor3D, lastH: h };
  if (c) res.lastC = c;
  if (o.capture) {
    if (c) res.c = tf.stack(cs, 1) as tf.Tensor3D;
    if (cell.gateNames.length > 0) res.gates = Object.fromEntries(cell.gateNames.map((g) => [g, tf.stack(gates[g] as tf.Tensor2D[], 1) as tf.Tensor3D]));
  }
  return res;
}
