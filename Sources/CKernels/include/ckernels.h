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

#ifdef __cplusplus
}
#endif
#endif
