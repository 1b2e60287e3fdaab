// Packed-weight GEMM: c = act(a·wᵀ + bias) with w packed once (ip_sgemm_pack_w) into NR-wide
// column panels (layout in gemm_internal.h). The blocked driver runs the five BLIS loops
// NC → KC → MC → NR → MR around the ISA's register-tiled microkernel; threads split the
// columns (or, for few columns, the rows) into fixed contiguous ranges, so a given thread
// count always does the same work in the same order.
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include "gemm_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

int ip_effective_isa(int isa) {
  static _Atomic int best = -1;
  int b = atomic_load_explicit(&best, memory_order_relaxed);
  if (b < 0) {
    b = ip_cpu_best_isa();
    atomic_store_explicit(&best, b, memory_order_relaxed);
  }
  if (isa < IP_ISA_SCALAR) return IP_ISA_SCALAR;
  return isa > b ? b : isa;
}

static int round_down(int x, int to) { return x / to * to; }

static int clamp_int(int x, int low, int high) { return x < low ? low : x > high ? high : x; }

static const ip_gemm_table *template_for(int isa) {
  switch (isa) {
    case IP_ISA_AVX512: return ip_gemm_table_avx512();
    case IP_ISA_AVX2: return ip_gemm_table_avx2();
    default: return ip_gemm_table_scalar();
  }
}

// The blocks follow the analytical recipe of Low et al., "Analytical Modeling Is Enough for
// High-Performance BLIS" (ACM TOMS 43(2), 2016): each block is sized by the cache level that
// must hold it while the loop inside it reuses it. The share of that level it may take is a
// per-ISA constant, documented (with the measurement that chose it) beside the ISA's table.
static void derive_blocks(const ip_gemm_table *t, const ip_cache_info *caches, ip_gemm_blocking *out) {
  const double l1 = (double)caches->l1d.bytes, l2 = (double)caches->l2.bytes;
  const double l3_per_core = (double)caches->l3.bytes / (caches->l3.shared_by > 1 ? caches->l3.shared_by : 1);
  out->mr = t->mr;
  out->nr = t->nr;
  // KC: the kc×NR weight slice (kc·NR·4 bytes) stays in L1d while the MR loop reuses it.
  // At least 64 so the per-tile work covers the C-tile load and store; at most 1024.
  out->kc = clamp_int(round_down((int)(l1 * t->l1_share / (t->nr * 4.0)), 8), 64, 1024);
  // MC: the packed mc×kc block of a stays in L2 while the NR loop sweeps every panel over it.
  out->mc = clamp_int(round_down((int)(l2 * t->l2_share_a / (out->kc * 4.0)), t->mr), t->mr, 4096);
  // NC: the kc×nc weight block stays in L2 (or this core's part of L3) while the MC loop brings
  // each A block past it. Every NC block packs all of a again, so a larger NC packs less.
  double w_block = t->l3_share_w > 0 ? l3_per_core * t->l3_share_w : l2 * t->l2_share_w;
  out->nc = clamp_int(round_down((int)(w_block / (out->kc * 4.0)), t->nr), t->nr, 8192);
}

void ip_gemm_derive_blocks(int isa, const ip_cache_info *caches, ip_gemm_blocking *out) {
  if (!out) return;
  int level = isa < IP_ISA_SCALAR ? IP_ISA_SCALAR : isa > IP_ISA_AVX512 ? IP_ISA_AVX512 : isa;
  ip_cache_info here;
  if (!caches) {
    ip_cpu_caches(&here);
    caches = &here;
  }
  derive_blocks(template_for(level), caches, out);
}

static ip_gemm_table tables[IP_ISA_AVX512 + 1];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_tables(void) {
  ip_cache_info caches;
  ip_cpu_caches(&caches);
  for (int isa = IP_ISA_SCALAR; isa <= IP_ISA_AVX512; isa++) {
    tables[isa] = *template_for(isa);
    ip_gemm_blocking blocks;
    derive_blocks(&tables[isa], &caches, &blocks);
    tables[isa].kc = blocks.kc;
    tables[isa].mc = blocks.mc;
    tables[isa].nc = blocks.nc;
    tables[isa].c_spill_bytes = caches.l3.bytes / (caches.l3.shared_by > 1 ? (size_t)caches.l3.shared_by : 1) / 2;
  }
}

const ip_gemm_table *ip_gemm_table_for(int isa) {
  pthread_once(&tables_once, fill_tables);
  return &tables[ip_effective_isa(isa)];
}

void ip_gemm_blocks(int isa, ip_gemm_blocking *out) {
  if (!out) return;
  const ip_gemm_table *t = ip_gemm_table_for(isa);
  *out = (ip_gemm_blocking){t->mr, t->nr, t->kc, t->mc, t->nc};
}

/// Floats in front of the panels: packed[0] holds the offset (1 … 16) at which the panels
/// start, chosen at packing time so that they start on a 64-byte boundary (whole-line zmm
/// loads). A copy of the buffer stays valid (the offset is read back, not recomputed); it is
/// only possibly less aligned.
#define IP_PACK_HEADER_FLOATS 16

size_t ip_sgemm_packed_floats(int isa, int n, int k) {
  if (n <= 0 || k <= 0) return 0;
  size_t nr = (size_t)ip_gemm_table_for(isa)->nr;
  return ((size_t)n + nr - 1) / nr * nr * (size_t)k + IP_PACK_HEADER_FLOATS;
}

void ip_pack_w_panels(int isa, int n, int k, const float *w, int ldw, float *panels) {
  if (n <= 0 || k <= 0) return;
  const int nr = ip_gemm_table_for(isa)->nr;
  for (int j0 = 0; j0 < n; j0 += nr) {
    float *panel = panels + (size_t)j0 * k;  // panel j0/nr starts at (j0/nr)·k·nr floats
    for (int jj = 0; jj < nr; jj++) {
      const float *row = j0 + jj < n ? w + (size_t)(j0 + jj) * ldw : NULL;
      for (int p = 0; p < k; p++) panel[(size_t)p * nr + jj] = row ? row[p] : 0.0f;
    }
  }
}

void ip_sgemm_pack_w(int isa, int n, int k, const float *w, int ldw, float *packed) {
  if (n <= 0 || k <= 0) return;
  size_t misalignment = ((uintptr_t)(packed + 1) & 63) / sizeof(float);  // floats past a line start
  int offset = 1 + (int)((16 - misalignment) & 15);
  packed[0] = (float)offset;
  ip_pack_w_panels(isa, n, k, w, ldw, packed + offset);
}

/// The panels of a buffer filled by ip_sgemm_pack_w.
static const float *packed_panels(const float *packed) {
  int offset = (int)packed[0];
  return packed + (offset >= 1 && offset <= IP_PACK_HEADER_FLOATS ? offset : 1);
}

void ip_sgemm_pack_b_kn(int isa, int n, int k, const float *b, int ldb, float *packed) {
  if (n <= 0 || k <= 0) return;
  const int nr = ip_gemm_table_for(isa)->nr;
  for (int j0 = 0; j0 < n; j0 += nr) {
    float *panel = packed + (size_t)j0 * k;
    int width = n - j0 < nr ? n - j0 : nr;
    for (int p = 0; p < k; p++) {
      const float *src = b + (size_t)p * ldb + j0;
      float *dst = panel + (size_t)p * nr;
      for (int jj = 0; jj < width; jj++) dst[jj] = src[jj];
      for (int jj = width; jj < nr; jj++) dst[jj] = 0.0f;
    }
  }
}

/// Copies one full MR-row panel: kc columns of rows a[0..mr) into dst[p·mr + ii]. On x86-64 it
/// moves 4 columns at a time with SSE (part of the x86-64 baseline, so no target attribute):
/// a 4×4 transpose per group of 4 rows, a 2-row interleave for a pair left over. Scalar
/// packing took 4–5% of a 1024³ product on Zen 1 (perf), about as much as the C-tile traffic.
static void pack_a_panel(int mr, int kc, const float *a, int lda, float *dst) {
  int p = 0;
#if defined(__x86_64__)
  if (mr % 2 == 0) {
    for (; p + 4 <= kc; p += 4) {
      float *out = dst + (size_t)p * mr;
      int ii = 0;
      for (; ii + 4 <= mr; ii += 4) {
        __m128 r0 = _mm_loadu_ps(a + (size_t)ii * lda + p), r1 = _mm_loadu_ps(a + (size_t)(ii + 1) * lda + p);
        __m128 r2 = _mm_loadu_ps(a + (size_t)(ii + 2) * lda + p), r3 = _mm_loadu_ps(a + (size_t)(ii + 3) * lda + p);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);  // r_q now holds column p + q of the four rows
        _mm_storeu_ps(out + ii, r0);
        _mm_storeu_ps(out + mr + ii, r1);
        _mm_storeu_ps(out + 2 * mr + ii, r2);
        _mm_storeu_ps(out + 3 * mr + ii, r3);
      }
      if (ii < mr) {  // two rows left
        __m128 r0 = _mm_loadu_ps(a + (size_t)ii * lda + p), r1 = _mm_loadu_ps(a + (size_t)(ii + 1) * lda + p);
        __m128 low = _mm_unpacklo_ps(r0, r1), high = _mm_unpackhi_ps(r0, r1);  // (c0 c0' c1 c1'), (c2 c2' c3 c3')
        _mm_storel_pi((__m64 *)(out + ii), low);
        _mm_storeh_pi((__m64 *)(out + mr + ii), low);
        _mm_storel_pi((__m64 *)(out + 2 * mr + ii), high);
        _mm_storeh_pi((__m64 *)(out + 3 * mr + ii), high);
      }
    }
  }
#endif
  for (int ii = 0; ii < mr; ii++) {
    const float *src = a + (size_t)ii * lda;
    for (int q = p; q < kc; q++) dst[(size_t)q * mr + ii] = src[q];
  }
}

/// Copies rows [0, mc) × columns [0, kc) of a into MR-row panels (see gemm_internal.h).
static void pack_a(int mr_tile, int mc, int kc, const float *a, int lda, float *abuf) {
  for (int i0 = 0; i0 < mc; i0 += mr_tile) {
    int rows = mc - i0 < mr_tile ? mc - i0 : mr_tile;
    float *dst = abuf + (size_t)i0 * kc;
    if (rows == mr_tile) {
      pack_a_panel(mr_tile, kc, a + (size_t)i0 * lda, lda, dst);
      continue;
    }
    for (int ii = 0; ii < rows; ii++) {
      const float *src = a + (size_t)(i0 + ii) * lda;
      for (int p = 0; p < kc; p++) dst[(size_t)p * mr_tile + ii] = src[p];
    }
  }
}

/// KC for this k: the table's kc, evened out so the last block is not a sliver
/// (k = 384 with kc 256 → two blocks of 192).
static int balanced_kc(int k, int kc_max) {
  int blocks = (k + kc_max - 1) / kc_max;
  int kc = (k + blocks - 1) / blocks;
  return (kc + 7) / 8 * 8;
}

/// c[n0..n1) = act(a·wᵀ + bias) for one row a, panel by panel; panels from column `stream_from`
/// on are streamed past the caches (see ip_gemv_kernel).
static void gemv_columns(const ip_gemm_table *t, int n0, int n1, int stream_from, int k, const float *a,
                         const float *packed_w, const float *bias, int activation, float *c) {
  const int NR = t->nr;
  for (int j = n0; j < n1; j += NR)
    t->gemv(k, a, packed_w + (size_t)j * k, c + j, n1 - j < NR ? n1 - j : NR, bias ? bias + j : NULL,
            activation, j >= stream_from);
}

/// The row-major a of ip_gemm_columns as an ip_pack_a_fn source.
typedef struct {
  const float *a;
  int lda;
} row_major_a;

static void pack_row_major(const void *raw, int row0, int rows, int p0, int kc, int mr_tile, float *dst) {
  const row_major_a *src = raw;
  pack_a(mr_tile, rows, kc, src->a + (size_t)row0 * src->lda + p0, src->lda, dst);
}

void ip_gemm_columns(const ip_gemm_table *t, int m, int n0, int n1, int k, const float *a,
                     int lda, const float *packed_w, const float *bias, int activation, float *c,
                     int ldc, float *abuf, size_t abuf_floats) {
  if (m == 1 && t->gemv) {  // batch-1 serving: read each panel once, no packing
    gemv_columns(t, n0, n1, n1, k, a, packed_w, bias, activation, c);
    return;
  }
  const row_major_a source = {a, lda};
  ip_gemm_columns_from(t, m, n0, n1, k, pack_row_major, &source, packed_w, bias, activation, c, ldc, abuf, abuf_floats);
}

/// Lines of the next weight slice fetched into L2 before each tile, at most: enough that a
/// panel's 22 tiles (128 tokens) cover a 384-step slice (384 lines), few enough that one tile's
/// burst does not fill the core's outstanding-miss slots while its own loads wait.
#define IP_NEXT_SLICE_LINES_PER_TILE 16

/// Tile `tile` of `tiles` prefetches its share of the `lines` 64-byte lines of the next weight
/// slice `next` into L2. Without it the first tile over each slice waits on memory whenever the
/// weights do not stay in L3 between passes: the hardware prefetcher sees one slice's misses,
/// then thousands of cycles of L1 hits, and has stopped by the next slice. At the AVX2 level on
/// an AMD Zen 5 (alternated, 1 thread, 128 tokens), GPT-2's 154 MB output projection took 83.8
/// and 82.5 ms with it against 87.4 and 86.1 without; MiniLM-L6 (42 MB) moved within the noise.
static inline void prefetch_share(const float *next, size_t lines, int tile, int tiles) {
  size_t per_tile = (lines + (size_t)tiles - 1) / (size_t)tiles;
  if (per_tile > IP_NEXT_SLICE_LINES_PER_TILE) per_tile = IP_NEXT_SLICE_LINES_PER_TILE;
  for (size_t line = (size_t)tile * per_tile, end = line + per_tile; line < end && line < lines; line++)
    __builtin_prefetch((const char *)next + line * 64, 0, 2);  // read, into L2 (prefetcht1)
}

/// A thread's packed A buffer holds at most this many floats (4 MiB): a 1024-row KC slice at KC
/// 384 (1.5 MiB) is packed once for all its NC blocks; a taller one in parts of whole MC blocks.
/// Packing a anew for each NC block took 11% of a 1024×1024×1024 product on 1 thread (`perf`,
/// Intel Ice Lake, NC 320: four packings of all of a, each read from L3 or memory).
#define IP_GEMM_A_FLOATS ((size_t)1 << 20)

/// Loops 3 to 1 over one KC slice (columns pc … pc + kc − 1 of k) of one NC block of columns
/// [jc, jc + nc): rows [ic0, ic0 + rows) of a, packed at `packed` (row ic0 first), against every
/// panel of the block; `flags` says whether this slice is k's first and/or last.
static void macro_block(const ip_gemm_table *t, int pc, int kc, int k, int flags, int ic0, int rows, const float *packed,
                        int jc, int nc, const float *packed_w, const float *bias, int activation, float *c, int ldc) {
  const int MR = t->mr, NR = t->nr;
  for (int ic = ic0; ic < ic0 + rows; ic += t->mc) {  // loop 3 (MC): a packed A block, in L2
    const int mc = ic0 + rows - ic < t->mc ? ic0 + rows - ic : t->mc;
    const float *ablock = packed + (size_t)(ic - ic0) * kc;
    // loop 2 (NR): one weight panel slice, or two side by side for the wide kernels
    for (int jr = jc, step; jr < jc + nc; jr += step) {
      const int left = jc + nc - jr, wide = t->wide_rows > 0 && left > NR;
      step = wide ? 2 * NR : NR;
      const int nr = left < step ? left : step;
      const float *panel = packed_w + (size_t)jr * k + (size_t)pc * NR;
      const float *b = bias ? bias + jr : NULL;
      // The next panel's slice, fetched into L2 a little per tile while this one runs
      // (narrow tiles only: the wide ones prefetch both their panels on the first tile).
      const float *next = !wide && left > NR ? panel + (size_t)NR * k : NULL;
      for (int ir = 0; ir < mc; ir += MR) {  // loop 1 (MR): microkernel on an MR×NR tile
        const int mr = mc - ir < MR ? mc - ir : MR;
        if (next) prefetch_share(next, (size_t)kc * NR * sizeof(float) / 64, ir / MR, (mc + MR - 1) / MR);
        float *tile = c + (size_t)(ic + ir) * ldc + jr;
        if (wide)
          ip_run_wide(t, mr, kc, ablock + (size_t)ir * kc, panel, panel + (size_t)k * NR, (size_t)NR, tile, ldc, nr, b,
                      flags | (ir == 0 ? IP_KERNEL_PREFETCH_W : 0), activation, NULL);
        else
          t->kernel[mr](kc, ablock + (size_t)ir * kc, panel, tile, ldc, nr, b, flags, activation);
      }
    }
  }
}

/// ip_gemm_set_c_spill_bytes's setting; 0: the table's c_spill_bytes.
static _Atomic size_t c_spill_override;

size_t ip_gemm_set_c_spill_bytes(size_t bytes) { return atomic_exchange(&c_spill_override, bytes); }

/// Floats of a packed whole (m rounded up to MR, times k) when the blocked GEMM should pack all
/// of a at once and run its NC blocks outside the KC slices: k has more than one slice, n more
/// than one NC block, c (m×n) more than the spill threshold, and a fits the per-thread A buffer
/// (4 MiB); else 0.
static size_t whole_a_floats(const ip_gemm_table *t, int m, int n, int k) {
  const size_t floats = (size_t)((m + t->mr - 1) / t->mr * t->mr) * (size_t)k;
  const size_t override = atomic_load_explicit(&c_spill_override, memory_order_relaxed);
  const size_t spill = override ? override : t->c_spill_bytes;
  return k > balanced_kc(k, t->kc) && n > t->nc && (size_t)m * (size_t)n * sizeof(float) > spill &&
                 floats <= IP_GEMM_A_FLOATS
             ? floats
             : 0;
}

void ip_gemm_columns_from(const ip_gemm_table *t, int m, int n0, int n1, int k, ip_pack_a_fn pack_rows,
                          const void *source, const float *packed_w, const float *bias, int activation, float *c,
                          int ldc, float *abuf, size_t abuf_floats) {
  const int MR = t->mr;
  const int KC = balanced_kc(k, t->kc);
  const size_t whole = whole_a_floats(t, m, n1 - n0, k);
  if (whole && abuf_floats >= whole) {
    // All of a, every KC slice, packed once up front (slice pc at m_rows·pc); then the NC blocks
    // run outside the KC slices, so a block of c stays in cache from one slice to the next
    // instead of going to memory after the first and coming back for the second (GPT-2's output
    // projection: 128 × 50257 floats of c, 25.7 MB). Same sums in the same order as below. On
    // an AMD Zen 5, 1 thread, alternated: that projection 44.8/44.1 → 41.6/42.2 ms at AVX-512,
    // 79.6/81.0 → 78.0/80.1 at AVX2; on layers whose c fits in cache it measured no better.
    const size_t m_rows = whole / (size_t)k;
    for (int pc = 0; pc < k; pc += KC) pack_rows(source, 0, m, pc, k - pc < KC ? k - pc : KC, MR, abuf + m_rows * pc);
    for (int jc = n0; jc < n1; jc += t->nc) {  // loop 5 (NC): a block of weight columns
      const int nc = n1 - jc < t->nc ? n1 - jc : t->nc;
      for (int pc = 0; pc < k; pc += KC) {  // loop 4 (KC): a slice of k; the first starts from bias
        const int kc = k - pc < KC ? k - pc : KC;
        const int flags = (pc == 0 ? IP_KERNEL_FIRST : 0) | (pc + kc == k ? IP_KERNEL_LAST : 0);
        macro_block(t, pc, kc, k, flags, 0, m, abuf + m_rows * pc, jc, nc, packed_w, bias, activation, c, ldc);
      }
    }
    return;
  }
  // Rows of a packed at once: as many MR-row panels as the buffer holds (at least an MC block),
  // so that a KC slice of a is packed once for all the NC blocks of columns, not once per block.
  const size_t panels_held = abuf_floats / (size_t)KC / (size_t)MR;
  const int rows_held = panels_held * MR > (size_t)m ? m : (int)panels_held * MR;
  const int MB = rows_held > t->mc ? rows_held : t->mc;
  for (int pc = 0; pc < k; pc += KC) {  // loop 4 (KC): a slice of k; the first starts from bias
    const int kc = k - pc < KC ? k - pc : KC;
    const int flags = (pc == 0 ? IP_KERNEL_FIRST : 0) | (pc + kc == k ? IP_KERNEL_LAST : 0);
    for (int ib = 0; ib < m; ib += MB) {  // the rows of a packed at once
      const int mb = m - ib < MB ? m - ib : MB;
      pack_rows(source, ib, mb, pc, kc, MR, abuf);
      for (int jc = n0; jc < n1; jc += t->nc)  // loop 5 (NC): a block of weight columns
        macro_block(t, pc, kc, k, flags, ib, mb, abuf, jc, n1 - jc < t->nc ? n1 - jc : t->nc, packed_w, bias,
                    activation, c, ldc);
    }
  }
}


typedef struct {
  const ip_gemm_table *table;
  ip_pool *pool;
  int m, n, k, lda, ldc, activation;
  const float *a, *packed_w, *bias;
  float *c;
  int split_rows;  // 1: threads take row ranges (MR-aligned); 0: column ranges (NR-aligned)
  float keep;      // m = 1: fraction of each thread's panels read with ordinary loads
} gemm_job;

static void gemm_share(void *raw, int thread, int threads) {
  gemm_job *job = raw;
  const ip_gemm_table *t = job->table;
  int m0 = 0, m1 = job->m, n0 = 0, n1 = job->n;
  if (job->split_rows) {
    int tiles = (job->m + t->mr - 1) / t->mr;
    m0 = tiles * thread / threads * t->mr;
    m1 = tiles * (thread + 1) / threads * t->mr;
    if (m1 > job->m) m1 = job->m;
  } else {
    int panels = (job->n + t->nr - 1) / t->nr;
    n0 = panels * thread / threads * t->nr;
    n1 = panels * (thread + 1) / threads * t->nr;
    if (n1 > job->n) n1 = job->n;
  }
  if (m0 >= m1 || n0 >= n1) return;
  if (job->m == 1 && t->gemv) {
    int panels = (n1 - n0 + t->nr - 1) / t->nr;
    int kept = job->keep >= 1 ? panels : job->keep <= 0 ? 0 : (int)((float)panels * job->keep + 0.5f);
    gemv_columns(t, n0, n1, n0 + kept * t->nr, job->k, job->a, job->packed_w, job->bias, job->activation, job->c);
    return;
  }
  int rows = m1 - m0;
  // All the rows' KC slice when it fits IP_GEMM_A_FLOATS (packed once for every NC block),
  // else as many MC blocks as fit, at least one.
  const size_t all = (size_t)((rows + t->mr - 1) / t->mr * t->mr) * (size_t)t->kc, block = ip_gemm_block_floats(t);
  size_t need = all <= IP_GEMM_A_FLOATS ? all : IP_GEMM_A_FLOATS / block * block;
  if (need < block && need < all) need = block;
  const size_t whole = job->m == 1 ? 0 : whole_a_floats(t, rows, n1 - n0, job->k);
  if (whole > need) need = whole;  // every KC slice of a at once (see ip_gemm_columns_from)
  float *abuf = ip_pool_scratch(job->pool, thread, need);
  float *owned = NULL;
  if (!abuf) abuf = owned = malloc(need * sizeof(float));  // no pool (or nested call)
  if (!abuf) return;
  ip_gemm_columns(t, rows, n0, n1, job->k, job->a + (size_t)m0 * job->lda, job->lda, job->packed_w,
                  job->bias, job->activation, job->c + (size_t)m0 * job->ldc, job->ldc, abuf, need);
  free(owned);
}

/// Below this many multiply-adds a second thread costs more (wake-up ≈ µs) than it saves.
#define IP_MIN_PARALLEL_FMAS (64L * 64L * 64L)

void ip_sgemm_packed(int isa, ip_pool *pool, int m, int n, int k, const float *a, int lda,
                     const float *packed_w, const float *bias, int activation, float *c, int ldc) {
  ip_sgemm_packed_keep(isa, pool, m, n, k, a, lda, packed_w, bias, activation, c, ldc, 1.0f);
}

void ip_sgemm_packed_keep(int isa, ip_pool *pool, int m, int n, int k, const float *a, int lda,
                          const float *packed_w, const float *bias, int activation, float *c, int ldc,
                          float keep) {
  if (m <= 0 || n <= 0) return;
  const ip_gemm_table *t = ip_gemm_table_for(isa);
  if (k <= 0) {  // act(bias): no product to form
    for (int i = 0; i < m; i++) {
      float *row = c + (size_t)i * ldc;
      for (int j = 0; j < n; j++) row[j] = bias ? bias[j] : 0.0f;
      t->activation(activation, row, (size_t)n);
    }
    return;
  }
  int panels = (n + t->nr - 1) / t->nr;
  int threads = ip_pool_threads(pool);
  gemm_job job = {t, pool, m, n, k, lda, ldc, activation, a, packed_panels(packed_w), bias, c, 0, keep};
  // Rows split when there are enough of them and either too few panels to share or at least
  // half as many rows as columns; otherwise columns. A column split has every thread pack all
  // of a; a row split has every thread read all of w. On an Intel Ice Lake, 2 threads (both
  // ways alternated call by call in one process, geometric mean of 4 rounds), rows against
  // columns: 1024×1024×1024 0.96, 2048×1024×1024 0.95, 4096×384×384 0.92, 4096×384×1536 0.87,
  // 1024×384×384 0.91, 1024×1536×384 0.98; 128×1536×384 1.05 (columns kept there), and
  // 256×4096×1024, 512×4096×1024 0.97–0.99, within the noise (columns kept).
  job.split_rows = m >= 4 * t->mr * threads && (panels < 2 * threads || 2L * m >= n);
  if (threads == 1 || (long)m * n * k < IP_MIN_PARALLEL_FMAS)
    ip_pool_run_on_caller(pool, gemm_share, &job);
  else
    ip_pool_run(pool, gemm_share, &job);
}
