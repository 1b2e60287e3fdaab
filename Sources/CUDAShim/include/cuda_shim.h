// CUDAShim: the CUDA driver and cuBLAS, loaded with dlopen at run time (no CUDA headers or
// libraries needed to build). Scaffolding until issue 6: only the "open" entry point.
#ifndef IP_CUDA_SHIM_H
#define IP_CUDA_SHIM_H
#include <stddef.h>

/// Status codes of the shim (0 = ok).
typedef enum { IP_CUDA_OK = 0, IP_CUDA_UNAVAILABLE = 1 } ip_cuda_status;

/// Tries to load the driver from `path` (NULL = "libcuda.so.1"); on failure writes why into msg.
int ip_cuda_probe(const char *path, char *msg, size_t msg_len);
#endif
