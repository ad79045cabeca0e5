/**
 * The kernel path (training.kernel: auto | fused | tfjs). `fused` is the project's own compiled
 * WebAssembly recurrent kernel (the performance issue); `tfjs` is the tensor-op implementation, the
 * numerical reference and the path that also serves the native backend.
 *
 * SEAM for the fused kernel: when it lands, `chooseKernel` picks it for `auto` where it applies
 * (e.g. backend wasm or cpu, cells it implements) and the trainer dispatches on `KernelInfo.name`.
 */
import type { BackendName, KernelChoice } from '../config/types';
import type { KernelInfo } from '../events';

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

export function chooseKernel(requested: KernelChoice, _backend: Exclude<BackendName, 'auto'>): KernelInfo {
  switch (requested) {
    case 'tfjs':
      return { requested, name: 'tfjs', reason: 'requested' };
    case 'auto':
      return { requested, name: 'tfjs', reason: 'fused kernel not available yet' };
    case 'fused':
      throw new KernelError(
        "training.kernel 'fused' is not available yet: the fused WebAssembly recurrent kernel is not part of this build",
        'use training.kernel: auto (or --kernel tfjs)',
      );
  }
}
