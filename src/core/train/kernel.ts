/**
 * The kernel path (training.kernel: auto | fused | tfjs). `fused` is the project's own compiled
 * WebAssembly recurrent kernel (src/core/kernels: one call per layer direction forward, one BPTT call
 * backward); `tfjs` is the tensor-op time loop, the numerical reference and the path that serves the
 * native backend.
 *
 * `auto` stays on tfjs for now: the fused kernel is ~10× faster here, but a second run in the same
 * process can fail with "memory access out of bounds" (seen with examples/*.seqlab.yaml run one after
 * another in one process; reported to the kernel's owner). `fused` asked for explicitly runs it
 * wherever `fusedKernelStatus` says it can (wasm and cpu). When the kernel is fixed, `auto` becomes:
 * fused where available, else tfjs with the status's reason (AUTO_USES_FUSED below).
 */
import type { BackendName, KernelChoice } from '../config/types';
import type { KernelInfo } from '../events';
import { createFusedDirectionRunner, fusedKernelStatus } from '../kernels';
import type { BuildOptions } from '../models';

export class KernelError extends Error {
  readonly key = 'training.kernel';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'KernelError';
  }
}

export interface KernelSelection {
  info: KernelInfo;
  /** What buildModel needs to run this path (empty for tfjs). */
  buildOptions: BuildOptions;
}

/** Flip when the fused kernel runs many trainings per process reliably (see the file comment). */
const AUTO_USES_FUSED = false;

export function selectKernel(requested: KernelChoice, backend: Exclude<BackendName, 'auto'>): KernelSelection {
  if (requested === 'tfjs') return { info: { requested, name: 'tfjs', reason: 'requested' }, buildOptions: {} };
  if (requested === 'auto' && !AUTO_USES_FUSED) {
    return { info: { requested, name: 'tfjs', reason: 'fused kernel not enabled for auto yet (training.kernel: fused opts in)' }, buildOptions: {} };
  }
  const status = fusedKernelStatus(backend);
  if (status.available) {
    // Own wording: fusedKernelStatus caches its reason text across backends.
    const reason = `fused WebAssembly kernel (${status.variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD128'}) on the ${backend} backend`;
    return { info: { requested, name: 'fused', reason }, buildOptions: { runDirection: createFusedDirectionRunner(status.kernels) } };
  }
  if (requested === 'fused') {
    throw new KernelError(`training.kernel 'fused' cannot run here: ${status.reason}`, 'use training.kernel: auto (or --kernel tfjs)');
  }
  return { info: { requested, name: 'tfjs', reason: status.reason }, buildOptions: {} };
}

/** The KernelInfo alone (what meta.json and the header show). */
export function chooseKernel(requested: KernelChoice, backend: Exclude<BackendName, 'auto'>): KernelInfo {
  return selectKernel(requested, backend).info;
}
