/**
 * TypeScript side of the fused recurrent kernels (native/recurrent.c → src/core/kernels/*.wasm).
 *
 * `loadKernels()` instantiates the import-free module (the relaxed-SIMD build when the runtime
 * validates relaxed_madd, else plain SIMD128); `kernels.createLayer(shape)` reserves the linear
 * memory one recurrent layer needs; `layer.forward(...)` runs the whole sequence in one call and
 * `layer.backward(...)` the whole BPTT in one call. Copies happen once per call (inputs in,
 * results out, batch-major ⇄ time-major), never per time step. No tfjs here: plain Float32Arrays,
 * so the benchmark, the tests and a tf.customGrad adapter (tfjs-adapter.ts) can all use it.
 *
 * Array layouts (batch-major like tfjs): x [B,T,F], h/c sequences [B,T,U], states [B,U],
 * weights in the Keras layout W [F,G·U], R [U,G·U], b [G·U].
 */

import * as fs from 'fs';
import * as path from 'path';
import { wasmApi, type WasmGlobal, type WasmMemory } from './wasm-api';
import { CELL_CODE, CTX_FIELDS, CTX_INDEX, GATES, GATE_NAMES, type CtxField, type FusedCell } from './layout';

export type { FusedCell } from './layout';

export type KernelVariant = 'simd128' | 'relaxed-simd';

interface KernelExports {
  memory: WasmMemory;
  __heap_base: WasmGlobal;
  kernel_variant(): number;
  madd_probe(p: number): number;
  matmul(c: number, a: number, b: number, m: number, k: number, n: number, acc: number): void;
  swap_axes(dst: number, src: number, a0: number, a1: number, d: number): void;
  ctx_size(): number;
  forward(ctx: number): void;
  backward(ctx: number): void;
}

export interface LayerShape {
  cell: FusedCell;
  batch: number;
  steps: number;
  features: number;
  units: number;
}

export interface ForwardInputs {
  /** [B,T,F] */
  x: Float32Array;
  /** Keras kernel [F, G·U] */
  kernel: Float32Array;
  /** Keras recurrent_kernel [U, G·U] */
  recurrentKernel: Float32Array;
  /** [G·U] */
  bias: Float32Array;
  /** Initial state [B,U]; zeros when absent. */
  h0?: Float32Array;
  c0?: Float32Array;
}

export interface BackwardInputs {
  /** dL/dh_t from the layer's outputs, [B,T,U] (absent: only the final state gets a gradient). */
  dH?: Float32Array;
  /** dL/dh_T, dL/dc_T into the final state, [B,U]. */
  dhT?: Float32Array;
  dcT?: Float32Array;
  /** Compute dL/dx (skip for a first layer fed by data). Default true. */
  inputGrad?: boolean;
  /** Also return the total ∂L/∂h_t (LSTM: and ∂L/∂c_t) of every step, [B,T,U]: what zero probes on h_t see. */
  stateGrads?: boolean;
}

export interface FusedGradients {
  /** [B,T,F] when inputGrad */
  dx?: Float32Array;
  dKernel: Float32Array;
  dRecurrentKernel: Float32Array;
  dBias: Float32Array;
  dh0: Float32Array;
  dc0?: Float32Array;
  /** ‖∂L/∂h_t‖ (Frobenius over [B,U]) for t = 0..T-1: the total gradient, as a zero probe on h_t sees it. */
  normH: Float32Array;
  /** LSTM: ‖∂L/∂c_t‖ likewise. */
  normC?: Float32Array;
  /** With stateGrads: ∂L/∂h_t for every t, [B,T,U] (and LSTM ∂L/∂c_t). */
  dhAll?: Float32Array;
  dcAll?: Float32Array;
}

const FLOAT = 4;
const PAGE = 65536;

/** A tiny module holding one f32x4.relaxed_madd: validates only where relaxed SIMD exists. */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

export function relaxedSimdSupported(): boolean {
  try {
    return wasmApi.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/**
 * Node 20/21 (V8 11.x) have relaxed SIMD behind `--experimental-wasm-relaxed-simd`; the flag can be
 * set at run time before the module is compiled. Returns whether relaxed SIMD validates afterwards.
 * Newer runtimes (Node 22+, VS Code's Electron) have it on and need nothing.
 */
export function enableRelaxedSimdFlag(): boolean {
  if (relaxedSimdSupported()) return true;
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20 && major !== 21) return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('v8') as typeof import('v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return relaxedSimdSupported();
}

/** Where the .wasm files may be: next to the bundle (dist/), or the source folder. */
function candidateDirs(dir?: string): string[] {
  const dirs = [__dirname, path.resolve(__dirname, '..', 'src', 'core', 'kernels')];
  return dir ? [dir, ...dirs] : dirs;
}

function findWasm(file: string, dir?: string): string {
  const tried = candidateDirs(dir).map((d) => path.join(d, file));
  const found = tried.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`fused kernels: ${file} not found (looked in ${tried.join(', ')})`);
  return found;
}

export interface LoadOptions {
  /** Folder holding recurrent*.wasm (default: beside this code, then src/core/kernels). */
  dir?: string;
  /**
   * 'auto' (default): relaxed SIMD when the runtime validates it; 'flag': also switch on Node 20's
   * experimental relaxed-SIMD flag first (enableRelaxedSimdFlag); 'never': plain SIMD128.
   * The relaxed build is used only after its multiply-add self-test passes.
   */
  relaxed?: 'auto' | 'flag' | 'never';
}

export function loadKernels(opts: LoadOptions = {}): FusedKernels {
  const mode = opts.relaxed ?? 'auto';
  const tryRelaxed = mode === 'flag' ? enableRelaxedSimdFlag() : mode === 'auto' && relaxedSimdSupported();
  if (tryRelaxed) {
    const k = instantiate(findWasm('recurrent-relaxed.wasm', opts.dir), 'relaxed-simd');
    if (k.selfTest()) return k;
  }
  return instantiate(findWasm('recurrent.wasm', opts.dir), 'simd128');
}

function instantiate(file: string, variant: KernelVariant): FusedKernels {
  const bytes = fs.readFileSync(file);
  const module = new wasmApi.Module(bytes);
  const instance = new wasmApi.Instance(module, {});
  const ex = instance.exports as unknown as KernelExports;
  if (ex.ctx_size() !== CTX_FIELDS.length * 4) {
    throw new Error(`fused kernels: ${file} has a ${ex.ctx_size()}-byte context, this code expects ${CTX_FIELDS.length * 4}; rebuild with npm run build:kernels`);
  }
  return new FusedKernels(ex, variant, file);
}

export class FusedKernels {
  private top: number;

  constructor(
    private readonly ex: KernelExports,
    readonly variant: KernelVariant,
    readonly file: string,
  ) {
    this.top = align(Number(ex.__heap_base.value));
  }

  /** Bump allocation in the module's memory (bytes, 16-aligned); grows the memory as needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const top = align(ptr + Math.max(bytes, 16));
    if (top > MAX_MEMORY - PAGE) {
      throw new Error(`fused kernels: ${Math.round(top / 2 ** 20)} MB of WebAssembly memory would exceed the 4 GB limit (a batch × steps too large for the fused path; use training.kernel: tfjs)`);
    }
    this.top = top;
    const need = this.top - this.ex.memory.buffer.byteLength;
    if (need > 0) this.ex.memory.grow(Math.ceil(need / PAGE));
    return ptr;
  }

  /** Bytes of linear memory in use (for the benchmark's memory report). */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.ex.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.ex.memory.buffer, ptr, length);
  }

  get raw(): KernelExports {
    return this.ex;
  }

  /** The relaxed build computes a·b + c with relaxed_madd; check it did (3·5 + 7 = 22). */
  selfTest(): boolean {
    const p = this.alloc(16);
    this.f32(p, 3).set([3, 5, 7]);
    return this.ex.madd_probe(p) === 22 && this.ex.kernel_variant() === (this.variant === 'relaxed-simd' ? 2 : 1);
  }

  createLayer(shape: LayerShape): FusedRecurrentLayer {
    return new FusedRecurrentLayer(this, shape);
  }
}

/** 16-byte alignment in plain arithmetic: 32-bit bitwise ops would wrap above 2 GB of linear memory. */
function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** wasm32 addresses: 4 GB is the hard ceiling of linear memory. */
const MAX_MEMORY = 2 ** 32;

/** Float offsets of one layer's buffers inside linear memory. */
type Buffers = Record<Exclude<CtxField, 'cell' | 'B' | 'T' | 'F' | 'U'> | 'stage', number>;

export class FusedRecurrentLayer {
  /** The shape of the next call: batch and steps may be set below the capacity (setBatchSteps). */
  private current: LayerShape;
  /** The shape the buffers were sized for. */
  readonly capacity: Readonly<LayerShape>;

  get shape(): Readonly<LayerShape> {
    return this.current;
  }
  private readonly ctx: number;
  private readonly buf: Buffers;
  private forwardDone = false;
  private hasInputs = { h0: false, c0: false };

  constructor(
    private readonly k: FusedKernels,
    shape: LayerShape,
  ) {
    const { cell, batch: B, steps: T, features: F, units: U } = shape;
    for (const [name, v] of Object.entries({ batch: B, steps: T, features: F, units: U })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`fused kernels: ${name} must be a positive integer, got ${v}`);
    }
    if (!(cell in GATES)) throw new Error(`fused kernels: unknown cell "${cell}" (rnn | lstm | gru)`);
    this.current = { ...shape };
    this.capacity = { ...shape };
    const G = GATES[cell];
    const GU = G * U;
    const TB = T * B;
    const BU = B * U;
    const sizes: Record<keyof Buffers, number> = {
      x: TB * F, W: F * GU, R: U * GU, bias: GU, h0: BU, c0: BU,
      gates: TB * GU, hs: (T + 1) * BU, cs: cell === 'lstm' ? (T + 1) * BU : 1, aux: TB * U,
      dH: TB * U, dhT: BU, dcT: BU,
      dZ: TB * GU, dh: BU, dc: BU, tmp: BU, scratch: Math.max(U, F) * TB, RT: GU * U, WT: GU * F,
      dx: TB * F, dW: F * GU, dR: U * GU, db: GU, dh0: BU, dc0: BU, normH: T, normC: T, pack: GU * U, dhAll: TB * U, dcAll: cell === 'lstm' ? TB * U : 1,
      // batch-major staging for inputs/outputs that need swapping to/from time-major
      stage: TB * Math.max(U, F, cell === 'rnn' ? 1 : U),
    };
    this.ctx = k.alloc(CTX_FIELDS.length * 4);
    const buf = {} as Buffers;
    for (const [name, n] of Object.entries(sizes) as Array<[keyof Buffers, number]>) buf[name] = k.alloc(n * FLOAT);
    this.buf = buf;
  }

  /**
   * Reuses this workspace for a smaller batch or shorter sequence (a last partial batch, a
   * validation pass): every buffer sized for the capacity also fits the smaller shape. Invalidates
   * the forward cache.
   */
  setBatchSteps(batch: number, steps: number): void {
    if (!Number.isInteger(batch) || !Number.isInteger(steps) || batch < 1 || steps < 1 || batch > this.capacity.batch || steps > this.capacity.steps) {
      throw new Error(`fused kernels: batch ${batch} × steps ${steps} exceeds this layer's capacity ${this.capacity.batch} × ${this.capacity.steps}`);
    }
    if (batch !== this.current.batch || steps !== this.current.steps) {
      this.current = { ...this.current, batch, steps };
      this.forwardDone = false;
    }
  }

  private view(name: keyof Buffers, length: number): Float32Array {
    return this.k.f32(this.buf[name], length);
  }

  /** Copies a batch-major [B,T,D] array into a time-major [T,B,D] buffer. */
  private putTimeMajor(dst: keyof Buffers, src: Float32Array, D: number): void {
    const { batch: B, steps: T } = this.shape;
    this.view('stage', B * T * D).set(src);
    this.k.raw.swap_axes(this.buf[dst], this.buf.stage, B, T, D);
  }

  /** Reads a time-major [T,B,D] region (float offset `ptr`) as a new batch-major [B,T,D] array. */
  private getBatchMajor(ptr: number, D: number): Float32Array {
    const { batch: B, steps: T } = this.shape;
    this.k.raw.swap_axes(this.buf.stage, ptr, T, B, D);
    return this.view('stage', B * T * D).slice();
  }

  private check(name: string, a: Float32Array | undefined, n: number): void {
    if (a && a.length !== n) throw new Error(`fused kernels: ${name} has ${a.length} values, expected ${n} for ${JSON.stringify(this.shape)}`);
  }

  private writeCtx(ptrs: Partial<Record<CtxField, number>>): void {
    const { cell, batch, steps, features, units } = this.shape;
    const c = this.k.i32(this.ctx, CTX_FIELDS.length);
    const b = this.buf;
    const all: Record<CtxField, number> = {
      cell: CELL_CODE[cell], B: batch, T: steps, F: features, U: units,
      x: b.x, W: b.W, R: b.R, bias: b.bias, h0: this.hasInputs.h0 ? b.h0 : 0, c0: this.hasInputs.c0 ? b.c0 : 0,
      gates: b.gates, hs: b.hs, cs: b.cs, aux: b.aux, dH: 0, dhT: 0, dcT: 0,
      dZ: b.dZ, dh: b.dh, dc: b.dc, tmp: b.tmp, scratch: b.scratch, RT: b.RT, WT: b.WT,
      dx: 0, dW: b.dW, dR: b.dR, db: b.db, dh0: b.dh0, dc0: b.dc0, normH: b.normH, normC: b.normC, pack: b.pack, dhAll: 0, dcAll: 0,
      ...ptrs,
    };
    for (const f of CTX_FIELDS) c[CTX_INDEX[f]] = all[f];
  }

  /** The whole forward sequence in one call. Read results with hiddenSequence()/lastHidden()/... */
  forward(inp: ForwardInputs): void {
    const { cell, batch: B, steps: T, features: F, units: U } = this.shape;
    const GU = GATES[cell] * U;
    this.check('x', inp.x, B * T * F);
    this.check('kernel', inp.kernel, F * GU);
    this.check('recurrentKernel', inp.recurrentKernel, U * GU);
    this.check('bias', inp.bias, GU);
    this.check('h0', inp.h0, B * U);
    this.check('c0', inp.c0, B * U);
    this.putTimeMajor('x', inp.x, F);
    this.view('W', F * GU).set(inp.kernel);
    this.view('R', U * GU).set(inp.recurrentKernel);
    this.view('bias', GU).set(inp.bias);
    this.hasInputs = { h0: !!inp.h0, c0: !!inp.c0 && cell === 'lstm' };
    if (inp.h0) this.view('h0', B * U).set(inp.h0);
    if (inp.c0 && cell === 'lstm') this.view('c0', B * U).set(inp.c0);
    this.writeCtx({});
    this.k.raw.forward(this.ctx);
    this.forwardDone = true;
  }

  private requireForward(): void {
    if (!this.forwardDone) throw new Error('fused kernels: call forward() before reading results or backward()');
  }

  /** h_t for all steps, [B,T,U]. */
  hiddenSequence(): Float32Array {
    this.requireForward();
    return this.getBatchMajor(this.buf.hs + this.shape.batch * this.shape.units * FLOAT, this.shape.units);
  }

  /** h_T, [B,U]. */
  lastHidden(): Float32Array {
    this.requireForward();
    const { batch: B, steps: T, units: U } = this.shape;
    return this.k.f32(this.buf.hs + T * B * U * FLOAT, B * U).slice();
  }

  /** LSTM: c_t for all steps [B,T,U]. */
  cellSequence(): Float32Array {
    this.requireForward();
    if (this.shape.cell !== 'lstm') throw new Error('fused kernels: only LSTM has a cell state');
    return this.getBatchMajor(this.buf.cs + this.shape.batch * this.shape.units * FLOAT, this.shape.units);
  }

  /** LSTM: c_T [B,U]. */
  lastCell(): Float32Array {
    this.requireForward();
    const { batch: B, steps: T, units: U } = this.shape;
    if (this.shape.cell !== 'lstm') throw new Error('fused kernels: only LSTM has a cell state');
    return this.k.f32(this.buf.cs + T * B * U * FLOAT, B * U).slice();
  }

  /** Gate activations for capture: LSTM i,f,g,o; GRU z,r,hh; each [B,T,U]. */
  gates(): Record<string, Float32Array> {
    this.requireForward();
    const { cell, batch: B, steps: T, units: U } = this.shape;
    const G = GATES[cell];
    const all = this.getBatchMajor(this.buf.gates, G * U); // [B,T,G·U]
    const out: Record<string, Float32Array> = {};
    GATE_NAMES[cell].forEach((name, g) => {
      const a = new Float32Array(B * T * U);
      for (let r = 0; r < B * T; r++) a.set(all.subarray(r * G * U + g * U, r * G * U + (g + 1) * U), r * U);
      out[name] = a;
    });
    return out;
  }

  /** The whole BPTT in one call, from the cache of the last forward(). */
  backward(inp: BackwardInputs): FusedGradients {
    this.requireForward();
    const { cell, batch: B, steps: T, features: F, units: U } = this.shape;
    const GU = GATES[cell] * U;
    this.check('dH', inp.dH, B * T * U);
    this.check('dhT', inp.dhT, B * U);
    this.check('dcT', inp.dcT, B * U);
    const ptrs: Partial<Record<CtxField, number>> = {};
    if (inp.dH) {
      this.putTimeMajor('dH', inp.dH, U);
      ptrs.dH = this.buf.dH;
    }
    if (inp.dhT) {
      this.view('dhT', B * U).set(inp.dhT);
      ptrs.dhT = this.buf.dhT;
    }
    if (inp.dcT && cell === 'lstm') {
      this.view('dcT', B * U).set(inp.dcT);
      ptrs.dcT = this.buf.dcT;
    }
    const inputGrad = inp.inputGrad ?? true;
    if (inputGrad) ptrs.dx = this.buf.dx;
    if (inp.stateGrads) {
      ptrs.dhAll = this.buf.dhAll;
      if (cell === 'lstm') ptrs.dcAll = this.buf.dcAll;
    }
    this.writeCtx(ptrs);
    this.k.raw.backward(this.ctx);
    const out: FusedGradients = {
      dKernel: this.view('dW', F * GU).slice(),
      dRecurrentKernel: this.view('dR', U * GU).slice(),
      dBias: this.view('db', GU).slice(),
      dh0: this.view('dh0', B * U).slice(),
      normH: this.view('normH', T).slice(),
    };
    if (inputGrad) out.dx = this.getBatchMajor(this.buf.dx, F);
    if (inp.stateGrads) {
      out.dhAll = this.getBatchMajor(this.buf.dhAll, U);
      if (cell === 'lstm') out.dcAll = this.getBatchMajor(this.buf.dcAll, U);
    }
    if (cell === 'lstm') {
      out.dc0 = this.view('dc0', B * U).slice();
      out.normC = this.view('normC', T).slice();
    }
    return out;
  }
}
