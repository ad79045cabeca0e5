/**
 * A float64, plain-JS reference of the three recurrent cells (Keras layout: kernel W [F, G·U],
 * recurrent_kernel U [U, G·U], bias b [G·U]; gate order rnn: -, lstm: i,f,c,o, gru: z,r,h with
 * reset_after: false) with a Dense head and MSE loss, and its analytic backpropagation through
 * time. It is the numerical reference for the tfjs model and for the fused WebAssembly kernel:
 * float32 finite differences are too noisy to assert anything, float64 ones are exact to ~1e-9.
 *
 * All arrays are flat, row-major Float64Arrays: x [B,T,F], h and probes [B,T,U], y [B,O].
 * Zero "probes" added to h_t (and c_t) make ∂L/∂h_t checkable by finite differences too.
 *
 * Two losses: the Dense head + MSE (the models' tests), or — with `inputs.upstream` — the linear loss
 * L = Σ dH⊙h_t + Σ dhT⊙h_T + Σ dcT⊙c_T, whose gradients are exactly what one recurrent layer's BPTT
 * computes from arbitrary upstream gradients (the fused-kernel tests, test/unit/kernels).
 */

export type Cell64 = 'rnn' | 'lstm' | 'gru';

export const GATES: Record<Cell64, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface Dims64 {
  B: number;
  T: number;
  F: number;
  U: number;
  O: number;
}

export interface Params64 {
  W: Float64Array; // [F, G·U]
  U: Float64Array; // [U, G·U]
  b: Float64Array; // [G·U]
  Wd: Float64Array; // [U, O] dense head
  bd: Float64Array; // [O]
}

export interface Inputs64 {
  x: Float64Array; // [B,T,F]
  y: Float64Array; // [B,O] regression target of the last step
  h0?: Float64Array; // [B,U], zeros when absent
  c0?: Float64Array; // [B,U], LSTM only
  /** Added to h_t (c_t) right after the step computes it: [B,T,U]. */
  probeH?: Float64Array;
  probeC?: Float64Array;
  /** Replaces the head and MSE with the linear loss of these upstream gradients (see the header). */
  upstream?: Upstream64;
}

export interface Upstream64 {
  /** ∂L/∂h_t from the layer's outputs: [B,T,U]. */
  dH?: Float64Array;
  /** ∂L/∂h_T and ∂L/∂c_T into the final state: [B,U]. */
  dhT?: Float64Array;
  dcT?: Float64Array;
}

/** Everything the forward pass computed, per step (arrays [B,U] or [B,G·U]). */
export interface Trace64 {
  hPrev: Float64Array[];
  cPrev: Float64Array[];
  h: Float64Array[]; // h_t after the probe
  c: Float64Array[]; // c_t after the probe (LSTM)
  gates: Float64Array[]; // activated gates [B, G·U] in the cell's gate order (gru: z, r, hh)
  rh: Float64Array[]; // GRU: r ⊙ h_{t-1}
  yhat: Float64Array; // [B,O]
  loss: number;
}

export interface Grads64 {
  W: Float64Array;
  U: Float64Array;
  b: Float64Array;
  Wd: Float64Array;
  bd: Float64Array;
  x: Float64Array; // [B,T,F]
  h0: Float64Array; // [B,U]
  c0: Float64Array; // [B,U] (zeros unless LSTM)
  /** Total ∂L/∂h_t for every step: [B,T,U] (= the gradient of a probe on h_t). */
  dh: Float64Array;
  /** Total ∂L/∂c_t (LSTM): [B,T,U]. */
  dc: Float64Array;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** out[B, n] += a[B, k] · M[k, n] (M row-major, using columns [col0, col0+n) of a width-`ldm` matrix). */
function matmulAdd(out: Float64Array, a: Float64Array, m: Float64Array, B: number, k: number, n: number, ldm: number, col0 = 0, ldo = n, ocol0 = 0): void {
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < k; i++) {
      const av = a[bi * k + i] as number;
      if (av === 0) continue;
      for (let j = 0; j < n; j++) out[bi * ldo + ocol0 + j] = (out[bi * ldo + ocol0 + j] as number) + av * (m[i * ldm + col0 + j] as number);
    }
  }
}

/** out[B, k] += d[B, n] · M[k, n]ᵀ (columns [col0, col0+n) of M, width ldm; d read at dcol0 of width ldd). */
function matmulTAdd(out: Float64Array, d: Float64Array, m: Float64Array, B: number, k: number, n: number, ldm: number, col0 = 0, ldd = n, dcol0 = 0): void {
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (d[bi * ldd + dcol0 + j] as number) * (m[i * ldm + col0 + j] as number);
      out[bi * k + i] = (out[bi * k + i] as number) + s;
    }
  }
}

/** G[k, n] (cols [col0..) of width ldg) += a[B,k]ᵀ · d[B,n] (d at dcol0, width ldd). */
function outerAdd(g: Float64Array, a: Float64Array, d: Float64Array, B: number, k: number, n: number, ldg: number, col0 = 0, ldd = n, dcol0 = 0): void {
  for (let bi = 0; bi < B; bi++) {
    for (let i = 0; i < k; i++) {
      const av = a[bi * k + i] as number;
      for (let j = 0; j < n; j++) g[i * ldg + col0 + j] = (g[i * ldg + col0 + j] as number) + av * (d[bi * ldd + dcol0 + j] as number);
    }
  }
}

function stepSlice(arr: Float64Array | undefined, B: number, T: number, n: number, t: number): Float64Array {
  const out = new Float64Array(B * n);
  if (!arr) return out;
  for (let bi = 0; bi < B; bi++) for (let j = 0; j < n; j++) out[bi * n + j] = arr[(bi * T + t) * n + j] as number;
  return out;
}

/** x_t·W + b for one step: [B, G·U]. */
function inputProjection(cell: Cell64, d: Dims64, p: Params64, x: Float64Array, t: number): Float64Array {
  const GU = GATES[cell] * d.U;
  const xt = stepSlice(x, d.B, d.T, d.F, t);
  const out = new Float64Array(d.B * GU);
  for (let bi = 0; bi < d.B; bi++) for (let j = 0; j < GU; j++) out[bi * GU + j] = p.b[j] as number;
  matmulAdd(out, xt, p.W, d.B, d.F, GU, GU);
  return out;
}

/**
 * One cell step in float64 (exported for the fused-kernel tests): given x_t·W + b, h_{t-1}, c_{t-1},
 * returns h_t, c_t (LSTM), the activated gates [B,G·U] and GRU's r ⊙ h_{t-1}.
 */
export function cellStep64(
  cell: Cell64,
  d: Pick<Dims64, 'B' | 'U'>,
  U: Float64Array,
  xp: Float64Array,
  hPrev: Float64Array,
  cPrev: Float64Array,
): { h: Float64Array; c: Float64Array; gates: Float64Array; rh: Float64Array } {
  const { B, U: n } = d;
  const G = GATES[cell];
  const GU = G * n;
  const h = new Float64Array(B * n);
  const c = new Float64Array(B * n);
  const gates = new Float64Array(B * GU);
  const rh = new Float64Array(B * n);
  if (cell === 'rnn' || cell === 'lstm') {
    const z = Float64Array.from(xp);
    matmulAdd(z, hPrev, U, B, n, GU, GU);
    for (let bi = 0; bi < B; bi++) {
      for (let j = 0; j < n; j++) {
        if (cell === 'rnn') {
          const v = Math.tanh(z[bi * GU + j] as number);
          gates[bi * GU + j] = v;
          h[bi * n + j] = v;
          continue;
        }
        const i = sigmoid(z[bi * GU + j] as number);
        const f = sigmoid(z[bi * GU + n + j] as number);
        const g = Math.tanh(z[bi * GU + 2 * n + j] as number);
        const o = sigmoid(z[bi * GU + 3 * n + j] as number);
        gates[bi * GU + j] = i;
        gates[bi * GU + n + j] = f;
        gates[bi * GU + 2 * n + j] = g;
        gates[bi * GU + 3 * n + j] = o;
        const cv = f * (cPrev[bi * n + j] as number) + i * g;
        c[bi * n + j] = cv;
        h[bi * n + j] = o * Math.tanh(cv);
      }
    }
    return { h, c, gates, rh };
  }
  // GRU, reset_after: false.
  const zr = new Float64Array(B * 2 * n);
  for (let bi = 0; bi < B; bi++) for (let j = 0; j < 2 * n; j++) zr[bi * 2 * n + j] = xp[bi * GU + j] as number;
  matmulAdd(zr, hPrev, U, B, n, 2 * n, GU, 0);
  for (let bi = 0; bi < B; bi++) {
    for (let j = 0; j < n; j++) {
      const z = sigmoid(zr[bi * 2 * n + j] as number);
      const r = sigmoid(zr[bi * 2 * n + n + j] as number);
      gates[bi * GU + j] = z;
      gates[bi * GU + n + j] = r;
      rh[bi * n + j] = r * (hPrev[bi * n + j] as number);
    }
  }
  const a = new Float64Array(B * n);
  for (let bi = 0; bi < B; bi++) for (let j = 0; j < n; j++) a[bi * n + j] = xp[bi * GU + 2 * n + j] as number;
  matmulAdd(a, rh, U, B, n, n, GU, 2 * n);
  for (let bi = 0; bi < B; bi++) {
    for (let j = 0; j < n; j++) {
      const hh = Math.tanh(a[bi * n + j] as number);
      gates[bi * GU + 2 * n + j] = hh;
      const z = gates[bi * GU + j] as number;
      h[bi * n + j] = z * (hPrev[bi * n + j] as number) + (1 - z) * hh;
    }
  }
  return { h, c, gates, rh };
}

/** Forward pass over time, Dense head on the last step, MSE loss = mean over B·O. */
export function forward64(cell: Cell64, d: Dims64, p: Params64, inp: Inputs64): Trace64 {
  const { B, T, U: n, O } = d;
  let h: Float64Array = inp.h0 ? Float64Array.from(inp.h0) : new Float64Array(B * n);
  let c: Float64Array = inp.c0 ? Float64Array.from(inp.c0) : new Float64Array(B * n);
  const tr: Trace64 = { hPrev: [], cPrev: [], h: [], c: [], gates: [], rh: [], yhat: new Float64Array(B * O), loss: 0 };
  for (let t = 0; t < T; t++) {
    const xp = inputProjection(cell, d, p, inp.x, t);
    tr.hPrev.push(h);
    tr.cPrev.push(c);
    const s = cellStep64(cell, d, p.U, xp, h, c);
    const pc = stepSlice(inp.probeC, B, T, n, t);
    const ph = stepSlice(inp.probeH, B, T, n, t);
    if (cell === 'lstm' && inp.probeC) {
      // The c probe joins before h_t reads c_t: recompute h from the probed c.
      for (let k = 0; k < B * n; k++) {
        s.c[k] = (s.c[k] as number) + (pc[k] as number);
        const bi = Math.floor(k / n);
        const j = k % n;
        const o = s.gates[bi * 4 * n + 3 * n + j] as number;
        s.h[k] = o * Math.tanh(s.c[k] as number);
      }
    }
    for (let k = 0; k < B * n; k++) s.h[k] = (s.h[k] as number) + (ph[k] as number);
    tr.gates.push(s.gates);
    tr.rh.push(s.rh);
    tr.h.push(s.h);
    tr.c.push(s.c);
    h = s.h;
    c = s.c;
  }
  if (inp.upstream) {
    tr.loss = linearLoss64(cell, d, tr, inp.upstream);
    return tr;
  }
  for (let bi = 0; bi < B; bi++) for (let j = 0; j < O; j++) tr.yhat[bi * O + j] = p.bd[j] as number;
  matmulAdd(tr.yhat, h, p.Wd, B, n, O, O);
  let loss = 0;
  for (let k = 0; k < B * O; k++) loss += ((tr.yhat[k] as number) - (inp.y[k] as number)) ** 2;
  tr.loss = loss / (B * O);
  return tr;
}

/** L = Σ dH⊙h_t + Σ dhT⊙h_T + Σ dcT⊙c_T over a forward trace. */
function linearLoss64(cell: Cell64, d: Dims64, tr: Trace64, up: Upstream64): number {
  const { B, T, U: n } = d;
  let L = 0;
  for (let t = 0; t < T; t++) {
    const h = tr.h[t] as Float64Array;
    if (up.dH) for (let bi = 0; bi < B; bi++) for (let j = 0; j < n; j++) L += (up.dH[(bi * T + t) * n + j] as number) * (h[bi * n + j] as number);
  }
  const hT = tr.h[T - 1] as Float64Array;
  const cT = tr.c[T - 1] as Float64Array;
  if (up.dhT) for (let k = 0; k < B * n; k++) L += (up.dhT[k] as number) * (hT[k] as number);
  if (up.dcT && cell === 'lstm') for (let k = 0; k < B * n; k++) L += (up.dcT[k] as number) * (cT[k] as number);
  return L;
}

/** Analytic backpropagation through time of forward64 (same inputs, same loss). */
export function backward64(cell: Cell64, d: Dims64, p: Params64, inp: Inputs64): { loss: number; grads: Grads64 } {
  const { B, T, F, U: n, O } = d;
  const G = GATES[cell];
  const GU = G * n;
  const tr = forward64(cell, d, p, inp);
  const g: Grads64 = {
    W: new Float64Array(F * GU),
    U: new Float64Array(n * GU),
    b: new Float64Array(GU),
    Wd: new Float64Array(n * O),
    bd: new Float64Array(O),
    x: new Float64Array(B * T * F),
    h0: new Float64Array(B * n),
    c0: new Float64Array(B * n),
    dh: new Float64Array(B * T * n),
    dc: new Float64Array(B * T * n),
  };
  const up = inp.upstream;
  let dhNext = new Float64Array(B * n); // ∂L/∂h_t reaching h_t through step t+1 (or the head)
  let dcNext = new Float64Array(B * n); // ∂L/∂c_t through c_{t+1} (LSTM)
  if (up) {
    if (up.dhT) dhNext.set(up.dhT);
    if (up.dcT && cell === 'lstm') dcNext.set(up.dcT);
  } else {
    // Head: L = mean((yhat - y)²) → dyhat = 2(yhat - y)/(B·O).
    const dy = new Float64Array(B * O);
    for (let k = 0; k < B * O; k++) dy[k] = (2 * ((tr.yhat[k] as number) - (inp.y[k] as number))) / (B * O);
    const hLast = tr.h[T - 1] as Float64Array;
    outerAdd(g.Wd, hLast, dy, B, n, O, O);
    for (let bi = 0; bi < B; bi++) for (let j = 0; j < O; j++) g.bd[j] = (g.bd[j] as number) + (dy[bi * O + j] as number);
    matmulTAdd(dhNext, dy, p.Wd, B, n, O, O);
  }

  for (let t = T - 1; t >= 0; t--) {
    const dh = dhNext; // total ∂L/∂h_t
    if (up?.dH) for (let bi = 0; bi < B; bi++) for (let j = 0; j < n; j++) dh[bi * n + j] = (dh[bi * n + j] as number) + (up.dH[(bi * T + t) * n + j] as number);
    const gates = tr.gates[t] as Float64Array;
    const hPrev = tr.hPrev[t] as Float64Array;
    const cPrev = tr.cPrev[t] as Float64Array;
    const h = tr.h[t] as Float64Array;
    const dxp = new Float64Array(B * GU); // ∂L/∂(pre-activations) = ∂L/∂(x_t·W + b + h_{t-1}·U)
    const dhPrev = new Float64Array(B * n);
    const dcPrev = new Float64Array(B * n);
    for (let bi = 0; bi < B; bi++) {
      for (let j = 0; j < n; j++) {
        const k = bi * n + j;
        g.dh[(bi * T + t) * n + j] = dh[k] as number;
        if (cell === 'rnn') {
          const raw = gates[bi * GU + j] as number; // tanh(a) before the probe
          dxp[bi * GU + j] = (dh[k] as number) * (1 - raw * raw);
        } else if (cell === 'lstm') {
          const i = gates[bi * GU + j] as number;
          const f = gates[bi * GU + n + j] as number;
          const gg = gates[bi * GU + 2 * n + j] as number;
          const o = gates[bi * GU + 3 * n + j] as number;
          const tc = Math.tanh((tr.c[t] as Float64Array)[k] as number);
          const dc = (dcNext[k] as number) + (dh[k] as number) * o * (1 - tc * tc);
          g.dc[(bi * T + t) * n + j] = dc;
          dxp[bi * GU + j] = dc * gg * i * (1 - i);
          dxp[bi * GU + n + j] = dc * (cPrev[k] as number) * f * (1 - f);
          dxp[bi * GU + 2 * n + j] = dc * i * (1 - gg * gg);
          dxp[bi * GU + 3 * n + j] = (dh[k] as number) * tc * o * (1 - o);
          dcPrev[k] = dc * f;
        } else {
          const z = gates[bi * GU + j] as number;
          const hh = gates[bi * GU + 2 * n + j] as number;
          dxp[bi * GU + j] = (dh[k] as number) * ((hPrev[k] as number) - hh) * z * (1 - z);
          dxp[bi * GU + 2 * n + j] = (dh[k] as number) * (1 - z) * (1 - hh * hh);
          dhPrev[k] = (dh[k] as number) * z;
        }
      }
    }
    void h;
    if (cell === 'gru') {
      // Candidate: a_h = x_h + (r ⊙ h_{t-1})·U_h.
      const drh = new Float64Array(B * n);
      matmulTAdd(drh, dxp, p.U, B, n, n, GU, 2 * n, GU, 2 * n);
      outerAdd(g.U, tr.rh[t] as Float64Array, dxp, B, n, n, GU, 2 * n, GU, 2 * n);
      for (let bi = 0; bi < B; bi++) {
        for (let j = 0; j < n; j++) {
          const k = bi * n + j;
          const r = gates[bi * GU + n + j] as number;
          dxp[bi * GU + n + j] = (drh[k] as number) * (hPrev[k] as number) * r * (1 - r);
          dhPrev[k] = (dhPrev[k] as number) + (drh[k] as number) * r;
        }
      }
      // z and r: pre-activations x_{z,r} + h_{t-1}·U_{z,r}.
      outerAdd(g.U, hPrev, dxp, B, n, 2 * n, GU, 0, GU, 0);
      matmulTAdd(dhPrev, dxp, p.U, B, n, 2 * n, GU, 0, GU, 0);
    } else {
      outerAdd(g.U, hPrev, dxp, B, n, GU, GU);
      matmulTAdd(dhPrev, dxp, p.U, B, n, GU, GU);
    }
    const xt = stepSlice(inp.x, B, T, F, t);
    outerAdd(g.W, xt, dxp, B, F, GU, GU);
    for (let bi = 0; bi < B; bi++) for (let j = 0; j < GU; j++) g.b[j] = (g.b[j] as number) + (dxp[bi * GU + j] as number);
    const dxt = new Float64Array(B * F);
    matmulTAdd(dxt, dxp, p.W, B, F, GU, GU);
    for (let bi = 0; bi < B; bi++) for (let f = 0; f < F; f++) g.x[(bi * T + t) * F + f] = dxt[bi * F + f] as number;
    dhNext = dhPrev;
    dcNext = dcPrev;
  }
  g.h0 = dhNext;
  if (cell === 'lstm') g.c0 = dcNext;
  return { loss: tr.loss, grads: g };
}

/** The names of everything backward64 differentiates, with a getter of the array to perturb. */
export type GradKey = 'W' | 'U' | 'b' | 'Wd' | 'bd' | 'x' | 'h0' | 'c0' | 'dh' | 'dc';

/**
 * Central finite differences of forward64's loss with respect to one array (step `eps`):
 * the independent check of backward64. `dh`/`dc` differentiate with respect to the probes.
 */
export function finiteDifferences64(cell: Cell64, d: Dims64, p: Params64, inp: Inputs64, key: GradKey, eps = 1e-6): Float64Array {
  const { B, T, U: n } = d;
  const params: Params64 = { W: Float64Array.from(p.W), U: Float64Array.from(p.U), b: Float64Array.from(p.b), Wd: Float64Array.from(p.Wd), bd: Float64Array.from(p.bd) };
  const inputs: Inputs64 = {
    ...inp,
    x: Float64Array.from(inp.x),
    h0: inp.h0 ? Float64Array.from(inp.h0) : new Float64Array(B * n),
    c0: inp.c0 ? Float64Array.from(inp.c0) : new Float64Array(B * n),
    probeH: inp.probeH ? Float64Array.from(inp.probeH) : new Float64Array(B * T * n),
    probeC: inp.probeC ? Float64Array.from(inp.probeC) : new Float64Array(B * T * n),
  };
  const target: Float64Array =
    key === 'W' || key === 'U' || key === 'b' || key === 'Wd' || key === 'bd'
      ? params[key]
      : key === 'dh'
        ? (inputs.probeH as Float64Array)
        : key === 'dc'
          ? (inputs.probeC as Float64Array)
          : (inputs[key] as Float64Array);
  const out = new Float64Array(target.length);
  for (let k = 0; k < target.length; k++) {
    const v = target[k] as number;
    target[k] = v + eps;
    const up = forward64(cell, d, params, inputs).loss;
    target[k] = v - eps;
    const down = forward64(cell, d, params, inputs).loss;
    target[k] = v;
    out[k] = (up - down) / (2 * eps);
  }
  return out;
}

export interface Mismatch {
  ok: boolean;
  /** The largest error as a fraction of its allowance (≤ 1 passes), and where. */
  worst: number;
  index: number;
}

/**
 * Element-wise relative comparison: |a - e| ≤ rtol · max(|a|, |e|) + atol for every element.
 * `atol` absorbs entries that are zero up to rounding (e.g. a gradient that truly vanishes).
 */
export function compareRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 0): Mismatch {
  if (actual.length !== expected.length) return { ok: false, worst: Infinity, index: -1 };
  let worst = 0;
  let index = -1;
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k] as number;
    const e = expected[k] as number;
    const allowed = rtol * Math.max(Math.abs(a), Math.abs(e)) + atol;
    const ratio = Math.abs(a - e) / Math.max(allowed, 1e-300);
    // NaN counts as the worst possible mismatch.
    if (!(ratio <= worst)) {
      worst = Number.isNaN(ratio) ? Infinity : ratio;
      index = k;
    }
  }
  return { ok: worst <= 1, worst, index };
}

/** ‖∂L/∂h_t‖ (Frobenius over batch and units) for every t of a [B,T,U] array. */
export function stepNorms(arr: ArrayLike<number>, B: number, T: number, n: number): number[] {
  const out = new Array<number>(T).fill(0);
  for (let bi = 0; bi < B; bi++) for (let t = 0; t < T; t++) for (let j = 0; j < n; j++) out[t] = (out[t] as number) + (arr[(bi * T + t) * n + j] as number) ** 2;
  return out.map(Math.sqrt);
}

/** A seeded tiny problem: params with float32-representable values (so tfjs sees the same numbers). */
export function tinyProblem(cell: Cell64, d: Dims64, seed: number): { params: Params64; inputs: Inputs64 } {
  let s = seed >>> 0;
  const rand = (): number => {
    // mulberry32: self-contained so this file has no project imports.
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const arr = (len: number, scale: number): Float64Array => Float64Array.from({ length: len }, () => Math.fround((rand() * 2 - 1) * scale));
  const GU = GATES[cell] * d.U;
  return {
    params: {
      W: arr(d.F * GU, 0.8),
      U: arr(d.U * GU, 0.8),
      b: arr(GU, 0.3),
      Wd: arr(d.U * d.O, 0.8),
      bd: arr(d.O, 0.1),
    },
    inputs: { x: arr(d.B * d.T * d.F, 1), y: arr(d.B * d.O, 1) },
  };
}
