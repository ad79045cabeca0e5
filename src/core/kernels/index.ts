/**
 * The fused recurrent kernels: entry points for the engine.
 *
 *   const status = fusedKernelStatus(backendName);   // can the fused path run here, and why not
 *   if (status.available) model = buildModel(spec, { runDirection: createFusedDirectionRunner(status.kernels) });
 *
 * `fusedKernelStatus` loads the .wasm once per process (cached) and never throws.
 */

import { loadKernels, type FusedKernels, type LoadOptions } from './fused-recurrent';

export { enableRelaxedSimdFlag, loadKernels, relaxedSimdSupported, FusedKernels, FusedRecurrentLayer } from './fused-recurrent';
export type { LoadOptions } from './fused-recurrent';
export type { FusedCell, FusedGradients, KernelVariant, LayerShape } from './fused-recurrent';
export { createFusedDirectionRunner, fusedUnsupportedReason } from './tfjs-adapter';
export type { FusedDirectionRunner, FusedRunnerStats } from './tfjs-adapter';

export type FusedStatus =
  | { available: true; kernels: FusedKernels; variant: FusedKernels['variant']; reason: string }
  | { available: false; reason: string };

let cached: { key: string; status: FusedStatus } | undefined;

/**
 * Whether the fused kernel can serve training on this backend. On the native tensorflow backend
 * the tfjs path stays (tensors live in native memory; libtensorflow's fused ops are fast there).
 */
export function fusedKernelStatus(backend: 'tensorflow' | 'wasm' | 'cpu', opts: LoadOptions = {}): FusedStatus {
  if (backend === 'tensorflow') {
    return { available: false, reason: 'the native tensorflow backend runs the tfjs path (the fused kernel would copy every tensor out of native memory)' };
  }
  const key = `${opts.dir ?? ''}|${opts.relaxed ?? 'auto'}`;
  if (cached?.key === key) return cached.status;
  let status: FusedStatus;
  try {
    const kernels = loadKernels(opts);
    status = {
      available: true,
      kernels,
      variant: kernels.variant,
      reason: `fused WebAssembly kernel (${kernels.variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD128'}) on the ${backend} backend`,
    };
  } catch (e) {
    status = { available: false, reason: `fused kernel did not load: ${e instanceof Error ? e.message : String(e)}` };
  }
  cached = { key, status };
  return status;
}
