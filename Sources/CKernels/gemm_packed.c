// Packed-weight GEMM entry points. Scaffolding: "packing" copies w as is and the product
// runs the reference kernel row-block by row-block on the pool. Issue 5 replaces this with
// the blocked, SIMD-microkernel version; the API stays.
#include "ckernels.h"
#include <string.h>

size_t ip_sgemm_packed_floats(int isa, int n, int k) {
  (void)isa;
  return (size_t)n * (size_t)k;
}

void ip_sgemm_pack_w(int isa, int n, int k, const float *w, int ldw, float *packed) {
  (void)isa;
  for (int j = 0; j < n; j++) memcpy(packed + (size_t)j * k, w + (size_t)j * ldw, sizeof(float) * (size_t)k);
}

typedef struct {
  int m, n, k, lda, ldc, activation;
  const float *a, *w, *bias;
  float *c;
} row_job;

static void run_row(void *ctx, int i) {
  row_job *job = (row_job *)ctx;
  ip_sgemm_reference(1, job->n, job->k, job->a + (size_t)i * job->lda, job->lda, job->w, job->k,
                     job->bias, job->activation, job->c + (size_t)i * job->ldc, job->ldc);
}

void ip_sgemm_packed(int isa, ip_pool *pool, int m, int n, int k, const float *a, int lda,
                     const float *packed_w, const float *bias, int activation, float *c, int ldc) {
  (void)isa;
  row_job job = {m, n, k, lda, ldc, activation, a, packed_w, bias, c};
  ip_pool_parallel_for(pool, m, run_row, &job);
}
