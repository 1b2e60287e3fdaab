// Sessions: primary context, one non-blocking stream, timing events, memory, PTX kernels, GEMM.
#include "shim_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Reports a failed driver call as "<call> failed: CUDA_ERROR_… (n)" and returns a status.
static int driver_failure(const ip_cuda_session *session, const char *call, ip_cu_result result,
                          char *msg, size_t msg_len) {
  char text[96];
  ip_shim_describe_result(&session->driver->api, result, text, sizeof text);
  ip_shim_message(msg, msg_len, "%s failed: %s", call, text);
  return result == IP_CUDA_ERROR_OUT_OF_MEMORY ? IP_CUDA_OUT_OF_MEMORY : IP_CUDA_DRIVER_ERROR;
}

static int blas_failure(const char *call, ip_blas_status status, char *msg, size_t msg_len) {
  static const char *names[] = {"SUCCESS", "NOT_INITIALIZED", "2", "ALLOC_FAILED", "4", "5",
                                "6", "INVALID_VALUE", "ARCH_MISMATCH", "9", "10",
                                "MAPPING_ERROR", "12", "EXECUTION_FAILED", "INTERNAL_ERROR",
                                "NOT_SUPPORTED", "LICENSE_ERROR"};
  const char *name = status >= 0 && status <= 16 ? names[status] : "unknown";
  ip_shim_message(msg, msg_len, "%s failed: CUBLAS_STATUS_%s (%d)", call, name, status);
  return IP_CUDA_BLAS_ERROR;
}

// The current context is per thread and Swift may call us from any thread: set it every time.
#define SET_CONTEXT(session)                                                          \
  do {                                                                                \
    ip_cu_result r_ = (session)->driver->api.cuCtxSetCurrent((session)->context);    \
    if (r_ != 0) return driver_failure((session), "cuCtxSetCurrent", r_, msg, msg_len); \
  } while (0)

#define CHECK(session, call, expression)                                          \
  do {                                                                            \
    ip_cu_result r_ = (expression);                                               \
    if (r_ != 0) return driver_failure((session), (call), r_, msg, msg_len);      \
  } while (0)

#define CHECK_BLAS(call, expression)                                  \
  do {                                                                \
    ip_blas_status s_ = (expression);                                 \
    if (s_ != 0) return blas_failure((call), s_, msg, msg_len);       \
  } while (0)

static int session_setup(ip_cuda_session *s, int ordinal, size_t workspace_bytes, char *msg,
                         size_t msg_len) {
  const ip_cuda_driver_api *api = &s->driver->api;
  CHECK(s, "cuDeviceGet", api->cuDeviceGet(&s->device, ordinal));
  CHECK(s, "cuDevicePrimaryCtxRetain", api->cuDevicePrimaryCtxRetain(&s->context, s->device));
  s->context_retained = 1;
  SET_CONTEXT(s);
  CHECK(s, "cuStreamCreate", api->cuStreamCreate(&s->stream, IP_CU_STREAM_NON_BLOCKING));
  CHECK(s, "cuEventCreate", api->cuEventCreate(&s->start, IP_CU_EVENT_DEFAULT));
  CHECK(s, "cuEventCreate", api->cuEventCreate(&s->stop, IP_CU_EVENT_DEFAULT));
  if (s->blas) {
    CHECK_BLAS("cublasCreate_v2", s->blas->blas.cublasCreate(&s->blas_handle));
    CHECK_BLAS("cublasSetStream_v2", s->blas->blas.cublasSetStream(s->blas_handle, s->stream));
    CHECK_BLAS("cublasLtCreate", s->blas->lt.cublasLtCreate(&s->lt_handle));
  }
  if (workspace_bytes > 0) {
    CHECK(s, "cuMemAlloc_v2 (cuBLASLt workspace)", api->cuMemAlloc(&s->workspace, workspace_bytes));
    s->workspace_bytes = workspace_bytes;
  }
  return IP_CUDA_OK;
}

int ip_cuda_session_create(ip_cuda_driver *driver, ip_cuda_blas *blas, int ordinal,
                           size_t workspace_bytes, ip_cuda_session **out, char *msg,
                           size_t msg_len) {
  *out = NULL;
  if (ordinal < 0 || ordinal >= driver->device_count) {
    ip_shim_message(msg, msg_len, "GPU %d does not exist (the driver sees %d)", ordinal,
                    driver->device_count);
    return IP_CUDA_INVALID_ARGUMENT;
  }
  ip_cuda_session *session = calloc(1, sizeof *session);
  if (!session) {
    ip_shim_message(msg, msg_len, "out of host memory");
    return IP_CUDA_DRIVER_ERROR;
  }
  session->driver = driver;
  session->blas = blas;
  int status = session_setup(session, ordinal, workspace_bytes, msg, msg_len);
  if (status != IP_CUDA_OK) {
    ip_cuda_session_destroy(session);
    return status;
  }
  *out = session;
  return IP_CUDA_OK;
}

void ip_cuda_session_destroy(ip_cuda_session *s) {
  if (!s) return;
  const ip_cuda_driver_api *api = &s->driver->api;
  if (s->context) api->cuCtxSetCurrent(s->context);
  if (s->stream) api->cuStreamSynchronize(s->stream);
  if (s->workspace) api->cuMemFree(s->workspace);
  if (s->start) api->cuEventDestroy(s->start);
  if (s->stop) api->cuEventDestroy(s->stop);
  if (s->blas && s->blas_handle) s->blas->blas.cublasDestroy(s->blas_handle);
  if (s->blas && s->lt_handle) s->blas->lt.cublasLtDestroy(s->lt_handle);
  if (s->stream) api->cuStreamDestroy(s->stream);
  // The module is freed with the context; the primary context is not released (see header).
  free(s);
}

size_t ip_cuda_session_workspace_bytes(const ip_cuda_session *s) { return s->workspace_bytes; }

int ip_cuda_alloc(ip_cuda_session *s, size_t bytes, ip_cu_devptr *out, char *msg, size_t msg_len) {
  *out = 0;
  SET_CONTEXT(s);
  ip_cu_result result = s->driver->api.cuMemAlloc(out, bytes ? bytes : 1);
  if (result != 0) {
    char text[96];
    ip_shim_describe_result(&s->driver->api, result, text, sizeof text);
    ip_shim_message(msg, msg_len, "cuMemAlloc_v2 of %zu bytes failed: %s", bytes, text);
    return result == IP_CUDA_ERROR_OUT_OF_MEMORY ? IP_CUDA_OUT_OF_MEMORY : IP_CUDA_DRIVER_ERROR;
  }
  return IP_CUDA_OK;
}

int ip_cuda_free(ip_cuda_session *s, ip_cu_devptr pointer, char *msg, size_t msg_len) {
  SET_CONTEXT(s);
  CHECK(s, "cuMemFree_v2", s->driver->api.cuMemFree(pointer));
  return IP_CUDA_OK;
}

int ip_cuda_upload(ip_cuda_session *s, ip_cu_devptr destination, const void *source, size_t bytes,
                   char *msg, size_t msg_len) {
  SET_CONTEXT(s);
  CHECK(s, "cuMemcpyHtoDAsync_v2",
        s->driver->api.cuMemcpyHtoDAsync(destination, source, bytes, s->stream));
  CHECK(s, "cuStreamSynchronize", s->driver->api.cuStreamSynchronize(s->stream));
  return IP_CUDA_OK;
}

int ip_cuda_download(ip_cuda_session *s, void *destination, ip_cu_devptr source, size_t bytes,
                     char *msg, size_t msg_len) {
  SET_CONTEXT(s);
  CHECK(s, "cuMemcpyDtoHAsync_v2",
        s->driver->api.cuMemcpyDtoHAsync(destination, source, bytes, s->stream));
  CHECK(s, "cuStreamSynchronize", s->driver->api.cuStreamSynchronize(s->stream));
  return IP_CUDA_OK;
}

int ip_cuda_load_module(ip_cuda_session *s, const char *ptx, const char *const *kernel_names,
                        int kernel_count, char *msg, size_t msg_len) {
  if (kernel_count < 0 || kernel_count > IP_MAX_KERNELS) {
    ip_shim_message(msg, msg_len, "%d kernels requested; the shim holds at most %d",
                    kernel_count, IP_MAX_KERNELS);
    return IP_CUDA_INVALID_ARGUMENT;
  }
  SET_CONTEXT(s);
  char log[4096] = {0};
  int options[] = {IP_CU_JIT_ERROR_LOG_BUFFER, IP_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {log, (void *)(uintptr_t)sizeof log};
  ip_cu_result result = s->driver->api.cuModuleLoadDataEx(&s->module, ptx, 2, options, values);
  if (result != 0) {
    char text[96];
    ip_shim_describe_result(&s->driver->api, result, text, sizeof text);
    log[sizeof log - 1] = 0;
    ip_shim_message(msg, msg_len, "the driver rejected the PTX kernels: %s%s%s", text,
                    log[0] ? "; JIT log: " : "", log);
    return IP_CUDA_PTX_ERROR;
  }
  for (int i = 0; i < kernel_count; i++) {
    result = s->driver->api.cuModuleGetFunction(&s->kernels[i], s->module, kernel_names[i]);
    if (result != 0) {
      char text[96];
      ip_shim_describe_result(&s->driver->api, result, text, sizeof text);
      ip_shim_message(msg, msg_len, "kernel %s not found in the PTX module: %s", kernel_names[i],
                      text);
      return IP_CUDA_PTX_ERROR;
    }
  }
  s->kernel_count = kernel_count;
  return IP_CUDA_OK;
}

int ip_cuda_launch(ip_cuda_session *s, int kernel, unsigned grid_x, unsigned grid_y,
                   unsigned block_x, const uint64_t *arguments, int argument_count, char *msg,
                   size_t msg_len) {
  enum { MAX_ARGUMENTS = 24 };
  if (kernel < 0 || kernel >= s->kernel_count || argument_count < 0 ||
      argument_count > MAX_ARGUMENTS) {
    ip_shim_message(msg, msg_len, "launch of kernel %d with %d arguments: out of range", kernel,
                    argument_count);
    return IP_CUDA_INVALID_ARGUMENT;
  }
  SET_CONTEXT(s);
  // kernelParams[i] points at argument i; the driver reads the PTX parameter's size from it.
  uint64_t slots[MAX_ARGUMENTS];
  void *parameters[MAX_ARGUMENTS];
  for (int i = 0; i < argument_count; i++) {
    slots[i] = arguments[i];
    parameters[i] = &slots[i];
  }
  ip_cu_result result = s->driver->api.cuLaunchKernel(s->kernels[kernel], grid_x, grid_y, 1,
                                                      block_x, 1, 1, 0, s->stream, parameters,
                                                      NULL);
  if (result != 0) {
    char text[96];
    ip_shim_describe_result(&s->driver->api, result, text, sizeof text);
    ip_shim_message(msg, msg_len, "cuLaunchKernel (kernel %d, grid %u×%u, block %u) failed: %s",
                    kernel, grid_x, grid_y, block_x, text);
    return IP_CUDA_DRIVER_ERROR;
  }
  return IP_CUDA_OK;
}

int ip_cuda_record_start(ip_cuda_session *s, char *msg, size_t msg_len) {
  SET_CONTEXT(s);
  CHECK(s, "cuEventRecord", s->driver->api.cuEventRecord(s->start, s->stream));
  return IP_CUDA_OK;
}

int ip_cuda_record_stop_and_wait(ip_cuda_session *s, double *elapsed_seconds, char *msg,
                                 size_t msg_len) {
  *elapsed_seconds = 0;
  SET_CONTEXT(s);
  CHECK(s, "cuEventRecord", s->driver->api.cuEventRecord(s->stop, s->stream));
  CHECK(s, "cuEventSynchronize", s->driver->api.cuEventSynchronize(s->stop));
  CHECK(s, "cuStreamSynchronize", s->driver->api.cuStreamSynchronize(s->stream));
  float milliseconds = 0;
  CHECK(s, "cuEventElapsedTime", s->driver->api.cuEventElapsedTime(&milliseconds, s->start, s->stop));
  *elapsed_seconds = milliseconds / 1000.0;
  return IP_CUDA_OK;
}

int ip_cuda_synchronize(ip_cuda_session *s, char *msg, size_t msg_len) {
  SET_CONTEXT(s);
  CHECK(s, "cuStreamSynchronize", s->driver->api.cuStreamSynchronize(s->stream));
  return IP_CUDA_OK;
}
