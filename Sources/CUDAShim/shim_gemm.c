// GEMM through cuBLASLt (with bias/activation epilogues) and cuBLAS (plain or strided batched).
#include "shim_internal.h"
#include <stdlib.h>
#include <string.h>

static int blas_error(const char *call, ip_blas_status status, char *msg, size_t msg_len) {
  ip_shim_message(msg, msg_len, "%s failed: cuBLAS status %d", call, status);
  return IP_CUDA_BLAS_ERROR;
}

#define CHECK_LT(call, expression)                                         \
  do {                                                                     \
    ip_blas_status s_ = (expression);                                      \
    if (s_ != 0) {                                                         \
      ip_cuda_matmul_destroy(plan);                                        \
      return blas_error((call), s_, msg, msg_len);                         \
    }                                                                      \
  } while (0)

int ip_cuda_matmul_create(ip_cuda_session *s, int transa, int transb, int m, int n, int k,
                          int lda, int ldb, int ldd, int data_type, int compute_type,
                          int epilogue, ip_cuda_matmul **out, char *msg, size_t msg_len) {
  *out = NULL;
  if (!s->blas) {
    ip_shim_message(msg, msg_len, "cuBLASLt is not loaded");
    return IP_CUDA_UNAVAILABLE;
  }
  const ip_cublaslt_api *lt = &s->blas->lt;
  ip_cu_result set = s->driver->api.cuCtxSetCurrent(s->context);
  if (set != 0) {
    ip_shim_message(msg, msg_len, "cuCtxSetCurrent failed: CUDA error %d", set);
    return IP_CUDA_DRIVER_ERROR;
  }
  ip_cuda_matmul *plan = calloc(1, sizeof *plan);
  if (!plan) {
    ip_shim_message(msg, msg_len, "out of host memory");
    return IP_CUDA_BLAS_ERROR;
  }
  plan->lt = lt;
  plan->epilogue = epilogue;
  CHECK_LT("cublasLtMatmulDescCreate",
           lt->cublasLtMatmulDescCreate(&plan->desc, compute_type, IP_CUDA_R_32F));
  CHECK_LT("cublasLtMatmulDescSetAttribute(TRANSA)",
           lt->cublasLtMatmulDescSetAttribute(plan->desc, IP_LT_DESC_TRANSA, &transa, sizeof transa));
  CHECK_LT("cublasLtMatmulDescSetAttribute(TRANSB)",
           lt->cublasLtMatmulDescSetAttribute(plan->desc, IP_LT_DESC_TRANSB, &transb, sizeof transb));
  uint32_t epilogue_value = (uint32_t)epilogue;  // the EPILOGUE attribute is a uint32
  CHECK_LT("cublasLtMatmulDescSetAttribute(EPILOGUE)",
           lt->cublasLtMatmulDescSetAttribute(plan->desc, IP_LT_DESC_EPILOGUE, &epilogue_value,
                                              sizeof epilogue_value));
  // Layouts describe the stored matrices (before op): A is m×k (or k×m when transposed).
  CHECK_LT("cublasLtMatrixLayoutCreate(A)",
           lt->cublasLtMatrixLayoutCreate(&plan->a, data_type, transa ? k : m, transa ? m : k, lda));
  CHECK_LT("cublasLtMatrixLayoutCreate(B)",
           lt->cublasLtMatrixLayoutCreate(&plan->b, data_type, transb ? n : k, transb ? k : n, ldb));
  CHECK_LT("cublasLtMatrixLayoutCreate(D)",
           lt->cublasLtMatrixLayoutCreate(&plan->d, data_type, m, n, ldd));
  ip_lt_preference preference = NULL;
  CHECK_LT("cublasLtMatmulPreferenceCreate", lt->cublasLtMatmulPreferenceCreate(&preference));
  uint64_t workspace = s->workspace_bytes;  // MAX_WORKSPACE_BYTES is a uint64
  ip_blas_status status = lt->cublasLtMatmulPreferenceSetAttribute(
      preference, IP_LT_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof workspace);
  int found = 0;
  if (status == 0) {
    status = lt->cublasLtMatmulAlgoGetHeuristic(s->lt_handle, plan->desc, plan->a, plan->b,
                                                plan->d, plan->d, preference, 1, &plan->heuristic,
                                                &found);
  }
  lt->cublasLtMatmulPreferenceDestroy(preference);
  if (status != 0 || found < 1) {
    ip_shim_message(msg, msg_len,
                    "cuBLASLt has no algorithm for %d×%d×%d (epilogue %d, status %d): using "
                    "cublasGemmEx",
                    m, n, k, epilogue, status);
    ip_cuda_matmul_destroy(plan);
    return IP_CUDA_LT_UNSUPPORTED;
  }
  *out = plan;
  return IP_CUDA_OK;
}

int ip_cuda_matmul_run(ip_cuda_session *s, const ip_cuda_matmul *plan, float alpha,
                       ip_cu_devptr a, ip_cu_devptr b, ip_cu_devptr d, ip_cu_devptr bias,
                       char *msg, size_t msg_len) {
  const ip_cublaslt_api *lt = &s->blas->lt;
  ip_cu_result set = s->driver->api.cuCtxSetCurrent(s->context);
  if (set != 0) {
    ip_shim_message(msg, msg_len, "cuCtxSetCurrent failed: CUDA error %d", set);
    return IP_CUDA_DRIVER_ERROR;
  }
  if (plan->epilogue & IP_LT_EPILOGUE_BIAS) {
    void *bias_pointer = (void *)(uintptr_t)bias;
    ip_blas_status status = lt->cublasLtMatmulDescSetAttribute(
        plan->desc, IP_LT_DESC_BIAS_POINTER, &bias_pointer, sizeof bias_pointer);
    if (status != 0) return blas_error("cublasLtMatmulDescSetAttribute(BIAS_POINTER)", status, msg, msg_len);
  }
  float beta = 0;
  ip_blas_status status = lt->cublasLtMatmul(
      s->lt_handle, plan->desc, &alpha, (const void *)(uintptr_t)a, plan->a,
      (const void *)(uintptr_t)b, plan->b, &beta, (const void *)(uintptr_t)d, plan->d,
      (void *)(uintptr_t)d, plan->d, &plan->heuristic.algo, (void *)(uintptr_t)s->workspace,
      s->workspace_bytes, s->stream);
  if (status != 0) return blas_error("cublasLtMatmul", status, msg, msg_len);
  return IP_CUDA_OK;
}

void ip_cuda_matmul_destroy(ip_cuda_matmul *plan) {
  if (!plan) return;
  if (plan->lt) {
    if (plan->desc) plan->lt->cublasLtMatmulDescDestroy(plan->desc);
    if (plan->a) plan->lt->cublasLtMatrixLayoutDestroy(plan->a);
    if (plan->b) plan->lt->cublasLtMatrixLayoutDestroy(plan->b);
    if (plan->d) plan->lt->cublasLtMatrixLayoutDestroy(plan->d);
  }
  free(plan);
}

int ip_cuda_gemm(ip_cuda_session *s, int transa, int transb, int m, int n, int k, float alpha,
                 ip_cu_devptr a, int lda, long long stride_a, ip_cu_devptr b, int ldb,
                 long long stride_b, float beta, ip_cu_devptr c, int ldc, long long stride_c,
                 int batch, int data_type, int compute_type, char *msg, size_t msg_len) {
  if (!s->blas) {
    ip_shim_message(msg, msg_len, "cuBLAS is not loaded");
    return IP_CUDA_UNAVAILABLE;
  }
  ip_cu_result set = s->driver->api.cuCtxSetCurrent(s->context);
  if (set != 0) {
    ip_shim_message(msg, msg_len, "cuCtxSetCurrent failed: CUDA error %d", set);
    return IP_CUDA_DRIVER_ERROR;
  }
  const ip_cublas_api *api = &s->blas->blas;
  ip_blas_status status;
  // alpha/beta are host floats: compute type 32F (also for 16-bit data) takes float scalars.
  if (batch <= 1) {
    status = api->cublasGemmEx(s->blas_handle, transa, transb, m, n, k, &alpha,
                               (const void *)(uintptr_t)a, data_type, lda,
                               (const void *)(uintptr_t)b, data_type, ldb, &beta,
                               (void *)(uintptr_t)c, data_type, ldc, compute_type,
                               IP_CUBLAS_GEMM_DEFAULT);
    if (status != 0) return blas_error("cublasGemmEx", status, msg, msg_len);
  } else {
    status = api->cublasGemmStridedBatchedEx(
        s->blas_handle, transa, transb, m, n, k, &alpha, (const void *)(uintptr_t)a, data_type,
        lda, stride_a, (const void *)(uintptr_t)b, data_type, ldb, stride_b, &beta,
        (void *)(uintptr_t)c, data_type, ldc, stride_c, batch, compute_type,
        IP_CUBLAS_GEMM_DEFAULT);
    if (status != 0) return blas_error("cublasGemmStridedBatchedEx", status, msg, msg_len);
  }
  return IP_CUDA_OK;
}
