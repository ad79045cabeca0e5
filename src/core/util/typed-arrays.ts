/** Typed-array helpers that need no tfjs (the run folder, data and export code share them). */

/**
 * The parts one after another in one new array of the same type (Float32Array when there are none).
 * The result owns a fresh ArrayBuffer, so its `.buffer` can be written out as is (weights.bin).
 */
export function concat(parts: readonly Float32Array[]): Float32Array<ArrayBuffer>;
export function concat(parts: readonly Int32Array[]): Int32Array<ArrayBuffer>;
export function concat(parts: readonly (Float32Array | Int32Array)[]): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer>;
export function concat(parts: readonly (Float32Array | Int32Array)[]): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> {
  const Ctor = (parts[0]?.constructor ?? Float32Array) as new (n: number) => Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer>;
  const out = new Ctor(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
