/**
 * The fused kernel as a drop-in `DirectionRunner` for src/core/models (the seam
 * `buildModel(spec, { runDirection })`): one tf.customGrad op per layer direction whose forward is
 * one kernel call over the whole sequence and whose gradient is one kernel BPTT call. Same result
 * contract as the tf-ops loop: h for every step in original time order, the final state, probes
 * honoured (their gradient is the kernel's total ∂L/∂h_t, ∂L/∂c_t), capture of c and the gates.
 *
 *   const runner = createFusedDirectionRunner();           // loads the .wasm once
 *   const model = buildModel(spec, { runDirection: runner });
 *
 * Recurrent dropout (a mask inside the loop) is not in the kernel: such calls run the tf-ops loop
 * (`runner.stats.fallbacks` counts them, `runner.stats.lastFallbackReason` says why).
 * The kernel works on Float32Arrays: inputs are read with dataSync once per call (cheap on the
 * wasm and cpu backends; on tfjs-node it is a copy out of native memory, which is why the native
 * backend keeps the tfjs path).
 */

import * as tf from '@tensorflow/tfjs-core';
import type { CellDef } from '../models/cells/cell';
import { runDirection, type DirectionRunner, type DirectionRunOptions, type DirectionRunResult, type DirectionWeights } from '../models/recurrent-layer';
import { loadKernels, type FusedCell, type FusedKernels, type FusedRecurrentLayer } from './fused-recurrent';
import { GATE_NAMES, GATES } from './layout';

export interface FusedRunnerStats {
  fusedCalls: number;
  fallbacks: number;
  lastFallbackReason?: string;
}

export type FusedDirectionRunner = DirectionRunner & { readonly stats: FusedRunnerStats; readonly kernels: FusedKernels };

const CELL_OF: Record<string, FusedCell> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };

/** Why the fused kernel cannot run this call, or undefined when it can. */
export function fusedUnsupportedReason(cell: CellDef<unknown>, o: DirectionRunOptions): string | undefined {
  if (!(cell.kerasClass in CELL_OF)) return `cell ${cell.kerasClass} has no fused kernel`;
  if (o.recurrentMask) return 'recurrent dropout is applied inside the time loop, which the fused kernel does not do';
  return undefined;
}

export function createFusedDirectionRunner(kernels: FusedKernels = loadKernels()): FusedDirectionRunner {
  const stats: FusedRunnerStats = { fusedCalls: 0, fallbacks: 0 };
  /**
   * One kernel workspace per layer direction (the forward cache must survive until its backward),
   * sized for the largest batch × steps seen: smaller calls reuse it, a larger one replaces it.
   * (The bump allocator does not free, so memory grows only when that maximum grows.)
   */
  const layers = new Map<string, { layer: FusedRecurrentLayer; generation: number }>();

  const runner = (cell: CellDef<unknown>, units: number, w: DirectionWeights, x: tf.Tensor3D, o: DirectionRunOptions) => {
    const reason = fusedUnsupportedReason(cell, o);
    if (reason) {
      stats.fallbacks++;
      stats.lastFallbackReason = reason;
      return runDirection(cell, units, w, x, o);
    }
    stats.fusedCalls++;
    const kind = CELL_OF[cell.kerasClass] as FusedCell;
    const [B, T, F] = x.shape;
    const U = units;
    const GU = GATES[kind] * U;
    const key = `${w.kernel.name}|${F}|${U}`;
    let slot = layers.get(key);
    if (!slot || slot.layer.capacity.batch < B || slot.layer.capacity.steps < T) {
      const batch = Math.max(B, slot?.layer.capacity.batch ?? 0);
      const steps = Math.max(T, slot?.layer.capacity.steps ?? 0);
      slot = { layer: kernels.createLayer({ cell: kind, batch, steps, features: F, units: U }), generation: 0 };
      layers.set(key, slot);
    }
    const entry = slot;
    const timeFlip = <R extends tf.Tensor>(t: R): R => (o.reverse ? (tf.reverse(t, 1) as R) : t);

    const xIn = o.inputMask ? (tf.mul(x, tf.expandDims(o.inputMask, 1)) as tf.Tensor3D) : x;
    // Probes (zeros by contract) are extra inputs of the custom op only when the trainer passes
    // them: the forward ignores their values; their gradients are the per-step state gradients.
    const probeH = o.probeH;
    const probeC = kind === 'lstm' ? (o.probeC ?? (probeH ? tf.zeros([B, T, U]) : undefined)) : undefined;
    const wantStateGrads = !!probeH || !!probeC;
    const inputs: tf.Tensor[] = [timeFlip(xIn), w.kernel, w.recurrentKernel, w.bias];
    if (wantStateGrads) inputs.push(timeFlip(probeH ?? tf.zeros([B, T, U])));
    if (probeC) inputs.push(timeFlip(probeC));

    // A last-step head reads only h_T: then the op's value is [B,U] straight from the kernel and its
    // gradient goes in as dL/dh_T, so no [B,T,U] sequence is copied out, sliced, padded or read back.
    const needSequence = o.needSequence !== false;
    const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [xx, k, r, b] = args as tf.Tensor[];
      const arrays = {
        x: (xx as tf.Tensor).dataSync() as Float32Array,
        kernel: (k as tf.Tensor).dataSync() as Float32Array,
        recurrentKernel: (r as tf.Tensor).dataSync() as Float32Array,
        bias: (b as tf.Tensor).dataSync() as Float32Array,
      };
      entry.layer.setBatchSteps(B, T);
      entry.layer.forward(arrays);
      const generation = ++entry.generation;
      const value = needSequence ? tf.tensor3d(entry.layer.hiddenSequence(), [B, T, U]) : tf.tensor2d(entry.layer.lastHidden(), [B, U]);
      const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
        // Another forward of this direction ran in between (e.g. an evaluation pass): redo ours.
        if (entry.generation !== generation) {
          entry.layer.setBatchSteps(B, T);
          entry.layer.forward(arrays);
          entry.generation = generation;
        }
        const upstream = dy.dataSync() as Float32Array;
        const g = entry.layer.backward({ ...(needSequence ? { dH: upstream } : { dhT: upstream }), inputGrad: true, stateGrads: wantStateGrads });
        const zeros = (): tf.Tensor3D => tf.zeros([B, T, U]);
        const grads: tf.Tensor[] = [
          tf.tensor3d(g.dx as Float32Array, [B, T, F]),
          tf.tensor2d(g.dKernel, [F, GU]),
          tf.tensor2d(g.dRecurrentKernel, [U, GU]),
          tf.tensor1d(g.dBias),
        ];
        if (wantStateGrads) grads.push(g.dhAll ? tf.tensor3d(g.dhAll, [B, T, U]) : zeros());
        if (probeC) grads.push(g.dcAll ? tf.tensor3d(g.dcAll, [B, T, U]) : zeros());
        return grads;
      };
      return { value, gradFunc };
    });

    const out = op(...inputs);
    const result = needSequence ? sequenceResult(timeFlip(out as tf.Tensor3D), out as tf.Tensor3D) : lastOnlyResult(out as tf.Tensor2D);
    if (o.capture) {
      // Captured values are for display: read from the kernel's forward cache (not differentiable).
      if (kind === 'lstm') result.c = timeFlip(tf.tensor3d(entry.layer.cellSequence(), [B, T, U]));
      if (GATE_NAMES[kind].length > 0) {
        const gates = entry.layer.gates();
        result.gates = {};
        for (const name of cell.gateNames) {
          const a = gates[name];
          if (a) result.gates[name] = timeFlip(tf.tensor3d(a, [B, T, U]));
        }
      }
    }
    return result;
  };
  return Object.assign(runner, { stats, kernels });
}

/**
 * `last` (h after the last processed step) is sliced from the kernel-order sequence only when read:
 * a lower layer of a stack never reads it, and a slice copies on the wasm backend.
 */
function sequenceResult(sequence: tf.Tensor3D, kernelOrder: tf.Tensor3D): DirectionRunResult {
  const [B, T, U] = kernelOrder.shape;
  let last: tf.Tensor2D | undefined;
  return {
    sequence,
    get last(): tf.Tensor2D {
      last ??= tf.squeeze(tf.slice(kernelOrder, [0, T - 1, 0], [B, 1, U]), [1]) as tf.Tensor2D;
      return last;
    },
  };
}

/** needSequence: false — only h_T exists; reading `sequence` is a caller bug, said loudly. */
function lastOnlyResult(last: tf.Tensor2D): DirectionRunResult {
  return {
    last,
    get sequence(): tf.Tensor3D {
      throw new Error('fused kernel: this direction ran with needSequence: false, so it has no [B,T,U] sequence (pass needSequence: true to read it)');
    },
  };
}
