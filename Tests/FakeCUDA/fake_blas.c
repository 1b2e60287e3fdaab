// The fake cuBLAS and cuBLASLt: column-major GEMMs with plain loops, descriptors as host structs.
#include "fake_internal.h"
#include <math.h>
#include <stdlib.h>

static int handle_storage;

// C[m×n] = alpha·op(A)·op(B) + beta·C, column-major, element types `type`.
static void gemm(int transa, int transb, int m, int n, int k, float alpha, const void *A, int lda,
                 const void *B, int ldb, float beta, void *C, int ldc, int type) {
  for (int j = 0; j < n; j++) {
    for (int i = 0; i < m; i++) {
      float sum = 0;
      for (int p = 0; p < k; p++) {
        float a = fake_load(A, transa ? (size_t)i * lda + p : (size_t)p * lda + i, type);
        float b = fake_load(B, transb ? (size_t)p * ldb + j : (size_t)j * ldb + p, type);
        sum += a * b;
      }
      size_t c = (size_t)j * ldc + i;
      float previous = beta != 0 ? beta * fake_load(C, c, type) : 0;
      fake_store(C, c, type, alpha * sum + previous);
    }
  }
}

static size_t element_bytes(int type) { return type == FAKE_R_32F ? 4 : 2; }

int cublasCreate_v2(void **handle) {
  int fail = fake_enter("cublasCreate_v2");
  if (fail) return fail;
  *handle = &handle_storage;
  return 0;
}
int cublasDestroy_v2(void *handle) { (void)handle; return fake_enter("cublasDestroy_v2"); }
int cublasSetStream_v2(void *handle, void *stream) { (void)handle; (void)stream; return fake_enter("cublasSetStream_v2"); }

static int valid_compute(int compute) { return compute == 68 || compute == 77; }

int cublasGemmEx(void *handle, int transa, int transb, int m, int n, int k, const void *alpha,
                 const void *A, int a_type, int lda, const void *B, int b_type, int ldb,
                 const void *beta, void *C, int c_type, int ldc, int compute, int algo) {
  (void)handle; (void)algo;
  int fail = fake_enter("cublasGemmEx");
  if (fail) return fail;
  if (a_type != b_type || a_type != c_type || !valid_compute(compute)) return 7;
  if (lda < (transa ? k : m) || ldb < (transb ? n : k) || ldc < m) return 7;
  gemm(transa, transb, m, n, k, *(const float *)alpha, A, lda, B, ldb, *(const float *)beta, C,
       ldc, a_type);
  return 0;
}

int cublasGemmStridedBatchedEx(void *handle, int transa, int transb, int m, int n, int k,
                               const void *alpha, const void *A, int a_type, int lda,
                               long long stride_a, const void *B, int b_type, int ldb,
                               long long stride_b, const void *beta, void *C, int c_type, int ldc,
                               long long stride_c, int batch, int compute, int algo) {
  (void)handle; (void)algo;
  int fail = fake_enter("cublasGemmStridedBatchedEx");
  if (fail) return fail;
  if (a_type != b_type || a_type != c_type || !valid_compute(compute) || batch < 1) return 7;
  if (lda < (transa ? k : m) || ldb < (transb ? n : k) || ldc < m) return 7;
  size_t size = element_bytes(a_type);
  for (int i = 0; i < batch; i++) {
    gemm(transa, transb, m, n, k, *(const float *)alpha, (const char *)A + i * stride_a * size,
         lda, (const char *)B + i * stride_b * size, ldb, *(const float *)beta,
         (char *)C + i * stride_c * size, ldc, a_type);
  }
  return 0;
}

// ---- cuBLASLt ----
typedef struct { int compute, scale, transa, transb; uint32_t epilogue; const void *bias; } fake_desc;
typedef struct { int type; uint64_t rows, cols; int64_t ld; } fake_layout;

size_t cublasLtGetVersion(void) { return 130100; }
int cublasLtCreate(void **handle) {
  int fail = fake_enter("cublasLtCreate");
  if (fail) return fail;
  *handle = &handle_storage;
  return 0;
}
int cublasLtDestroy(void *handle) { (void)handle; return fake_enter("cublasLtDestroy"); }
int cublasLtMatmulDescCreate(void **desc, int compute, int scale) {
  int fail = fake_enter("cublasLtMatmulDescCreate");
  if (fail) return fail;
  fake_desc *d = calloc(1, sizeof *d);
  d->compute = compute;
  d->scale = scale;
  d->epilogue = 1;
  *desc = d;
  return valid_compute(compute) && scale == FAKE_R_32F ? 0 : 7;
}
int cublasLtMatmulDescDestroy(void *desc) { free(desc); return 0; }
int cublasLtMatmulDescSetAttribute(void *desc, int attribute, const void *buffer, size_t size) {
  fake_desc *d = desc;
  switch (attribute) {
  case 3: if (size != 4) return 7; memcpy(&d->transa, buffer, 4); return 0;
  case 4: if (size != 4) return 7; memcpy(&d->transb, buffer, 4); return 0;
  case 7: if (size != 4) return 7; memcpy(&d->epilogue, buffer, 4); return 0;
  case 8: if (size != sizeof(void *)) return 7; memcpy(&d->bias, buffer, sizeof(void *)); return 0;
  default: return 7;
  }
}
int cublasLtMatrixLayoutCreate(void **layout, int type, uint64_t rows, uint64_t cols, int64_t ld) {
  fake_layout *l = calloc(1, sizeof *l);
  *l = (fake_layout){type, rows, cols, ld};
  *layout = l;
  return ld >= (int64_t)rows ? 0 : 7;
}
int cublasLtMatrixLayoutDestroy(void *layout) { free(layout); return 0; }
int cublasLtMatmulPreferenceCreate(void **preference) { *preference = calloc(1, 8); return 0; }
int cublasLtMatmulPreferenceDestroy(void *preference) { free(preference); return 0; }
int cublasLtMatmulPreferenceSetAttribute(void *preference, int attribute, const void *buffer,
                                         size_t size) {
  if (attribute != 1 || size != 8) return 7;
  memcpy(preference, buffer, 8);
  return 0;
}
int cublasLtMatmulAlgoGetHeuristic(void *handle, void *desc, void *a, void *b, void *c, void *d,
                                   void *preference, int requested, void *results, int *found) {
  (void)handle; (void)desc; (void)a; (void)b; (void)c; (void)d; (void)preference;
  int fail = fake_enter("cublasLtMatmulAlgoGetHeuristic");
  if (fail) return fail;
  *found = fake_lt_algorithms() < requested ? fake_lt_algorithms() : requested;
  if (*found > 0) memset(results, 0, 96);
  return 0;
}
int cublasLtMatmul(void *handle, void *desc, const void *alpha, const void *A, void *a_layout,
                   const void *B, void *b_layout, const void *beta, const void *C, void *c_layout,
                   void *D, void *d_layout, const void *algo, void *workspace, size_t workspace_size,
                   void *stream) {
  (void)handle; (void)C; (void)c_layout; (void)algo; (void)workspace; (void)workspace_size; (void)stream;
  int fail = fake_enter("cublasLtMatmul");
  if (fail) return fail;
  fake_desc *op = desc;
  fake_layout *la = a_layout, *lb = b_layout, *ld = d_layout;
  int m = (int)ld->rows, n = (int)ld->cols, k = (int)(op->transa ? la->rows : la->cols);
  if ((op->transb ? lb->cols : lb->rows) != (uint64_t)k) return 7;
  gemm(op->transa, op->transb, m, n, k, *(const float *)alpha, A, (int)la->ld, B, (int)lb->ld,
       *(const float *)beta, D, (int)ld->ld, ld->type);
  int bias = (op->epilogue & 4) != 0;
  if (bias && !op->bias) return 7;
  for (int j = 0; j < n; j++) {
    for (int i = 0; i < m; i++) {
      size_t index = (size_t)j * ld->ld + i;
      float v = fake_load(D, index, ld->type) + (bias ? fake_load(op->bias, i, ld->type) : 0);
      if (op->epilogue & 2) v = v > 0 ? v : 0;  // RELU
      if (op->epilogue & 32) v = 0.5f * v * (1.0f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v)));
      fake_store(D, index, ld->type, v);
    }
  }
  return 0;
}
