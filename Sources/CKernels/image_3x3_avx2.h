// The 3×3 plane kernels of the AVX-512 level at the AVX2 level (included by image_kernels_body.h
// when it is compiled for AVX2, inside image_kernels_avx2.c's target pragma).
//
// direct_3x3_rows8: 3×3, dilation 1, strides 1 or 2 across, rows of up to 256 outputs, straight
// from the unpadded plane (no padded copy), 8 outputs a vector. The AVX-512 version's design
// with AVX2's tools: a load that may cross the row's ends is a `vmaskmovps` (lanes outside read 0
// and touch no memory), its masks worked out once a plane, and the vectors whose loads all lie
// inside the row use plain loads; two output rows at a time where both strides are 1.
//
// Stride 2: output columns j0 … j0 + 7 read columns 2·j0 − pl … 2·j0 − pl + 16. Two loads of 8
// from there (a, b) and two from 2 columns on (a2, b2); `vshufps` takes the even lanes of (a, b)
// for tap 0, the odd ones for tap 1, the even lanes of (a2, b2) for tap 2. vshufps works within
// each 128-bit half, so each tap comes out in the lane order of output columns
// 0 1 4 5 | 2 3 6 7; the three taps agree on it, so the sum is put back in order once, by one
// `vpermpd` before the store (the same permutation puts y in that order when accumulating).
//
// Measured on an AMD EPYC Zen 5 at the AVX2 level, MobileNetV2's depthwise layers at batch 1,
// 1 thread (`infer-plan-bench --steps`, docs/performance.md): see the fourth Zen 5 session there.

/// Vectors of 8 outputs a row at most: the same 256 outputs as the AVX-512 version.
#define IP_ROWS8_MAX_VECTORS (16 * IP_ROWS_3X3_MAX_VECTORS / 8)

/// Lanes l of an 8-float load at column `from` of a row of `width` floats whose column from + l
/// lies inside the row, as a vmaskmovps mask (all ones where inside).
static inline __m256i row_lanes8(int from, int width) {
  const __m256i column = _mm256_add_epi32(_mm256_set1_epi32(from), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  return _mm256_and_si256(_mm256_cmpgt_epi32(column, _mm256_set1_epi32(-1)),
                          _mm256_cmpgt_epi32(_mm256_set1_epi32(width), column));
}

/// 8 floats from p: a plain load where every lane lies inside the row (`inside`, the usual
/// case), else vmaskmovps with `mask`, slower on the Zen cores measured here.
static inline __attribute__((always_inline)) __m256 load8(const float *p, __m256i mask, int inside) {
  return inside ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask);
}

/// Lanes 0 1 4 5 2 3 6 7 of v (pairs 0, 2, 1, 3): the order vshufps leaves stride-2 taps in, and back.
static inline __m256 swap_middle_pairs(__m256 v) {
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
}

/// The stored value: max(low, v) then min(high, v) (a NaN v passes through both, as in
/// clamp_value), all 8 lanes or the masked ones.
static inline void store_clamped8(float *out, __m256i mask, int whole, __m256 lo, __m256 hi, __m256 v) {
  v = _mm256_min_ps(hi, _mm256_max_ps(lo, v));
  if (whole)
    _mm256_storeu_ps(out, v);
  else
    _mm256_maskstore_ps(out, mask, v);
}

/// One output row at column stride SW (1 or 2, a constant after inlining): rows[p] is input row
/// p of the window, NULL in the padding. Per vector v, `load` holds the masks of its loads a row
/// (stride 1: taps q = 0, 1, 2; stride 2: columns from 2·8v − pl, 8, 2 and 10 on), `store` its
/// output lanes and whole[v] whether all 8 are outputs.
static inline __attribute__((always_inline)) void rows8_line(int SW, const float *const rows[3], int vectors, int pl,
                                                            const __m256i (*load)[4], const __m256i *store,
                                                            const int *whole, const int *inside, const __m256 *tap,
                                                            __m256 base, int accumulate, __m256 lo, __m256 hi,
                                                            float *out) {
  for (int v = 0; v < vectors; v++) {
    const int j0 = 8 * v;
    __m256 first = base;
    if (accumulate) {
      first = _mm256_maskload_ps(out + j0, store[v]);
      if (SW == 2) first = swap_middle_pairs(first);
    }
    // One partial sum a window row: three chains of 3 FMAs instead of one of 9.
    __m256 part[3] = {first, _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int p = 0; p < 3; p++) {
      const float *row = rows[p];
      if (!row) continue;
      __m256 acc = part[p];
      if (SW == 1) {
        for (int q = 0; q < 3; q++)
          acc = _mm256_fmadd_ps(tap[3 * p + q], load8(row + j0 + q - pl, load[v][q], inside[v]), acc);
      } else {
        const float *from = row + 2 * j0 - pl;
        const __m256 a = load8(from, load[v][0], inside[v]), b = load8(from + 8, load[v][1], inside[v]);
        const __m256 a2 = load8(from + 2, load[v][2], inside[v]), b2 = load8(from + 10, load[v][3], inside[v]);
        acc = _mm256_fmadd_ps(tap[3 * p], _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)), acc);
        acc = _mm256_fmadd_ps(tap[3 * p + 1], _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)), acc);
        acc = _mm256_fmadd_ps(tap[3 * p + 2], _mm256_shuffle_ps(a2, b2, _MM_SHUFFLE(2, 0, 2, 0)), acc);
      }
      part[p] = acc;
    }
    __m256 sum = _mm256_add_ps(_mm256_add_ps(part[0], part[1]), part[2]);
    if (SW == 2) sum = swap_middle_pairs(sum);
    store_clamped8(out + j0, store[v], whole[v], lo, hi, sum);
  }
}

/// Two output rows at strides 1 × 1, which share two of their window rows: rows[k] is input row
/// k of the four (NULL in the padding); each tap vector loaded from row k feeds window row k of
/// the first output and k − 1 of the second (12 loads for 18 FMAs).
static inline __attribute__((always_inline)) void rows8_pair(const float *const rows[4], int vectors, int pl,
                                                            const __m256i (*load)[4], const __m256i *store,
                                                            const int *whole, const int *inside, const __m256 *tap,
                                                            __m256 base, int accumulate, __m256 lo, __m256 hi,
                                                            float *out, int ldo) {
  for (int v = 0; v < vectors; v++) {
    const int j0 = 8 * v;
    __m256 first = accumulate ? _mm256_maskload_ps(out + j0, store[v]) : base;
    __m256 second = accumulate ? _mm256_maskload_ps(out + ldo + j0, store[v]) : base;
    __m256 first2 = _mm256_setzero_ps(), second2 = _mm256_setzero_ps();  // two chains an output
    for (int k = 0; k < 4; k++) {
      const float *row = rows[k];
      if (!row) continue;
      for (int q = 0; q < 3; q++) {
        const __m256 value = load8(row + j0 + q - pl, load[v][q], inside[v]);
        if (k < 3) {
          if (k == 1) first2 = _mm256_fmadd_ps(tap[3 * k + q], value, first2);
          else first = _mm256_fmadd_ps(tap[3 * k + q], value, first);
        }
        if (k > 0) {
          if (k == 2) second2 = _mm256_fmadd_ps(tap[3 * (k - 1) + q], value, second2);
          else second = _mm256_fmadd_ps(tap[3 * (k - 1) + q], value, second);
        }
      }
    }
    store_clamped8(out + j0, store[v], whole[v], lo, hi, _mm256_add_ps(first, first2));
    store_clamped8(out + ldo + j0, store[v], whole[v], lo, hi, _mm256_add_ps(second, second2));
  }
}

static void direct_3x3_rows8(const ip_image_shape *s, const float *x, const float *w, float start, int accumulate,
                             float low, float high, float *y) {
  const int OH = s->out_height, OW = s->out_width, H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left;
  const int sh = s->stride_h, sw = s->stride_w, vectors = (OW + 7) / 8;
  __m256i load[IP_ROWS8_MAX_VECTORS][4], store[IP_ROWS8_MAX_VECTORS];
  int whole[IP_ROWS8_MAX_VECTORS], inside[IP_ROWS8_MAX_VECTORS];
  static const int stride2_offset[4] = {0, 8, 2, 10};
  for (int v = 0; v < vectors; v++) {
    const int j0 = 8 * v;
    store[v] = row_lanes8(j0, OW);
    whole[v] = j0 + 8 <= OW;
    // Every load of the vector inside the row: columns j0 − pl … j0 − pl + 9 (stride 1, all 8
    // lanes outputs) or 2·j0 − pl … 2·j0 − pl + 17 (stride 2).
    inside[v] = sw == 1 ? whole[v] && j0 - pl >= 0 && j0 - pl + 10 <= W : 2 * j0 - pl >= 0 && 2 * j0 - pl + 18 <= W;
    for (int q = 0; q < 4; q++)
      load[v][q] = sw == 1 ? (q < 3 ? _mm256_and_si256(row_lanes8(j0 + q - pl, W), store[v]) : _mm256_setzero_si256())
                           : row_lanes8(2 * j0 - pl + stride2_offset[q], W);
  }
  __m256 tap[9];
  for (int t = 0; t < 9; t++) tap[t] = _mm256_set1_ps(w[t]);
  const __m256 lo = _mm256_set1_ps(low), hi = _mm256_set1_ps(high), base = _mm256_set1_ps(start);
  for (int i = 0; i < OH; i++) {
    if (sw == 1 && sh == 1 && i + 1 < OH) {
      const float *rows[4];
      window_rows(x, W, H, i - pt, 4, rows);
      prefetch_rows(x, W, H, i - pt + 4, i - pt + 6);  // the next pair's new rows, ahead
      rows8_pair(rows, vectors, pl, load, store, whole, inside, tap, base, accumulate, lo, hi, y + (size_t)i * OW, OW);
      i++;
      continue;
    }
    const float *rows[3];
    window_rows(x, W, H, i * sh - pt, 3, rows);
    prefetch_rows(x, W, H, i * sh - pt + 3, (i + 1) * sh - pt + 3);  // the rows the next output row adds
    if (sw == 1)
      rows8_line(1, rows, vectors, pl, load, store, whole, inside, tap, base, accumulate, lo, hi, y + (size_t)i * OW);
    else
      rows8_line(2, rows, vectors, pl, load, store, whole, inside, tap, base, accumulate, lo, hi, y + (size_t)i * OW);
  }
}

/// direct_3x3_small at 8 lanes: depthwise 3×3 at stride 1 on maps of at most 64 pixels whose
/// output is the input's size (MobileNet's 7×7 layers), `planes` planes one after another, each
/// as one flat run of H·W outputs instead of a vector a row (7 of 8 lanes used on a 7×7 map).
/// Tap (p, q) of flat output f is input f + (p − pt)·W + q − pl, one vmaskmovps (lanes whose row
/// or column falls outside read 0); the masks depend on the shape alone and are worked out once
/// for all the planes.
static void direct_3x3_small8(const ip_image_shape *s, const float *x, const float *w, const float *bias, int planes,
                              float low, float high, float *y) {
  const int H = s->height, W = s->width, pt = s->pad_top, pl = s->pad_left, n = H * W, vectors = (n + 7) / 8;
  __m256i masks[IP_SMALL_3X3_PIXELS / 8][9], store[IP_SMALL_3X3_PIXELS / 8];
  int whole[IP_SMALL_3X3_PIXELS / 8];
  for (int v = 0; v < vectors; v++) {
    store[v] = row_lanes8(8 * v, n);
    whole[v] = 8 * v + 8 <= n;
    int rows[8], columns[8];  // each lane's output row and column
    for (int l = 0; l < 8; l++) rows[l] = (8 * v + l) / W, columns[l] = (8 * v + l) % W;
    const __m256i row = _mm256_loadu_si256((const __m256i *)rows), column = _mm256_loadu_si256((const __m256i *)columns);
    const __m256i none = _mm256_set1_epi32(-1);
    for (int t = 0; t < 9; t++) {
      const __m256i r = _mm256_add_epi32(row, _mm256_set1_epi32(t / 3 - pt));
      const __m256i c = _mm256_add_epi32(column, _mm256_set1_epi32(t % 3 - pl));
      const __m256i row_inside = _mm256_and_si256(_mm256_cmpgt_epi32(r, none), _mm256_cmpgt_epi32(_mm256_set1_epi32(H), r));
      const __m256i column_inside = _mm256_and_si256(_mm256_cmpgt_epi32(c, none), _mm256_cmpgt_epi32(_mm256_set1_epi32(W), c));
      masks[v][t] = _mm256_and_si256(store[v], _mm256_and_si256(row_inside, column_inside));
    }
  }
  const __m256 lo = _mm256_set1_ps(low), hi = _mm256_set1_ps(high);
  for (int c = 0; c < planes; c++) {
    const float *plane = x + (size_t)c * n, *taps = w + (size_t)c * 9;
    const __m256 start = _mm256_set1_ps(bias ? bias[c] : 0.0f);
    float *out = y + (size_t)c * n;
    for (int v = 0; v < vectors; v++) {
      __m256 acc = start, acc2 = _mm256_setzero_ps();  // two chains
      for (int t = 0; t < 9; t++) {
        const int shift = 8 * v + (t / 3 - pt) * W + t % 3 - pl;
        const __m256 value = _mm256_maskload_ps(plane + shift, masks[v][t]);
        if (t & 1) acc2 = _mm256_fmadd_ps(_mm256_set1_ps(taps[t]), value, acc2);
        else acc = _mm256_fmadd_ps(_mm256_set1_ps(taps[t]), value, acc);
      }
      store_clamped8(out + 8 * v, store[v], whole[v], lo, hi, _mm256_add_ps(acc, acc2));
    }
  }
}
