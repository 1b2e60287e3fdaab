// The Winograd F(2×2, 3×3) transforms of image_winograd.c, as plain C loops over a row of tiles
// that each image_kernels_<isa>.c compiles under its target attribute (included from
// image_kernels_body.h). Tile t of a sample covers outputs (2·ty … 2·ty + 1, 2·tx … 2·tx + 1),
// ty = t / tw, tx = t mod tw, and reads the 4×4 input window starting at (2·ty − pad_top,
// 2·tx − pad_left); tw = ⌈OW/2⌉, th = ⌈OH/2⌉. Matrices (Lavin and Gray, "Fast Algorithms for
// Convolutional Neural Networks", CVPR 2016, section 4.1):
//   V = Bᵀ d B with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]   (input window d, 4×4)
//   Y = Aᵀ M A with Aᵀ = [1 1 1 0; 0 1 −1 −1]                      (M = U ⊙ V summed over channels)

/// Lane indices for __builtin_shufflevector at this level's width: the even and odd lanes of
/// two vectors (deinterleave), and the first and second halves of two interleaved (zip).
#if IP_IMAGE_LANES == 16
#define IP_EVENS 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define IP_ODDS 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
#define IP_ZIP_LO 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
#define IP_ZIP_HI 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31
#elif IP_IMAGE_LANES == 8
#define IP_EVENS 0, 2, 4, 6, 8, 10, 12, 14
#define IP_ODDS 1, 3, 5, 7, 9, 11, 13, 15
#define IP_ZIP_LO 0, 8, 1, 9, 2, 10, 3, 11
#define IP_ZIP_HI 4, 12, 5, 13, 6, 14, 7, 15
#else
#define IP_EVENS 0, 2, 4, 6
#define IP_ODDS 1, 3, 5, 7
#define IP_ZIP_LO 0, 4, 1, 5
#define IP_ZIP_HI 2, 6, 3, 7
#endif

/// p[0..n) = the first n lanes of v (0 < n ≤ lanes): a plain store for all of them, otherwise
/// one masked store where the level has one.
static inline void store_first(float *p, ip_lanes v, int n) {
  if (n == IP_IMAGE_LANES) {
    store_lanes(p, v);
    return;
  }
#if IP_IMAGE_LANES == 16 && defined(__x86_64__)
  _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), (__m512)v);
#elif IP_IMAGE_LANES == 8 && defined(__x86_64__)
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  _mm256_maskstore_ps(p, mask, (__m256)v);
#else
  for (int q = 0; q < n; q++) p[q] = v[q];
#endif
}

/// The row stride of the input transform's padded rows for tw tiles a row: 2·tw + 2 positions
/// and two vectors' slack (the run's last vectors read past its last tile).
#define IP_WINOGRAD_LDL(tw) (2 * (tw) + 2 + 2 * IP_IMAGE_LANES)

/// Zeros line[from, to) in whole vectors (plain loops became memset calls), the last one moved
/// back to end at ldl (≥ one vector) where it would run past the line.
static inline void zero_vectors(float *line, int from, int to, int ldl) {
  for (int q = from; q < to; q += IP_IMAGE_LANES)
    store_lanes(line + (q + IP_IMAGE_LANES <= ldl ? q : ldl - IP_IMAGE_LANES), splat(0.0f));
}

/// Input rows [r0, r0 + rows) of one plane (H×W) with their pads: block[i·ldl + q] =
/// x(r0 + i, q − pad_left) for q < ldl, 0 outside the plane, so that the transform reads whole
/// vectors without bounds checks.
static void winograd_rows(const ip_image_shape *s, const float *plane, int r0, int rows, float *block, int ldl) {
  const int pl = s->pad_left, W = s->width, inside = pl + W < ldl ? W : ldl - pl;
  for (int i = 0; i < rows; i++) {
    float *restrict line = block + (size_t)i * ldl;
    const int row = r0 + i;
    if (row < 0 || row >= s->height) {
      zero_vectors(line, 0, ldl, ldl);
      continue;
    }
    // The left pad's vectors may spill into the row, which the copy then overwrites; the right
    // pad's last vector, moved back to end at ldl, stays past the row (ldl ≥ pl + W + 2 vectors).
    zero_vectors(line, 0, pl, ldl);
    copy_floats(line + pl, plane + (size_t)row * W, inside);
    zero_vectors(line, pl + inside, ldl, ldl);
  }
}

/// V of a column tile's tiles, given as runs (image_internal.h: ip_winograd_run, in column
/// order, each within one panel), all C channels of x (batch×C×H×W), into 16 packed matrices
/// in the GEMM's panel layout: element ξ of column jj, channel c, goes to v[ξ·vstride +
/// (jj / NR)·C·NR + c·NR + jj mod NR]; the columns of the last panel past `count` are zeroed.
/// `block` is scratch of IP_WINOGRAD_BLOCK(count, th, tw) floats: the input rows that a
/// sample's tiles read, padded, one channel at a time.
static void winograd_input(const ip_image_shape *s, int NR, const float *x, const ip_winograd_run *runs, int nruns,
                           int count, size_t vstride, float *v, float *block) {
  const int tw = (s->out_width + 1) / 2, C = s->channels, ldl = IP_WINOGRAD_LDL(tw);
  const size_t plane_floats = (size_t)s->height * s->width;
  for (int first = 0, last; first < nruns; first = last) {  // the runs of one sample: [first, last)
    for (last = first + 1; last < nruns && runs[last].sample == runs[first].sample; last++) continue;
    const int ty0 = runs[first].ty, r0 = 2 * ty0 - s->pad_top, rows = 2 * (runs[last - 1].ty - ty0) + 4;
    for (int c = 0; c < C; c++) {
      winograd_rows(s, x + ((size_t)runs[first].sample * C + c) * plane_floats, r0, rows, block, ldl);
      for (int k = first; k < last; k++) {
        const int jj = runs[k].jj, run = runs[k].count;
        float *dst = v + (size_t)(jj / NR) * C * NR + (size_t)c * NR + (size_t)(jj % NR);
        const float *window = block + (size_t)(2 * (runs[k].ty - ty0)) * ldl + 2 * runs[k].tx;
        // window column l of tile u, row i: position 2·u + l of padded row i, split into even
        // and odd lanes: l = 0, 1, 2, 3 → e[i][0], o[i][0], e[i][1], o[i][1]
        for (int u = 0; u < run; u += IP_IMAGE_LANES) {
          ip_lanes e[4][2], o[4][2];
          for (int i = 0; i < 4; i++)
            for (int h = 0; h < 2; h++) {
              const float *p = window + (size_t)i * ldl + 2 * (u + h);
              const ip_lanes lo = load_lanes(p), hi = load_lanes(p + IP_IMAGE_LANES);
              e[i][h] = __builtin_shufflevector(lo, hi, IP_EVENS);
              o[i][h] = __builtin_shufflevector(lo, hi, IP_ODDS);
            }
          // A whole vector, also for the run's last, partial one where it ends inside the panel
          // row: the columns it overwrites belong to tiles written after this one (later runs of
          // this channel, or the next sample's) or to the last panel's padding, zeroed at the end.
          const int n = u + IP_IMAGE_LANES <= run || jj % NR + u + IP_IMAGE_LANES <= NR ? IP_IMAGE_LANES : run - u;
          for (int i = 0; i < 4; i++) {  // row i of t = Bᵀ d, then V's row i = t B, stored at once
            ip_lanes t0, t1, t2, t3;  // window columns 0 … 3 of t's row i
            if (i == 0) {
              t0 = e[0][0] - e[2][0], t1 = o[0][0] - o[2][0], t2 = e[0][1] - e[2][1], t3 = o[0][1] - o[2][1];
            } else if (i == 1) {
              t0 = e[1][0] + e[2][0], t1 = o[1][0] + o[2][0], t2 = e[1][1] + e[2][1], t3 = o[1][1] + o[2][1];
            } else if (i == 2) {
              t0 = e[2][0] - e[1][0], t1 = o[2][0] - o[1][0], t2 = e[2][1] - e[1][1], t3 = o[2][1] - o[1][1];
            } else {
              t0 = e[1][0] - e[3][0], t1 = o[1][0] - o[3][0], t2 = e[1][1] - e[3][1], t3 = o[1][1] - o[3][1];
            }
            float *row = dst + (size_t)(4 * i) * vstride + u;
            store_first(row, t0 - t2, n);
            store_first(row + vstride, t1 + t2, n);
            store_first(row + 2 * vstride, t2 - t1, n);
            store_first(row + 3 * vstride, t1 - t3, n);
          }
        }
      }
    }
  }
  if (count % NR)  // the last panel's empty columns: zeros, never stored, but never junk either
    for (int xi = 0; xi < 16; xi++)
      for (int c = 0; c < C; c++) {
        float *row = v + (size_t)xi * vstride + (size_t)(count / NR) * C * NR + (size_t)c * NR;
        for (int jj = count % NR; jj < NR; jj++) row[jj] = 0.0f;
      }
}

/// p[0..n) as the first n lanes (0 < n ≤ lanes), the others 0: a plain load for all of them,
/// otherwise one masked load where the level has one (never reading past p[n − 1]).
static inline ip_lanes load_first(const float *p, int n) {
  if (n == IP_IMAGE_LANES) return load_lanes(p);
#if IP_IMAGE_LANES == 16 && defined(__x86_64__)
  return (ip_lanes)_mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
#elif IP_IMAGE_LANES == 8 && defined(__x86_64__)
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  return (ip_lanes)_mm256_maskload_ps(p, mask);
#else
  ip_lanes v = splat(0.0f);
  for (int q = 0; q < n; q++) v[q] = p[q];
  return v;
#endif
}

/// Adds the residual (if any) to n ≤ lanes outputs, clamps them as clamp_value does and stores
/// them at y[at …).
static inline void finish_lanes(ip_lanes v, const ip_conv_epilogue *e, float *y, size_t at, int n) {
  if (n <= 0) return;
  if (e->residual) v += load_first(e->residual + at, n);
  v = select_lanes(v < splat(e->low), splat(e->low), v);
  v = select_lanes(v > splat(e->high), splat(e->high), v);
  store_first(y + at, v, n);
}

/// Y = Aᵀ M A for output channels [o0, o0 + rows) of a column tile's tiles (runs as for
/// winograd_input): element ξ of row r, column jj at m[ξ·mstride + r·ldm + jj]; adds the bias
/// and residual, clamps and stores the outputs that lie inside y (batch×OC×OH×OW), in one pass
/// (through a scratch row and a second pass, 4–7% slower over ResNet-18's 3×3 layers at batch 8
/// on an Intel Ice Lake).
static void winograd_output(const ip_image_shape *s, const float *m, size_t mstride, int ldm, int rows, int o0,
                            const ip_winograd_run *runs, int nruns, const ip_conv_epilogue *e, float *y) {
  const int OH = s->out_height, OW = s->out_width, OC = s->out_channels;
  const size_t plane_floats = (size_t)OH * OW;
  for (int k = 0; k < nruns; k++) {
    const int jj = runs[k].jj, run = runs[k].count, ty = runs[k].ty, x0 = 2 * runs[k].tx;
    const int width = x0 + 2 * run <= OW ? 2 * run : OW - x0, bottom = 2 * ty + 1 < OH;
    for (int r = 0; r < rows; r++) {
      const float *mr = m + (size_t)r * ldm + jj;
      const ip_lanes bias = splat(e->bias ? e->bias[o0 + r] : 0.0f);
      const size_t top_at = ((size_t)runs[k].sample * OC + o0 + r) * plane_floats + (size_t)(2 * ty) * OW + x0;
      // whole vectors: past the run they read the next columns (or, after the last matrix's
      // last row, the padding and scratch behind it) into lanes that are never stored in y
      for (int u = 0; u < run; u += IP_IMAGE_LANES) {
        ip_lanes k16[16];
        for (int xi = 0; xi < 16; xi++) k16[xi] = load_lanes(mr + (size_t)xi * mstride + u);
        ip_lanes a0[4], a1[4];  // Aᵀ M, per column
        for (int l = 0; l < 4; l++) {
          a0[l] = k16[l] + k16[4 + l] + k16[8 + l];
          a1[l] = k16[4 + l] - k16[8 + l] - k16[12 + l];
        }
        const ip_lanes y00 = a0[0] + a0[1] + a0[2] + bias, y01 = a0[1] - a0[2] - a0[3] + bias;
        const ip_lanes y10 = a1[0] + a1[1] + a1[2] + bias, y11 = a1[1] - a1[2] - a1[3] + bias;
        // even and odd output columns interleaved, straight into y: the columns 2u … of the
        // run's two output rows that lie inside the map
        const int q = 2 * u, lo = width - q < IP_IMAGE_LANES ? width - q : IP_IMAGE_LANES;
        const int hi = width - q - IP_IMAGE_LANES < IP_IMAGE_LANES ? width - q - IP_IMAGE_LANES : IP_IMAGE_LANES;
        finish_lanes(__builtin_shufflevector(y00, y01, IP_ZIP_LO), e, y, top_at + q, lo);
        finish_lanes(__builtin_shufflevector(y00, y01, IP_ZIP_HI), e, y, top_at + q + IP_IMAGE_LANES, hi);
        if (bottom) {
          finish_lanes(__builtin_shufflevector(y10, y11, IP_ZIP_LO), e, y, top_at + OW + q, lo);
          finish_lanes(__builtin_shufflevector(y10, y11, IP_ZIP_HI), e, y, top_at + OW + q + IP_IMAGE_LANES, hi);
        }
      }
    }
  }
}
