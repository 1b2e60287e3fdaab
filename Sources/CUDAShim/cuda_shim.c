#include "cuda_shim.h"
#include <dlfcn.h>
#include <stdio.h>

int ip_cuda_probe(const char *path, char *msg, size_t msg_len) {
  const char *name = path ? path : "libcuda.so.1";
  void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    if (msg && msg_len) snprintf(msg, msg_len, "%s not found", name);
    return IP_CUDA_UNAVAILABLE;
  }
  if (msg && msg_len) msg[0] = 0;
  return IP_CUDA_OK;  // never dlclose CUDA libraries
}
