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

// ---- Activations used as GEMM epilogues ------------------------------------------------------
typedef enum {
  IP_ACT_NONE = 0,
  IP_ACT_RELU = 1,
  IP_ACT_GELU_ERF = 2,
  IP_ACT_GELU_TANH = 3,
  IP_ACT_TANH = 4,
  IP_ACT_SIGMOID = 5,
} ip_activation;

// ---- Thread pool -----------------------------------------------------------------------------
/// A persistent pool of `threads` workers (the caller counts as one). Created once per model,
/// reused by every call, so no thread is created on the hot path.
typedef struct ip_pool ip_pool;
/// Returns NULL if threads < 1 or the threads could not be started.
ip_pool *ip_pool_create(int threads);
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
//   erf:  absolute ≤ 3e-7 for all x [1.8e-7]
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
