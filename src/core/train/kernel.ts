/**
 * The kernel path (training.kernel: auto | fused | tfjs). `fused` is the project's own compiled
 * WebAssembly recurrent kernel (src/core/kernels: one call per layer direction forward, one BPTT call
 * backward); `tfjs` is the tensor-op time loop, the numerical reference and the path that serves the
 * native backend.
 *
 * `auto` runs the fused kernel wherever `fusedKernelStatus` says it can (wasm and cpu: ~10× the tfjs
 * path on the standard workload, docs/benchmarks.md) and the tfjs path elsewhere, with the reason.
 * Each run gets a fresh kernel instance: the kernel's bump allocator never frees, so a process that
 * trains many models (seqlab test, sweeps) would otherwise keep every earlier model's workspaces.
 */
import type { BackendName, KernelChoice, ModelType } from '../config/types';
import type { KernelInfo } from '../events';
import { createFusedDirectionRunner, fusedKernelStatus, loadKernels, type LoadOptions } from '../kernels';
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

export function selectKernel(requested: KernelChoice, backend: Exclude<BackendName, 'auto'>, modelType?: ModelType): KernelSelection {
  if (requested === 'tfjs') return { info: { requested, name: 'tfjs', reason: 'requested' }, buildOptions: {} };
  // The fused kernel runs one direction from a zero state over unpadded input; a seq2seq decoder
  // starts from the encoder's state and its encoder masks padding, so seq2seq runs on tfjs ops.
  if (modelType === 'seq2seq') {
    const reason = 'seq2seq runs on the tfjs path (the fused kernel takes no initial state and no padding mask)';
    if (requested === 'fused') throw new KernelError(`training.kernel 'fused' cannot run a seq2seq model: ${reason}`, 'use training.kernel: auto or tfjs');
    return { info: { requested, name: 'tfjs', reason }, buildOptions: {} };
  }
  const relaxed = relaxedSimdMode();
  const status = fusedKernelStatus(backend, { relaxed });
  if (status.available) {
    // Own wording: fusedKernelStatus caches its reason text across backends. Kept to this one form:
    // the CLI header shows it and seqlab reproduce reads the variant word back from meta.json.
    const reason = `fused WebAssembly kernel (${status.variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD128'}) on the ${backend} backend`;
    const kernels = loadKernels({ relaxed: status.variant === 'relaxed-simd' ? 'auto' : 'never' });
    return { info: { requested, name: 'fused', reason }, buildOptions: { runDirection: createFusedDirectionRunner(kernels) } };
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

/**
 * Relaxed SIMD (fused multiply-add, ~1.3× on LSTM: docs/benchmarks.md) is used wherever the runtime
 * validates it (Node 22+, VS Code's Electron). Node 20/21 have it behind a V8 flag: either start Node
 * with --experimental-wasm-relaxed-simd (then 'auto' sees it), or set SEQLAB_RELAXED_SIMD=1 and the
 * flag is switched on at run time before the kernel compiles (its multiply-add self-test still
 * decides). SEQLAB_RELAXED_SIMD=0 forces the plain SIMD128 build.
 */
export const RELAXED_ENV = 'SEQLAB_RELAXED_SIMD';
function relaxedSimdMode(): NonNullable<LoadOptions['relaxed']> {
  const v = process.env[RELAXED_ENV];
  return v === '1' ? 'flag' : v === '0' ? 'never' : 'auto';
}
