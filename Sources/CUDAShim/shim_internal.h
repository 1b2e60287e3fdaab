// Private structs of the CUDA shim (shared by its .c files).
#ifndef IP_CUDA_SHIM_INTERNAL_H
#define IP_CUDA_SHIM_INTERNAL_H
#include "cuda_shim.h"
#include <stdarg.h>

struct ip_cuda_driver {
  ip_cuda_driver_api api;
  int version;
  int device_count;
  char path[512];
};

struct ip_cuda_blas {
  ip_cublas_api blas;
  ip_cublaslt_api lt;
  size_t version;
  char lt_path[1024];
  char blas_path[1024];
};

enum { IP_MAX_KERNELS = 64 };

struct ip_cuda_session {
  ip_cuda_driver *driver;
  ip_cuda_blas *blas;
  ip_cu_device device;
  ip_cu_context context;
  ip_cu_stream stream;
  ip_cu_event start;
  ip_cu_event stop;
  ip_blas_handle blas_handle;
  ip_lt_handle lt_handle;
  ip_cu_devptr workspace;
  size_t workspace_bytes;
  ip_cu_module module;
  ip_cu_function kernels[IP_MAX_KERNELS];
  int kernel_count;
  int context_retained;
};

struct ip_cuda_matmul {
  const ip_cublaslt_api *lt;
  ip_lt_matmul_desc desc;
  ip_lt_layout a, b, d;
  ip_lt_heuristic heuristic;
  int epilogue;
};

/// printf into the caller's message buffer (NULL/0 tolerated).
void ip_shim_message(char *msg, size_t msg_len, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/// "CUDA_ERROR_OUT_OF_MEMORY (2)" for a driver result (name from cuGetErrorName when present).
void ip_shim_describe_result(const ip_cuda_driver_api *api, ip_cu_result result, char *buf,
                             size_t len);
#endif
