/**
 * One direction of one recurrent layer: the explicit loop over time. The input projection of all
 * T steps is one matMul before the loop; each step adds only h_{t-1}·U. Zero probe tensors are
 * added to h_t (and c_t) right where the step produces them, before anything reads them, so the
 * gradient of the loss with respect to a probe is the total ∂L/∂h_t (∂L/∂c_t).
 */

import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from './cells/cell';

export interface DirectionWeights {
  kernel: tf.Variable; // [in, G·U]
  recurrentKernel: tf.Variable; // [U, G·U]
  bias: tf.Variable; // [G·U]
}

export interface DirectionRunOptions {
  /** Process t = T-1 … 0 (the backward half of a bidirectional layer). */
  reverse: boolean;
  /** [B,T,U] zero probe for h, indexed by original time. */
  probeH?: tf.Tensor3D;
  /** [B,T,U] zero probe for c (LSTM), indexed by original time. */
  probeC?: tf.Tensor3D | null;
  /** [B,in] inverted-dropout mask on the layer's input, the same for every step (Keras style). */
  inputMask?: tf.Tensor2D;
  /** [B,U] inverted-dropout mask on the h fed back into U, the same for every step. */
  recurrentMask?: tf.Tensor2D;
  capture: boolean;
  /**
   * Whether the caller reads `sequence` (default true). A last layer feeding a
   * return_sequences=false head needs only `last`: a runner may then skip building the [B,T,U]
   * sequence and its gradient (the fused kernel does; reading `sequence` then throws).
   */
  needSequence?: boolean;
}

export interface DirectionRunResult {
  /** h_t for every t, in original time order: [B,T,U]. */
  sequence: tf.Tensor3D;
  /** The state after the last processed step (t = T-1 forward, t = 0 backward): [B,U]. */
  last: tf.Tensor2D;
  c?: tf.Tensor3D;
  gates?: Record<string, tf.Tensor3D>;
}

/** The contract of one direction's time loop (see BuildOptions.runDirection in index.ts). */
export type DirectionRunner = (
  cell: CellDef<unknown>,
  units: number,
  w: DirectionWeights,
  x: tf.Tensor3D,
  o: DirectionRunOptions,
) => DirectionRunResult;

export function runDirection(
  cell: CellDef<unknown>,
  units: number,
  w: DirectionWeights,
  x: tf.Tensor3D,
  o: DirectionRunOptions,
): DirectionRunResult {
  const [batch, steps, inSize] = x.shape;
  if (steps < 1) throw new Error('recurrent layer: the sequence must have at least one time step');
  const xIn: tf.Tensor3D = o.inputMask ? tf.mul(x, tf.expandDims(o.inputMask, 1)) : x;
  // Time-major first, so each step's slice is one contiguous block (a strided slice per step is
  // what made the loop slow on the cpu backend). Then all steps' input projections at once:
  // [T·B, in] · [in, G·U] + b → [T, B, G·U].
  const xTime = tf.transpose(xIn, [1, 0, 2]);
  const proj = tf.reshape(
    tf.add(tf.matMul(tf.reshape(xTime, [steps * batch, inSize]), w.kernel as tf.Tensor2D), w.bias),
    [steps, batch, cell.gates * units],
  );
  const projSteps = unstackSteps(proj as tf.Tensor3D);
  const timeMajor = (p: tf.Tensor3D): tf.Tensor2D[] => unstackSteps(tf.transpose(p, [1, 0, 2]) as tf.Tensor3D);
  const probeH = o.probeH ? timeMajor(o.probeH) : undefined;
  const probeC = o.probeC ? timeMajor(o.probeC) : undefined;
  const prepared = cell.prepare(w.recurrentKernel as tf.Tensor2D, units);

  const hs: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
  const cs: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
  const gates: Record<string, tf.Tensor2D[]> = {};
  for (const g of cell.gateNames) gates[g] = new Array<tf.Tensor2D>(steps);

  let h: tf.Tensor2D = tf.zeros([batch, units]);
  let c: tf.Tensor2D | undefined = cell.hasCell ? tf.zeros([batch, units]) : undefined;
  for (let k = 0; k < steps; k++) {
    const t = o.reverse ? steps - 1 - k : k;
    const hRec: tf.Tensor2D = o.recurrentMask ? tf.mul(h, o.recurrentMask) : h;
    const out = cell.step(
      {
        xProj: projSteps[t] as tf.Tensor2D,
        hPrev: h,
        hRec,
        cPrev: c,
        cProbe: probeC?.[t],
        wantGates: o.capture,
      },
      prepared,
      units,
    );
    h = probeH ? tf.add(out.h, probeH[t] as tf.Tensor2D) : out.h;
    c = out.c;
    hs[t] = h;
    if (c) cs[t] = c;
    if (out.gates) for (const g of cell.gateNames) (gates[g] as tf.Tensor2D[])[t] = out.gates[g] as tf.Tensor2D;
  }

  const result: DirectionRunResult = { sequence: tf.stack(hs, 1) as tf.Tensor3D, last: h };
  if (o.capture) {
    if (cell.hasCell) result.c = tf.stack(cs, 1) as tf.Tensor3D;
    if (cell.gateNames.length > 0) {
      result.gates = {};
      for (const g of cell.gateNames) result.gates[g] = tf.stack(gates[g] as tf.Tensor2D[], 1) as tf.Tensor3D;
    }
  }
  return result;
}

/**
 * [T, B, N] → T tensors [B, N]. The wasm backend's slice copies its WHOLE input on every call
 * (readSync), so a plain unstack costs T full copies (O(T²·B·N)): 150 ms for T=50, B=64, N=256
 * here. Splitting into ~√T chunks first and unstacking each chunk costs about 2·√T copies.
 */
export function unstackSteps(x: tf.Tensor3D): tf.Tensor2D[] {
  const steps = x.shape[0];
  if (steps <= 8) return tf.unstack(x, 0) as tf.Tensor2D[];
  const chunk = Math.ceil(Math.sqrt(steps));
  const sizes: number[] = [];
  for (let left = steps; left > 0; left -= chunk) sizes.push(Math.min(chunk, left));
  return tf.split(x, sizes, 0).flatMap((part) => tf.unstack(part, 0) as tf.Tensor2D[]);
}
