// AVX-512 microkernels: MR×NR = 12×32 (24 zmm accumulators + 2 panel loads + 1 broadcast).
// Each k step loads 32 packed weights (2 zmm) and broadcasts 12 A values: 24 FMAs per 14 loads.
// Wide tiles of up to 6 rows span two adjacent panels (6×64: 24 accumulators + 4 panel loads +
// 1 broadcast): 24 FMAs per 10 loads, which keeps Intel's two 512-bit FMA ports busier (see
// `table`). Edges: fewer rows use a kernel compiled for that row count; fewer columns use masked
// loads/stores, and only as many vectors as they need: a tile of ≤ 16 columns runs 1 vector a
// row, a wide one of ≤ 48 runs 3, and where the last vector holds ≤ 8 columns it runs at 256
// bits (KERNEL, WIDE). Epilogue (bias, activation) runs on the registers before the single store.
#include "gemm_internal.h"
#include "vmath_avx512.h"

#define MR 12
#define NR 32

#define T512 __attribute__((target("avx512f")))

/// Prefetch the weight panel this many k steps ahead (2 lines per step). Measured on the
/// development machine: +50% on 64×4096×1024 (weights streamed from L3), +5–7% on 1024³.
#ifndef IP_W_PREFETCH
#define IP_W_PREFETCH 16
#endif
/// With IP_KERNEL_PREFETCH_A, prefetch a this many k steps ahead instead.
#ifndef IP_A_PREFETCH
#define IP_A_PREFETCH 16
#endif

/// Lanes of vector v (columns 16v … 16v + 15) that lie inside the nr stored columns.
T512 static inline __attribute__((always_inline)) __mmask16 lanes(int nr, int v) {
  const int left = nr - 16 * v;
  return left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1u);
}

/// The rows×(16·vectors) tile over kc steps: vectors 0–1 are the NR columns of the panel w,
/// vectors 2–3 (wide tiles only) those of the next panel, w2; row p of a panel is w + p·ldw
/// (NR for a packed panel). Row i of A is a[p·MR + i] whatever `rows` is, so a wide tile of the
/// lower rows of an MR-row panel starts at a + (its first row). With `half`, the last vector
/// holds at most 8 columns and its loads and FMAs run at 256 bits (the low half of its zmm;
/// the upper lanes are never stored).
T512 static inline __attribute__((always_inline)) void tile_rows(
    const int rows, const int vectors, const int half, int kc, const float *a, const float *w, const float *w2,
    const size_t ldw, float *c, int ldc, int nr, const float *bias, int flags, int activation,
    const ip_tile_epilogue *epilogue) {
  __mmask16 mask[4];
  __m512 acc[MR][4];
#pragma clang loop unroll(full)
  for (int v = 0; v < vectors; v++) mask[v] = lanes(nr, v);
  // Start fetching the C tile now: it is needed only after the k loop (store, or load for k
  // blocks after the first), and a 12-row tile touches 24 lines that are rarely in L1.
#pragma clang loop unroll(full)
  for (int i = 0; i < rows; i++) {
#pragma clang loop unroll(full)
    for (int v = 0; v < vectors; v++) _mm_prefetch((const char *)(c + (size_t)i * ldc + 16 * v), _MM_HINT_T0);
  }
  if (flags & IP_KERNEL_FIRST) {
#pragma clang loop unroll(full)
    for (int v = 0; v < vectors; v++) {
      const __m512 b = bias ? _mm512_maskz_loadu_ps(mask[v], bias + 16 * v) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
      for (int i = 0; i < rows; i++) acc[i][v] = b;
    }
  } else {
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
#pragma clang loop unroll(full)
      for (int v = 0; v < vectors; v++) acc[i][v] = _mm512_maskz_loadu_ps(mask[v], c + (size_t)i * ldc + 16 * v);
    }
  }
  // One k step: `vectors` loads of weights, `rows` broadcasts of a, rows·vectors FMAs; `ahead`
  // is the prefetch.
#define IP_K_STEP(ahead)                                                                           \
  for (int p = 0; p < kc; p++) {                                                                   \
    ahead;                                                                                         \
    __m512 wv[4];                                                                                  \
    _Pragma("clang loop unroll(full)") for (int v = 0; v < vectors; v++) {                         \
      const float *wp = (v < 2 ? w : w2) + (size_t)p * ldw + 16 * (v & 1);                         \
      wv[v] = half && v == vectors - 1 ? _mm512_castps256_ps512(_mm256_loadu_ps(wp)) : _mm512_loadu_ps(wp); \
    }                                                                                              \
    const float *ap = a + (size_t)p * MR;                                                          \
    _Pragma("clang loop unroll(full)") for (int i = 0; i < rows; i++) {                             \
      __m512 ai = _mm512_set1_ps(ap[i]);                                                           \
      _Pragma("clang loop unroll(full)") for (int v = 0; v < vectors; v++)                         \
          acc[i][v] = half && v == vectors - 1                                                     \
                          ? _mm512_castps256_ps512(_mm256_fmadd_ps(_mm512_castps512_ps256(ai),      \
                                                                   _mm512_castps512_ps256(wv[v]),   \
                                                                   _mm512_castps512_ps256(acc[i][v]))) \
                          : _mm512_fmadd_ps(ai, wv[v], acc[i][v]);                                 \
    }                                                                                              \
  }
  if (flags & IP_KERNEL_PREFETCH_A) {  // a: MR floats a step, one line every 4/3 steps
    IP_K_STEP(_mm_prefetch((const char *)(a + (size_t)(p + IP_A_PREFETCH) * MR), _MM_HINT_T0))
  } else if (vectors <= 2 && IP_W_PREFETCH > 0) {  // the panel's lines this tile reads
    IP_K_STEP(_mm_prefetch((const char *)(w + (size_t)(p + IP_W_PREFETCH) * ldw), _MM_HINT_T0);
              if (vectors == 2) _mm_prefetch((const char *)(w + (size_t)(p + IP_W_PREFETCH) * ldw + 16), _MM_HINT_T0))
  } else if (vectors >= 3 && (flags & IP_KERNEL_PREFETCH_W)) {  // wide, first over this slice
    IP_K_STEP(_mm_prefetch((const char *)(w + (size_t)(p + IP_W_PREFETCH) * ldw), _MM_HINT_T0);
              _mm_prefetch((const char *)(w + (size_t)(p + IP_W_PREFETCH) * ldw + 16), _MM_HINT_T0);
              _mm_prefetch((const char *)(w2 + (size_t)(p + IP_W_PREFETCH) * ldw), _MM_HINT_T0);
              if (vectors == 4) _mm_prefetch((const char *)(w2 + (size_t)(p + IP_W_PREFETCH) * ldw + 16), _MM_HINT_T0))
  } else {  // a wide tile after the first over this slice: it is in cache (see `table`)
    IP_K_STEP((void)0)
  }
#undef IP_K_STEP
  int act = (flags & IP_KERNEL_LAST) ? activation : IP_ACT_NONE;
  if ((flags & IP_KERNEL_LAST) && epilogue) {  // the convolution's: residual, row bias, clamp
    const __m512 low = _mm512_set1_ps(epilogue->low), high = _mm512_set1_ps(epilogue->high);
    const float *residual = epilogue->residual, *row_bias = epilogue->bias;
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
      const __m512 b = row_bias ? _mm512_set1_ps(row_bias[i]) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
      for (int v = 0; v < vectors; v++) {
        if (residual)
          acc[i][v] = _mm512_add_ps(acc[i][v], _mm512_maskz_loadu_ps(mask[v], residual + (size_t)i * epilogue->ldr + 16 * v));
        if (row_bias) acc[i][v] = _mm512_add_ps(acc[i][v], b);
        // max(low, v) then min(high, v): a NaN v passes through both, as in the scalar clamp.
        acc[i][v] = _mm512_min_ps(high, _mm512_max_ps(low, acc[i][v]));
      }
    }
    act = IP_ACT_NONE;
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < rows; i++) {
#pragma clang loop unroll(full)
    for (int v = 0; v < vectors; v++)
      if (v == 0 || mask[v]) _mm512_mask_storeu_ps(c + (size_t)i * ldc + 16 * v, mask[v], ip512_activate(act, acc[i][v]));
  }
}

// Column edges run only the vectors they fill: a tile over the last ≤ 16 columns of a panel
// (a 7×7 map's 16 Winograd tiles at batch 1; the 4 columns past a 14×14 map's six panels) does
// half the FMAs of a masked two-vector one, and a last vector of ≤ 8 columns runs at 256 bits
// (half the FMA work on parts that split a 512-bit FMA in two, as Zen 4 does; a 7×7 map's 49
// columns take 3½ vectors instead of 4). On an AMD Zen 4 (docs/onnx.md), 1 thread, batch 1: a
// 512-channel 3×3 layer on a 7×7 map by Winograd 2.62 → 1.51 ms; MobileNetV2's 1×1 layers on
// 14×14 maps 6% less time with the whole vectors and 1–5% less again with the half; on 7×7
// maps 9–12% less with the half (1 and 2 threads).

/// tile_rows on as many vectors as nr columns fill, after the two of the first panel for a wide
/// tile (`wide`), the last at 256 bits when it holds at most 8 of them.
T512 static inline __attribute__((always_inline)) void tile_fitted(
    const int rows, const int wide, int kc, const float *a, const float *w, const float *w2, size_t ldw, float *c,
    int ldc, int nr, const float *bias, int flags, int activation, const ip_tile_epilogue *epilogue) {
  const int before = wide ? 2 : 0, edge = nr - 16 * before;  // vectors before the edge; its columns
  if (edge <= 8)
    tile_rows(rows, before + 1, 1, kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);
  else if (edge <= 16)
    tile_rows(rows, before + 1, 0, kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);
  else if (edge <= 24)
    tile_rows(rows, before + 2, 1, kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);
  else
    tile_rows(rows, before + 2, 0, kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);
}

#define KERNEL(R)                                                                                        \
  T512 static void kernel_##R(int kc, const float *a, const float *w, float *c, int ldc, int nr,           \
                              const float *bias, int flags, int activation) {                            \
    tile_fitted(R, 0, kc, a, w, NULL, NR, c, ldc, nr, bias, flags, activation, NULL);                   \
  }                                                                                                      \
  T512 static void kernel_conv_##R(int kc, const float *a, const float *w, size_t ldw, float *c, int ldc, \
                                   int nr, const ip_tile_epilogue *epilogue, int flags) {                \
    tile_fitted(R, 0, kc, a, w, NULL, ldw, c, ldc, nr, NULL, flags, IP_ACT_NONE, epilogue);             \
  }
KERNEL(1) KERNEL(2) KERNEL(3) KERNEL(4) KERNEL(5) KERNEL(6)
KERNEL(7) KERNEL(8) KERNEL(9) KERNEL(10) KERNEL(11) KERNEL(12)

#define WIDE(R)                                                                                            \
  T512 static void wide_##R(int kc, const float *a, const float *w, const float *w2, size_t ldw, float *c, \
                            int ldc, int nr, const float *bias, int flags, int activation,                  \
                            const ip_tile_epilogue *epilogue) {                                             \
    tile_fitted(R, 1, kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);                   \
  }
WIDE(1) WIDE(2) WIDE(3) WIDE(4) WIDE(5) WIDE(6)

/// m = 1: stream one weight panel over all k with 4 independent accumulator pairs (hides the
/// 4-cycle FMA latency that a single pair would expose).
T512 static void gemv(int k, const float *a, const float *panel, float *c, int nr,
                      const float *bias, int activation, int stream) {
  __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1u);
  __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? 0 : (__mmask16)((1u << (nr - 16)) - 1u);
  __m512 s0[4], s1[4];
  for (int u = 0; u < 4; u++) { s0[u] = _mm512_setzero_ps(); s1[u] = _mm512_setzero_ps(); }
  int p = 0;
  for (; p + 4 <= k; p += 4) {
#pragma clang loop unroll(full)
    for (int u = 0; u < 4; u++) {
      if (stream) {  // two 64-byte lines per k step
        _mm_prefetch((const char *)(panel + (size_t)(p + u) * NR + IP_GEMV_STREAM_AHEAD), _MM_HINT_NTA);
        _mm_prefetch((const char *)(panel + (size_t)(p + u) * NR + IP_GEMV_STREAM_AHEAD + 16), _MM_HINT_NTA);
      }
      __m512 ai = _mm512_set1_ps(a[p + u]);
      s0[u] = _mm512_fmadd_ps(ai, _mm512_loadu_ps(panel + (size_t)(p + u) * NR), s0[u]);
      s1[u] = _mm512_fmadd_ps(ai, _mm512_loadu_ps(panel + (size_t)(p + u) * NR + 16), s1[u]);
    }
  }
  for (; p < k; p++) {
    __m512 ai = _mm512_set1_ps(a[p]);
    s0[0] = _mm512_fmadd_ps(ai, _mm512_loadu_ps(panel + (size_t)p * NR), s0[0]);
    s1[0] = _mm512_fmadd_ps(ai, _mm512_loadu_ps(panel + (size_t)p * NR + 16), s1[0]);
  }
  __m512 r0 = _mm512_add_ps(_mm512_add_ps(s0[0], s0[1]), _mm512_add_ps(s0[2], s0[3]));
  __m512 r1 = _mm512_add_ps(_mm512_add_ps(s1[0], s1[1]), _mm512_add_ps(s1[2], s1[3]));
  if (bias) {
    r0 = _mm512_add_ps(r0, _mm512_maskz_loadu_ps(m0, bias));
    r1 = _mm512_add_ps(r1, _mm512_maskz_loadu_ps(m1, bias + 16));
  }
  _mm512_mask_storeu_ps(c, m0, ip512_activate(activation, r0));
  if (m1) _mm512_mask_storeu_ps(c + 16, m1, ip512_activate(activation, r1));
}

T512 static void activation_avx512(int activation, float *x, size_t count) {
  size_t i = 0;
  for (; i + 16 <= count; i += 16) _mm512_storeu_ps(x + i, ip512_activate(activation, _mm512_loadu_ps(x + i)));
  if (i < count) {
    __mmask16 m = (__mmask16)((1u << (count - i)) - 1u);
    _mm512_mask_storeu_ps(x + i, m, ip512_activate(activation, _mm512_maskz_loadu_ps(m, x + i)));
  }
}

// Blocks (derived at run time from the caches, gemm_packed.c). The shares reproduce the blocks
// measured best A/B in one process on the development host (Emerald Rapids, 48 KiB L1d, 2 MiB
// L2: KC 384, MC 96, NC 512; see docs/performance.md):
//   l1_share 1:      the 384×32 weight slice (48 KiB) fills L1d; the 12-row A micro-panels
//                    stream from L2 behind the prefetcher, and a deeper KC halves the C reloads.
//   l2_share_a 9/128: the 96×384 A block (144 KiB).
//   l2_share_w 3/8:  the 384×512 weight block (768 KiB), leaving room in L2 for the A block and
//                    the 96×512 C block.
// On a 32 KiB L1d / 1 MiB L2 part (Skylake-SP, Zen 4) this gives KC 256, MC 72, NC 384.
//
// Wide tiles: the driver runs two adjacent panels at once as two 6×64 tiles (an MR-row tile in
// halves) rather than two 12×32 tiles. On an Intel Ice Lake (docs/performance.md), with every
// operand in L1 the 12×32 tile ran at 86–91% of the FMA peak and a 6×64 one at 97–98% (fewer
// loads per FMA), and a 1024×1024×1024 product on 1 thread went from 118–123 to 131–137
// GFLOP/s with the blocks unchanged; the blocks were re-measured with the wide tiles (KC
// 128–512, MC 24–96, NC 320–1024) and KC 384, MC 60, NC 320 stayed within the noise of the
// best. Only the first tile over a slice prefetches its two panels (IP_KERNEL_PREFETCH_W):
// for the tiles after it, in cache, prefetching measured 0–4% slower; without it, weights
// streamed from L3 (16×4096×1024) lost 12–13%.
static const ip_gemm_table table = {
    .mr = MR, .nr = NR, .l1_share = 1.0f, .l2_share_a = 9.0f / 128.0f, .l2_share_w = 3.0f / 8.0f,
    .wide_rows = 6,
    .wide = {0, wide_1, wide_2, wide_3, wide_4, wide_5, wide_6},
    .kernel = {0, kernel_1, kernel_2, kernel_3, kernel_4, kernel_5, kernel_6, kernel_7, kernel_8,
               kernel_9, kernel_10, kernel_11, kernel_12},
    .kernel_conv = {0, kernel_conv_1, kernel_conv_2, kernel_conv_3, kernel_conv_4, kernel_conv_5, kernel_conv_6,
                    kernel_conv_7, kernel_conv_8, kernel_conv_9, kernel_conv_10, kernel_conv_11, kernel_conv_12},
    .gemv = gemv,
    .activation = activation_avx512,
};

const ip_gemm_table *ip_gemm_table_avx512(void) { return &table; }
