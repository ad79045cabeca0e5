/**
 * Band-limited resampling by windowed-sinc interpolation: each output sample is the input convolved
 * with a low-pass sinc kernel (Blackman window) centred on its position in input time. When
 * downsampling, the cut-off moves down to 95% of the new Nyquist frequency so content that the new
 * rate cannot represent is removed instead of folding back (aliasing) onto lower frequencies.
 *
 * Sample rates are whole numbers, so with L = to / gcd and M = from / gcd output n sits at input
 * time n·M/L: only L distinct fractional offsets (phases) occur. Their kernels are computed once
 * (polyphase form), which keeps sin/cos out of the inner loop.
 */

/** Zero crossings of the sinc on each side at the lower of the two rates: quality vs. cost. */
const HALF_ZEROS = 16;
/** Pass band as a fraction of the lower Nyquist frequency (the rest is the transition band). */
const ROLLOFF = 0.95;
/** Above this many phases (rates with a tiny common divisor) kernels are computed per sample instead. */
const MAX_PHASES = 4096;

export function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (!(from > 0 && to > 0) || !Number.isInteger(from) || !Number.isInteger(to)) throw new Error(`resample: rates must be positive whole numbers (from ${from} to ${to})`);
  if (from === to) return x.slice();
  const g = gcd(from, to);
  const L = to / g;
  const M = from / g;
  // Cut-off in cycles per input sample ×2 (1 = input Nyquist); kernel half-width in input samples.
  const cutoff = Math.min(1, to / from) * ROLLOFF;
  const half = HALF_ZEROS / cutoff;
  const nOut = Math.max(0, Math.round((x.length * L) / M));
  const out = new Float32Array(nOut);
  const tables = L <= MAX_PHASES ? new Map<number, { lo: number; w: Float64Array }>() : undefined;
  for (let n = 0; n < nOut; n++) {
    const base = Math.floor((n * M) / L);
    const phase = n * M - base * L; // 0 ≤ phase < L: output n is at input time base + phase / L
    let k = tables?.get(phase);
    if (!k) {
      k = kernel(phase / L, cutoff, half);
      tables?.set(phase, k);
    }
    let acc = 0;
    const first = base + k.lo;
    const i0 = Math.max(0, first);
    const i1 = Math.min(x.length - 1, first + k.w.length - 1);
    for (let i = i0; i <= i1; i++) acc += (x[i] as number) * (k.w[i - first] as number);
    out[n] = acc;
  }
  return out;
}

/** Weights for input offsets lo, lo+1, … (relative to `base`) of an output at fractional time `frac`. */
function kernel(frac: number, cutoff: number, half: number): { lo: number; w: Float64Array } {
  const lo = Math.ceil(frac - half);
  const hi = Math.floor(frac + half);
  const w = new Float64Array(hi - lo + 1);
  for (let k = lo; k <= hi; k++) {
    const d = frac - k;
    w[k - lo] = cutoff * sinc(cutoff * d) * blackman(d / half);
  }
  return { lo, w };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function sinc(z: number): number {
  if (z === 0) return 1;
  const p = Math.PI * z;
  return Math.sin(p) / p;
}

/** Blackman window on u in [-1, 1] (1 at the centre, 0 at the ends). */
function blackman(u: number): number {
  if (u <= -1 || u >= 1) return 0;
  return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
}
