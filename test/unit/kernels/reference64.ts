/**
 * Float64 plain-JS reference of the three cells (forward and BPTT), written straight from the
 * equations, to check the fused WebAssembly kernels. Batch-major arrays like the wrapper:
 * x [B,T,F], h/c [B,T,U], states [B,U]; Keras weight layout W [F,G·U], R [U,G·U], b [G·U].
 *
 * Probes (for finite differences of ∂L/∂h_t): `probeH[t][b·U+j]` is added to h_t after it is
 * computed, before it is output or used by step t+1 (`probeC` likewise to c_t before h_t is formed).
 */

export type Cell = 'rnn' | 'lstm' | 'gru';
export const GATES: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface Shape {
  cell: Cell;
  B: number;
  T: number;
  F: number;
  U: number;
}

export interface Params {
  W: Float64Array;
  R: Float64Array;
  b: Float64Array;
}

export interface Probes {
  h?: Float64Array[];
  c?: Float64Array[];
}

export interface RefForward {
  /** [B,T,U] */
  h: Float64Array;
  /** LSTM [B,T,U] */
  c?: Float64Array;
  /** per step t: activated gates [B, G·U]; LSTM i,f,g,o, GRU z,r,hh */
  gates: Float64Array[];
  /** per step: h_{t-1} [B,U] (index t), c_{t-1}, and GRU r⊙h_{t-1} */
  hPrev: Float64Array[];
  cPrev: Float64Array[];
  cNow: Float64Array[];
  rh: Float64Array[];
  hT: Float64Array;
  cT: Float64Array;
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

export function refForward(s: Shape, p: Params, x: Float64Array, h0?: Float64Array, c0?: Float64Array, probes?: Probes): RefForward {
  const { cell, B, T, F, U } = s;
  const G = GATES[cell];
  const GU = G * U;
  let h = h0 ? Float64Array.from(h0) : new Float64Array(B * U);
  let c = c0 && cell === 'lstm' ? Float64Array.from(c0) : new Float64Array(B * U);
  const out: RefForward = { h: new Float64Array(B * T * U), gates: [], hPrev: [], cPrev: [], cNow: [], rh: [], hT: h, cT: c };
  if (cell === 'lstm') out.c = new Float64Array(B * T * U);
  for (let t = 0; t < T; t++) {
    const gates = new Float64Array(B * GU);
    const hn = new Float64Array(B * U);
    const cn = new Float64Array(B * U);
    const rh = new Float64Array(B * U);
    for (let b = 0; b < B; b++) {
      // z = x_t·W + b + (recurrent part, computed below per cell)
      const z = new Float64Array(GU);
      for (let n = 0; n < GU; n++) {
        let v = p.b[n]!;
        for (let f = 0; f < F; f++) v += x[(b * T + t) * F + f]! * p.W[f * GU + n]!;
        z[n] = v;
      }
      const hp = (j: number): number => h[b * U + j]!;
      const rec = (n: number, src: (j: number) => number): number => {
        let v = 0;
        for (let j = 0; j < U; j++) v += src(j) * p.R[j * GU + n]!;
        return v;
      };
      for (let j = 0; j < U; j++) {
        if (cell === 'rnn') {
          hn[b * U + j] = Math.tanh(z[j]! + rec(j, hp));
        } else if (cell === 'lstm') {
          const i = sig(z[j]! + rec(j, hp));
          const f = sig(z[U + j]! + rec(U + j, hp));
          const g = Math.tanh(z[2 * U + j]! + rec(2 * U + j, hp));
          const o = sig(z[3 * U + j]! + rec(3 * U + j, hp));
          gates[b * GU + j] = i;
          gates[b * GU + U + j] = f;
          gates[b * GU + 2 * U + j] = g;
          gates[b * GU + 3 * U + j] = o;
          cn[b * U + j] = f * c[b * U + j]! + i * g + (probes?.c?.[t]?.[b * U + j] ?? 0);
          hn[b * U + j] = o * Math.tanh(cn[b * U + j]!);
        } else {
          const zz = sig(z[j]! + rec(j, hp));
          const r = sig(z[U + j]! + rec(U + j, hp));
          gates[b * GU + j] = zz;
          gates[b * GU + U + j] = r;
          rh[b * U + j] = r * hp(j);
        }
      }
      if (cell === 'gru') {
        for (let j = 0; j < U; j++) {
          const hh = Math.tanh(z[2 * U + j]! + rec(2 * U + j, (k) => rh[b * U + k]!));
          const zz = gates[b * GU + j]!;
          gates[b * GU + 2 * U + j] = hh;
          hn[b * U + j] = zz * hp(j) + (1 - zz) * hh;
        }
      }
      for (let j = 0; j < U; j++) hn[b * U + j] = hn[b * U + j]! + (probes?.h?.[t]?.[b * U + j] ?? 0);
    }
    out.gates.push(gates);
    out.hPrev.push(h);
    out.cPrev.push(c);
    out.cNow.push(cn);
    out.rh.push(rh);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < U; j++) {
        out.h[(b * T + t) * U + j] = hn[b * U + j]!;
        if (out.c) out.c[(b * T + t) * U + j] = cn[b * U + j]!;
      }
    h = hn;
    c = cn;
  }
  out.hT = h;
  out.cT = c;
  return out;
}

export interface Upstream {
  /** [B,T,U] */
  dH?: Float64Array;
  /** [B,U] */
  dhT?: Float64Array;
  dcT?: Float64Array;
}

/** The linear loss whose gradients `refBackward` returns: L = Σ dH⊙h + Σ dhT⊙h_T + Σ dcT⊙c_T. */
export function linearLoss(s: Shape, f: RefForward, up: Upstream): number {
  let L = 0;
  if (up.dH) for (let i = 0; i < f.h.length; i++) L += up.dH[i]! * f.h[i]!;
  if (up.dhT) for (let i = 0; i < f.hT.length; i++) L += up.dhT[i]! * f.hT[i]!;
  if (up.dcT && s.cell === 'lstm') for (let i = 0; i < f.cT.length; i++) L += up.dcT[i]! * f.cT[i]!;
  return L;
}

export interface RefGrads {
  dx: Float64Array;
  dW: Float64Array;
  dR: Float64Array;
  db: Float64Array;
  dh0: Float64Array;
  dc0: Float64Array;
  /** total ∂L/∂h_t [B,U] per step, and its Frobenius norm */
  dhTotal: Float64Array[];
  /** LSTM: total ∂L/∂c_t [B,U] per step */
  dcTotal: Float64Array[];
  normH: Float64Array;
  normC: Float64Array;
}

export function refBackward(s: Shape, p: Params, x: Float64Array, f: RefForward, up: Upstream): RefGrads {
  const { cell, B, T, F, U } = s;
  const GU = GATES[cell] * U;
  const g: RefGrads = {
    dx: new Float64Array(B * T * F), dW: new Float64Array(F * GU), dR: new Float64Array(U * GU), db: new Float64Array(GU),
    dh0: new Float64Array(B * U), dc0: new Float64Array(B * U), dhTotal: [], dcTotal: [], normH: new Float64Array(T), normC: new Float64Array(T),
  };
  let dhNext = up.dhT ? Float64Array.from(up.dhT) : new Float64Array(B * U);
  let dcNext = up.dcT && cell === 'lstm' ? Float64Array.from(up.dcT) : new Float64Array(B * U);
  for (let t = T - 1; t >= 0; t--) {
    const dh = new Float64Array(B * U);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < U; j++) dh[b * U + j] = dhNext[b * U + j]! + (up.dH?.[(b * T + t) * U + j] ?? 0);
    g.dhTotal[t] = dh;
    g.normH[t] = Math.hypot(...dh);
    const gates = f.gates[t]!;
    const hp = f.hPrev[t]!;
    const dz = new Float64Array(B * GU); // pre-activation gradients
    const dPrev = new Float64Array(B * U);
    const dcPrev = new Float64Array(B * U);
    let ssc = 0;
    const dcT = new Float64Array(B * U);
    g.dcTotal[t] = dcT;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < U; j++) {
        const k = b * U + j;
        if (cell === 'rnn') {
          const h = f.h[(b * T + t) * U + j]!; // no probes in backward use
          dz[b * GU + j] = dh[k]! * (1 - h * h);
        } else if (cell === 'lstm') {
          const [i, fg, gg, o] = [0, 1, 2, 3].map((q) => gates[b * GU + q * U + j]!) as [number, number, number, number];
          const th = Math.tanh(f.cNow[t]![k]!);
          const dc = dcNext[k]! + dh[k]! * o * (1 - th * th);
          ssc += dc * dc;
          dcT[k] = dc;
          dz[b * GU + j] = dc * gg * i * (1 - i);
          dz[b * GU + U + j] = dc * f.cPrev[t]![k]! * fg * (1 - fg);
          dz[b * GU + 2 * U + j] = dc * i * (1 - gg * gg);
          dz[b * GU + 3 * U + j] = dh[k]! * th * o * (1 - o);
          dcPrev[k] = dc * fg;
        } else {
          const zz = gates[b * GU + j]!;
          const hh = gates[b * GU + 2 * U + j]!;
          dz[b * GU + j] = dh[k]! * (hp[k]! - hh) * zz * (1 - zz);
          dz[b * GU + 2 * U + j] = dh[k]! * (1 - zz) * (1 - hh * hh);
          dPrev[k] = dh[k]! * zz;
        }
      }
    }
    g.normC[t] = Math.sqrt(ssc);
    if (cell === 'gru') {
      // d(r⊙h_{t-1}) = dz_h·R_hᵀ; then dz_r and the direct path into h_{t-1}
      for (let b = 0; b < B; b++)
        for (let j = 0; j < U; j++) {
          let drh = 0;
          for (let n = 0; n < U; n++) drh += dz[b * GU + 2 * U + n]! * p.R[j * GU + 2 * U + n]!;
          const r = gates[b * GU + U + j]!;
          dz[b * GU + U + j] = drh * hp[b * U + j]! * r * (1 - r);
          dPrev[b * U + j] = dPrev[b * U + j]! + drh * r;
        }
    }
    // recurrent path: dPrev += dz[:, blocks on h_{t-1}]·Rᵀ; weight gradients
    const blocksOnH = cell === 'gru' ? 2 * U : GU;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < U; j++) {
        let v = 0;
        for (let n = 0; n < blocksOnH; n++) v += dz[b * GU + n]! * p.R[j * GU + n]!;
        dPrev[b * U + j] = dPrev[b * U + j]! + v;
        for (let n = 0; n < GU; n++) {
          const src = cell === 'gru' && n >= 2 * U ? f.rh[t]![b * U + j]! : hp[b * U + j]!;
          g.dR[j * GU + n] = g.dR[j * GU + n]! + src * dz[b * GU + n]!;
        }
      }
      for (let n = 0; n < GU; n++) {
        g.db[n] = g.db[n]! + dz[b * GU + n]!;
        for (let q = 0; q < F; q++) {
          const xi = (b * T + t) * F + q;
          g.dW[q * GU + n] = g.dW[q * GU + n]! + x[xi]! * dz[b * GU + n]!;
          g.dx[xi] = g.dx[xi]! + dz[b * GU + n]! * p.W[q * GU + n]!;
        }
      }
    }
    dhNext = dPrev;
    dcNext = dcPrev;
  }
  g.dh0 = dhNext;
  g.dc0 = dcNext;
  return g;
}
