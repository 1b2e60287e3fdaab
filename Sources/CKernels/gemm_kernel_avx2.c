// AVX2+FMA microkernels: MR×NR = 6×16 (12 ymm accumulators + 2 panel loads + 1 broadcast).
// Right-edge tiles (nr < 16) go through a small stack tile, since AVX2 has no cheap masks; those
// of ≤ 8 columns run one vector a row (a 7×7 map's 49 columns at batch 1: 3 panels and one
// column, 7 vectors instead of 8 a row). On an AMD Zen 4 at the AVX2 level (docs/onnx.md,
// harness, alternated, batch 1): MobileNetV2's 1×1 layers on 7×7 maps 0.87–0.93 of the time at
// 1 and 2 threads, on 14×14 0.97–0.98; a 128×40×512 GEMM 0.91.
#include <string.h>
#include "gemm_internal.h"
#include "vmath_avx2.h"

#define MR 6
#define NR 16

#define T256 __attribute__((target("avx2,fma")))

/// Prefetch the weight panel this many k steps ahead (one 64-byte line per step).
#ifndef IP_W_PREFETCH
#define IP_W_PREFETCH 16
#endif
/// With IP_KERNEL_PREFETCH_A, prefetch a this many k steps ahead instead.
#ifndef IP_A_PREFETCH
#define IP_A_PREFETCH 16
#endif

/// The MR×NR tile over kc steps; row p of the weights is w + p·ldw (NR for a packed panel).
/// With `vectors` 1 (an edge of ≤ 8 columns), the k loop loads and multiplies the first 8
/// columns only: half the FMAs (the second accumulators stay zero and are never copied out).
T256 static inline __attribute__((always_inline)) void kernel_rows(
    const int rows, const int vectors, int kc, const float *a, const float *w, const size_t ldw, float *c, int ldc,
    int nr, const float *bias, int flags, int activation, const ip_tile_epilogue *epilogue) {
  float edge[MR * NR];
  float *out = c;
  int ldo = ldc;
  if (nr < NR) {  // stage the partial tile so full-width loads/stores stay in bounds
    out = edge;
    ldo = NR;
    if (!(flags & IP_KERNEL_FIRST))
      for (int i = 0; i < rows; i++) memcpy(edge + i * NR, c + (size_t)i * ldc, sizeof(float) * (size_t)nr);
  }
  float bias_tile[NR];
  const float *b = bias;
  if (bias && nr < NR) {
    memset(bias_tile, 0, sizeof bias_tile);
    memcpy(bias_tile, bias, sizeof(float) * (size_t)nr);
    b = bias_tile;
  }
  // The k loop accumulates from zero; bias (first k block) or the partial sums in c (later
  // blocks) are added after it, so the C-tile lines, prefetched here, have the whole k loop to
  // arrive instead of stalling its start (+2–3% on Zen 1 at 1024³, A/B in one session).
  __m256 acc0[MR], acc1[MR];
  const int first = flags & IP_KERNEL_FIRST;
  if (!first) {
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
      _mm_prefetch((const char *)(out + (size_t)i * ldo), _MM_HINT_T0);
      _mm_prefetch((const char *)(out + (size_t)i * ldo + 8), _MM_HINT_T0);
    }
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < rows; i++) { acc0[i] = _mm256_setzero_ps(); acc1[i] = _mm256_setzero_ps(); }
  // One k step: 2 loads of w, MR broadcasts of a, 2·rows FMAs; `ahead` is the prefetch.
#define IP_K_STEP(ahead)                                               \
  for (int p = 0; p < kc; p++) {                                       \
    ahead;                                                             \
    __m256 w0 = _mm256_loadu_ps(w + (size_t)p * ldw);                  \
    __m256 w1 = vectors == 2 ? _mm256_loadu_ps(w + (size_t)p * ldw + 8) : w0; \
    const float *ap = a + (size_t)p * MR;                              \
    _Pragma("clang loop unroll(full)") for (int i = 0; i < rows; i++) { \
      __m256 ai = _mm256_broadcast_ss(ap + i);                         \
      acc0[i] = _mm256_fmadd_ps(ai, w0, acc0[i]);                      \
      if (vectors == 2) acc1[i] = _mm256_fmadd_ps(ai, w1, acc1[i]);    \
    }                                                                  \
  }
  if (flags & IP_KERNEL_PREFETCH_A) {  // a: MR floats a step, one line every 8/3 steps
    IP_K_STEP(_mm_prefetch((const char *)(a + (size_t)(p + IP_A_PREFETCH) * MR), _MM_HINT_T0))
  } else {
#if IP_W_PREFETCH > 0
    IP_K_STEP(_mm_prefetch((const char *)(w + (size_t)(p + IP_W_PREFETCH) * ldw), _MM_HINT_T0))
#else
    IP_K_STEP((void)0)
#endif
  }
#undef IP_K_STEP
  if (first) {
    __m256 b0 = b ? _mm256_loadu_ps(b) : _mm256_setzero_ps();
    __m256 b1 = b ? _mm256_loadu_ps(b + 8) : _mm256_setzero_ps();
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) { acc0[i] = _mm256_add_ps(acc0[i], b0); acc1[i] = _mm256_add_ps(acc1[i], b1); }
  } else {
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
      acc0[i] = _mm256_add_ps(acc0[i], _mm256_loadu_ps(out + (size_t)i * ldo));
      acc1[i] = _mm256_add_ps(acc1[i], _mm256_loadu_ps(out + (size_t)i * ldo + 8));
    }
  }
  int act = (flags & IP_KERNEL_LAST) ? activation : IP_ACT_NONE;
  if ((flags & IP_KERNEL_LAST) && epilogue) {  // the convolution's: residual, row bias, clamp
    const __m256 low = _mm256_set1_ps(epilogue->low), high = _mm256_set1_ps(epilogue->high);
    const float *residual = epilogue->residual, *row_bias = epilogue->bias;
    size_t ldr = epilogue->ldr;
    float staged[MR * NR];
    if (residual && nr < NR) {  // stage the partial rows, so full-width loads stay in bounds
      memset(staged, 0, sizeof staged);
      for (int i = 0; i < rows; i++) memcpy(staged + i * NR, residual + (size_t)i * ldr, sizeof(float) * (size_t)nr);
      residual = staged;
      ldr = NR;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
      if (residual) {
        acc0[i] = _mm256_add_ps(acc0[i], _mm256_loadu_ps(residual + (size_t)i * ldr));
        acc1[i] = _mm256_add_ps(acc1[i], _mm256_loadu_ps(residual + (size_t)i * ldr + 8));
      }
      if (row_bias) {
        const __m256 b = _mm256_set1_ps(row_bias[i]);
        acc0[i] = _mm256_add_ps(acc0[i], b);
        acc1[i] = _mm256_add_ps(acc1[i], b);
      }
      // max(low, v) then min(high, v): a NaN v passes through both, as in the scalar clamp.
      acc0[i] = _mm256_min_ps(high, _mm256_max_ps(low, acc0[i]));
      acc1[i] = _mm256_min_ps(high, _mm256_max_ps(low, acc1[i]));
    }
    act = IP_ACT_NONE;
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < rows; i++) {
    _mm256_storeu_ps(out + (size_t)i * ldo, ip256_activate(act, acc0[i]));
    _mm256_storeu_ps(out + (size_t)i * ldo + 8, ip256_activate(act, acc1[i]));
  }
  if (out == edge)
    for (int i = 0; i < rows; i++) memcpy(c + (size_t)i * ldc, edge + i * NR, sizeof(float) * (size_t)nr);
}

/// kernel_rows on the vectors the nr columns fill: one for an edge of ≤ 8, else both.
T256 static inline __attribute__((always_inline)) void kernel_fitted(
    const int rows, int kc, const float *a, const float *w, const size_t ldw, float *c, int ldc, int nr,
    const float *bias, int flags, int activation, const ip_tile_epilogue *epilogue) {
  if (nr <= 8)
    kernel_rows(rows, 1, kc, a, w, ldw, c, ldc, nr, bias, flags, activation, epilogue);
  else
    kernel_rows(rows, 2, kc, a, w, ldw, c, ldc, nr, bias, flags, activation, epilogue);
}

#define KERNEL(R)                                                                                        \
  T256 static void kernel_##R(int kc, const float *a, const float *w, float *c, int ldc, int nr,           \
                              const float *bias, int flags, int activation) {                            \
    kernel_fitted(R, kc, a, w, NR, c, ldc, nr, bias, flags, activation, NULL);                          \
  }                                                                                                      \
  T256 static void kernel_conv_##R(int kc, const float *a, const float *w, size_t ldw, float *c, int ldc, \
                                   int nr, const ip_tile_epilogue *epilogue, int flags) {                \
    kernel_fitted(R, kc, a, w, ldw, c, ldc, nr, NULL, flags, IP_ACT_NONE, epilogue);                    \
  }
KERNEL(1) KERNEL(2) KERNEL(3) KERNEL(4) KERNEL(5) KERNEL(6)

/// m = 1: one weight panel over all k, 4 independent accumulator pairs (one 64-byte line of the
/// panel per k step).
T256 static void gemv(int k, const float *a, const float *panel, float *c, int nr,
                      const float *bias, int activation, int stream) {
  __m256 s0[4], s1[4];
  for (int u = 0; u < 4; u++) { s0[u] = _mm256_setzero_ps(); s1[u] = _mm256_setzero_ps(); }
  int p = 0;
  for (; p + 4 <= k; p += 4) {
#pragma clang loop unroll(full)
    for (int u = 0; u < 4; u++) {
      if (stream) _mm_prefetch((const char *)(panel + (size_t)(p + u) * NR + IP_GEMV_STREAM_AHEAD), _MM_HINT_NTA);
      __m256 ai = _mm256_broadcast_ss(a + p + u);
      s0[u] = _mm256_fmadd_ps(ai, _mm256_loadu_ps(panel + (size_t)(p + u) * NR), s0[u]);
      s1[u] = _mm256_fmadd_ps(ai, _mm256_loadu_ps(panel + (size_t)(p + u) * NR + 8), s1[u]);
    }
  }
  for (; p < k; p++) {
    __m256 ai = _mm256_broadcast_ss(a + p);
    s0[0] = _mm256_fmadd_ps(ai, _mm256_loadu_ps(panel + (size_t)p * NR), s0[0]);
    s1[0] = _mm256_fmadd_ps(ai, _mm256_loadu_ps(panel + (size_t)p * NR + 8), s1[0]);
  }
  float tile[NR];
  _mm256_storeu_ps(tile, _mm256_add_ps(_mm256_add_ps(s0[0], s0[1]), _mm256_add_ps(s0[2], s0[3])));
  _mm256_storeu_ps(tile + 8, _mm256_add_ps(_mm256_add_ps(s1[0], s1[1]), _mm256_add_ps(s1[2], s1[3])));
  if (bias)
    for (int j = 0; j < nr; j++) tile[j] += bias[j];
  __m256 r0 = ip256_activate(activation, _mm256_loadu_ps(tile));
  __m256 r1 = ip256_activate(activation, _mm256_loadu_ps(tile + 8));
  _mm256_storeu_ps(tile, r0);
  _mm256_storeu_ps(tile + 8, r1);
  memcpy(c, tile, sizeof(float) * (size_t)nr);
}

T256 static void activation_avx2(int activation, float *x, size_t count) {
  size_t i = 0;
  for (; i + 8 <= count; i += 8) _mm256_storeu_ps(x + i, ip256_activate(activation, _mm256_loadu_ps(x + i)));
  if (i < count) {
    float tail[8] = {0};
    memcpy(tail, x + i, sizeof(float) * (count - i));
    _mm256_storeu_ps(tail, ip256_activate(activation, _mm256_loadu_ps(tail)));
    memcpy(x + i, tail, sizeof(float) * (count - i));
  }
}

// Blocks (derived at run time from the caches, gemm_packed.c), chosen by measurement on AMD
// EPYC Zen 1 (32 KiB 8-way L1d, 512 KiB L2; docs/performance.md):
//   l1_share 3/4:  the kc×16 weight slice takes 24 KiB (KC 384), the A micro-panel (6×384,
//                  9 KiB) streams through the rest. KC 384 covers MiniLM's k = 384 in one
//                  block, no C reload: +3% over KC 256 on 1024×1536×384.
//   l2_share_a 1/2: the MC×KC A block (MC 168, 252 KiB).
//   l3_share_w 1/2: the KC×NC weight block takes half of this core's part of L3 (NC 1360 with
//                   8 MiB shared by 2 CPUs): W is packed once at load time, but every NC block
//                   packs all of A again, so NC wants to be large; each weight slice that comes
//                   from L3 is reused by MC/MR tiles from L1.
static const ip_gemm_table table = {
    .mr = MR, .nr = NR, .l1_share = 0.75f, .l2_share_a = 0.5f, .l3_share_w = 0.5f,
    .kernel = {0, kernel_1, kernel_2, kernel_3, kernel_4, kernel_5, kernel_6},
    .kernel_conv = {0, kernel_conv_1, kernel_conv_2, kernel_conv_3, kernel_conv_4, kernel_conv_5, kernel_conv_6},
    .gemv = gemv,
    .activation = activation_avx2,
};

const ip_gemm_table *ip_gemm_table_avx2(void) { return &table; }
