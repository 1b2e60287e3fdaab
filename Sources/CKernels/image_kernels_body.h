// The per-ISA plane kernels of the image ops (see image_internal.h), written once as plain C
// loops over output columns and compiled by each image_kernels_<isa>.c under that level's
// target attribute, so clang vectorizes the same arithmetic 4, 8 or 16 columns at a time (and
// the copies of padding and patch packing 16, 32 or 64 bytes at a time). Where clang's own
// vectorization was slow (the flat 3×3 loop, short row copies), the loop is written in vectors
// of IP_IMAGE_LANES floats, which the including file sets to its level's width.
// The including file defines IP_IMAGE_TABLE_NAME. Shapes: padded planes of ldp floats a row;
// outputs OH×OW; taps (p, q) of a kh×kw window with strides sh, sw and dilations dh, dw.
#include <math.h>
#include "image_internal.h"

#ifndef IP_IMAGE_LANES
#define IP_IMAGE_LANES 4  // the portable level: SSE2's width on x86-64
#endif
/// IP_IMAGE_LANES floats as one vector (clang's vector extension; loads and stores through
/// memcpy, so any alignment).
typedef float ip_lanes __attribute__((vector_size(IP_IMAGE_LANES * sizeof(float))));
static inline ip_lanes load_lanes(const float *p) {
  ip_lanes v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
static inline ip_lanes splat(float x) { return (ip_lanes){0} + x; }
static inline void store_lanes(float *p, ip_lanes v) { __builtin_memcpy(p, &v, sizeof v); }
typedef float ip_quad __attribute__((vector_size(4 * sizeof(float))));

#if defined(__x86_64__)
/// An empty asm statement that takes and returns v in a vector register: the compiler can no
/// longer see a copy through it.
#define IP_OPAQUE(v) __asm__("" : "+x"(v))
#else
#define IP_OPAQUE(v) ((void)0)
#endif

/// dst[0..n) = src[0..n) (not overlapping) in whole vectors, the last one overlapping the one
/// before it rather than a loop over the remainder: the rows of small maps (7, 14, 28 floats)
/// are too short for a call to memcpy or a vectorized loop's prologue and remainder to pay off.
static inline void copy_floats(float *restrict dst, const float *restrict src, int n) {
  if (n >= IP_IMAGE_LANES) {
    int j = 0;
    for (; j + IP_IMAGE_LANES <= n; j += IP_IMAGE_LANES) {
      ip_lanes v = load_lanes(src + j);
      IP_OPAQUE(v);  // keeps clang from turning the loop into a call to memcpy (slower at 1–4 vectors)
      store_lanes(dst + j, v);
    }
    if (j < n) store_lanes(dst + n - IP_IMAGE_LANES, load_lanes(src + n - IP_IMAGE_LANES));
  } else if (n >= 4) {  // 4 … lanes − 1 floats: the same with 4-float vectors
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      ip_quad q;
      __builtin_memcpy(&q, src + j, sizeof q);
      IP_OPAQUE(q);
      __builtin_memcpy(dst + j, &q, sizeof q);
    }
    if (j < n) {
      ip_quad q;
      __builtin_memcpy(&q, src + n - 4, sizeof q);
      __builtin_memcpy(dst + n - 4, &q, sizeof q);
    }
  } else {
    for (int j = 0; j < n; j++) dst[j] = src[j];
  }
}

typedef int ip_lane_mask __attribute__((vector_size(IP_IMAGE_LANES * sizeof(int))));
/// Lane by lane, mask ? a : b (a comparison's lanes are all ones or all zeros; the casts are
/// bit casts).
static inline ip_lanes select_lanes(ip_lane_mask mask, ip_lanes a, ip_lanes b) {
  return (ip_lanes)(((ip_lane_mask)a & mask) | ((ip_lane_mask)b & ~mask));
}

/// v clamped to [low, high] (the same comparisons as bias_clamp_rows, so NaN passes through).
static inline float clamp_value(float v, float low, float high) {
  v = v < low ? low : v;
  return v > high ? high : v;
}

// 3×3, the common case: nine taps per output in registers, one load and store of y per output.
// Separate loops for sw = 1 (unit-stride loads, vectorized) and any stride (strided loads).
static void direct_3x3(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                       int accumulate, float low, float high, float *y) {
  const int OH = s->out_height, OW = s->out_width, sh = s->stride_h, sw = s->stride_w;
  const int dh = s->dilation_h, dw = s->dilation_w;
  const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7], w8 = w[8];
  if (ip_image_flat_3x3(s, ldp)) {
    // A small map (MobileNet's 7×7 … 28×28): one flat loop over the padded rows, whose vectors
    // run full width, instead of OW-wide rows that end mid-vector (ldp = OW + 2, so the two
    // columns a row past OW are computed and dropped); then y takes the kept columns. Written
    // with explicit vectors of IP_IMAGE_LANES: left to itself, clang built the shifted taps from
    // one load with shuffles and kept the weights on the stack (MobileNetV2's 14×14 and 7×7
    // depthwise layers ran at 12 GFLOP/s on the Zen 3 of docs/onnx.md). The last vector reads
    // up to IP_IMAGE_LANES − 1 floats past the padded plane (IP_IMAGE_PAD_SLACK) and writes
    // past `count` in `flat`; both are dropped.
    float flat[IP_FLAT_3X3_FLOATS + IP_IMAGE_LANES];
    const int count = (OH - 1) * ldp + OW;
    const float *r0 = padded, *r1 = padded + ldp, *r2 = padded + 2 * (size_t)ldp;
    const ip_lanes v0 = splat(w0), v1 = splat(w1), v2 = splat(w2), v3 = splat(w3), v4 = splat(w4), v5 = splat(w5),
                   v6 = splat(w6), v7 = splat(w7), v8 = splat(w8);
    const ip_lanes base = splat(accumulate ? 0.0f : start), lo = splat(accumulate ? -INFINITY : low),
                   hi = splat(accumulate ? INFINITY : high);
    for (int f = 0; f < count; f += IP_IMAGE_LANES) {
      ip_lanes sum = base + v0 * load_lanes(r0 + f) + v1 * load_lanes(r0 + f + 1) + v2 * load_lanes(r0 + f + 2);
      sum += v3 * load_lanes(r1 + f) + v4 * load_lanes(r1 + f + 1) + v5 * load_lanes(r1 + f + 2);
      sum += v6 * load_lanes(r2 + f) + v7 * load_lanes(r2 + f + 1) + v8 * load_lanes(r2 + f + 2);
      sum = select_lanes(sum < lo, lo, sum);  // the comparisons of clamp_value, lane by lane
      sum = select_lanes(sum > hi, hi, sum);
      __builtin_memcpy(flat + f, &sum, sizeof sum);
    }
    for (int i = 0; i < OH; i++) {
      float *restrict out = y + (size_t)i * OW;
      const float *restrict sums = flat + (size_t)i * ldp;
      if (accumulate)
        for (int j = 0; j < OW; j++) out[j] = clamp_value(out[j] + sums[j], low, high);
      else
        copy_floats(out, sums, OW);
    }
    return;
  }
  for (int i = 0; i < OH; i++) {
    const float *restrict r0 = padded + (size_t)i * sh * ldp;
    const float *restrict r1 = r0 + (size_t)dh * ldp, *restrict r2 = r1 + (size_t)dh * ldp;
    float *restrict out = y + (size_t)i * OW;
    if (sw == 1) {
      for (int j = 0; j < OW; j++) {
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[j] + w1 * r0[j + dw] + w2 * r0[j + 2 * dw];
        acc += w3 * r1[j] + w4 * r1[j + dw] + w5 * r1[j + 2 * dw];
        acc += w6 * r2[j] + w7 * r2[j + dw] + w8 * r2[j + 2 * dw];
        out[j] = clamp_value(acc, low, high);
      }
    } else {
      for (int j = 0; j < OW; j++) {
        const int c = j * sw;
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[c] + w1 * r0[c + dw] + w2 * r0[c + 2 * dw];
        acc += w3 * r1[c] + w4 * r1[c + dw] + w5 * r1[c + 2 * dw];
        acc += w6 * r2[c] + w7 * r2[c + dw] + w8 * r2[c + 2 * dw];
        out[j] = clamp_value(acc, low, high);
      }
    }
  }
}

// 3×3, stride 1 or 2, dilation 1, pads of at most 1 (MobileNet's depthwise layers), straight
// from the unpadded plane x: output (i, j) reads rows i·sh − pad_top + p and columns
// j·sw − pad_left + q. A row outside the image reads `zeros` (W floats); the columns where a tap
// falls outside are the first and last outputs, done one at a time with the missing taps skipped.
/// The edge columns of one output row of direct_3x3_unpadded (those outside [inner_lo,
/// inner_hi)), the taps that fall outside the row skipped.
static void unpadded_edges(const ip_image_shape *s, const float *r0, const float *r1, const float *r2, const float *w,
                           float start, int accumulate, float low, float high, int inner_lo, int inner_hi, float *out) {
  const int OW = s->out_width, W = s->width, sw = s->stride_w, pl = s->pad_left;
  for (int j = 0; j < OW; j++) {
    if (j == inner_lo && inner_lo < inner_hi) j = inner_hi;  // the inner columns are done
    if (j >= OW) break;
    float acc = accumulate ? out[j] : start;
    for (int q = 0; q < 3; q++) {
      const int c = j * sw - pl + q;
      if (c < 0 || c >= W) continue;
      acc += w[q] * r0[c] + w[3 + q] * r1[c] + w[6 + q] * r2[c];
    }
    out[j] = clamp_value(acc, low, high);
  }
}

/// The inner columns [lo, hi) of two output rows at strides 1 × 1, in explicit vectors of
/// IP_IMAGE_LANES: the rows share input rows r1 and r2, so each of their loads feeds both
/// (r0…r2 make the first row, r1…r3 the second). A scalar tail finishes both rows.
static void unpadded_pair(const float *r0, const float *r1, const float *r2, const float *r3, const float *w, int pl,
                          float start, int accumulate, float low, float high, int lo, int hi, float *out, float *next) {
  ip_lanes tap[9];
  for (int t = 0; t < 9; t++) tap[t] = splat(w[t]);
  const ip_lanes base = splat(start), floor = splat(low), ceiling = splat(high);
  int j = lo;
  for (; j + IP_IMAGE_LANES <= hi; j += IP_IMAGE_LANES) {
    const int c = j - pl;
    ip_lanes first = accumulate ? load_lanes(out + j) : base, second = accumulate ? load_lanes(next + j) : base;
    for (int q = 0; q < 3; q++) {
      const ip_lanes a = load_lanes(r0 + c + q), b = load_lanes(r1 + c + q), d = load_lanes(r2 + c + q),
                     e = load_lanes(r3 + c + q);
      first += tap[q] * a + tap[3 + q] * b + tap[6 + q] * d;
      second += tap[q] * b + tap[3 + q] * d + tap[6 + q] * e;
    }
    first = select_lanes(first < floor, floor, first);  // the comparisons of clamp_value
    first = select_lanes(first > ceiling, ceiling, first);
    second = select_lanes(second < floor, floor, second);
    second = select_lanes(second > ceiling, ceiling, second);
    store_lanes(out + j, first);
    store_lanes(next + j, second);
  }
  for (; j < hi; j++) {
    const int c = j - pl;
    float first = accumulate ? out[j] : start, second = accumulate ? next[j] : start;
    for (int q = 0; q < 3; q++) {
      first += w[q] * r0[c + q] + w[3 + q] * r1[c + q] + w[6 + q] * r2[c + q];
      second += w[q] * r1[c + q] + w[3 + q] * r2[c + q] + w[6 + q] * r3[c + q];
    }
    out[j] = clamp_value(first, low, high);
    next[j] = clamp_value(second, low, high);
  }
}

static void direct_3x3_unpadded(const ip_image_shape *s, const float *x, const float *zeros, const float *w,
                                float start, int accumulate, float low, float high, float *y) {
  const int OH = s->out_height, OW = s->out_width, H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left;
  const int sh = s->stride_h, sw = s->stride_w;
  const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7], w8 = w[8];
  // Outputs j in [inner_lo, inner_hi) have all three columns j·sw − pl … j·sw − pl + 2 inside.
  const int inner_lo = (pl + sw - 1) / sw;
  int inner_hi = W - 3 + pl >= 0 ? (W - 3 + pl) / sw + 1 : 0;
  inner_hi = inner_hi < OW ? inner_hi : OW;
  for (int i = 0; i < OH; i++) {
    const int r = i * sh - pt;
    const float *restrict r0 = r >= 0 && r < H ? x + (size_t)r * W : zeros;
    const float *restrict r1 = r + 1 >= 0 && r + 1 < H ? x + (size_t)(r + 1) * W : zeros;
    const float *restrict r2 = r + 2 >= 0 && r + 2 < H ? x + (size_t)(r + 2) * W : zeros;
    float *restrict out = y + (size_t)i * OW;
    // Two rows at once where both strides are 1 (unpadded_pair): at the AVX2 level on an AMD
    // Zen 5, 0.69–0.71 of one row's time at batch 1 and 0.70–0.89 at batch 8 (docs/onnx.md).
    if (sw == 1 && sh == 1 && i + 1 < OH) {
      const float *r3 = r + 3 >= 0 && r + 3 < H ? x + (size_t)(r + 3) * W : zeros;
      unpadded_pair(r0, r1, r2, r3, w, pl, start, accumulate, low, high, inner_lo, inner_hi, out, out + OW);
      unpadded_edges(s, r0, r1, r2, w, start, accumulate, low, high, inner_lo, inner_hi, out);
      unpadded_edges(s, r1, r2, r3, w, start, accumulate, low, high, inner_lo, inner_hi, out + OW);
      i++;
      continue;
    }
    if (sw == 1) {
      for (int j = inner_lo; j < inner_hi; j++) {
        const int c = j - pl;
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[c] + w1 * r0[c + 1] + w2 * r0[c + 2];
        acc += w3 * r1[c] + w4 * r1[c + 1] + w5 * r1[c + 2];
        acc += w6 * r2[c] + w7 * r2[c + 1] + w8 * r2[c + 2];
        out[j] = clamp_value(acc, low, high);
      }
    } else {  // stride 2: a constant the compiler can turn into shuffles
      for (int j = inner_lo; j < inner_hi; j++) {
        const int c = 2 * j - pl;
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[c] + w1 * r0[c + 1] + w2 * r0[c + 2];
        acc += w3 * r1[c] + w4 * r1[c + 1] + w5 * r1[c + 2];
        acc += w6 * r2[c] + w7 * r2[c + 1] + w8 * r2[c + 2];
        out[j] = clamp_value(acc, low, high);
      }
    }
    unpadded_edges(s, r0, r1, r2, w, start, accumulate, low, high, inner_lo, inner_hi, out);
  }
}

/// Rows [from, to) of a plane of H rows of W floats (those inside it) into L1, ahead of the
/// masked loads that will read them: such a load that misses the caches is slow (at batch 8 on
/// an AMD Zen 5, where the planes come from memory, direct_3x3_rows took 1.3–2.1× the time of
/// the plain loop's until it prefetched; docs/onnx.md).
static inline void prefetch_rows(const float *x, int W, int H, int from, int to) {
  for (int r = from < 0 ? 0 : from; r < to && r < H; r++)
    for (int c = 0; c < W; c += 16) __builtin_prefetch(x + (size_t)r * W + c, 0, 3);  // prefetcht0
}

/// rows[k] = row first + k of the plane x (H rows of W floats) for k < count, NULL where that
/// row lies outside the plane (a row of the padding, zeros).
static inline void window_rows(const float *x, int W, int H, int first, int count, const float **rows) {
  for (int k = 0; k < count; k++) {
    const int r = first + k;
    rows[k] = r >= 0 && r < H ? x + (size_t)r * W : NULL;
  }
}

#if IP_IMAGE_LANES == 16
// 3×3 on a map at most 16 outputs wide (MobileNet's 14×14 and 7×7 depthwise layers, and the
// stride-2 ones that produce them): one output row is one vector, built straight from the
// unpadded plane, with no padded copy and no copy out of a flat buffer. Stride 1: tap q of
// output column j is column j − pl + q, a masked load (lanes whose column lies in the padding
// are zero, and masked lanes touch no memory). Stride 2: column 2j − pl + q, a lane permute of
// the row's two vectors (W ≤ 32), zeroed the same way. Rows in the padding are skipped.
static void direct_3x3_narrow(const ip_image_shape *s, const float *x, const float *w, float start, int accumulate,
                              float low, float high, float *y) {
  const int OH = s->out_height, OW = s->out_width, H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left;
  const int sh = s->stride_h, sw = s->stride_w;
  const __mmask16 out_mask = (__mmask16)((1u << OW) - 1u);
  __m512 tap_weight[9];
  for (int t = 0; t < 9; t++) tap_weight[t] = _mm512_set1_ps(w[t]);
  // Per tap column q: which lanes read inside the row, and (stride 2) from which of its 32 floats.
  const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i first = _mm512_mullo_epi32(lane, _mm512_set1_epi32(sw));  // j·sw
  __mmask16 inside[3];
  __m512i column[3];
  for (int q = 0; q < 3; q++) {
    column[q] = _mm512_add_epi32(first, _mm512_set1_epi32(q - pl));
    inside[q] = _mm512_cmpge_epi32_mask(column[q], _mm512_setzero_si512()) &
                _mm512_cmplt_epi32_mask(column[q], _mm512_set1_epi32(W)) & out_mask;
  }
  const __mmask16 low_half = (__mmask16)(W >= 16 ? 0xFFFFu : (1u << W) - 1u);
  const __mmask16 high_half = (__mmask16)(W <= 16 ? 0u : W >= 32 ? 0xFFFFu : (1u << (W - 16)) - 1u);
  const __m512 lo = _mm512_set1_ps(low), hi = _mm512_set1_ps(high);
  for (int i = 0; i < OH; i++) {
    __m512 acc = accumulate ? _mm512_maskz_loadu_ps(out_mask, y + (size_t)i * OW) : _mm512_set1_ps(start);
    for (int p = 0; p < 3; p++) {
      const int r = i * sh - pt + p;
      if (r < 0 || r >= H) continue;
      const float *row = x + (size_t)r * W;
      if (sw == 1) {
        for (int q = 0; q < 3; q++)
          acc = _mm512_fmadd_ps(tap_weight[3 * p + q], _mm512_maskz_loadu_ps(inside[q], row + q - pl), acc);
      } else {
        const __m512 a = _mm512_maskz_loadu_ps(low_half, row), b = _mm512_maskz_loadu_ps(high_half, row + 16);
        for (int q = 0; q < 3; q++)
          acc = _mm512_fmadd_ps(tap_weight[3 * p + q], _mm512_maskz_permutex2var_ps(inside[q], a, column[q], b), acc);
      }
    }
    // max(low, v) then min(high, v): a NaN v passes through both, as in clamp_value.
    _mm512_mask_storeu_ps(y + (size_t)i * OW, out_mask, _mm512_min_ps(hi, _mm512_max_ps(lo, acc)));
  }
}
#define IP_DIRECT_3X3_NARROW direct_3x3_narrow

/// The first min(count, 16) lanes, as a mask (a row's last vector of outputs).
static inline __mmask16 first_lanes(int count) { return (__mmask16)(count >= 16 ? 0xFFFFu : (1u << count) - 1u); }

/// Lanes l of a 16-float load at column `from` of a row of `width` floats whose column from + l
/// lies inside the row, as a mask.
static inline __mmask16 row_lanes(int from, int width) {
  if (from >= 0 && from + 16 <= width) return 0xFFFF;
  const int first = from < 0 ? -from : 0, end = width - from < 16 ? width - from : 16;
  return end <= first ? 0 : (__mmask16)(((1u << end) - 1u) & ~((1u << first) - 1u));
}

/// One output row of direct_3x3_rows at column stride SW (1 or 2, a constant after inlining):
/// rows[p] is input row p of the window, NULL in the padding. Per vector v, `load` holds the
/// masks of its three loads a row (stride 1: taps q = 0, 1, 2; stride 2: columns from 2·16v − pl,
/// 16 and 32 on) and `store` its output lanes.
static inline __attribute__((always_inline)) void rows_3x3_line(int SW, const float *const rows[3], int vectors,
                                                               int pl, const __mmask16 (*load)[3],
                                                               const __mmask16 *store, const __m512 *tap,
                                                               __m512 base, int accumulate, __m512 lo, __m512 hi,
                                                               float *out) {
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  for (int v = 0; v < vectors; v++) {
    const int j0 = 16 * v;
    // One partial sum a window row: three chains of 3 FMAs instead of one of 9 (4 cycles each).
    __m512 part[3] = {accumulate ? _mm512_maskz_loadu_ps(store[v], out + j0) : base, _mm512_setzero_ps(),
                      _mm512_setzero_ps()};
    for (int p = 0; p < 3; p++) {
      const float *row = rows[p];
      if (!row) continue;
      __m512 acc = part[p];
      if (SW == 1) {
        for (int q = 0; q < 3; q++)
          acc = _mm512_fmadd_ps(tap[3 * p + q], _mm512_maskz_loadu_ps(load[v][q], row + j0 + q - pl), acc);
      } else {
        const int from = 2 * j0 - pl;
        const __m512 a = _mm512_maskz_loadu_ps(load[v][0], row + from);
        const __m512 b = _mm512_maskz_loadu_ps(load[v][1], row + from + 16);
        const __m512 c = _mm512_maskz_loadu_ps(load[v][2], row + from + 32);
        const __m512 a2 = _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(b), _mm512_castps_si512(a), 2));
        const __m512 b2 = _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(c), _mm512_castps_si512(b), 2));
        acc = _mm512_fmadd_ps(tap[3 * p], _mm512_permutex2var_ps(a, even, b), acc);
        acc = _mm512_fmadd_ps(tap[3 * p + 1], _mm512_permutex2var_ps(a, odd, b), acc);
        acc = _mm512_fmadd_ps(tap[3 * p + 2], _mm512_permutex2var_ps(a2, even, b2), acc);
      }
      part[p] = acc;
    }
    const __m512 acc = _mm512_add_ps(_mm512_add_ps(part[0], part[1]), part[2]);
    // max(low, v) then min(high, v): a NaN v passes through both, as in clamp_value.
    _mm512_mask_storeu_ps(out + j0, store[v], _mm512_min_ps(hi, _mm512_max_ps(lo, acc)));
  }
}

/// Two output rows of direct_3x3_rows at strides 1 × 1, which share two of their window rows:
/// rows[k] is input row k of the four (NULL in the padding); each tap vector loaded from row k
/// feeds window row k of the first output and k − 1 of the second (12 loads for 18 FMAs).
static inline __attribute__((always_inline)) void rows_3x3_pair(const float *const rows[4], int vectors, int pl,
                                                               const __mmask16 (*load)[3], const __mmask16 *store,
                                                               const __m512 *tap, __m512 base, int accumulate,
                                                               __m512 lo, __m512 hi, float *out, int ldo) {
  for (int v = 0; v < vectors; v++) {
    const int j0 = 16 * v;
    __m512 first = accumulate ? _mm512_maskz_loadu_ps(store[v], out + j0) : base;
    __m512 second = accumulate ? _mm512_maskz_loadu_ps(store[v], out + ldo + j0) : base;
    __m512 first2 = _mm512_setzero_ps(), second2 = _mm512_setzero_ps();  // two chains an output
    for (int k = 0; k < 4; k++) {
      const float *row = rows[k];
      if (!row) continue;
      for (int q = 0; q < 3; q++) {
        const __m512 value = _mm512_maskz_loadu_ps(load[v][q], row + j0 + q - pl);
        if (k < 3) {
          if (k == 1) first2 = _mm512_fmadd_ps(tap[3 * k + q], value, first2);
          else first = _mm512_fmadd_ps(tap[3 * k + q], value, first);
        }
        if (k > 0) {
          if (k == 2) second2 = _mm512_fmadd_ps(tap[3 * (k - 1) + q], value, second2);
          else second = _mm512_fmadd_ps(tap[3 * (k - 1) + q], value, second);
        }
      }
    }
    first = _mm512_add_ps(first, first2);
    second = _mm512_add_ps(second, second2);
    // max(low, v) then min(high, v): a NaN v passes through both, as in clamp_value.
    _mm512_mask_storeu_ps(out + j0, store[v], _mm512_min_ps(hi, _mm512_max_ps(lo, first)));
    _mm512_mask_storeu_ps(out + ldo + j0, store[v], _mm512_min_ps(hi, _mm512_max_ps(lo, second)));
  }
}

// 3×3 on rows of up to 256 outputs, 16 a vector, straight from the unpadded plane (no padded
// copy): tap (p, q) of output column j reads column j·sw − pl + q, loaded with the columns outside
// the row masked to zero (masked lanes touch no memory). Stride 1: three unaligned masked loads
// a row, two output rows at a time where the stride down is 1 too (rows_3x3_pair). Stride 2:
// the row's 33 columns from 2·j0 − pl as three loads; taps 0 and 1 are their even and odd lanes
// (two-source permutes), tap 2 the even lanes two columns on (`valignd`). The load masks depend
// on the shape alone and are worked out once a plane: computed at each load (a branchy range
// test, then a move into a mask register) the kernel ran 2–4× slower.
static void direct_3x3_rows(const ip_image_shape *s, const float *x, const float *w, float start, int accumulate,
                            float low, float high, float *y) {
  const int OH = s->out_height, OW = s->out_width, H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left;
  const int sh = s->stride_h, sw = s->stride_w, vectors = (OW + 15) / 16;
  __mmask16 load[IP_ROWS_3X3_MAX_VECTORS][3], store[IP_ROWS_3X3_MAX_VECTORS];
  for (int v = 0; v < vectors; v++) {
    const int j0 = 16 * v;
    store[v] = first_lanes(OW - j0);
    for (int q = 0; q < 3; q++)
      load[v][q] = sw == 1 ? row_lanes(j0 + q - pl, W) & store[v] : row_lanes(2 * j0 - pl + 16 * q, W) & (q < 2 ? 0xFFFF : 1);
  }
  __m512 tap[9];
  for (int t = 0; t < 9; t++) tap[t] = _mm512_set1_ps(w[t]);
  const __m512 lo = _mm512_set1_ps(low), hi = _mm512_set1_ps(high), base = _mm512_set1_ps(start);
  for (int i = 0; i < OH; i++) {
    // Two rows at once where both strides are 1: 0.72–0.74 of one row's time at batch 1 on an
    // AMD Zen 5, 0.90–0.93 at batch 8 (docs/onnx.md).
    if (sw == 1 && sh == 1 && i + 1 < OH) {
      const float *rows[4];
      window_rows(x, W, H, i - pt, 4, rows);
      prefetch_rows(x, W, H, i - pt + 4, i - pt + 6);  // the next pair's new rows, ahead
      rows_3x3_pair(rows, vectors, pl, load, store, tap, base, accumulate, lo, hi, y + (size_t)i * OW, OW);
      i++;
      continue;
    }
    const float *rows[3];
    window_rows(x, W, H, i * sh - pt, 3, rows);
    prefetch_rows(x, W, H, i * sh - pt + 3, (i + 1) * sh - pt + 3);  // the rows the next output row adds
    if (sw == 1)
      rows_3x3_line(1, rows, vectors, pl, load, store, tap, base, accumulate, lo, hi, y + (size_t)i * OW);
    else
      rows_3x3_line(2, rows, vectors, pl, load, store, tap, base, accumulate, lo, hi, y + (size_t)i * OW);
  }
}
#define IP_DIRECT_3X3_ROWS direct_3x3_rows

/// One output row of max_pool_rows at column stride SW (1 or 2, a constant after inlining):
/// rows[p] is window row p (NULL in the padding); per vector v, load[v] holds the masks of
/// its kw loads (stride 1) or of its three loads of 16 columns (stride 2, kw ≤ 3), store[v]
/// its output lanes.
static inline __attribute__((always_inline)) void max_pool_line(int SW, const float *const *rows, int kh, int kw,
                                                               int vectors, int pl, const __mmask16 (*load)[16],
                                                               const __mmask16 *store, float *out) {
  const __m512 lowest = _mm512_set1_ps(-__builtin_inff());
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  for (int v = 0; v < vectors; v++) {
    const int j0 = 16 * v;
    __m512 acc = lowest;
    for (int p = 0; p < kh; p++) {
      const float *row = rows[p];
      if (!row) continue;
      if (SW == 1) {
        // Lanes outside the row load −inf; max(v, acc) keeps acc where v is NaN, as the
        // reference's v > largest does.
        for (int q = 0; q < kw; q++)
          acc = _mm512_max_ps(_mm512_mask_loadu_ps(lowest, load[v][q], row + j0 - pl + q), acc);
      } else {
        const int from = 2 * j0 - pl;
        const __m512 a = _mm512_mask_loadu_ps(lowest, load[v][0], row + from);
        const __m512 b = _mm512_mask_loadu_ps(lowest, load[v][1], row + from + 16);
        acc = _mm512_max_ps(_mm512_permutex2var_ps(a, even, b), acc);
        if (kw > 1) acc = _mm512_max_ps(_mm512_permutex2var_ps(a, odd, b), acc);
        if (kw > 2) {
          const __m512 c = _mm512_mask_loadu_ps(lowest, load[v][2], row + from + 32);
          const __m512 a2 = _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(b), _mm512_castps_si512(a), 2));
          const __m512 b2 = _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(c), _mm512_castps_si512(b), 2));
          acc = _mm512_max_ps(_mm512_permutex2var_ps(a2, even, b2), acc);
        }
      }
    }
    _mm512_mask_storeu_ps(out + j0, store[v], acc);
  }
}

/// Floats of a plane above which max_pool_rows prefetches its rows (16 KiB).
#define IP_MAX_POOL_PREFETCH_FLOATS 4096

// Max pooling one output row at a time, 16 outputs a vector, straight from the plane (no line
// buffer): window row p, tap q of output column j is column j·sw − pl + q, a masked load with
// −inf outside the row (the masks worked out once a plane); stride 2 takes even and odd lanes
// as direct_3x3_rows does. On an AMD Zen 5 (docs/onnx.md), against pool_plane: ResNet's 3×3/2
// pool on 112×112 maps 0.52–0.56 of the time at batch 1 (1.04–1.07 at batch 8, from memory),
// a 2×2/1 pool on 16×16 planes 0.58.
static void max_pool_rows(const ip_image_shape *s, const float *x, float *y) {
  const int OH = s->out_height, OW = s->out_width, H = s->height, W = s->width, kh = s->kernel_h, kw = s->kernel_w;
  const int pl = s->pad_left, sw = s->stride_w, vectors = (OW + 15) / 16;
  __mmask16 load[IP_ROWS_3X3_MAX_VECTORS][16], store[IP_ROWS_3X3_MAX_VECTORS];
  for (int v = 0; v < vectors; v++) {
    const int j0 = 16 * v;
    store[v] = first_lanes(OW - j0);
    for (int q = 0; q < (sw == 1 ? kw : 3); q++)
      load[v][q] = sw == 1 ? row_lanes(j0 - pl + q, W) & store[v] : row_lanes(2 * j0 - pl + 16 * q, W);
  }
  const float *rows[IP_MAX_POOL_ROWS_WINDOW];
  // Planes larger than L1 likely come from L2 or beyond, where a masked load that misses is
  // slow: the rows the next output row adds are fetched ahead (ResNet's pool at batch 8 took
  // 1.6–1.8× pool_plane's time without; a 16×16 plane lost 10% to the loop, so small ones skip it).
  const int prefetch = (size_t)H * W > IP_MAX_POOL_PREFETCH_FLOATS;
  for (int i = 0; i < OH; i++) {
    for (int p = 0; p < kh; p++) {
      const int r = i * s->stride_h - s->pad_top + p;
      rows[p] = r >= 0 && r < H ? x + (size_t)r * W : NULL;
    }
    if (prefetch) {  // the rows the next output row adds
      const int next = (i + 1) * s->stride_h - s->pad_top;
      prefetch_rows(x, W, H, next + kh - s->stride_h, next + kh);
    }
    if (sw == 1)
      max_pool_line(1, rows, kh, kw, vectors, pl, load, store, y + (size_t)i * OW);
    else
      max_pool_line(2, rows, kh, kw, vectors, pl, load, store, y + (size_t)i * OW);
  }
}
#define IP_MAX_POOL_ROWS max_pool_rows

// Depthwise 3×3 at stride 1 on maps of at most 64 pixels whose output is the input's size
// (MobileNet's 7×7 layers), `planes` planes one after another (input plane c, weights
// w[9c …], bias[c], output plane c): each plane as one flat run of OH·OW outputs, 16 a vector,
// rather than a vector a row (7 of its 16 lanes used on a 7×7 map). With the output the input's
// size, tap (p, q) of flat output f is input f + (p − pt)·W + q − pl, one masked load (lanes
// whose row or column falls outside are zero); the masks depend on the shape alone and are
// worked out once for all the planes.
static void direct_3x3_small(const ip_image_shape *s, const float *x, const float *w, const float *bias, int planes,
                             float low, float high, float *y) {
  const int H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left, n = H * W, vectors = (n + 15) / 16;
  __mmask16 masks[IP_SMALL_3X3_PIXELS / 16][9], store[IP_SMALL_3X3_PIXELS / 16];
  for (int v = 0; v < vectors; v++) {
    store[v] = first_lanes(n - 16 * v);
    int rows[16], columns[16];  // each lane's output row and column
    for (int l = 0; l < 16; l++) rows[l] = (16 * v + l) / W, columns[l] = (16 * v + l) % W;
    const __m512i row = _mm512_loadu_si512(rows), column = _mm512_loadu_si512(columns), zero = _mm512_setzero_si512();
    for (int t = 0; t < 9; t++) {
      const __m512i r = _mm512_add_epi32(row, _mm512_set1_epi32(t / 3 - pt));
      const __m512i c = _mm512_add_epi32(column, _mm512_set1_epi32(t % 3 - pl));
      masks[v][t] = store[v] & _mm512_cmpge_epi32_mask(r, zero) & _mm512_cmplt_epi32_mask(r, _mm512_set1_epi32(H)) &
                    _mm512_cmpge_epi32_mask(c, zero) & _mm512_cmplt_epi32_mask(c, _mm512_set1_epi32(W));
    }
  }
  const __m512 lo = _mm512_set1_ps(low), hi = _mm512_set1_ps(high);
  for (int c = 0; c < planes; c++) {
    const float *plane = x + (size_t)c * n, *taps = w + (size_t)c * 9;
    const __m512 start = _mm512_set1_ps(bias ? bias[c] : 0.0f);
    float *out = y + (size_t)c * n;
    for (int v = 0; v < vectors; v++) {
      __m512 acc = start, acc2 = _mm512_setzero_ps();  // two chains
      for (int t = 0; t < 9; t++) {
        const int shift = 16 * v + (t / 3 - pt) * W + t % 3 - pl;
        const __m512 value = _mm512_maskz_loadu_ps(masks[v][t], plane + shift);
        if (t & 1) acc2 = _mm512_fmadd_ps(_mm512_set1_ps(taps[t]), value, acc2);
        else acc = _mm512_fmadd_ps(_mm512_set1_ps(taps[t]), value, acc);
      }
      // max(low, v) then min(high, v): a NaN v passes through both, as in clamp_value.
      _mm512_mask_storeu_ps(out + 16 * v, store[v], _mm512_min_ps(hi, _mm512_max_ps(lo, _mm512_add_ps(acc, acc2))));
    }
  }
}
#define IP_DIRECT_3X3_SMALL direct_3x3_small
#elif IP_IMAGE_LANES == 8 && defined(__x86_64__)  // image_kernels_avx2.c includes immintrin.h
#include "image_3x3_avx2.h"
#define IP_DIRECT_3X3_NARROW NULL
#define IP_DIRECT_3X3_ROWS direct_3x3_rows8
#define IP_MAX_POOL_ROWS NULL
#define IP_DIRECT_3X3_SMALL direct_3x3_small8
#else
#define IP_DIRECT_3X3_NARROW NULL
#define IP_DIRECT_3X3_ROWS NULL
#define IP_MAX_POOL_ROWS NULL
#define IP_DIRECT_3X3_SMALL NULL
#endif

static void direct_plane(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                         int accumulate, float low, float high, float *y) {
  if (s->kernel_h == 3 && s->kernel_w == 3) {
    direct_3x3(s, padded, ldp, w, start, accumulate, low, high, y);
    return;
  }
  const int OH = s->out_height, OW = s->out_width, sw = s->stride_w;
  // Any window: one tap at a time over a whole output row (an axpy the compiler vectorizes).
  for (int i = 0; i < OH; i++) {
    float *restrict out = y + (size_t)i * OW;
    if (!accumulate)
      for (int j = 0; j < OW; j++) out[j] = start;
    for (int p = 0; p < s->kernel_h; p++) {
      for (int q = 0; q < s->kernel_w; q++) {
        const float *restrict src = padded + (size_t)(i * s->stride_h + p * s->dilation_h) * ldp + q * s->dilation_w;
        const float tap = w[p * s->kernel_w + q];
        if (sw == 1)
          for (int j = 0; j < OW; j++) out[j] += tap * src[j];
        else
          for (int j = 0; j < OW; j++) out[j] += tap * src[(size_t)j * sw];
      }
    }
    for (int j = 0; j < OW; j++) out[j] = clamp_value(out[j], low, high);  // the row is still in L1
  }
}

/// The even and the odd floats of the 2·IP_IMAGE_LANES at x, each as one vector (two shuffles).
static inline void split_pairs(const float *x, ip_lanes *even, ip_lanes *odd) {
  const ip_lanes a = load_lanes(x), b = load_lanes(x + IP_IMAGE_LANES);
#if IP_IMAGE_LANES == 16
  *even = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  *odd = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
#elif IP_IMAGE_LANES == 8
  *even = __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14);
  *odd = __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15);
#else
  *even = __builtin_shufflevector(a, b, 0, 2, 4, 6);
  *odd = __builtin_shufflevector(a, b, 1, 3, 5, 7);
#endif
}

/// even[t] = x[2t], odd[t] = x[2t + 1] for 2t (+ 1) < n: whole vectors while they lie inside
/// x[0..n), the rest one by one.
static void deal_pairs(const float *restrict x, int n, float *restrict even, float *restrict odd) {
  int t = 0;
  for (; 2 * (t + IP_IMAGE_LANES) <= n; t += IP_IMAGE_LANES) {
    ip_lanes e, o;
    split_pairs(x + 2 * t, &e, &o);
    store_lanes(even + t, e);
    store_lanes(odd + t, o);
  }
  for (; 2 * t < n; t++) {
    even[t] = x[2 * t];
    if (2 * t + 1 < n) odd[t] = x[2 * t + 1];
  }
}

/// dst[t] = x[2t] for t < count (a stride-2 row of patches), reading no further than x[2·count − 2]:
/// whole vectors, the last one the odd floats of the vector that ends there (overlapping the one
/// before it), as copy_floats ends; fewer than IP_IMAGE_LANES + 1 floats one by one.
static void take_evens(const float *restrict x, int count, float *restrict dst) {
  if (count <= IP_IMAGE_LANES) {
    for (int t = 0; t < count; t++) dst[t] = x[2 * t];
    return;
  }
  ip_lanes even, odd;
  for (int t = 0; t + IP_IMAGE_LANES < count; t += IP_IMAGE_LANES) {  // reads x[2t … 2t + 2L − 1]
    split_pairs(x + 2 * t, &even, &odd);
    store_lanes(dst + t, even);
  }
  split_pairs(x + 2 * count - 2 * IP_IMAGE_LANES - 1, &even, &odd);
  store_lanes(dst + count - IP_IMAGE_LANES, odd);
}

// A window is separable: each output row first combines the window's rows of x into one line
// of padded columns (contiguous, vectorized; the pads are the line's start value, so there is no
// padded copy of the plane), then each output takes its kw columns of that line.
// With a stride, the line is first dealt into `stride` phases (phase r holds columns r, r + s,
// …), so that tap q of outputs j … reads phase (q·dw) mod s contiguously from j + (q·dw) / s:
// ResNet's 3×3/2 max pool read its taps with a stride-2 gather, nine a row (1.2 ms for
// 64×112×112 on an Intel Ice Lake, ORT 0.25 ms; docs/onnx.md). Max keeps `v > m ? v : m` from −inf, so
// a NaN input is skipped as before; the average's sums run in another order (rows, then
// columns).
static void pool_plane(const ip_image_shape *s, int kind, const float *x, const float *row_scale, const float *col_scale,
                       float *y, float *lines) {
  const int ldp = s->pad_left + s->width + s->pad_right;
  const int OH = s->out_height, OW = s->out_width, sw = s->stride_w, dw = s->dilation_w;
  const int is_max = kind == IP_POOL_MAX, per_phase = (ldp + sw - 1) / sw;
  const float start = is_max ? -__builtin_inff() : 0.0f;
  float *restrict line = lines, *restrict phases = lines + ldp;  // phase r at r·per_phase (sw·per_phase ≥ ldp)
  for (int i = 0; i < OH; i++) {
    for (int c = 0; c < ldp; c++) line[c] = start;  // the pads stay at −inf (max) or 0 (sums)
    for (int p = 0; p < s->kernel_h; p++) {
      const int r = i * s->stride_h - s->pad_top + p * s->dilation_h;
      if (r < 0 || r >= s->height) continue;  // a pad row
      const float *restrict src = x + (size_t)r * s->width;
      float *restrict inside = line + s->pad_left;
      if (is_max)
        for (int c = 0; c < s->width; c++) inside[c] = src[c] > inside[c] ? src[c] : inside[c];
      else
        for (int c = 0; c < s->width; c++) inside[c] += src[c];
    }
    if (sw == 2) {
      deal_pairs(line, ldp, phases, phases + per_phase);
    } else if (sw > 2) {
      for (int r = 0; r < sw; r++)
        for (int t = 0; t * sw + r < ldp; t++) phases[(size_t)r * per_phase + t] = line[t * sw + r];
    }
    float *restrict out = y + (size_t)i * OW;
    for (int j = 0; j < OW; j++) out[j] = start;
    for (int q = 0; q < s->kernel_w; q++) {
      const int at = q * dw;
      const float *restrict src = sw == 1 ? line + at : phases + (size_t)(at % sw) * per_phase + at / sw;
      if (is_max)
        for (int j = 0; j < OW; j++) out[j] = src[j] > out[j] ? src[j] : out[j];
      else
        for (int j = 0; j < OW; j++) out[j] += src[j];
    }
    if (!is_max)
      for (int j = 0; j < OW; j++) out[j] *= row_scale[i] * col_scale[j];
  }
}

// One pass per row; the residual and plain cases are separate loops so each vectorizes
// without a per-element test.
static void bias_clamp_rows(float *c, int rows, int cols, int ldc, const float *bias, const float *residual, float low,
                            float high) {
  for (int r = 0; r < rows; r++) {
    float *restrict row = c + (size_t)r * ldc;
    const float b = bias ? bias[r] : 0.0f;
    if (residual) {
      const float *restrict add = residual + (size_t)r * ldc;
      for (int j = 0; j < cols; j++) {
        float v = row[j] + add[j] + b;
        v = v < low ? low : v;
        row[j] = v > high ? high : v;
      }
    } else {
      for (int j = 0; j < cols; j++) {
        float v = row[j] + b;
        v = v < low ? low : v;
        row[j] = v > high ? high : v;
      }
    }
  }
}

// Sixteen partial sums, so the loop vectorizes without reassociating one running sum.
static float sum(const float *x, size_t count) {
  float partial[16] = {0};
  size_t i = 0;
  for (; i + 16 <= count; i += 16)
    for (int l = 0; l < 16; l++) partial[l] += x[i + l];
  float total = 0;
  for (; i < count; i++) total += x[i];
  for (int l = 0; l < 16; l++) total += partial[l];
  return total;
}

static void pad_plane(const ip_image_shape *s, const float *x, float fill, int pads_written, float *padded) {
  const int ldp = s->pad_left + s->width + s->pad_right;
  float *inside = padded + (size_t)s->pad_top * ldp + s->pad_left;
  for (int r = 0; r < s->height; r++) copy_floats(inside + (size_t)r * ldp, x + (size_t)r * s->width, s->width);
  if (pads_written) return;
  for (int r = 0; r < s->pad_top + s->height + s->pad_bottom; r++) {
    float *restrict dst = padded + (size_t)r * ldp;
    if (r < s->pad_top || r >= s->pad_top + s->height) {
      for (int c = 0; c < ldp; c++) dst[c] = fill;
    } else {
      for (int c = 0; c < s->pad_left; c++) dst[c] = fill;
      for (int c = s->pad_left + s->width; c < ldp; c++) dst[c] = fill;
    }
  }
}

/// Windows up to this many taps (8×8) are packed channel by channel, every tap of a channel in
/// turn (see pack_patches).
#define IP_PACK_MAX_TAPS 64

/// Where one tap reads for a run of `length` output columns on output row oh from column ow:
/// run positions [lo, hi) read the input at `first` + t·stride_w (a row of the plane), the
/// others are padding; `row_inside` 0: the tap's input row is padding.
typedef struct {
  int lo, hi, row_inside;
  size_t first;
} tap_run;

static inline tap_run tap_extent(const ip_image_shape *s, int tap, int oh, int ow, int length) {
  const int kp = tap / s->kernel_w, kq = tap % s->kernel_w, sw = s->stride_w;
  const int r = oh * s->stride_h - s->pad_top + kp * s->dilation_h;
  if (r < 0 || r >= s->height) return (tap_run){0, 0, 0, 0};
  // Input column of run position t: c0 + t·sw; inside the image for t in [lo, hi).
  const int c0 = ow * sw - s->pad_left + kq * s->dilation_w;
  int lo = c0 >= 0 ? 0 : sw == 1 ? -c0 : (-c0 + sw - 1) / sw;
  int hi = c0 > s->width - 1 ? 0 : sw == 1 ? s->width - c0 : (s->width - 1 - c0) / sw + 1;
  if (lo > length) lo = length;
  if (hi > length) hi = length;
  if (hi < lo) hi = lo;
  // First input read: column c0 + lo·sw of row r, inside the image whenever lo < hi.
  return (tap_run){lo, hi, 1, (size_t)r * s->width + (size_t)(lo < hi ? c0 + lo * sw : 0)};
}

/// One tap of one channel (plane) for a run: `length` floats into dst, zeros for the padding.
static inline void copy_tap(const ip_image_shape *s, const tap_run *run, const float *plane, float *restrict dst,
                            int length) {
  if (!run->row_inside) {
    for (int t = 0; t < length; t++) dst[t] = 0.0f;
    return;
  }
  const float *restrict src = plane + run->first;
  const int sw = s->stride_w;
  for (int t = 0; t < run->lo; t++) dst[t] = 0.0f;
  if (sw == 1)
    copy_floats(dst + run->lo, src, run->hi - run->lo);
  else if (sw == 2)  // ResNet's 7×7/2 stem and 3×3/2 layers: shuffles, not a gather
    take_evens(src, run->hi - run->lo, dst + run->lo);
  else
    for (int t = 0; t < run->hi - run->lo; t++) dst[run->lo + t] = src[(size_t)t * sw];
  for (int t = run->hi; t < length; t++) dst[t] = 0.0f;
}

/// Bit t set: run position t of a stride-1 tap reads the input (runs of at most 32 columns),
/// at plane[first − lo + t].
static inline unsigned tap_bits(const tap_run *run) {
  if (!run->row_inside) return 0;
  return (unsigned)(((1ull << (run->hi - run->lo)) - 1) << run->lo);
}

/// plane + offset, where offset may reach before the plane (the left padding of a masked
/// copy, whose masked-off lanes are never read): formed as an address, not as C pointer
/// arithmetic outside the array.
static inline const float *masked_base(const float *plane, ptrdiff_t offset) {
  return (const float *)((uintptr_t)plane + (uintptr_t)(offset * (ptrdiff_t)sizeof(float)));
}

#if IP_IMAGE_LANES == 16 && defined(__x86_64__)  // image_kernels_avx512.c includes immintrin.h
/// AVX-512 packs a stride-1 run of at most 32 columns without loops: per tap, a 32-bit mask of
/// the run positions inside the image; per channel and tap, two masked loads (a masked-off lane
/// is never read and comes back 0: the padding) and two masked stores. The loop per tap and
/// channel (padding before, copy, padding after) cost about 0.8 cycles a float, 28% of a 3×3
/// layer on a 56×56 map.
#define IP_PACK_MASKED 1

/// dst[0..length) = base[t] where `bits` has bit t, else 0; store0/store1 mask the 32 positions
/// to `length`.
static inline void copy_tap_masked(unsigned bits, const float *base, float *dst, __mmask16 store0,
                                   __mmask16 store1) {
  _mm512_mask_storeu_ps(dst, store0, _mm512_maskz_loadu_ps((__mmask16)(bits & 0xFFFF), base));
  _mm512_mask_storeu_ps(dst + 16, store1, _mm512_maskz_loadu_ps((__mmask16)(bits >> 16), base + 16));
}
#endif

#ifdef IP_PACK_MASKED
/// A stride-2 tap of one channel for a run of `length` ≤ 32 floats: run position t reads
/// base[2t] where `bits` (over the 64 floats from base) allows it, else 0. Four masked loads (a
/// masked-off lane is never read, so base may lie before the plane or the last lanes past its
/// end) and two even-lane permutes.
static inline void copy_tap_stride2(unsigned long long bits, const float *base, float *dst, __mmask16 store0,
                                    __mmask16 store1) {
  const __m512i evens = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
  const __m512 v0 = _mm512_maskz_loadu_ps((__mmask16)bits, base);
  const __m512 v1 = _mm512_maskz_loadu_ps((__mmask16)(bits >> 16), base + 16);
  const __m512 v2 = _mm512_maskz_loadu_ps((__mmask16)(bits >> 32), base + 32);
  const __m512 v3 = _mm512_maskz_loadu_ps((__mmask16)(bits >> 48), base + 48);
  _mm512_mask_storeu_ps(dst, store0, _mm512_permutex2var_ps(v0, evens, v1));
  _mm512_mask_storeu_ps(dst + 16, store1, _mm512_permutex2var_ps(v2, evens, v3));
}

/// One run of `length` ≤ 32 columns at stride 1 or 2, every channel and tap (runs[tap] from
/// tap_extent), into the panel's rows from `rows` (NR floats apart).
static void pack_run_masked(const ip_image_shape *s, const tap_run *runs, int in_group, const float *x_b,
                            float *rows, int NR, int length) {
  const int taps = s->kernel_h * s->kernel_w, sw = s->stride_w;
  const size_t in_plane = (size_t)s->height * s->width;
  // Per tap, the run's source bits from plane[from]: stride 1, run positions [lo, hi)
  // (tap_bits), run position t reading plane[from + t]; stride 2, the source floats 2·lo …
  // 2·hi − 2 (every other one is read), run position t reading plane[from + 2t].
  unsigned long long bits[IP_PACK_MAX_TAPS];
  ptrdiff_t from[IP_PACK_MAX_TAPS];
  for (int tap = 0; tap < taps; tap++) {
    const tap_run *r = &runs[tap];
    if (sw == 1) {
      bits[tap] = tap_bits(r);
      from[tap] = (ptrdiff_t)r->first - r->lo;
    } else {
      const int used = r->row_inside && r->hi > r->lo ? 2 * (r->hi - r->lo) - 1 : 0;
      bits[tap] = used ? ((1ull << used) - 1) << (2 * r->lo) : 0;  // used ≤ 63
      from[tap] = (ptrdiff_t)r->first - 2 * (ptrdiff_t)r->lo;
    }
  }
  const __mmask16 store0 = (__mmask16)(length >= 16 ? 0xFFFF : (1u << length) - 1u);
  const __mmask16 store1 = (__mmask16)(length >= 32 ? 0xFFFF : length <= 16 ? 0 : (1u << (length - 16)) - 1u);
  for (int c = 0; c < in_group; c++) {
    const float *plane = x_b + (size_t)c * in_plane;
    float *dst = rows + (size_t)c * taps * NR;
    for (int tap = 0; tap < taps; tap++, dst += NR) {
      if (sw == 1)
        copy_tap_masked((unsigned)bits[tap], masked_base(plane, from[tap]), dst, store0, store1);
      else
        copy_tap_stride2(bits[tap], masked_base(plane, from[tap]), dst, store0, store1);
    }
  }
}
#endif

#if IP_IMAGE_LANES == 8 && defined(__x86_64__)  // image_kernels_avx2.c includes immintrin.h
/// AVX2 packs a stride-1 run that fills a whole 16-column panel row (most runs on maps 16 or
/// more wide) with two masked loads per tap and channel (a masked-off lane is never read and
/// comes back 0: the padding) and two plain stores, no loop; a whole row needs no masked store.
/// On an Intel Ice Lake at AVX2 the loop it replaces was 22% of a 3×3 layer on a 56×56 map.
#define IP_PACK_MASKED_AVX2 1

/// The two 8-lane load masks of run positions [lo, hi) of a 16-column run (row outside: none).
static inline void tap_masks_avx2(const tap_run *run, __m256i *m0, __m256i *m1) {
  const unsigned bits = tap_bits(run);
  const __m256i lane = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  *m0 = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)(bits & 0xFF)), lane), lane);
  *m1 = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)(bits >> 8 & 0xFF)), lane), lane);
}

/// One whole-row run of 16 columns at stride 1, every channel and tap, into the panel's rows
/// from `rows` (16 floats apart): run position t of a tap reads plane[first − lo + t].
static void pack_run_avx2(const ip_image_shape *s, const tap_run *runs, int in_group, const float *x_b, float *rows) {
  const int taps = s->kernel_h * s->kernel_w;
  const size_t in_plane = (size_t)s->height * s->width;
  __m256i mask[IP_PACK_MAX_TAPS][2];
  ptrdiff_t from[IP_PACK_MAX_TAPS];
  for (int tap = 0; tap < taps; tap++) {
    tap_masks_avx2(&runs[tap], &mask[tap][0], &mask[tap][1]);
    from[tap] = (ptrdiff_t)runs[tap].first - runs[tap].lo;
  }
  for (int c = 0; c < in_group; c++) {
    const float *plane = x_b + (size_t)c * in_plane;
    float *dst = rows + (size_t)c * taps * 16;
    for (int tap = 0; tap < taps; tap++, dst += 16) {
      const float *base = masked_base(plane, from[tap]);
      _mm256_storeu_ps(dst, _mm256_maskload_ps(base, mask[tap][0]));
      _mm256_storeu_ps(dst + 8, _mm256_maskload_ps(base + 8, mask[tap][1]));
    }
  }
}
#endif

/// Packs the patches of columns [j0, j0 + count) into panels of NR columns: panel[p·NR + jj] =
/// x at tap p (p = c·kh·kw + tap) of column j0 + jj, zero for the padding and for columns past
/// the last. Column j is pixel j mod n of sample j / n (the batch folded into the columns);
/// x_g is the group's first input channel in sample 0.
static void pack_patches(const ip_image_shape *s, int NR, const float *x_g, int j0, int count, float *panels) {
  const int k = s->channels / s->groups * s->kernel_h * s->kernel_w, taps = s->kernel_h * s->kernel_w, OW = s->out_width, sw = s->stride_w;
  const int in_group = s->channels / s->groups, n = s->out_height * s->out_width;
  const size_t in_plane = (size_t)s->height * s->width, in_sample = (size_t)s->channels * in_plane;
  const int pointwise = taps == 1 && sw == 1 && s->stride_h == 1 && !(s->pad_top | s->pad_left | s->pad_bottom | s->pad_right);
  for (int a = 0; a < count; a += NR) {
    float *panel = panels + (size_t)a * k;
    const int width = count - a < NR ? count - a : NR;
    if (width < NR)  // columns past the last pixel: zeros the microkernel reads but never stores
      for (int p = 0; p < k; p++)
        for (int jj = width; jj < NR; jj++) panel[(size_t)p * NR + jj] = 0.0f;
    // Runs of columns on one output row of one sample: inside a run the input column advances
    // by stride_w, so each tap's valid range and offset are worked out once per run and used
    // for every channel. 1×1, stride 1, no pads: a run is a whole sample's contiguous pixels.
    for (int start = 0; start < width;) {
      const int column_index = j0 + a + start, pixel = column_index % n;
      const float *x_b = x_g + (size_t)(column_index / n) * in_sample;
      if (pointwise) {
        const int length = width - start < n - pixel ? width - start : n - pixel;
        for (int c = 0; c < in_group; c++) {
          const float *restrict src = x_b + (size_t)c * in_plane + pixel;
          copy_floats(panel + (size_t)c * NR + start, src, length);
        }
        start += length;
        continue;
      }
      const int oh = pixel / OW, ow = pixel % OW;
      const int length = width - start < OW - ow ? width - start : OW - ow;
      if (taps > IP_PACK_MAX_TAPS) {  // windows past 8×8: one tap at a time over all channels
        for (int tap = 0; tap < taps; tap++) {
          tap_run run = tap_extent(s, tap, oh, ow, length);
          for (int c = 0; c < in_group; c++)
            copy_tap(s, &run, x_b + (size_t)c * in_plane, panel + ((size_t)c * taps + tap) * NR + start, length);
        }
      } else {
        // Channel by channel, all taps of one channel: the k rows c·taps … c·taps + taps − 1
        // are adjacent in the panel, so the stores run forward through it (a stream the
        // hardware prefetcher follows) and the channel's kh input rows stay in L1 across its
        // taps.
        tap_run runs[IP_PACK_MAX_TAPS];
        for (int tap = 0; tap < taps; tap++) runs[tap] = tap_extent(s, tap, oh, ow, length);
#ifdef IP_PACK_MASKED_AVX2
        if (sw == 1 && NR == 16 && start == 0 && length == 16) {
          pack_run_avx2(s, runs, in_group, x_b, panel);
          start += length;
          continue;
        }
#endif
#ifdef IP_PACK_MASKED
        if ((sw == 1 || sw == 2) && length <= 32) {
          pack_run_masked(s, runs, in_group, x_b, panel + start, NR, length);
          start += length;
          continue;
        }
#endif
        for (int c = 0; c < in_group; c++) {
          const float *plane = x_b + (size_t)c * in_plane;
          float *rows = panel + (size_t)c * taps * NR + start;
          for (int tap = 0; tap < taps; tap++) copy_tap(s, &runs[tap], plane, rows + (size_t)tap * NR, length);
        }
      }
      start += length;
    }
  }
}

typedef float ip_oct __attribute__((vector_size(8 * sizeof(float))));
typedef int ip_oct_mask __attribute__((vector_size(8 * sizeof(int))));

/// Stores v + residual (8 floats at `residual`, none when NULL) at y, clamped to [low, high]
/// lane by lane (the comparisons of clamp_value: NaN passes through). Vectors by pointer: the
/// portable level has no 8-float registers to pass them in.
static inline void finish_oct(const ip_oct *value, const float *residual, const ip_oct *low, const ip_oct *high,
                              float *y) {
  ip_oct v = *value;
  if (residual) {
    ip_oct r;
    __builtin_memcpy(&r, residual, sizeof r);
    v += r;
  }
  ip_oct_mask below = v < *low, above = v > *high;
  v = (ip_oct)(((ip_oct_mask)*low & below) | ((ip_oct_mask)v & ~below));
  v = (ip_oct)(((ip_oct_mask)*high & above) | ((ip_oct_mask)v & ~above));
  __builtin_memcpy(y, &v, sizeof v);
}

/// y[j·ldy + i] = clamp(c[i·ldc + j] + residual[j·ldy + i], low, high) for i < rows, j < cols
/// (residual NULL: 0): the pixel-rows GEMM's output (pixels × channels) into NCHW planes.
/// Blocks of 8×8 go through three rounds of shuffles (unpack pairs, then quads, then halves);
/// a scalar loop, one strided read per float, had taken as long as the GEMM for a 160→960
/// layer on a 7×7 map.
static void transpose_clamp(const float *c, int ldc, int rows, int cols, float *y, int ldy, const float *residual,
                            float low, float high) {
  const ip_oct lo = (ip_oct){0} + low, hi = (ip_oct){0} + high;
  int i = 0;
  for (; i + 8 <= rows; i += 8) {
    int j = 0;
    for (; j + 8 <= cols; j += 8) {
      ip_oct r[8];
      for (int q = 0; q < 8; q++) __builtin_memcpy(&r[q], c + (size_t)(i + q) * ldc + j, sizeof r[q]);
      ip_oct t[8], u[8];
      for (int q = 0; q < 8; q += 2) {  // pairs of rows, interleaved
        t[q] = __builtin_shufflevector(r[q], r[q + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[q + 1] = __builtin_shufflevector(r[q], r[q + 1], 2, 10, 3, 11, 6, 14, 7, 15);
      }
      for (int q = 0; q < 8; q += 4) {  // quads: u[q + h] holds columns h and h + 4 of 4 rows
        u[q] = __builtin_shufflevector(t[q], t[q + 2], 0, 1, 8, 9, 4, 5, 12, 13);
        u[q + 1] = __builtin_shufflevector(t[q], t[q + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        u[q + 2] = __builtin_shufflevector(t[q + 1], t[q + 3], 0, 1, 8, 9, 4, 5, 12, 13);
        u[q + 3] = __builtin_shufflevector(t[q + 1], t[q + 3], 2, 3, 10, 11, 6, 7, 14, 15);
      }
      for (int h = 0; h < 4; h++) {  // column h and h + 4 of all 8 rows
        const ip_oct low_half = __builtin_shufflevector(u[h], u[h + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        const ip_oct high_half = __builtin_shufflevector(u[h], u[h + 4], 4, 5, 6, 7, 12, 13, 14, 15);
        const size_t at = (size_t)(j + h) * ldy + i, at4 = (size_t)(j + h + 4) * ldy + i;
        finish_oct(&low_half, residual ? residual + at : NULL, &lo, &hi, y + at);
        finish_oct(&high_half, residual ? residual + at4 : NULL, &lo, &hi, y + at4);
      }
    }
    for (; j < cols; j++)
      for (int q = i; q < i + 8; q++) {
        const size_t at = (size_t)j * ldy + q;
        y[at] = clamp_value(c[(size_t)q * ldc + j] + (residual ? residual[at] : 0.0f), low, high);
      }
  }
  for (; i < rows; i++)
    for (int j = 0; j < cols; j++) {
      const size_t at = (size_t)j * ldy + i;
      y[at] = clamp_value(c[(size_t)i * ldc + j] + (residual ? residual[at] : 0.0f), low, high);
    }
}

#include "image_winograd_body.h"

const ip_image_table *IP_IMAGE_TABLE_NAME(void) {
  static const ip_image_table table = {direct_plane, direct_3x3_unpadded, IP_DIRECT_3X3_NARROW, pool_plane,
                                       bias_clamp_rows, sum, pad_plane, pack_patches, winograd_input,
                                       winograd_output, transpose_clamp, IP_DIRECT_3X3_ROWS,
                                       IP_MAX_POOL_ROWS, IP_DIRECT_3X3_SMALL};
  return &table;
}
