// CKernels: CPU feature detection, a persistent thread pool, and fp32 kernels.
// Legend: m, n, k = GEMM sizes (c is m×n, a is m×k, w is n×k, i.e. c = a·wᵀ);
// lda/ldw/ldc = row strides in elements; MR×NR = register tile; KC/MC/NC = cache blocks.
// Every function returns a status or nothing; none calls exit/abort on input.
#ifndef IP_CKERNELS_H
#define IP_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- Instruction sets -------------------------------------------------------------------------
/// Instruction-set levels, ordered: a CPU that runs level L runs every level below it.
typedef enum {
  IP_ISA_SCALAR = 0,  ///< portable C, the reference
  IP_ISA_AVX2 = 1,    ///< AVX2 + FMA (Haswell, Zen 1 and later)
  IP_ISA_AVX512 = 2,  ///< AVX-512 F (Skylake-SP, Zen 4 and later)
} ip_isa;

/// The highest level this CPU and OS support (the OS must save the wide registers).
int ip_cpu_best_isa(void);
/// "scalar", "avx2" or "avx512".
const char *ip_isa_name(int isa);
/// Writes the CPU's brand string (e.g. "Intel(R) Xeon(R) ...") into buf; returns 0 on success.
int ip_cpu_brand(char *buf, size_t len);

// ---- Data caches and GEMM blocking ----------------------------------------------------------
/// One level of the data-cache hierarchy as this process sees it (a VM sees what its hypervisor
/// reports).
typedef struct {
  size_t bytes;    ///< capacity of one instance; 0 when the level is absent or unknown
  int ways;        ///< associativity; 0 when unknown
  int line_bytes;  ///< line size; 0 when unknown
  int shared_by;   ///< logical CPUs that share one instance; 0 when unknown
} ip_cache_level;

/// The data caches of CPU 0: L1 data, L2 and last-level L3.
typedef struct {
  ip_cache_level l1d, l2, l3;
  const char *source;  ///< "sysfs", "cpuid" or "default" (nothing could be read)
} ip_cache_info;

/// Fills `out` with the data caches, read once per process from Linux sysfs
/// (/sys/devices/system/cpu/cpu0/cache), else from cpuid (leaf 4 on Intel, 0x8000001D on AMD),
/// else conservative defaults (32 KiB L1d, 512 KiB L2, 8 MiB L3; source "default").
void ip_cpu_caches(ip_cache_info *out);

/// The register tile and cache blocks of the packed GEMM (see gemm_packed.c).
typedef struct {
  int mr, nr;      ///< register tile: rows of a, columns of w
  int kc, mc, nc;  ///< depth, row and column blocks
} ip_gemm_blocking;

/// The blocks the GEMM uses at `isa` (clamped to what the CPU runs) on this machine: derived
/// once from ip_cpu_caches by ip_gemm_derive_blocks.
void ip_gemm_blocks(int isa, ip_gemm_blocking *out);
/// The blocks for `isa` on a machine with `caches` (a pure function; tests pass other machines'
/// caches). Each rule and its measurement is documented next to the ISA's table.
void ip_gemm_derive_blocks(int isa, const ip_cache_info *caches, ip_gemm_blocking *out);
/// For tests: a GEMM whose c (m×n floats) exceeds `bytes` packs all of a at once and runs its NC
/// blocks outside its KC slices (the order for outputs too big to stay in cache between slices;
/// the same sums in the same order, so the same bits). 0 restores the default, half this core's
/// part of L3. Returns the previous setting (0 for the default).
size_t ip_gemm_set_c_spill_bytes(size_t bytes);

// ---- Activations used as GEMM epilogues ------------------------------------------------------
typedef enum {
  IP_ACT_NONE = 0,
  IP_ACT_RELU = 1,
  IP_ACT_GELU_ERF = 2,
  IP_ACT_GELU_TANH = 3,
  IP_ACT_TANH = 4,
  IP_ACT_SIGMOID = 5,
} ip_activation;

// ---- Memory ----------------------------------------------------------------------------------
/// Bytes of a huge page (x86-64 Linux), the alignment that lets a buffer use them.
#define IP_HUGE_PAGE_BYTES ((size_t)2 << 20)
/// Asks the OS to back [start, start + bytes) with huge pages (Linux `madvise(MADV_HUGEPAGE)`;
/// a no-op elsewhere, below IP_HUGE_PAGE_BYTES, or where refused). `start` must be page-aligned;
/// only the whole huge pages inside the range can be used, so align it to IP_HUGE_PAGE_BYTES.
void ip_advise_huge_pages(void *start, size_t bytes);

// ---- Thread pool -----------------------------------------------------------------------------
/// A persistent pool of `threads` workers (the caller counts as one). Created once per model,
/// reused by every call, so no thread is created on the hot path.
typedef struct ip_pool ip_pool;
/// Default spin of an idle worker, µs (chosen by measurement: docs/performance.md, "Thread pool").
#define IP_POOL_DEFAULT_SPIN_US 100
/// Upper bound of any pool's spin, µs.
#define IP_POOL_MAX_SPIN_US 1000000
/// Returns NULL if threads < 1 or the threads could not be started. Workers spin for
/// ip_pool_default_spin_us() after each job before they sleep.
ip_pool *ip_pool_create(int threads);
/// Like ip_pool_create with an idle worker's spin of `spin_us` microseconds before it sleeps
/// (0: sleep at once; negative: the process default; capped at IP_POOL_MAX_SPIN_US). A spinning
/// worker starts the next job within a microsecond, a sleeping one only after the kernel
/// wakes it (tens of µs on a VM); each spin keeps a core busy for up to spin_us after a job.
ip_pool *ip_pool_create_spinning(int threads, int spin_us);
/// The spin of pools created without one: IP_POOL_DEFAULT_SPIN_US unless set (the CLI passes
/// INFER_PLAN_SPIN_US here). Clamped to [0, IP_POOL_MAX_SPIN_US].
void ip_pool_set_default_spin_us(int microseconds);
int ip_pool_default_spin_us(void);
/// The pool's spin in microseconds (0 for NULL).
int ip_pool_spin_us(const ip_pool *pool);
void ip_pool_destroy(ip_pool *pool);
int ip_pool_threads(const ip_pool *pool);
/// Calls fn(ctx, i) for i in [0, count), split over the pool's threads in fixed contiguous
/// ranges (deterministic for a given thread count); returns when all calls are done.
/// pool may be NULL (runs serially on the caller).
void ip_pool_parallel_for(ip_pool *pool, int count, void (*fn)(void *ctx, int i), void *ctx);

// ---- GEMM with weights packed once ----------------------------------------------------------
/// Floats needed to hold w (n×k, row-major, PyTorch Linear layout) packed for `isa`.
size_t ip_sgemm_packed_floats(int isa, int n, int k);
/// Packs w (n×k, row stride ldw) into `packed` (ip_sgemm_packed_floats(isa, n, k) floats).
/// The layout is private to this library (panels of the ISA's tile width, aligned to 64 bytes
/// inside the buffer whatever its address); a byte copy of the buffer stays valid.
void ip_sgemm_pack_w(int isa, int n, int k, const float *w, int ldw, float *packed);
/// c (m×n, stride ldc) = act(a (m×k, stride lda) · wᵀ + bias). bias may be NULL (= zeros).
/// beta = 0 semantics: c is never read. k = 0 gives act(bias).
void ip_sgemm_packed(int isa, ip_pool *pool, int m, int n, int k, const float *a, int lda,
                     const float *packed_w, const float *bias, int activation, float *c, int ldc);

/// ip_sgemm_packed with a cache hint for calls that read each weight once (m = 1, batch-1
/// serving, where the weights of a whole model stream through the caches on every pass). The
/// columns are split over the pool's threads; of each thread's contiguous range of weight panels,
/// the first `keep` fraction (0 … 1) is read with ordinary loads, so it can stay in L2/L3 until
/// the next pass, and the rest is fetched with PREFETCHNTA, so it streams from memory without
/// displacing the kept part. A pass over more weights than the caches hold then reads the kept
/// part from cache instead of every byte from DRAM. keep ≥ 1, or m > 1, is ip_sgemm_packed.
/// The result does not depend on keep (bit for bit).
void ip_sgemm_packed_keep(int isa, ip_pool *pool, int m, int n, int k, const float *a, int lda,
                          const float *packed_w, const float *bias, int activation, float *c, int ldc,
                          float keep);

/// The scalar reference (the test oracle): c = act(a · wᵀ + bias), w unpacked n×k.
void ip_sgemm_reference(int m, int n, int k, const float *a, int lda, const float *w, int ldw,
                        const float *bias, int activation, float *c, int ldc);

/// Applies `activation` in place to x[0..count).
void ip_activation_reference(int activation, float *x, size_t count);

// ---- Pool internals used by the kernels (also usable by callers) ----------------------------
/// Calls fn(ctx, t, threads) once on each of the pool's threads t in [0, threads) (the caller
/// runs t = 0) and returns when all are done. pool NULL or a nested call runs fn(ctx, 0, 1).
void ip_pool_run(ip_pool *pool, void (*fn)(void *ctx, int thread, int threads), void *ctx);
/// Per-thread scratch owned by the pool: at least `floats` floats, 64-byte aligned, grown (once)
/// when too small, so steady-state calls never allocate. Valid until the next call with the same
/// thread index and a larger size, or ip_pool_destroy. Returns NULL when allocation fails.
float *ip_pool_scratch(ip_pool *pool, int thread, size_t floats);

// ---- Vector math (SIMD per `isa`, scalar reference = libm) ----------------------------------
// Error bounds vs libm in double precision (tested over dense sweeps of 2·10⁵+ points in
// Tests/KernelsTests/VectorMathTests.swift; measured maxima over 2·10⁶ points in brackets,
// AVX2 and AVX-512 alike, see docs/performance.md):
//   exp:  relative ≤ 3e-7 on [-87, 88] [1.2e-7 ≈ 2 ulp]; below −87.3 it returns a denormal or
//         0 (never NaN), so exp(−FLT_MAX) = 0
//   erf:  absolute ≤ 3e-7 for all x [9.9e-8 on [-10, 10]; NaN stays NaN]
//   tanh: absolute ≤ 3e-7 and relative ≤ 3e-7 for all x [7.6e-8 and 1.4e-7]
//   GELU (erf) epilogue: absolute ≤ 1e-6·(1 + |y|) [4.5e-7 on [-10, 10]]
// The scalar level calls libm (expf, erff, tanhf) and is the most accurate.
/// y[i] = exp(x[i]) for i < count (x and y may alias).
void ip_vexp(int isa, const float *x, float *y, size_t count);
/// y[i] = erf(x[i]).
void ip_verf(int isa, const float *x, float *y, size_t count);
/// y[i] = tanh(x[i]).
void ip_vtanh(int isa, const float *x, float *y, size_t count);
/// Applies `activation` (ip_activation) in place to x[0..count), vectorized for `isa`.
void ip_activation_apply(int isa, int activation, float *x, size_t count);
/// Softmax over each of `rows` rows of `cols` floats (row stride ld), in place:
/// x ← exp(x − max) / Σ exp(x − max). A row of −inf-like values (e.g. −FLT_MAX) gives uniform
/// weights, as PyTorch does with a large negative mask.
void ip_softmax_rows(int isa, float *x, int rows, int cols, int ld);
/// Layer norm over each row (biased variance ÷ cols): y = (x − mean) / √(var + epsilon) · gamma
/// + beta. gamma/beta may be NULL (1 and 0). x and y may alias; ldx/ldy are row strides.
void ip_layer_norm_rows(int isa, const float *x, int ldx, float *y, int ldy, int rows, int cols,
                        const float *gamma, const float *beta, float epsilon);
/// Scalar references (the test oracles) for softmax and layer norm (double accumulation).
void ip_softmax_rows_reference(float *x, int rows, int cols, int ld);
void ip_layer_norm_rows_reference(const float *x, int ldx, float *y, int ldy, int rows, int cols,
                                  const float *gamma, const float *beta, float epsilon);

// ---- Attention ------------------------------------------------------------------------------
/// Multi-head self-attention core for `batch` sequences of `seq` tokens, `heads` heads of
/// `head_dim` (hidden = heads·head_dim). q, k, v, out are [batch, seq, hidden] with row stride
/// ld_q/ld_k/ld_v/ld_out (≥ hidden, so q/k/v can be column slices of one fused QKV buffer).
/// For each batch b and head h: s = q_h·k_hᵀ / √head_dim + (1 − mask[b, j])·(−FLT_MAX),
/// p = softmax(s) per row, out_h = p·v_h (heads concatenated). mask is [batch, seq] Int32
/// (1 = attend, 0 = padding) or NULL (attend everywhere). At most one seq×seq score block per
/// thread exists at a time (pool scratch); work splits over batch×head.
void ip_attention(int isa, ip_pool *pool, int batch, int seq, int heads, int head_dim,
                  const float *q, int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                  const int32_t *mask, float *out, int ld_out);
/// The scalar reference of ip_attention (double accumulation, no pool).
void ip_attention_reference(int batch, int seq, int heads, int head_dim, const float *q,
                            int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                            const int32_t *mask, float *out, int ld_out);

#ifdef __cplusplus
}
#endif
#endif
