/**
 * Weight initialisers drawn from the project's seeded PRNG (never tfjs's random ops), so the same
 * config and seed give the same weights on every backend. All work in float64 and return
 * row-major Float32Arrays ready for `tf.tensor`.
 */

import type { InitName } from '../config/types';
import type { Rng } from '../util/rng';

/** Glorot/Xavier uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)) (Keras's default kernel init). */
export function glorotUniform(rng: Rng, rows: number, cols: number, fanIn = rows, fanOut = cols): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
  return out;
}

/** N(0, 1/fanIn): keeps the pre-activation variance near 1 (LeCun normal). */
export function scaledNormal(rng: Rng, rows: number, cols: number, fanIn = rows): Float32Array {
  const std = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
  return out;
}

/**
 * A random n×n orthogonal matrix (row-major, float64): modified Gram-Schmidt QR of a standard
 * normal matrix, with the columns' signs fixed by diag(R) as Keras does, so Q is uniformly
 * distributed (Haar) rather than biased by the QR convention.
 */
export function orthogonalMatrix(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  // Columns of `a` are orthonormalised in place; q[:, j] ends up in a[:, j].
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (a[i * n + k] as number) * (a[i * n + j] as number);
      for (let i = 0; i < n; i++) a[i * n + j] = (a[i * n + j] as number) - dot * (a[i * n + k] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (a[i * n + j] as number) ** 2;
    norm = Math.sqrt(norm);
    // R[j][j] = norm > 0 always, so the sign fix of Keras (q *= sign(diag(r))) is the identity
    // for Gram-Schmidt; a degenerate column (probability 0) is re-drawn.
    if (norm < 1e-12) {
      for (let i = 0; i < n; i++) a[i * n + j] = rng.normal();
      j--;
      continue;
    }
    for (let i = 0; i < n; i++) a[i * n + j] = (a[i * n + j] as number) / norm;
  }
  return a;
}

/**
 * A [rows, blocks·rows] matrix made of `blocks` independent orthogonal rows×rows blocks side by
 * side (one per gate), times `gain`. This is the recurrent kernel layout: each gate's U_g is
 * orthogonal, so repeated multiplication by it neither shrinks nor grows the state at gain 1.
 */
export function orthogonalBlocks(rng: Rng, rows: number, blocks: number, gain = 1): Float32Array {
  const cols = rows * blocks;
  const out = new Float32Array(rows * cols);
  for (let b = 0; b < blocks; b++) {
    const q = orthogonalMatrix(rng, rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) out[i * cols + b * rows + j] = (q[i * rows + j] as number) * gain;
    }
  }
  return out;
}

/**
 * A kernel of shape [rows, blocks·blockCols] by the named initialiser. `orthogonal` needs square
 * blocks; for a non-square block (an input kernel) it orthogonalises the larger side and keeps the
 * first rows/columns, so rows or columns are orthonormal (as Keras's Orthogonal does).
 */
export function initMatrix(
  name: InitName,
  rng: Rng,
  rows: number,
  blockCols: number,
  blocks: number,
  gain = 1,
): Float32Array {
  const cols = blockCols * blocks;
  let out: Float32Array;
  if (name === 'glorotUniform') out = glorotUniform(rng, rows, cols);
  else if (name === 'normal') out = scaledNormal(rng, rows, cols);
  else if (rows === blockCols) return orthogonalBlocks(rng, rows, blocks, gain);
  else {
    out = new Float32Array(rows * cols);
    const n = Math.max(rows, blockCols);
    for (let b = 0; b < blocks; b++) {
      const q = orthogonalMatrix(rng, n);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < blockCols; j++) out[i * cols + b * blockCols + j] = q[i * n + j] as number;
      }
    }
  }
  if (gain !== 1) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * gain;
  return out;
}

/** Keras Embedding's default: U(-0.05, 0.05). */
export function embeddingUniform(rng: Rng, vocab: number, dim: number): Float32Array {
  const out = new Float32Array(vocab * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-0.05, 0.05);
  return out;
}
