/**
 * Band-limited resampling by windowed-sinc interpolation: each output sample is the input convolved
 * with a low-pass sinc kernel (Blackman window) centred on its position in input time. When
 * downsampling, the cut-off moves down to 95% of the new Nyquist frequency so content that the new
 * rate cannot represent is removed instead of folding back (aliasing) onto lower frequencies.
 */

/** Zero crossings of the sinc on each side at the lower of the two rates: quality vs. cost. */
const HALF_ZEROS = 16;
/** Pass band as a fraction of the lower Nyquist frequency (the rest is the transition band). */
const ROLLOFF = 0.95;

export function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (!(from > 0 && to > 0)) throw new Error(`resample: rates must be positive (from ${from} to ${to})`);
  if (from === to) return x.slice();
  const ratio = to / from;
  // Cut-off in cycles per input sample ×2 (1 = input Nyquist).
  const cutoff = Math.min(1, ratio) * ROLLOFF;
  // Kernel half-width in input samples: HALF_ZEROS zero crossings of a sinc at `cutoff`.
  const half = HALF_ZEROS / cutoff;
  const nOut = Math.max(0, Math.round(x.length * ratio));
  const out = new Float32Array(nOut);
  for (let n = 0; n < nOut; n++) {
    const t = n / ratio;
    const lo = Math.max(0, Math.ceil(t - half));
    const hi = Math.min(x.length - 1, Math.floor(t + half));
    let acc = 0;
    for (let k = lo; k <= hi; k++) {
      const d = t - k;
      acc += (x[k] as number) * cutoff * sinc(cutoff * d) * blackman(d / half);
    }
    out[n] = acc;
  }
  return out;
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
