// CUDAShim: the CUDA driver API, cuBLAS and cuBLASLt, loaded with dlopen at run time.
//
// No CUDA headers or libraries are needed to build: the few types, enum values and prototypes
// used are declared below with an `ip_` prefix (values from cuda.h / cublas_api.h / cublasLt.h
// of CUDA 12.6.3 and 13.5 and cuBLAS 12.6.4 and 13.10, identical in both: the 13.x headers are
// in PyPI's nvidia-cuda-runtime and nvidia-cublas wheels, nvidia/cu13/include/). Every symbol is
// resolved up front into a table of function pointers, and the first missing one is named.
//
// Every function returns an `ip_cuda_status` and, on failure, writes what went wrong into the
// caller's `msg` buffer (never exits, aborts or asserts on input). Objects are opaque structs
// allocated by the shim; libraries are never dlclosed (unloading CUDA libraries is unsafe).
#ifndef IP_CUDA_SHIM_H
#define IP_CUDA_SHIM_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes of the shim (0 = ok).
typedef enum {
  IP_CUDA_OK = 0,
  /// A library could not be dlopened (not installed, or not on the loader path).
  IP_CUDA_UNAVAILABLE = 1,
  /// A library loaded but lacks a symbol the shim needs (named in the message).
  IP_CUDA_MISSING_SYMBOL = 2,
  /// libcuda is the CUDA toolkit's stub (CUDA_ERROR_STUB_LIBRARY, 34): no real driver.
  IP_CUDA_STUB_LIBRARY = 3,
  /// The driver works but sees no device (CUDA_ERROR_NO_DEVICE, 100, or a count of 0).
  IP_CUDA_NO_DEVICE = 4,
  /// A driver call failed; the message names the call and the CUDA error.
  IP_CUDA_DRIVER_ERROR = 5,
  /// A device allocation failed (CUDA_ERROR_OUT_OF_MEMORY, 2).
  IP_CUDA_OUT_OF_MEMORY = 6,
  /// The driver rejected the PTX module (the JIT log is in the message).
  IP_CUDA_PTX_ERROR = 7,
  /// A cuBLAS or cuBLASLt call failed; the message names the call and the status.
  IP_CUDA_BLAS_ERROR = 8,
  /// cuBLASLt found no algorithm for this matmul; the caller falls back to cublasGemmEx.
  IP_CUDA_LT_UNSUPPORTED = 9,
  /// Bad argument from the caller (e.g. kernel index out of range).
  IP_CUDA_INVALID_ARGUMENT = 10,
} ip_cuda_status;

// ---- Driver API types (cuda.h) ----
typedef int ip_cu_result;              // CUresult; CUDA_SUCCESS == 0
typedef int ip_cu_device;              // CUdevice
typedef unsigned long long ip_cu_devptr;  // CUdeviceptr (64-bit)
typedef struct CUctx_st *ip_cu_context;
typedef struct CUmod_st *ip_cu_module;
typedef struct CUfunc_st *ip_cu_function;
typedef struct CUstream_st *ip_cu_stream;
typedef struct CUevent_st *ip_cu_event;

enum {
  IP_CUDA_SUCCESS = 0,
  IP_CUDA_ERROR_OUT_OF_MEMORY = 2,
  IP_CUDA_ERROR_STUB_LIBRARY = 34,
  IP_CUDA_ERROR_NO_DEVICE = 100,
  IP_CU_STREAM_NON_BLOCKING = 1,
  IP_CU_EVENT_DEFAULT = 0,
  IP_CU_JIT_ERROR_LOG_BUFFER = 5,
  IP_CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  IP_CU_ATTR_CLOCK_RATE = 13,            // kHz
  IP_CU_ATTR_MULTIPROCESSOR_COUNT = 16,
  IP_CU_ATTR_MEMORY_CLOCK_RATE = 36,     // kHz
  IP_CU_ATTR_GLOBAL_MEMORY_BUS_WIDTH = 37,  // bits
  IP_CU_ATTR_L2_CACHE_SIZE = 38,         // bytes
  IP_CU_ATTR_COMPUTE_CAPABILITY_MAJOR = 75,
  IP_CU_ATTR_COMPUTE_CAPABILITY_MINOR = 76,
};

/// The driver functions the shim uses, resolved by their exported (often `_v2`) names.
typedef struct {
  ip_cu_result (*cuInit)(unsigned int);
  ip_cu_result (*cuDriverGetVersion)(int *);
  ip_cu_result (*cuDeviceGetCount)(int *);
  ip_cu_result (*cuDeviceGet)(ip_cu_device *, int);
  ip_cu_result (*cuDeviceGetName)(char *, int, ip_cu_device);
  ip_cu_result (*cuDeviceTotalMem)(size_t *, ip_cu_device);           // cuDeviceTotalMem_v2
  ip_cu_result (*cuDeviceGetAttribute)(int *, int, ip_cu_device);
  ip_cu_result (*cuDevicePrimaryCtxRetain)(ip_cu_context *, ip_cu_device);
  ip_cu_result (*cuDevicePrimaryCtxRelease)(ip_cu_device);            // _v2
  ip_cu_result (*cuCtxSetCurrent)(ip_cu_context);
  ip_cu_result (*cuMemGetInfo)(size_t *, size_t *);                    // _v2
  ip_cu_result (*cuMemAlloc)(ip_cu_devptr *, size_t);                  // _v2
  ip_cu_result (*cuMemFree)(ip_cu_devptr);                             // _v2
  ip_cu_result (*cuMemcpyHtoDAsync)(ip_cu_devptr, const void *, size_t, ip_cu_stream);  // _v2
  ip_cu_result (*cuMemcpyDtoHAsync)(void *, ip_cu_devptr, size_t, ip_cu_stream);        // _v2
  ip_cu_result (*cuModuleLoadDataEx)(ip_cu_module *, const void *, unsigned int, int *, void **);
  ip_cu_result (*cuModuleGetFunction)(ip_cu_function *, ip_cu_module, const char *);
  ip_cu_result (*cuLaunchKernel)(ip_cu_function, unsigned, unsigned, unsigned, unsigned,
                                 unsigned, unsigned, unsigned, ip_cu_stream, void **, void **);
  ip_cu_result (*cuStreamCreate)(ip_cu_stream *, unsigned int);
  ip_cu_result (*cuStreamSynchronize)(ip_cu_stream);
  ip_cu_result (*cuStreamDestroy)(ip_cu_stream);                       // _v2
  ip_cu_result (*cuEventCreate)(ip_cu_event *, unsigned int);
  ip_cu_result (*cuEventRecord)(ip_cu_event, ip_cu_stream);
  ip_cu_result (*cuEventSynchronize)(ip_cu_event);
  ip_cu_result (*cuEventElapsedTime)(float *, ip_cu_event, ip_cu_event);  // _v2 if exported
  ip_cu_result (*cuEventDestroy)(ip_cu_event);                         // _v2
  ip_cu_result (*cuGetErrorName)(ip_cu_result, const char **);
} ip_cuda_driver_api;

// ---- cuBLAS / cuBLASLt (cublas_api.h, cublasLt.h, library_types.h) ----
typedef int ip_blas_status;  // cublasStatus_t; 0 = success
typedef struct ip_blas_handle_st *ip_blas_handle;
typedef struct ip_lt_handle_st *ip_lt_handle;
typedef struct ip_lt_desc_st *ip_lt_matmul_desc;
typedef struct ip_lt_layout_st *ip_lt_layout;
typedef struct ip_lt_pref_st *ip_lt_preference;
/// cublasLtMatmulAlgo_t: 8 × uint64 (unchanged 12.6 → 13.x).
typedef struct { uint64_t data[8]; } ip_lt_algo;
/// cublasLtMatmulHeuristicResult_t (96 bytes).
typedef struct {
  ip_lt_algo algo;
  size_t workspace_size;
  ip_blas_status state;
  float waves_count;
  int reserved[4];
} ip_lt_heuristic;

enum {
  IP_CUDA_R_32F = 0, IP_CUDA_R_16F = 2, IP_CUDA_R_16BF = 14,          // cudaDataType
  IP_CUBLAS_OP_N = 0, IP_CUBLAS_OP_T = 1,
  IP_CUBLAS_COMPUTE_32F = 68, IP_CUBLAS_COMPUTE_32F_FAST_TF32 = 77,   // cublasComputeType_t
  IP_CUBLAS_GEMM_DEFAULT = -1,
  IP_LT_DESC_TRANSA = 3, IP_LT_DESC_TRANSB = 4, IP_LT_DESC_EPILOGUE = 7,
  IP_LT_DESC_BIAS_POINTER = 8,
  IP_LT_PREF_MAX_WORKSPACE_BYTES = 1,
  IP_LT_EPILOGUE_DEFAULT = 1, IP_LT_EPILOGUE_RELU = 2, IP_LT_EPILOGUE_BIAS = 4,
  IP_LT_EPILOGUE_RELU_BIAS = 6, IP_LT_EPILOGUE_GELU = 32, IP_LT_EPILOGUE_GELU_BIAS = 36,
};

/// The cuBLAS functions the shim uses (libcublas.so.13/.12).
typedef struct {
  ip_blas_status (*cublasCreate)(ip_blas_handle *);                         // _v2
  ip_blas_status (*cublasDestroy)(ip_blas_handle);                          // _v2
  ip_blas_status (*cublasSetStream)(ip_blas_handle, ip_cu_stream);          // _v2
  ip_blas_status (*cublasGemmEx)(ip_blas_handle, int, int, int, int, int, const void *,
                                 const void *, int, int, const void *, int, int, const void *,
                                 void *, int, int, int, int);
  ip_blas_status (*cublasGemmStridedBatchedEx)(
      ip_blas_handle, int, int, int, int, int, const void *, const void *, int, int, long long,
      const void *, int, int, long long, const void *, void *, int, int, long long, int, int,
      int);
} ip_cublas_api;

/// The cuBLASLt functions the shim uses (libcublasLt.so.13/.12).
typedef struct {
  size_t (*cublasLtGetVersion)(void);
  ip_blas_status (*cublasLtCreate)(ip_lt_handle *);
  ip_blas_status (*cublasLtDestroy)(ip_lt_handle);
  ip_blas_status (*cublasLtMatmulDescCreate)(ip_lt_matmul_desc *, int, int);
  ip_blas_status (*cublasLtMatmulDescDestroy)(ip_lt_matmul_desc);
  ip_blas_status (*cublasLtMatmulDescSetAttribute)(ip_lt_matmul_desc, int, const void *, size_t);
  ip_blas_status (*cublasLtMatrixLayoutCreate)(ip_lt_layout *, int, uint64_t, uint64_t, int64_t);
  ip_blas_status (*cublasLtMatrixLayoutDestroy)(ip_lt_layout);
  ip_blas_status (*cublasLtMatmulPreferenceCreate)(ip_lt_preference *);
  ip_blas_status (*cublasLtMatmulPreferenceDestroy)(ip_lt_preference);
  ip_blas_status (*cublasLtMatmulPreferenceSetAttribute)(ip_lt_preference, int, const void *,
                                                         size_t);
  ip_blas_status (*cublasLtMatmulAlgoGetHeuristic)(ip_lt_handle, ip_lt_matmul_desc, ip_lt_layout,
                                                   ip_lt_layout, ip_lt_layout, ip_lt_layout,
                                                   ip_lt_preference, int, ip_lt_heuristic *,
                                                   int *);
  ip_blas_status (*cublasLtMatmul)(ip_lt_handle, ip_lt_matmul_desc, const void *, const void *,
                                   ip_lt_layout, const void *, ip_lt_layout, const void *,
                                   const void *, ip_lt_layout, void *, ip_lt_layout,
                                   const ip_lt_algo *, void *, size_t, ip_cu_stream);
} ip_cublaslt_api;

// ---- Symbol resolution ----

/// Looks a symbol up (dlsym-like); `context` is the caller's (a dlopen handle, or a test table).
typedef void *(*ip_cuda_lookup)(void *context, const char *name);

/// Resolves every driver symbol through `lookup`; names the first missing one in `msg`.
/// `library` is only used in the message. Returns IP_CUDA_OK or IP_CUDA_MISSING_SYMBOL.
int ip_cuda_resolve_driver(ip_cuda_lookup lookup, void *context, const char *library,
                           ip_cuda_driver_api *api, char *msg, size_t msg_len);
/// Resolves every cuBLAS symbol (see `ip_cuda_resolve_driver`).
int ip_cuda_resolve_cublas(ip_cuda_lookup lookup, void *context, const char *library,
                           ip_cublas_api *api, char *msg, size_t msg_len);
/// Resolves every cuBLASLt symbol (see `ip_cuda_resolve_driver`).
int ip_cuda_resolve_cublaslt(ip_cuda_lookup lookup, void *context, const char *library,
                             ip_cublaslt_api *api, char *msg, size_t msg_len);

/// Number of driver symbols resolved (for tests that list them).
int ip_cuda_driver_symbol_count(void);
/// The exported name of driver symbol `index` (0 ≤ index < count), e.g. "cuMemAlloc_v2".
const char *ip_cuda_driver_symbol_name(int index);

// ---- Driver ----

/// A loaded, initialised driver: its function table, version and device count.
typedef struct ip_cuda_driver ip_cuda_driver;

/// Loads the driver from `path` (NULL → "libcuda.so.1", never the unversioned stub name),
/// resolves every symbol, calls cuInit(0) and counts devices. Maps cuInit's 34 to
/// IP_CUDA_STUB_LIBRARY and 100 (or a count of 0) to IP_CUDA_NO_DEVICE. On success `*out`
/// holds the driver (free with ip_cuda_driver_close, which never dlcloses).
int ip_cuda_driver_open(const char *path, ip_cuda_driver **out, char *msg, size_t msg_len);
/// Frees the driver object (the library stays loaded).
void ip_cuda_driver_close(ip_cuda_driver *driver);
/// The driver's CUDA version, e.g. 13000 for 13.0.
int ip_cuda_driver_version(const ip_cuda_driver *driver);
/// Devices the driver sees (after CUDA_VISIBLE_DEVICES).
int ip_cuda_device_count(const ip_cuda_driver *driver);
/// The path or soname the driver was loaded from.
const char *ip_cuda_driver_path(const ip_cuda_driver *driver);

/// What the driver reports about one device.
typedef struct {
  char name[256];
  size_t total_memory_bytes;
  int multiprocessor_count;
  int clock_rate_khz;
  int memory_clock_rate_khz;
  int memory_bus_width_bits;
  int l2_cache_bytes;
  int compute_capability_major;
  int compute_capability_minor;
} ip_cuda_device_info;

/// Reads name, memory and attributes of device `ordinal`.
int ip_cuda_device_query(ip_cuda_driver *driver, int ordinal, ip_cuda_device_info *info,
                         char *msg, size_t msg_len);

// ---- cuBLAS ----

/// Loaded cuBLASLt + cuBLAS function tables.
typedef struct ip_cuda_blas ip_cuda_blas;

/// Loads cuBLASLt then cuBLAS. Each explicit path (NULL = search) wins; otherwise tries the
/// sonames (.13 only when the driver is ≥ 13.0, then .12) bare, then in each of `directories`
/// (count `directory_count`). The message lists every place tried when nothing loads.
int ip_cuda_blas_open(const ip_cuda_driver *driver, const char *cublaslt_path,
                      const char *cublas_path, const char *const *directories,
                      int directory_count, ip_cuda_blas **out, char *msg, size_t msg_len);
/// cuBLASLt's version (e.g. 130100 for 13.1.0), or 0 if unknown.
size_t ip_cuda_blas_version(const ip_cuda_blas *blas);
/// Where cuBLASLt and cuBLAS were loaded from.
const char *ip_cuda_blas_lt_path(const ip_cuda_blas *blas);
const char *ip_cuda_blas_path(const ip_cuda_blas *blas);

// ---- Session: one device, one primary context, one non-blocking stream ----

/// A device session: context, stream, two timing events, cuBLAS handles, the PTX module.
typedef struct ip_cuda_session ip_cuda_session;

/// Retains the primary context of `ordinal`, creates a non-blocking stream, two timing events,
/// the cuBLAS and cuBLASLt handles (bound to the stream) and a `workspace_bytes` Lt workspace.
int ip_cuda_session_create(ip_cuda_driver *driver, ip_cuda_blas *blas, int ordinal,
                           size_t workspace_bytes, ip_cuda_session **out, char *msg,
                           size_t msg_len);
/// Destroys the cuBLAS handles, workspace, events and stream. The primary context stays
/// retained until the process ends: cuBLAS's internal CUDA runtime shares it, and letting its
/// reference count reach zero between two sessions would leave that runtime with a dead context.
void ip_cuda_session_destroy(ip_cuda_session *session);

/// Bytes the session itself holds on the device (the Lt workspace).
size_t ip_cuda_session_workspace_bytes(const ip_cuda_session *session);

/// Allocates `bytes` on the device (IP_CUDA_OUT_OF_MEMORY when it does not fit).
int ip_cuda_alloc(ip_cuda_session *session, size_t bytes, ip_cu_devptr *out, char *msg,
                  size_t msg_len);
/// Frees a device allocation.
int ip_cuda_free(ip_cuda_session *session, ip_cu_devptr pointer, char *msg, size_t msg_len);
/// Copies host → device on the session's stream and waits for it.
int ip_cuda_upload(ip_cuda_session *session, ip_cu_devptr destination, const void *source,
                   size_t bytes, char *msg, size_t msg_len);
/// Copies device → host on the session's stream and waits for it.
int ip_cuda_download(ip_cuda_session *session, void *destination, ip_cu_devptr source,
                     size_t bytes, char *msg, size_t msg_len);

/// Loads a NUL-terminated PTX module (JIT error log in `msg` on failure) and looks up
/// `kernel_count` kernels by name (all at once: lazy loading would defer errors into timing).
int ip_cuda_load_module(ip_cuda_session *session, const char *ptx, const char *const *kernel_names,
                        int kernel_count, char *msg, size_t msg_len);

/// Launches kernel `kernel` (index into the names given to ip_cuda_load_module) on the stream.
/// `arguments` holds one 64-bit slot per kernel parameter; the driver reads as many bytes as
/// the PTX parameter has (4 for .u32/.f32 — the low half on little-endian — 8 for .u64).
int ip_cuda_launch(ip_cuda_session *session, int kernel, unsigned grid_x, unsigned grid_y,
                   unsigned block_x, const uint64_t *arguments, int argument_count, char *msg,
                   size_t msg_len);

/// Records the start event on the stream.
int ip_cuda_record_start(ip_cuda_session *session, char *msg, size_t msg_len);
/// Records the stop event, synchronizes the stream and returns the elapsed device time.
int ip_cuda_record_stop_and_wait(ip_cuda_session *session, double *elapsed_seconds, char *msg,
                                 size_t msg_len);
/// Waits for everything enqueued on the stream (surfaces asynchronous launch errors).
int ip_cuda_synchronize(ip_cuda_session *session, char *msg, size_t msg_len);

// ---- GEMM (cuBLAS is column-major; see CUDABackend for the row-major mapping) ----

/// A prepared cuBLASLt matmul D = epilogue(op(A)·op(B) + bias) with its algorithm chosen once.
typedef struct ip_cuda_matmul ip_cuda_matmul;

/// Plans `D[m×n] = op(A)·op(B)` (+ bias of length m, + ReLU/GELU per `epilogue`) in `data_type`
/// with `compute_type`. Returns IP_CUDA_LT_UNSUPPORTED when cuBLASLt offers no algorithm (the
/// caller then uses ip_cuda_gemm plus PTX bias/activation kernels).
int ip_cuda_matmul_create(ip_cuda_session *session, int transa, int transb, int m, int n, int k,
                          int lda, int ldb, int ldd, int data_type, int compute_type,
                          int epilogue, ip_cuda_matmul **out, char *msg, size_t msg_len);
/// Enqueues a planned matmul (bias may be 0 when the epilogue has none).
int ip_cuda_matmul_run(ip_cuda_session *session, const ip_cuda_matmul *plan, float alpha,
                       ip_cu_devptr a, ip_cu_devptr b, ip_cu_devptr d, ip_cu_devptr bias,
                       char *msg, size_t msg_len);
/// Frees a matmul plan.
void ip_cuda_matmul_destroy(ip_cuda_matmul *plan);

/// Enqueues `batch` strided GEMMs C_i = alpha·op(A_i)·op(B_i) + beta·C_i with cublasGemmEx
/// (batch 1) or cublasGemmStridedBatchedEx.
int ip_cuda_gemm(ip_cuda_session *session, int transa, int transb, int m, int n, int k,
                 float alpha, ip_cu_devptr a, int lda, long long stride_a, ip_cu_devptr b, int ldb,
                 long long stride_b, float beta, ip_cu_devptr c, int ldc, long long stride_c,
                 int batch, int data_type, int compute_type, char *msg, size_t msg_len);

#ifdef __cplusplus
}
#endif
#endif
