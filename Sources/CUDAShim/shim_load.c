// Loading: dlopen the driver and cuBLAS(Lt), resolve every symbol up front, initialise.
#include "shim_internal.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ip_shim_message(char *msg, size_t msg_len, const char *format, ...) {
  if (!msg || msg_len == 0) return;
  va_list args;
  va_start(args, format);
  vsnprintf(msg, msg_len, format, args);
  va_end(args);
}

void ip_shim_describe_result(const ip_cuda_driver_api *api, ip_cu_result result, char *buf,
                             size_t len) {
  const char *name = NULL;
  if (api && api->cuGetErrorName && api->cuGetErrorName(result, &name) != 0) name = NULL;
  snprintf(buf, len, "%s (%d)", name ? name : "CUDA error", result);
}

// One entry per symbol: the exported name, an older fallback name (or NULL), and the offset
// of its slot in the function table.
typedef struct {
  const char *name;
  const char *fallback;
  size_t offset;
} ip_symbol;

#define DRV(field, name, fallback) {name, fallback, offsetof(ip_cuda_driver_api, field)}
static const ip_symbol driver_symbols[] = {
    DRV(cuInit, "cuInit", NULL),
    DRV(cuDriverGetVersion, "cuDriverGetVersion", NULL),
    DRV(cuDeviceGetCount, "cuDeviceGetCount", NULL),
    DRV(cuDeviceGet, "cuDeviceGet", NULL),
    DRV(cuDeviceGetName, "cuDeviceGetName", NULL),
    DRV(cuDeviceTotalMem, "cuDeviceTotalMem_v2", NULL),
    DRV(cuDeviceGetAttribute, "cuDeviceGetAttribute", NULL),
    DRV(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", NULL),
    DRV(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", NULL),
    DRV(cuCtxSetCurrent, "cuCtxSetCurrent", NULL),
    DRV(cuMemGetInfo, "cuMemGetInfo_v2", NULL),
    DRV(cuMemAlloc, "cuMemAlloc_v2", NULL),
    DRV(cuMemFree, "cuMemFree_v2", NULL),
    DRV(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", NULL),
    DRV(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", NULL),
    DRV(cuModuleLoadDataEx, "cuModuleLoadDataEx", NULL),
    DRV(cuModuleGetFunction, "cuModuleGetFunction", NULL),
    DRV(cuLaunchKernel, "cuLaunchKernel", NULL),
    DRV(cuStreamCreate, "cuStreamCreate", NULL),
    DRV(cuStreamSynchronize, "cuStreamSynchronize", NULL),
    DRV(cuStreamDestroy, "cuStreamDestroy_v2", NULL),
    DRV(cuEventCreate, "cuEventCreate", NULL),
    DRV(cuEventRecord, "cuEventRecord", NULL),
    DRV(cuEventSynchronize, "cuEventSynchronize", NULL),
    // CUDA 13 headers map cuEventElapsedTime to _v2; older drivers export only the plain name.
    DRV(cuEventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime"),
    DRV(cuEventDestroy, "cuEventDestroy_v2", NULL),
    DRV(cuGetErrorName, "cuGetErrorName", NULL),
};
#undef DRV

#define BLAS(field, name) {name, NULL, offsetof(ip_cublas_api, field)}
static const ip_symbol cublas_symbols[] = {
    BLAS(cublasCreate, "cublasCreate_v2"),
    BLAS(cublasDestroy, "cublasDestroy_v2"),
    BLAS(cublasSetStream, "cublasSetStream_v2"),
    BLAS(cublasGemmEx, "cublasGemmEx"),
    BLAS(cublasGemmStridedBatchedEx, "cublasGemmStridedBatchedEx"),
};
#undef BLAS

#define LT(field) {#field, NULL, offsetof(ip_cublaslt_api, field)}
static const ip_symbol cublaslt_symbols[] = {
    LT(cublasLtGetVersion),
    LT(cublasLtCreate),
    LT(cublasLtDestroy),
    LT(cublasLtMatmulDescCreate),
    LT(cublasLtMatmulDescDestroy),
    LT(cublasLtMatmulDescSetAttribute),
    LT(cublasLtMatrixLayoutCreate),
    LT(cublasLtMatrixLayoutDestroy),
    LT(cublasLtMatmulPreferenceCreate),
    LT(cublasLtMatmulPreferenceDestroy),
    LT(cublasLtMatmulPreferenceSetAttribute),
    LT(cublasLtMatmulAlgoGetHeuristic),
    LT(cublasLtMatmul),
};
#undef LT

#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

static int resolve(const ip_symbol *symbols, int count, ip_cuda_lookup lookup, void *context,
                   const char *library, void *table, char *msg, size_t msg_len) {
  for (int i = 0; i < count; i++) {
    void *function = lookup(context, symbols[i].name);
    if (!function && symbols[i].fallback) function = lookup(context, symbols[i].fallback);
    if (!function) {
      ip_shim_message(msg, msg_len,
                      "%s lacks the symbol %s: it is not the CUDA library this needs "
                      "(too old, or another library under that name)",
                      library, symbols[i].name);
      return IP_CUDA_MISSING_SYMBOL;
    }
    memcpy((char *)table + symbols[i].offset, &function, sizeof function);
  }
  return IP_CUDA_OK;
}

int ip_cuda_resolve_driver(ip_cuda_lookup lookup, void *context, const char *library,
                           ip_cuda_driver_api *api, char *msg, size_t msg_len) {
  memset(api, 0, sizeof *api);
  return resolve(driver_symbols, COUNT(driver_symbols), lookup, context, library, api, msg,
                 msg_len);
}

int ip_cuda_resolve_cublas(ip_cuda_lookup lookup, void *context, const char *library,
                           ip_cublas_api *api, char *msg, size_t msg_len) {
  memset(api, 0, sizeof *api);
  return resolve(cublas_symbols, COUNT(cublas_symbols), lookup, context, library, api, msg,
                 msg_len);
}

int ip_cuda_resolve_cublaslt(ip_cuda_lookup lookup, void *context, const char *library,
                             ip_cublaslt_api *api, char *msg, size_t msg_len) {
  memset(api, 0, sizeof *api);
  return resolve(cublaslt_symbols, COUNT(cublaslt_symbols), lookup, context, library, api, msg,
                 msg_len);
}

int ip_cuda_driver_symbol_count(void) { return COUNT(driver_symbols); }

const char *ip_cuda_driver_symbol_name(int index) {
  if (index < 0 || index >= COUNT(driver_symbols)) return NULL;
  return driver_symbols[index].name;
}

static void *dlsym_lookup(void *handle, const char *name) { return dlsym(handle, name); }

int ip_cuda_driver_open(const char *path, ip_cuda_driver **out, char *msg, size_t msg_len) {
  *out = NULL;
  const char *name = path && path[0] ? path : "libcuda.so.1";
  void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    // dlerror repeats the name ("libcuda.so.1: cannot open shared object file: …"): keep the rest.
    size_t name_len = strlen(name);
    if (why && strncmp(why, name, name_len) == 0 && strncmp(why + name_len, ": ", 2) == 0) why += name_len + 2;
    ip_shim_message(msg, msg_len, "%s not found: no NVIDIA driver installed, or not on the loader path%s%s%s", name,
                    why ? " (" : "", why ? why : "", why ? ")" : "");
    return IP_CUDA_UNAVAILABLE;
  }
  ip_cuda_driver *driver = calloc(1, sizeof *driver);
  if (!driver) {
    ip_shim_message(msg, msg_len, "out of host memory");
    return IP_CUDA_DRIVER_ERROR;
  }
  snprintf(driver->path, sizeof driver->path, "%s", name);
  int status = ip_cuda_resolve_driver(dlsym_lookup, handle, name, &driver->api, msg, msg_len);
  if (status != IP_CUDA_OK) {
    free(driver);
    return status;  // never dlclose CUDA libraries
  }
  char text[96];
  ip_cu_result result = driver->api.cuInit(0);
  if (result == IP_CUDA_ERROR_STUB_LIBRARY) {
    ip_shim_message(msg, msg_len,
                    "%s is the CUDA toolkit's stub library (CUDA_ERROR_STUB_LIBRARY, 34), not a "
                    "driver: install the NVIDIA driver, or remove the toolkit's lib64/stubs "
                    "folder from LD_LIBRARY_PATH",
                    name);
    free(driver);
    return IP_CUDA_STUB_LIBRARY;
  }
  if (result == IP_CUDA_ERROR_NO_DEVICE) {
    ip_shim_message(msg, msg_len,
                    "the CUDA driver sees no GPU (cuInit: CUDA_ERROR_NO_DEVICE, 100; check "
                    "CUDA_VISIBLE_DEVICES and that the container was started with GPUs)");
    free(driver);
    return IP_CUDA_NO_DEVICE;
  }
  if (result != IP_CUDA_SUCCESS) {
    ip_shim_describe_result(&driver->api, result, text, sizeof text);
    ip_shim_message(msg, msg_len, "cuInit failed: %s (driver and kernel module mismatch?)", text);
    free(driver);
    return IP_CUDA_DRIVER_ERROR;
  }
  if ((result = driver->api.cuDriverGetVersion(&driver->version)) != IP_CUDA_SUCCESS ||
      (result = driver->api.cuDeviceGetCount(&driver->device_count)) != IP_CUDA_SUCCESS) {
    ip_shim_describe_result(&driver->api, result, text, sizeof text);
    ip_shim_message(msg, msg_len, "querying the driver failed: %s", text);
    free(driver);
    return IP_CUDA_DRIVER_ERROR;
  }
  if (driver->device_count <= 0) {
    ip_shim_message(msg, msg_len, "the CUDA driver sees no GPU (device count 0)");
    free(driver);
    return IP_CUDA_NO_DEVICE;
  }
  *out = driver;
  return IP_CUDA_OK;
}

void ip_cuda_driver_close(ip_cuda_driver *driver) { free(driver); }
int ip_cuda_driver_version(const ip_cuda_driver *driver) { return driver->version; }
int ip_cuda_device_count(const ip_cuda_driver *driver) { return driver->device_count; }
const char *ip_cuda_driver_path(const ip_cuda_driver *driver) { return driver->path; }

int ip_cuda_device_query(ip_cuda_driver *driver, int ordinal, ip_cuda_device_info *info,
                         char *msg, size_t msg_len) {
  memset(info, 0, sizeof *info);
  const ip_cuda_driver_api *api = &driver->api;
  if (ordinal < 0 || ordinal >= driver->device_count) {
    ip_shim_message(msg, msg_len, "GPU %d does not exist (the driver sees %d)", ordinal,
                    driver->device_count);
    return IP_CUDA_INVALID_ARGUMENT;
  }
  ip_cu_device device = 0;
  const char *call = "cuDeviceGet";
  ip_cu_result result = api->cuDeviceGet(&device, ordinal);
  if (result == 0) {
    call = "cuDeviceGetName";
    result = api->cuDeviceGetName(info->name, (int)sizeof info->name, device);
  }
  if (result == 0) {
    call = "cuDeviceTotalMem_v2";
    result = api->cuDeviceTotalMem(&info->total_memory_bytes, device);
  }
  struct { int attribute; int *value; } attributes[] = {
      {IP_CU_ATTR_MULTIPROCESSOR_COUNT, &info->multiprocessor_count},
      {IP_CU_ATTR_CLOCK_RATE, &info->clock_rate_khz},
      {IP_CU_ATTR_MEMORY_CLOCK_RATE, &info->memory_clock_rate_khz},
      {IP_CU_ATTR_GLOBAL_MEMORY_BUS_WIDTH, &info->memory_bus_width_bits},
      {IP_CU_ATTR_L2_CACHE_SIZE, &info->l2_cache_bytes},
      {IP_CU_ATTR_COMPUTE_CAPABILITY_MAJOR, &info->compute_capability_major},
      {IP_CU_ATTR_COMPUTE_CAPABILITY_MINOR, &info->compute_capability_minor},
  };
  for (int i = 0; result == 0 && i < COUNT(attributes); i++) {
    call = "cuDeviceGetAttribute";
    result = api->cuDeviceGetAttribute(attributes[i].value, attributes[i].attribute, device);
  }
  if (result != 0) {
    char text[96];
    ip_shim_describe_result(api, result, text, sizeof text);
    ip_shim_message(msg, msg_len, "%s for GPU %d failed: %s", call, ordinal, text);
    return IP_CUDA_DRIVER_ERROR;
  }
  info->name[sizeof info->name - 1] = 0;
  return IP_CUDA_OK;
}

// Tries `explicit_path`, else each soname bare and then inside each directory. Appends every
// attempt to `tried`. Returns the handle and writes the path used.
static void *open_library(const char *explicit_path, const char *const *sonames, int soname_count,
                          const char *const *directories, int directory_count, char *used,
                          size_t used_len, char *tried, size_t tried_len) {
  char candidate[1024];
  if (explicit_path && explicit_path[0]) {
    void *handle = dlopen(explicit_path, RTLD_NOW | RTLD_GLOBAL);
    if (handle) snprintf(used, used_len, "%s", explicit_path);
    else snprintf(tried, tried_len, "%s (%s)", explicit_path, dlerror());
    return handle;
  }
  tried[0] = 0;
  for (int s = 0; s < soname_count; s++) {
    for (int d = -1; d < directory_count; d++) {
      if (d < 0) snprintf(candidate, sizeof candidate, "%s", sonames[s]);
      else snprintf(candidate, sizeof candidate, "%s/%s", directories[d], sonames[s]);
      // RTLD_GLOBAL so that libcublas finds the already-loaded libcublasLt by soname.
      void *handle = dlopen(candidate, RTLD_NOW | RTLD_GLOBAL);
      if (handle) {
        snprintf(used, used_len, "%s", candidate);
        return handle;
      }
      size_t length = strlen(tried);
      if (length + 4 < tried_len) {
        snprintf(tried + length, tried_len - length, "%s%s", length ? ", " : "", candidate);
      }
    }
  }
  return NULL;
}

int ip_cuda_blas_open(const ip_cuda_driver *driver, const char *cublaslt_path,
                      const char *cublas_path, const char *const *directories,
                      int directory_count, ip_cuda_blas **out, char *msg, size_t msg_len) {
  *out = NULL;
  ip_cuda_blas *blas = calloc(1, sizeof *blas);
  if (!blas) {
    ip_shim_message(msg, msg_len, "out of host memory");
    return IP_CUDA_BLAS_ERROR;
  }
  // cuBLAS 13 needs a CUDA 13 driver; 12 runs on any 12.x-or-newer driver.
  int new_driver = driver && driver->version >= 13000;
  const char *lt_names13[] = {"libcublasLt.so.13", "libcublasLt.so.12"};
  const char *blas_names13[] = {"libcublas.so.13", "libcublas.so.12"};
  const char *const *lt_names = new_driver ? lt_names13 : lt_names13 + 1;
  const char *const *blas_names = new_driver ? blas_names13 : blas_names13 + 1;
  int name_count = new_driver ? 2 : 1;
  char tried[2048];
  void *lt = open_library(cublaslt_path, lt_names, name_count, directories, directory_count,
                          blas->lt_path, sizeof blas->lt_path, tried, sizeof tried);
  if (!lt) {
    ip_shim_message(msg, msg_len, "cuBLASLt not found (tried %s)", tried);
    free(blas);
    return IP_CUDA_UNAVAILABLE;
  }
  int status = ip_cuda_resolve_cublaslt(dlsym_lookup, lt, blas->lt_path, &blas->lt, msg, msg_len);
  if (status != IP_CUDA_OK) {
    free(blas);
    return status;
  }
  // Prefer cuBLAS from the folder cuBLASLt came from, so the two versions match.
  char folder[1024];
  snprintf(folder, sizeof folder, "%s", blas->lt_path);
  char *slash = strrchr(folder, '/');
  const char *blas_directories[17];
  int blas_directory_count = 0;
  if (slash) {
    *slash = 0;
    blas_directories[blas_directory_count++] = folder;
  }
  for (int d = 0; d < directory_count && blas_directory_count < 17; d++) {
    blas_directories[blas_directory_count++] = directories[d];
  }
  void *handle = open_library(cublas_path, blas_names, name_count, blas_directories,
                              blas_directory_count, blas->blas_path, sizeof blas->blas_path,
                              tried, sizeof tried);
  if (!handle) {
    ip_shim_message(msg, msg_len, "cuBLAS not found (tried %s)", tried);
    free(blas);
    return IP_CUDA_UNAVAILABLE;
  }
  status = ip_cuda_resolve_cublas(dlsym_lookup, handle, blas->blas_path, &blas->blas, msg, msg_len);
  if (status != IP_CUDA_OK) {
    free(blas);
    return status;
  }
  blas->version = blas->lt.cublasLtGetVersion();
  *out = blas;
  return IP_CUDA_OK;
}

size_t ip_cuda_blas_version(const ip_cuda_blas *blas) { return blas->version; }
const char *ip_cuda_blas_lt_path(const ip_cuda_blas *blas) { return blas->lt_path; }
const char *ip_cuda_blas_path(const ip_cuda_blas *blas) { return blas->blas_path; }
