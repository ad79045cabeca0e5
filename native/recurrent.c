/*
 * Fused recurrent kernels (SimpleRNN, LSTM, GRU) for Sequence Lab, compiled to WebAssembly SIMD.
 *
 * One exported call runs the whole sequence: forward (input projection of all steps as one matmul,
 * then the serial loop with only h_{t-1}·U per step and the gate math fused in one pass) or backward
 * (BPTT: only dh = dZ·Uᵀ stays on the serial chain; dW, dU, db and dx are large matmuls after the
 * loop). Nothing calls back into JavaScript and nothing is copied per time step.
 *
 * Layout (Keras): kernel W [F, G·U], recurrent kernel R [U, G·U], bias [G·U]; gate order
 * LSTM i,f,c,o (G=4), GRU z,r,h (G=3, reset_after=false), SimpleRNN (G=1). Sigmoid is the logistic
 * function. Every sequence buffer is time-major ([T, B, ·]); the caller transposes once per call.
 *
 * Build: scripts/build-kernels.sh (clang-14, wasm-ld-14). -DRELAXED selects the relaxed-SIMD fused
 * multiply-add in the matmul (see that script for how the opcode is encoded).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef float f32;

/* ------------------------------------------------------------------------------------------------ */
/* Multiply-add: c + a·b.                                                                            */
#ifdef RELAXED
/* clang-14's prototype builtin, re-encoded as relaxed_madd (a·b + c) by the build script; the wrapper
   checks madd_probe before using this variant. */
#define MADD(a, b, c) __builtin_wasm_fma_f32x4((a), (b), (c))
#else
#define MADD(a, b, c) wasm_f32x4_add((c), wasm_f32x4_mul((a), (b)))
#endif

EXPORT("kernel_variant") int kernel_variant(void) {
#ifdef RELAXED
  return 2;
#else
  return 1;
#endif
}

/* Self-test of the multiply-add: returns p[0]·p[1] + p[2] computed by MADD (lane 0). */
EXPORT("madd_probe") float madd_probe(const f32 *p) {
  v128_t a = wasm_f32x4_splat(p[0]), b = wasm_f32x4_splat(p[1]), c = wasm_f32x4_splat(p[2]);
  return wasm_f32x4_extract_lane(MADD(a, b, c), 0);
}

/* ------------------------------------------------------------------------------------------------ */
/* Matmul microkernel: C[M,N] (+)= A[M,K]·B[K,N], row-major with row strides lda/ldb/ldc.            */
/* Register tile 2 rows × 16 floats = 8 v128 accumulators (V8 has 16 vector registers; measured best */
/* in the performance issue). Tails: 4-wide columns, scalar columns, a single last row.              */

/* One 2×16 tile: c0[0:16], c1[0:16] (+)= a0[0:K]·B[0:K, 0:16], a1 likewise. */
static void tile2x16(f32 *c0, f32 *c1, const f32 *a0, const f32 *a1, const f32 *b, int K, int ldb, int acc) {
  v128_t x0, x1, x2, x3, y0, y1, y2, y3;
  if (acc) {
    x0 = wasm_v128_load(c0); x1 = wasm_v128_load(c0 + 4); x2 = wasm_v128_load(c0 + 8); x3 = wasm_v128_load(c0 + 12);
    y0 = wasm_v128_load(c1); y1 = wasm_v128_load(c1 + 4); y2 = wasm_v128_load(c1 + 8); y3 = wasm_v128_load(c1 + 12);
  } else {
    x0 = x1 = x2 = x3 = y0 = y1 = y2 = y3 = wasm_f32x4_splat(0.f);
  }
  for (int k = 0; k < K; k++, b += ldb) {
    v128_t s = wasm_f32x4_splat(a0[k]), t = wasm_f32x4_splat(a1[k]);
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t b2 = wasm_v128_load(b + 8), b3 = wasm_v128_load(b + 12);
    x0 = MADD(s, b0, x0); x1 = MADD(s, b1, x1); x2 = MADD(s, b2, x2); x3 = MADD(s, b3, x3);
    y0 = MADD(t, b0, y0); y1 = MADD(t, b1, y1); y2 = MADD(t, b2, y2); y3 = MADD(t, b3, y3);
  }
  wasm_v128_store(c0, x0); wasm_v128_store(c0 + 4, x1); wasm_v128_store(c0 + 8, x2); wasm_v128_store(c0 + 12, x3);
  wasm_v128_store(c1, y0); wasm_v128_store(c1 + 4, y1); wasm_v128_store(c1 + 8, y2); wasm_v128_store(c1 + 12, y3);
}

static void tile1x16(f32 *c0, const f32 *a0, const f32 *b, int K, int ldb, int acc) {
  v128_t x0, x1, x2, x3;
  if (acc) {
    x0 = wasm_v128_load(c0); x1 = wasm_v128_load(c0 + 4); x2 = wasm_v128_load(c0 + 8); x3 = wasm_v128_load(c0 + 12);
  } else {
    x0 = x1 = x2 = x3 = wasm_f32x4_splat(0.f);
  }
  for (int k = 0; k < K; k++, b += ldb) {
    v128_t s = wasm_f32x4_splat(a0[k]);
    x0 = MADD(s, wasm_v128_load(b), x0); x1 = MADD(s, wasm_v128_load(b + 4), x1);
    x2 = MADD(s, wasm_v128_load(b + 8), x2); x3 = MADD(s, wasm_v128_load(b + 12), x3);
  }
  wasm_v128_store(c0, x0); wasm_v128_store(c0 + 4, x1); wasm_v128_store(c0 + 8, x2); wasm_v128_store(c0 + 12, x3);
}

static void tile2x4(f32 *c0, f32 *c1, const f32 *a0, const f32 *a1, const f32 *b, int K, int ldb, int acc) {
  v128_t x0 = acc ? wasm_v128_load(c0) : wasm_f32x4_splat(0.f);
  v128_t y0 = acc ? wasm_v128_load(c1) : wasm_f32x4_splat(0.f);
  for (int k = 0; k < K; k++, b += ldb) {
    v128_t b0 = wasm_v128_load(b);
    x0 = MADD(wasm_f32x4_splat(a0[k]), b0, x0);
    y0 = MADD(wasm_f32x4_splat(a1[k]), b0, y0);
  }
  wasm_v128_store(c0, x0); wasm_v128_store(c1, y0);
}

static void tile1x4(f32 *c0, const f32 *a0, const f32 *b, int K, int ldb, int acc) {
  v128_t x0 = acc ? wasm_v128_load(c0) : wasm_f32x4_splat(0.f);
  for (int k = 0; k < K; k++, b += ldb) x0 = MADD(wasm_f32x4_splat(a0[k]), wasm_v128_load(b), x0);
  wasm_v128_store(c0, x0);
}

/* A row of A times a (strided) column of B: the tail columns when N is not a multiple of 4. */
static f32 dot_col(const f32 *a, const f32 *b, int K, int ldb) {
  f32 x = 0.f;
  for (int k = 0; k < K; k++, b += ldb) x += a[k] * *b;
  return x;
}

/* Column blocks outside, row pairs inside: a K×16 panel of B stays in L1 while every row pair of A
   streams past it (with K ≤ KBLOCK the panel is ≤ 16 KB). */
/* Columns j0..N that do not fill a 16-wide tile: 4-wide tiles, then scalar dot products. */
static void mm_tail(f32 *C, const f32 *A, const f32 *B, int M, int K, int N, int j, int lda, int ldb, int ldc, int acc) {
  for (; j + 4 <= N; j += 4) {
    int i = 0;
    for (; i + 2 <= M; i += 2)
      tile2x4(C + i * ldc + j, C + (i + 1) * ldc + j, A + i * lda, A + (i + 1) * lda, B + j, K, ldb, acc);
    if (i < M) tile1x4(C + i * ldc + j, A + i * lda, B + j, K, ldb, acc);
  }
  for (; j < N; j++)
    for (int i = 0; i < M; i++) {
      f32 v = dot_col(A + i * lda, B + j, K, ldb);
      C[i * ldc + j] = acc ? C[i * ldc + j] + v : v;
    }
}

#ifndef KBLOCK
#define KBLOCK 256
#endif
static f32 panel[KBLOCK * 16] __attribute__((aligned(16)));

static void mm_plain(f32 *C, const f32 *A, const f32 *B, int M, int K, int N, int lda, int ldb, int ldc, int acc) {
  int j = 0;
  for (; j + 16 <= N; j += 16) {
    /* Pack the K×16 panel contiguously: rows of B at a power-of-two stride (256 floats = 1 KB for
       an LSTM of 64 units) would all fall into a few L1 sets and evict each other. */
    const f32 *pb = B + j;
    int ldp = ldb;
    if (M > 2 && K <= KBLOCK) {
      for (int k = 0; k < K; k++) {
        const f32 *src = B + k * ldb + j;
        f32 *dst = panel + k * 16;
        wasm_v128_store(dst, wasm_v128_load(src)); wasm_v128_store(dst + 4, wasm_v128_load(src + 4));
        wasm_v128_store(dst + 8, wasm_v128_load(src + 8)); wasm_v128_store(dst + 12, wasm_v128_load(src + 12));
      }
      pb = panel;
      ldp = 16;
    }
    int i = 0;
    for (; i + 2 <= M; i += 2)
      tile2x16(C + i * ldc + j, C + (i + 1) * ldc + j, A + i * lda, A + (i + 1) * lda, pb, K, ldp, acc);
    if (i < M) tile1x16(C + i * ldc + j, A + i * lda, pb, K, ldp, acc);
  }
  mm_tail(C, A, B, M, K, N, j, lda, ldb, ldc, acc);
}

/* B packed once into K×16 panels (the serial chain multiplies by the same R or Rᵀ at every step):
   panels[(j/16)·K·16 + k·16 + 0..15] = B[k, j..j+16] for every full 16-column block. */
typedef struct {
  const f32 *B, *panels;
  int K, N, ldb;
} Packed;

static Packed pack_b(f32 *dst, const f32 *B, int K, int N, int ldb) {
  Packed p = {B, dst, K, N, ldb};
  for (int j = 0; j + 16 <= N; j += 16)
    for (int k = 0; k < K; k++) {
      const f32 *src = B + k * ldb + j;
      f32 *d = dst + (j / 16) * K * 16 + k * 16;
      for (int q = 0; q < 16; q += 4) wasm_v128_store(d + q, wasm_v128_load(src + q));
    }
  return p;
}

static void mm_packed(f32 *C, const f32 *A, const Packed *p, int M, int lda, int ldc, int acc) {
  int K = p->K, N = p->N, j = 0;
  for (; j + 16 <= N; j += 16) {
    const f32 *pb = p->panels + (j / 16) * K * 16;
    int i = 0;
    for (; i + 2 <= M; i += 2)
      tile2x16(C + i * ldc + j, C + (i + 1) * ldc + j, A + i * lda, A + (i + 1) * lda, pb, K, 16, acc);
    if (i < M) tile1x16(C + i * ldc + j, A + i * lda, pb, K, 16, acc);
  }
  mm_tail(C, A, p->B, M, K, N, j, lda, p->ldb, ldc, acc);
}

/* Long K (the weight gradients sum over all T·B rows): block K so the packed panel fits in L1. */
static void mm(f32 *C, const f32 *A, const f32 *B, int M, int K, int N, int lda, int ldb, int ldc, int acc) {
  if (K <= 0) {
    if (!acc) for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) C[i * ldc + j] = 0.f;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KBLOCK) {
    int kb = K - k0 < KBLOCK ? K - k0 : KBLOCK;
    mm_plain(C, A + k0, B + (long)k0 * ldb, M, kb, N, lda, ldb, ldc, acc || k0 > 0);
  }
}

/* Exported for tests and the benchmark's matmul peak: C = A·B (acc=0) or C += A·B. */
EXPORT("matmul") void matmul(f32 *C, const f32 *A, const f32 *B, int M, int K, int N, int acc) {
  mm(C, A, B, M, K, N, K, N, N, acc);
}

/* dst[c, r] = src[r, c] for a rows×cols block (src row stride lds, dst row stride ldd). */
static void transpose(f32 *dst, const f32 *src, int rows, int cols, int lds, int ldd) {
  for (int r0 = 0; r0 < rows; r0 += 32) {
    int r1 = r0 + 32 < rows ? r0 + 32 : rows;
    for (int c = 0; c < cols; c++)
      for (int r = r0; r < r1; r++) dst[c * ldd + r] = src[r * lds + c];
  }
}

/* Swap the two leading axes: src [A0, A1, D] → dst [A1, A0, D] (batch-major ⇄ time-major). */
EXPORT("swap_axes") void swap_axes(f32 *dst, const f32 *src, int a0, int a1, int d) {
  for (int i = 0; i < a0; i++)
    for (int j = 0; j < a1; j++) {
      const f32 *s = src + ((long)i * a1 + j) * d;
      f32 *o = dst + ((long)j * a0 + i) * d;
      for (int k = 0; k < d; k++) o[k] = s[k];
    }
}

static void zero(f32 *p, int n) { for (int i = 0; i < n; i++) p[i] = 0.f; }
static void copy(f32 *d, const f32 *s, int n) { for (int i = 0; i < n; i++) d[i] = s[i]; }

/* ------------------------------------------------------------------------------------------------ */
/* Activations. exp: Cephes-style range reduction + degree-6 polynomial (relative error ~1e-7).       */

static inline v128_t vexp(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  /* Round-to-nearest and the integer n through the 1.5·2^23 trick: t's low mantissa bits hold n,
     so 2^n = (bits(t) << 23) + (127 << 23). Cheaper in V8 than f32x4.nearest + i32x4.trunc_sat. */
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  v128_t tt = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), magic);
  v128_t fx = wasm_f32x4_sub(tt, magic);
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(y, r), r), wasm_f32x4_add(r, wasm_f32x4_splat(1.f)));
  v128_t n = wasm_i32x4_add(wasm_i32x4_shl(tt, 23), wasm_i32x4_splat(127 << 23));
  return wasm_f32x4_mul(y, n);
}

static inline v128_t vsigmoid(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, vexp(wasm_f32x4_neg(x))));
}

/* tanh: (1−e)/(1+e) with e = exp(−2|x|); below |x| < 0.625 a polynomial keeps relative accuracy. */
static inline v128_t vtanh(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.f);
  v128_t ax = wasm_f32x4_abs(x);
  v128_t e = vexp(wasm_f32x4_mul(ax, wasm_f32x4_splat(-2.f)));
  v128_t big = wasm_f32x4_div(wasm_f32x4_sub(one, e), wasm_f32x4_add(one, e));
  big = wasm_v128_or(big, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000))); /* copy the sign */
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t p = wasm_f32x4_splat(-5.70498872745e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(2.06390887954e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(-5.37397155531e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(1.33314422036e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(-3.33332819422e-1f));
  v128_t small = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, z), x), x);
  return wasm_v128_bitselect(small, big, wasm_f32x4_lt(ax, wasm_f32x4_splat(0.625f)));
}

/* Partial loads/stores for the last <4 units of a row (U need not be a multiple of 4). */
static inline v128_t ld(const f32 *p, int n) {
  if (n >= 4) return wasm_v128_load(p);
  f32 t[4] = {0.f, 0.f, 0.f, 0.f};
  for (int i = 0; i < n; i++) t[i] = p[i];
  return wasm_v128_load(t);
}
static inline void st(f32 *p, v128_t v, int n) {
  if (n >= 4) { wasm_v128_store(p, v); return; }
  f32 t[4];
  wasm_v128_store(t, v);
  for (int i = 0; i < n; i++) p[i] = t[i];
}

static f32 sumsq(const f32 *p, int n) {
  v128_t s = wasm_f32x4_splat(0.f);
  int i = 0;
  for (; i + 4 <= n; i += 4) { v128_t v = wasm_v128_load(p + i); s = wasm_f32x4_add(s, wasm_f32x4_mul(v, v)); }
  f32 r = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
          wasm_f32x4_extract_lane(s, 3);
  for (; i < n; i++) r += p[i] * p[i];
  return r;
}

/* ------------------------------------------------------------------------------------------------ */
/* The call context: the TypeScript wrapper writes these fields (all 32-bit) into linear memory.     */
/* Field order is a contract with src/core/kernels/layout.ts (CTX_FIELDS).                           */
typedef struct {
  int cell;                 /* 0 rnn, 1 lstm, 2 gru */
  int B, T, F, U;
  const f32 *x;             /* [T,B,F] */
  const f32 *W, *R, *bias;  /* [F,GU], [U,GU], [GU] */
  const f32 *h0, *c0;       /* [B,U] or 0 (zeros) */
  f32 *gates;               /* [T,B,GU]: activated gates (LSTM i,f,g,o; GRU z,r,hh; RNN unused) */
  f32 *hs;                  /* [T+1,B,U]: hs[0] = h0, hs[t+1] = h_t */
  f32 *cs;                  /* LSTM [T+1,B,U] */
  f32 *aux;                 /* LSTM tanh(c_t) [T,B,U]; GRU r⊙h_{t-1} [T,B,U] */
  const f32 *dH;            /* [T,B,U] dL/dh_t from the layer's outputs, or 0 */
  const f32 *dhT, *dcT;     /* [B,U] gradient into the final state, or 0 */
  f32 *dZ;                  /* [T,B,GU] pre-activation gradients */
  f32 *dh, *dc, *tmp;       /* [B,U] each: running state gradients */
  f32 *scratch;             /* [max(U,F), T·B] transposes for the weight gradients */
  f32 *RT, *WT;             /* [GU,U], [GU,F] */
  f32 *dx, *dW, *dR, *db;   /* [T,B,F] (or 0 to skip), [F,GU], [U,GU], [GU] */
  f32 *dh0, *dc0;           /* [B,U] */
  f32 *normH, *normC;       /* [T]: ‖∂L/∂h_t‖_F and ‖∂L/∂c_t‖_F over the batch */
  f32 *pack;                /* [GU·U]: R (forward) or Rᵀ (backward) packed into 16-column panels */
  f32 *dhAll, *dcAll;       /* [T,B,U] or 0: the total ∂L/∂h_t (∂L/∂c_t) of every step, for probes */
} Ctx;

static int gates_of(int cell) { return cell == 1 ? 4 : cell == 2 ? 3 : 1; }

EXPORT("ctx_size") int ctx_size(void) { return (int)sizeof(Ctx); }

/* gates[t,b,:] = bias + x[t,b,:]·W for all T·B rows: one matmul before the loop. */
static void input_projection(const Ctx *c, f32 *Z, int GU) {
  int rows = c->T * c->B, F = c->F;
  if (F <= 4) {
    /* few features: bias + Σ_f x_f·W[f,:] written in one pass (Z is T·B·G·U floats: a second pass
       over it costs more than the arithmetic) */
    for (int r = 0; r < rows; r++) {
      const f32 *xr = c->x + (long)r * F;
      f32 *z = Z + (long)r * GU;
      for (int n = 0; n < GU; n += 4) {
        int m = GU - n;
        v128_t v = ld(c->bias + n, m);
        for (int f = 0; f < F; f++) v = MADD(wasm_f32x4_splat(xr[f]), ld(c->W + (long)f * GU + n, m), v);
        st(z + n, v, m);
      }
    }
    return;
  }
  for (int r = 0; r < rows; r++) copy(Z + (long)r * GU, c->bias, GU);
  mm(Z, c->x, c->W, rows, F, GU, F, GU, GU, 1);
}

static void init_state(f32 *dst, const f32 *src, int n) { if (src) copy(dst, src, n); else zero(dst, n); }

/* ---------------------------------------------- forward ----------------------------------------- */

static void rnn_forward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U;
  /* The pre-activations go straight into hs[1..T], then tanh in place. */
  f32 *Z = c->hs + BU;
  input_projection(c, Z, U);
  init_state(c->hs, c->h0, BU);
  Packed pr = pack_b(c->pack, c->R, U, U, U);
  for (int t = 0; t < T; t++) {
    f32 *z = Z + (long)t * BU;
    mm_packed(z, c->hs + (long)t * BU, &pr, B, U, U, 1);
    for (int i = 0; i < BU; i += 4) st(z + i, vtanh(ld(z + i, BU - i)), BU - i);
  }
}

static void lstm_forward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U, GU = 4 * U;
  input_projection(c, c->gates, GU);
  init_state(c->hs, c->h0, BU);
  init_state(c->cs, c->c0, BU);
  Packed pr = pack_b(c->pack, c->R, U, GU, GU);
  for (int t = 0; t < T; t++) {
    f32 *Z = c->gates + (long)t * B * GU;
    const f32 *hp = c->hs + (long)t * BU, *cp = c->cs + (long)t * BU;
    f32 *hn = c->hs + (long)(t + 1) * BU, *cn = c->cs + (long)(t + 1) * BU, *tc = c->aux + (long)t * BU;
    mm_packed(Z, hp, &pr, B, U, GU, 1);
    for (int b = 0; b < B; b++) {
      f32 *z = Z + b * GU;
      for (int j = 0; j < U; j += 4) {
        int n = U - j;
        v128_t i = vsigmoid(ld(z + j, n)), f = vsigmoid(ld(z + U + j, n));
        v128_t g = vtanh(ld(z + 2 * U + j, n)), o = vsigmoid(ld(z + 3 * U + j, n));
        v128_t cv = wasm_f32x4_add(wasm_f32x4_mul(f, ld(cp + b * U + j, n)), wasm_f32x4_mul(i, g));
        v128_t th = vtanh(cv);
        st(z + j, i, n); st(z + U + j, f, n); st(z + 2 * U + j, g, n); st(z + 3 * U + j, o, n);
        st(cn + b * U + j, cv, n); st(tc + b * U + j, th, n);
        st(hn + b * U + j, wasm_f32x4_mul(o, th), n);
      }
    }
  }
}

static void gru_forward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U, GU = 3 * U;
  input_projection(c, c->gates, GU);
  init_state(c->hs, c->h0, BU);
  Packed pzr = pack_b(c->pack, c->R, U, 2 * U, GU);
  Packed ph = pack_b(c->pack + 2 * U * U, c->R + 2 * U, U, U, GU);
  for (int t = 0; t < T; t++) {
    f32 *Z = c->gates + (long)t * B * GU;
    const f32 *hp = c->hs + (long)t * BU;
    f32 *hn = c->hs + (long)(t + 1) * BU, *rh = c->aux + (long)t * BU;
    /* z and r: h_{t-1}·R[:, 0:2U] */
    mm_packed(Z, hp, &pzr, B, U, GU, 1);
    for (int b = 0; b < B; b++) {
      f32 *z = Z + b * GU;
      for (int j = 0; j < U; j += 4) {
        int n = U - j;
        v128_t zg = vsigmoid(ld(z + j, n)), rg = vsigmoid(ld(z + U + j, n));
        st(z + j, zg, n); st(z + U + j, rg, n);
        st(rh + b * U + j, wasm_f32x4_mul(rg, ld(hp + b * U + j, n)), n);
      }
    }
    /* candidate: (r⊙h_{t-1})·R[:, 2U:3U] */
    mm_packed(Z + 2 * U, rh, &ph, B, U, GU, 1);
    for (int b = 0; b < B; b++) {
      f32 *z = Z + b * GU;
      for (int j = 0; j < U; j += 4) {
        int n = U - j;
        v128_t hh = vtanh(ld(z + 2 * U + j, n)), zg = ld(z + j, n), h = ld(hp + b * U + j, n);
        st(z + 2 * U + j, hh, n);
        /* h_t = z⊙h_{t-1} + (1−z)⊙hh = hh + z⊙(h_{t-1} − hh) */
        st(hn + b * U + j, wasm_f32x4_add(hh, wasm_f32x4_mul(zg, wasm_f32x4_sub(h, hh))), n);
      }
    }
  }
}

EXPORT("forward") void forward(const Ctx *c) {
  if (c->cell == 1) lstm_forward(c);
  else if (c->cell == 2) gru_forward(c);
  else rnn_forward(c);
}

/* ---------------------------------------------- backward ---------------------------------------- */

/* dh = dH[t] + dh (the gradient arriving from step t+1); returns ‖dh‖². */
static f32 add_output_grad(const Ctx *c, int t) {
  int BU = c->B * c->U;
  if (c->dH) {
    const f32 *g = c->dH + (long)t * BU;
    for (int i = 0; i < BU; i += 4) st(c->dh + i, wasm_f32x4_add(ld(c->dh + i, BU - i), ld(g + i, BU - i)), BU - i);
  }
  if (c->dhAll) copy(c->dhAll + (long)t * BU, c->dh, BU);
  return sumsq(c->dh, BU);
}

static f32 dot(const f32 *a, const f32 *b, int n) {
  v128_t s = wasm_f32x4_splat(0.f);
  int i = 0;
  for (; i + 4 <= n; i += 4) s = MADD(wasm_v128_load(a + i), wasm_v128_load(b + i), s);
  f32 r = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
          wasm_f32x4_extract_lane(s, 3);
  for (; i < n; i++) r += a[i] * b[i];
  return r;
}

/* After the serial loop: weight gradients as a few large matmuls over all T·B rows. */
static void weight_grads(const Ctx *c, int GU) {
  int B = c->B, T = c->T, F = c->F, U = c->U, rows = T * B;
  /* dW = Xᵀ·dZ */
  transpose(c->scratch, c->x, rows, F, F, rows);
  mm(c->dW, c->scratch, c->dZ, F, rows, GU, rows, GU, GU, 0);
  /* dR = H_prevᵀ·dZ (GRU: the candidate block uses (r⊙h_{t-1})ᵀ instead) */
  transpose(c->scratch, c->hs, rows, U, U, rows);
  int NH = c->cell == 2 ? 2 * U : GU;
  mm(c->dR, c->scratch, c->dZ, U, rows, NH, rows, GU, GU, 0);
  if (c->cell == 2) {
    transpose(c->scratch, c->aux, rows, U, U, rows);
    mm(c->dR + 2 * U, c->scratch, c->dZ + 2 * U, U, rows, U, rows, GU, GU, 0);
  }
  /* db = Σ_rows dZ */
  zero(c->db, GU);
  for (int r = 0; r < rows; r++) {
    const f32 *z = c->dZ + (long)r * GU;
    for (int j = 0; j < GU; j += 4) st(c->db + j, wasm_f32x4_add(ld(c->db + j, GU - j), ld(z + j, GU - j)), GU - j);
  }
  /* dx = dZ·Wᵀ */
  if (c->dx) {
    if (F < 8) {
      /* few features (a first layer): dot products of contiguous rows, dZ[r,:]·W[f,:] */
      for (int r = 0; r < rows; r++)
        for (int f = 0; f < F; f++) c->dx[(long)r * F + f] = dot(c->dZ + (long)r * GU, c->W + (long)f * GU, GU);
    } else {
      transpose(c->WT, c->W, F, GU, GU, F);
      mm(c->dx, c->dZ, c->WT, rows, GU, F, GU, F, F, 0);
    }
  }
}

static void begin_backward(const Ctx *c, int GU) {
  int BU = c->B * c->U;
  transpose(c->RT, c->R, c->U, GU, GU, c->U);
  init_state(c->dh, c->dhT, BU);
  if (c->cell == 1) init_state(c->dc, c->dcT, BU);
}

static void end_backward(const Ctx *c, int GU) {
  int BU = c->B * c->U;
  copy(c->dh0, c->dh, BU);
  if (c->cell == 1) copy(c->dc0, c->dc, BU);
  weight_grads(c, GU);
}

static void rnn_backward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U;
  begin_backward(c, U);
  Packed prt = pack_b(c->pack, c->RT, U, U, U);
  for (int t = T - 1; t >= 0; t--) {
    c->normH[t] = __builtin_sqrtf(add_output_grad(c, t));
    const f32 *h = c->hs + (long)(t + 1) * BU;
    f32 *dz = c->dZ + (long)t * BU;
    v128_t one = wasm_f32x4_splat(1.f);
    for (int i = 0; i < BU; i += 4) {
      v128_t hv = ld(h + i, BU - i);
      st(dz + i, wasm_f32x4_mul(ld(c->dh + i, BU - i), wasm_f32x4_sub(one, wasm_f32x4_mul(hv, hv))), BU - i);
    }
    mm_packed(c->dh, dz, &prt, B, U, U, 0);
  }
  end_backward(c, U);
}

static void lstm_backward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U, GU = 4 * U;
  begin_backward(c, GU);
  Packed prt = pack_b(c->pack, c->RT, GU, U, U);
  v128_t one = wasm_f32x4_splat(1.f);
  for (int t = T - 1; t >= 0; t--) {
    c->normH[t] = __builtin_sqrtf(add_output_grad(c, t));
    const f32 *Z = c->gates + (long)t * B * GU, *cp = c->cs + (long)t * BU, *tc = c->aux + (long)t * BU;
    f32 *D = c->dZ + (long)t * B * GU;
    f32 ssc = 0.f;
    for (int b = 0; b < B; b++) {
      const f32 *z = Z + b * GU;
      f32 *d = D + b * GU;
      v128_t acc = wasm_f32x4_splat(0.f);
      for (int j = 0; j < U; j += 4) {
        int n = U - j, k = b * U + j;
        v128_t i = ld(z + j, n), f = ld(z + U + j, n), g = ld(z + 2 * U + j, n), o = ld(z + 3 * U + j, n);
        v128_t th = ld(tc + k, n), dh = ld(c->dh + k, n);
        /* total dL/dc_t: from c_{t+1} (carried in dc) and through h_t = o⊙tanh(c_t) */
        v128_t dc = wasm_f32x4_add(ld(c->dc + k, n),
                                   wasm_f32x4_mul(wasm_f32x4_mul(dh, o), wasm_f32x4_sub(one, wasm_f32x4_mul(th, th))));
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(dc, dc));
        if (c->dcAll) st(c->dcAll + (long)t * BU + k, dc, n);
        v128_t di = wasm_f32x4_mul(wasm_f32x4_mul(dc, g), wasm_f32x4_mul(i, wasm_f32x4_sub(one, i)));
        v128_t df = wasm_f32x4_mul(wasm_f32x4_mul(dc, ld(cp + k, n)), wasm_f32x4_mul(f, wasm_f32x4_sub(one, f)));
        v128_t dg = wasm_f32x4_mul(wasm_f32x4_mul(dc, i), wasm_f32x4_sub(one, wasm_f32x4_mul(g, g)));
        v128_t dO = wasm_f32x4_mul(wasm_f32x4_mul(dh, th), wasm_f32x4_mul(o, wasm_f32x4_sub(one, o)));
        st(d + j, di, n); st(d + U + j, df, n); st(d + 2 * U + j, dg, n); st(d + 3 * U + j, dO, n);
        st(c->dc + k, wasm_f32x4_mul(dc, f), n);
      }
      ssc += wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) + wasm_f32x4_extract_lane(acc, 2) +
             wasm_f32x4_extract_lane(acc, 3);
    }
    c->normC[t] = __builtin_sqrtf(ssc);
    mm_packed(c->dh, D, &prt, B, GU, U, 0);
  }
  end_backward(c, GU);
}

static void gru_backward(const Ctx *c) {
  int B = c->B, T = c->T, U = c->U, BU = B * U, GU = 3 * U;
  begin_backward(c, GU);
  Packed przr = pack_b(c->pack, c->RT, 2 * U, U, U);
  Packed prh = pack_b(c->pack + 2 * U * U, c->RT + 2 * U * U, U, U, U);
  v128_t one = wasm_f32x4_splat(1.f);
  f32 *dprev = c->dc, *drh = c->tmp;
  for (int t = T - 1; t >= 0; t--) {
    c->normH[t] = __builtin_sqrtf(add_output_grad(c, t));
    const f32 *Z = c->gates + (long)t * B * GU, *hp = c->hs + (long)t * BU;
    f32 *D = c->dZ + (long)t * B * GU;
    for (int b = 0; b < B; b++) {
      const f32 *z = Z + b * GU;
      f32 *d = D + b * GU;
      for (int j = 0; j < U; j += 4) {
        int n = U - j, k = b * U + j;
        v128_t zg = ld(z + j, n), hh = ld(z + 2 * U + j, n), h = ld(hp + k, n), dh = ld(c->dh + k, n);
        v128_t dzz = wasm_f32x4_mul(wasm_f32x4_mul(dh, wasm_f32x4_sub(h, hh)), wasm_f32x4_mul(zg, wasm_f32x4_sub(one, zg)));
        v128_t dzh = wasm_f32x4_mul(wasm_f32x4_mul(dh, wasm_f32x4_sub(one, zg)), wasm_f32x4_sub(one, wasm_f32x4_mul(hh, hh)));
        st(d + j, dzz, n); st(d + 2 * U + j, dzh, n);
        st(dprev + k, wasm_f32x4_mul(dh, zg), n);
      }
    }
    /* d(r⊙h_{t-1}) = dZ_h·R_hᵀ */
    mm_packed(drh, D + 2 * U, &prh, B, GU, U, 0);
    for (int b = 0; b < B; b++) {
      const f32 *z = Z + b * GU;
      f32 *d = D + b * GU;
      for (int j = 0; j < U; j += 4) {
        int n = U - j, k = b * U + j;
        v128_t rg = ld(z + U + j, n), g = ld(drh + k, n), h = ld(hp + k, n);
        st(d + U + j, wasm_f32x4_mul(wasm_f32x4_mul(g, h), wasm_f32x4_mul(rg, wasm_f32x4_sub(one, rg))), n);
        st(dprev + k, wasm_f32x4_add(ld(dprev + k, n), wasm_f32x4_mul(g, rg)), n);
      }
    }
    /* + [dZ_z, dZ_r]·[R_z, R_r]ᵀ */
    mm_packed(dprev, D, &przr, B, GU, U, 1);
    copy(c->dh, dprev, BU);
  }
  end_backward(c, GU);
}

EXPORT("backward") void backward(const Ctx *c) {
  if (c->cell == 1) lstm_backward(c);
  else if (c->cell == 2) gru_backward(c);
  else rnn_backward(c);
}

EXPORT("gates_per_unit") int gates_per_unit(int cell) { return gates_of(cell); }
