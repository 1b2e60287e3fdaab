// FakeCUDA: a stand-in for libcuda.so.1, libcublas and libcublasLt that tests dlopen by path
// (no GPU needed). It exports the same symbol names the shim resolves, keeps "device memory" in
// host memory, runs each known PTX kernel name with a C version of it, does GEMMs with plain
// loops, and records every call. Knobs below make chosen calls fail on purpose. Tests reach the
// knobs through dlsym on the same handle, so the library is never linked into a test binary.
#ifndef FAKE_CUDA_H
#define FAKE_CUDA_H
#include <stddef.h>

/// Restores defaults: 1 device "Fake GPU", 1 GiB, no failures, Lt algorithms found, empty log.
void fake_cuda_reset(void);
/// Makes `function` (its exported name, e.g. "cuMemAlloc_v2") return `result` from its
/// (`after_calls` + 1)-th call on. One rule per function; result 0 removes the rule.
void fake_cuda_fail(const char *function, int result, int after_calls);
/// Sets the CUDA version cuDriverGetVersion reports (default 13000).
void fake_cuda_set_driver_version(int version);
/// Sets the device count cuDeviceGetCount reports.
void fake_cuda_set_device_count(int count);
/// Sets the device memory size (allocations beyond it fail with CUDA_ERROR_OUT_OF_MEMORY).
void fake_cuda_set_memory_bytes(size_t bytes);
/// How many algorithms cublasLtMatmulAlgoGetHeuristic reports (0 forces the GemmEx fallback).
void fake_cuda_set_lt_algorithms(int count);
/// Writes the names of every call so far, one per line, into `buffer`; returns the call count.
int fake_cuda_call_log(char *buffer, size_t length);
/// Bytes currently allocated through cuMemAlloc_v2.
size_t fake_cuda_allocated_bytes(void);
#endif
