// Internal GEMM interface between the blocked driver (gemm_packed.c) and the per-ISA
// microkernel files (gemm_kernel_*.c). Not part of the public API.
//
// Packed weight layout (per ISA, NR = register-tile width): packed[0] = offset o (1 … 16) of
// the panels, chosen so they start 64-byte aligned; then w (n×k) cut into ⌈n/NR⌉ column panels;
// panel j holds wᵀ for columns j·NR … j·NR+NR−1 as k rows of NR floats:
//   packed[o + (j·k + p)·NR + jj] = w[(j·NR + jj)·ldw + p]   (zero for j·NR + jj ≥ n).
// A KC slice of a panel (rows p0 … p0+kc−1) is therefore contiguous (kc·NR floats).
// Packed A block (per call, per thread): MR-row panels, panel i holds kc columns of MR floats:
//   abuf[i·MR·kc + p·MR + ii] = a[(i·MR + ii)·lda + p0 + p]   (rows past m are never read).
#ifndef IP_GEMM_INTERNAL_H
#define IP_GEMM_INTERNAL_H
#include "ckernels.h"

#define IP_MAX_MR 16

/// Microkernel flags: FIRST = start from bias (or 0) instead of reading c; LAST = apply the
/// activation before storing; PREFETCH_A = prefetch a ahead instead of w (the convolution, whose
/// a is the weights, fresh from L3 on each call, and whose w is patches just packed into L2).
/// Levels without software prefetch ignore PREFETCH_A.
/// PREFETCH_W (wide tiles only) = prefetch both panels ahead: set on the first tile that reads a
/// panel slice, which may come from L3 or memory; the tiles after it find the slice in cache.
enum { IP_KERNEL_FIRST = 1, IP_KERNEL_LAST = 2, IP_KERNEL_PREFETCH_A = 4, IP_KERNEL_PREFETCH_W = 8 };

/// c[0..mr)[0..nr) (stride ldc) = (FIRST ? bias : c) + Σ_p a[p·MR + i]·w[p·NR + j], then act if
/// LAST. mr is fixed per entry of the table; nr ≤ NR handles the right edge (masked stores).
typedef void (*ip_microkernel)(int kc, const float *a, const float *w, float *c, int ldc, int nr,
                               const float *bias, int flags, int activation);
/// What the convolution's microkernel does to its tile on the last KC slice, in registers before
/// the one store: c[i][j] = clamp(acc + residual[i·ldr + j] + bias[i], low, high) (bias,
/// residual NULL: 0; the clamp passes NaN, as the scalar epilogue does).
typedef struct {
  const float *bias;      ///< the tile's first row's bias
  const float *residual;  ///< the tile's first element's residual
  size_t ldr;             ///< residual row stride
  float low, high;
} ip_tile_epilogue;
/// The convolution's microkernel: the packed one with the weight operand's rows ldw floats apart
/// (NR for a packed panel of patches; a plane's n for a 1×1 layer's pixels read where they lie,
/// in x) and, with LAST and a non-NULL `epilogue`, the conv epilogue instead of the GEMM's bias
/// and activation. All NR floats of each row are read; only nr columns are stored.
typedef void (*ip_microkernel_conv)(int kc, const float *a, const float *w, size_t ldw, float *c, int ldc, int nr,
                                    const ip_tile_epilogue *epilogue, int flags);
/// A wide tile: `rows` rows (at most the table's wide_rows) of an MR-row A panel (row i at
/// a[p·MR + i]) times two adjacent panels, w then w2 (rows ldw floats apart, all NR floats of
/// each read), into c[0..rows)[0..nr) for nr ≤ 2·NR (columns from NR on come from w2). On the
/// last slice it applies `epilogue` when non-NULL (the convolution's), else bias and activation
/// (the GEMM's: bias, NULL for none, indexed by column from w's first).
typedef void (*ip_microkernel_wide)(int kc, const float *a, const float *w, const float *w2, size_t ldw, float *c,
                                    int ldc, int nr, const float *bias, int flags, int activation,
                                    const ip_tile_epilogue *epilogue);
/// m = 1: c[0..nr) = act(bias + Σ_p a[p]·panel[p·NR + j]) over the whole k (a unpacked). With
/// `stream`, the panel is fetched ahead with PREFETCHNTA (IP_GEMV_STREAM_AHEAD floats ahead), so
/// that it passes through without displacing the weights kept in L2/L3 for the next call.
typedef void (*ip_gemv_kernel)(int k, const float *a, const float *panel, float *c, int nr,
                               const float *bias, int activation, int stream);

/// How far ahead a streamed GEMV panel is prefetched, in floats: 1 KiB, 16 lines, about the
/// DRAM latency (~100 ns) at the 15 GB/s one core streams (Zen 1 KVM guest: docs/performance.md).
#define IP_GEMV_STREAM_AHEAD 256

typedef struct {
  int mr, nr;  ///< register tile
  /// The cache shares the blocks are derived from at run time (ip_gemm_derive_blocks): KC so
  /// that the kc×NR weight slice, reused by every MR-row tile, takes `l1_share` of L1d; MC so
  /// that the packed mc×kc A block, reused by every NR panel, takes `l2_share_a` of L2; NC so
  /// that the kc×nc weight block, reused by every MC block, takes `l2_share_w` of L2, or, when
  /// `l3_share_w` > 0, that share of this core's part of L3 (L3 ÷ the CPUs sharing it).
  float l1_share, l2_share_a, l2_share_w, l3_share_w;
  int kc, mc, nc;  ///< the blocks; zero in the per-ISA templates, filled by ip_gemm_table_for
  /// Half this core's part of L3 (filled with the blocks): a c block bigger than that does not
  /// stay in cache from one KC slice to the next while the weights stream past it, so such a
  /// GEMM packs all of a and runs its NC blocks outside the KC slices (whole_a_floats in gemm_packed.c).
  size_t c_spill_bytes;
  ip_microkernel kernel[IP_MAX_MR + 1];  ///< indexed by rows in the tile, 1 … mr
  ip_microkernel_conv kernel_conv[IP_MAX_MR + 1];  ///< the convolution's, indexed the same way
  /// Wide tiles (rows ≤ wide_rows, indexed by rows, 1 … wide_rows); wide_rows 0: none, every
  /// tile is MR×NR. wide_rows ≥ MR/2, so an MR-row tile takes two of them (ip_run_wide).
  int wide_rows;
  ip_microkernel_wide wide[IP_MAX_MR + 1];
  ip_gemv_kernel gemv;
  void (*activation)(int activation, float *x, size_t count);
} ip_gemm_table;

/// An mr-row tile (mr ≤ MR) of two adjacent panels with the table's wide kernels: in one call
/// when mr ≤ wide_rows, otherwise in two of ⌈mr/2⌉ and ⌊mr/2⌋ rows (8 rows: 4 + 4, not 6 + 2,
/// so both halves keep enough independent accumulators to cover the FMA latency).
static inline void ip_run_wide(const ip_gemm_table *t, int mr, int kc, const float *a, const float *w, const float *w2,
                               size_t ldw, float *c, int ldc, int nr, const float *bias, int flags, int activation,
                               const ip_tile_epilogue *epilogue) {
  const int first = mr <= t->wide_rows ? mr : (mr + 1) / 2;
  t->wide[first](kc, a, w, w2, ldw, c, ldc, nr, bias, flags, activation, epilogue);
  if (first == mr) return;
  ip_tile_epilogue rest = epilogue ? *epilogue : (ip_tile_epilogue){0};
  if (rest.bias) rest.bias += first;
  if (rest.residual) rest.residual += (size_t)first * rest.ldr;
  t->wide[mr - first](kc, a + first, w, w2, ldw, c + (size_t)first * ldc, ldc, nr, bias, flags & ~IP_KERNEL_PREFETCH_W,
                      activation, epilogue ? &rest : NULL);
}

/// The per-ISA templates (blocks zero); use ip_gemm_table_for, which fills them in.
const ip_gemm_table *ip_gemm_table_scalar(void);
const ip_gemm_table *ip_gemm_table_avx2(void);
const ip_gemm_table *ip_gemm_table_avx512(void);

/// isa clamped to [scalar, ip_cpu_best_isa()] (detection cached), so a too-high request never
/// executes unsupported instructions; packing and product agree because both clamp the same way.
int ip_effective_isa(int isa);
/// The table for `isa` (clamped) with its blocks derived from this machine's caches (once).
const ip_gemm_table *ip_gemm_table_for(int isa);

/// Floats in one packed MC×KC block of a: the least A buffer ip_gemm_columns takes.
static inline size_t ip_gemm_block_floats(const ip_gemm_table *t) { return (size_t)t->mc * (size_t)t->kc; }

/// Runs the blocked GEMM over columns [n0, n1) (n0 a multiple of NR) and all m rows on the
/// calling thread with an A buffer of abuf_floats ≥ mc·kc floats (or ≥ m rounded up to MR, times
/// kc); the more rows it holds, the fewer times a is packed; when c is too big to stay in cache
/// between k's slices and the buffer holds all of a, a is packed once and each block of c stays
/// in cache across the slices (whole_a_floats in gemm_packed.c). m = 1 runs the GEMV kernel (no
/// packing, abuf unused) with ordinary loads.
void ip_gemm_columns(const ip_gemm_table *table, int m, int n0, int n1, int k, const float *a,
                     int lda, const float *packed_w, const float *bias, int activation, float *c,
                     int ldc, float *abuf, size_t abuf_floats);
/// Packs rows [row0, row0 + rows) × columns [p0, p0 + kc) of a GEMM's a operand, wherever it
/// lies, into MR-row panels at dst (mr_tile = MR; layout above, relative to row0 and p0; rows past
/// the last full panel need not be zero: the microkernel for fewer rows never reads them).
typedef void (*ip_pack_a_fn)(const void *source, int row0, int rows, int p0, int kc, int mr_tile, float *dst);
/// ip_gemm_columns with a packed by `pack_rows` from `source` (m = 1 packs too: no GEMV path).
void ip_gemm_columns_from(const ip_gemm_table *table, int m, int n0, int n1, int k, ip_pack_a_fn pack_rows,
                          const void *source, const float *packed_w, const float *bias, int activation, float *c,
                          int ldc, float *abuf, size_t abuf_floats);
/// Packs w (n×k) into bare panels (no header; ip_sgemm_pack_w adds the alignment header).
void ip_pack_w_panels(int isa, int n, int k, const float *w, int ldw, float *panels);
/// Packs the transpose-free source b (k×n, row stride ldb: b[p][j]) into the panel layout
/// (used for attention's P·V, where v is already k×n).
void ip_sgemm_pack_b_kn(int isa, int n, int k, const float *b, int ldb, float *packed);
/// Runs fn(ctx, 0, 1) on the calling thread with the pool's thread-0 scratch when the pool is
/// free (otherwise, e.g. nested inside a pool job, with scratch requests returning NULL).
void ip_pool_run_on_caller(ip_pool *pool, void (*fn)(void *ctx, int thread, int threads), void *ctx);
#endif
