// The fake driver API: devices, memory (host malloc), streams, events (host clock), modules.
#include "fake_cuda.h"
#include "fake_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { MAX_RULES = 32, LOG_BYTES = 1 << 20 };
static struct { char name[64]; int result; int after; int calls; } rules[MAX_RULES];
static int rule_count;
static char call_log[LOG_BYTES];
static size_t log_length;
static int call_count;
static int device_count = 1;
static int driver_version = 13000;
static size_t memory_bytes = (size_t)1 << 30;
static size_t allocated_bytes;
static int lt_algorithms = 1;
static int initialised;

void fake_cuda_reset(void) {
  rule_count = 0;
  log_length = 0;
  call_log[0] = 0;
  call_count = 0;
  device_count = 1;
  driver_version = 13000;
  memory_bytes = (size_t)1 << 30;
  lt_algorithms = 1;
  initialised = 0;
}

void fake_cuda_fail(const char *function, int result, int after_calls) {
  for (int i = 0; i < rule_count; i++) {
    if (strcmp(rules[i].name, function) == 0) {
      rules[i].result = result;
      rules[i].after = after_calls;
      rules[i].calls = 0;
      return;
    }
  }
  if (rule_count == MAX_RULES) return;
  snprintf(rules[rule_count].name, sizeof rules[0].name, "%s", function);
  rules[rule_count].result = result;
  rules[rule_count].after = after_calls;
  rules[rule_count].calls = 0;
  rule_count++;
}

void fake_cuda_set_device_count(int count) { device_count = count; }
void fake_cuda_set_driver_version(int version) { driver_version = version; }
void fake_cuda_set_memory_bytes(size_t bytes) { memory_bytes = bytes; }
void fake_cuda_set_lt_algorithms(int count) { lt_algorithms = count; }
int fake_lt_algorithms(void) { return lt_algorithms; }
size_t fake_cuda_allocated_bytes(void) { return allocated_bytes; }

int fake_cuda_call_log(char *buffer, size_t length) {
  if (buffer && length) snprintf(buffer, length, "%s", call_log);
  return call_count;
}

int fake_enter(const char *name) {
  size_t n = strlen(name);
  if (log_length + n + 2 < LOG_BYTES) {
    memcpy(call_log + log_length, name, n);
    log_length += n;
    call_log[log_length++] = '\n';
    call_log[log_length] = 0;
  }
  call_count++;
  for (int i = 0; i < rule_count; i++) {
    if (strcmp(rules[i].name, name) == 0 && rules[i].result != 0) {
      return rules[i].calls++ >= rules[i].after ? rules[i].result : 0;
    }
  }
  return 0;
}

#define ENTER(name)                 \
  do {                              \
    int fail_ = fake_enter(name);   \
    if (fail_) return fail_;        \
  } while (0)

typedef unsigned long long devptr;

int cuInit(unsigned flags) {
  ENTER("cuInit");
  if (flags != 0) return 1;
  initialised = 1;
  return 0;
}
int cuDriverGetVersion(int *version) { ENTER("cuDriverGetVersion"); *version = driver_version; return 0; }
int cuDeviceGetCount(int *count) {
  ENTER("cuDeviceGetCount");
  if (!initialised) return 3;  // CUDA_ERROR_NOT_INITIALIZED
  *count = device_count;
  return 0;
}
int cuDeviceGet(int *device, int ordinal) {
  ENTER("cuDeviceGet");
  if (ordinal < 0 || ordinal >= device_count) return 101;
  *device = ordinal;
  return 0;
}
int cuDeviceGetName(char *name, int length, int device) {
  ENTER("cuDeviceGetName");
  snprintf(name, (size_t)length, "Fake GPU %d", device);
  return 0;
}
int cuDeviceTotalMem_v2(size_t *bytes, int device) {
  (void)device;
  ENTER("cuDeviceTotalMem_v2");
  *bytes = memory_bytes;
  return 0;
}
int cuDeviceGetAttribute(int *value, int attribute, int device) {
  (void)device;
  ENTER("cuDeviceGetAttribute");
  switch (attribute) {
  case 13: *value = 1500000; return 0;   // clock kHz
  case 16: *value = 10; return 0;        // SMs
  case 36: *value = 1000000; return 0;   // memory clock kHz
  case 37: *value = 256; return 0;       // bus bits
  case 38: *value = 4 << 20; return 0;   // L2
  case 75: *value = 8; return 0;
  case 76: *value = 6; return 0;
  default: return 1;
  }
}
static int fake_context_storage;
int cuDevicePrimaryCtxRetain(void **context, int device) {
  (void)device;
  ENTER("cuDevicePrimaryCtxRetain");
  *context = &fake_context_storage;
  return 0;
}
int cuDevicePrimaryCtxRelease_v2(int device) { (void)device; ENTER("cuDevicePrimaryCtxRelease_v2"); return 0; }
int cuCtxSetCurrent(void *context) { ENTER("cuCtxSetCurrent"); return context ? 0 : 201; }
int cuMemGetInfo_v2(size_t *free_bytes, size_t *total) {
  ENTER("cuMemGetInfo_v2");
  *free_bytes = memory_bytes - allocated_bytes;
  *total = memory_bytes;
  return 0;
}
// Each allocation carries its size in a header so that cuMemFree can return it.
int cuMemAlloc_v2(devptr *pointer, size_t bytes) {
  ENTER("cuMemAlloc_v2");
  if (bytes == 0) return 1;
  if (allocated_bytes + bytes > memory_bytes) return 2;  // CUDA_ERROR_OUT_OF_MEMORY
  size_t *block = malloc(bytes + 16);
  if (!block) return 2;
  block[0] = bytes;
  allocated_bytes += bytes;
  *pointer = (devptr)(uintptr_t)(block + 2);
  return 0;
}
int cuMemFree_v2(devptr pointer) {
  ENTER("cuMemFree_v2");
  if (!pointer) return 0;
  size_t *block = (size_t *)(uintptr_t)pointer - 2;
  allocated_bytes -= block[0];
  free(block);
  return 0;
}
int cuMemcpyHtoDAsync_v2(devptr destination, const void *source, size_t bytes, void *stream) {
  (void)stream;
  ENTER("cuMemcpyHtoDAsync_v2");
  memcpy((void *)(uintptr_t)destination, source, bytes);
  return 0;
}
int cuMemcpyDtoHAsync_v2(void *destination, devptr source, size_t bytes, void *stream) {
  (void)stream;
  ENTER("cuMemcpyDtoHAsync_v2");
  memcpy(destination, (const void *)(uintptr_t)source, bytes);
  return 0;
}
static int fake_stream_storage;
int cuStreamCreate(void **stream, unsigned flags) {
  ENTER("cuStreamCreate");
  if (flags != 1) return 1;  // the shim always asks for CU_STREAM_NON_BLOCKING
  *stream = &fake_stream_storage;
  return 0;
}
int cuStreamSynchronize(void *stream) { (void)stream; ENTER("cuStreamSynchronize"); return 0; }
int cuStreamDestroy_v2(void *stream) { (void)stream; ENTER("cuStreamDestroy_v2"); return 0; }

typedef struct { double seconds; int recorded; } fake_event;
static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
int cuEventCreate(void **event, unsigned flags) {
  ENTER("cuEventCreate");
  if (flags & 2) return 1;  // a DISABLE_TIMING event could not be timed
  *event = calloc(1, sizeof(fake_event));
  return *event ? 0 : 2;
}
int cuEventRecord(void *event, void *stream) {
  (void)stream;
  ENTER("cuEventRecord");
  ((fake_event *)event)->seconds = now_seconds();
  ((fake_event *)event)->recorded = 1;
  return 0;
}
int cuEventSynchronize(void *event) { (void)event; ENTER("cuEventSynchronize"); return 0; }
int cuEventElapsedTime_v2(float *milliseconds, void *start, void *stop) {
  ENTER("cuEventElapsedTime_v2");
  fake_event *a = start, *b = stop;
  if (!a->recorded || !b->recorded) return 600;  // CUDA_ERROR_NOT_READY
  *milliseconds = (float)((b->seconds - a->seconds) * 1000.0);
  return 0;
}
int cuEventDestroy_v2(void *event) { ENTER("cuEventDestroy_v2"); free(event); return 0; }
int cuGetErrorName(int result, const char **name) {
  switch (result) {
  case 1: *name = "CUDA_ERROR_INVALID_VALUE"; return 0;
  case 2: *name = "CUDA_ERROR_OUT_OF_MEMORY"; return 0;
  case 3: *name = "CUDA_ERROR_NOT_INITIALIZED"; return 0;
  case 34: *name = "CUDA_ERROR_STUB_LIBRARY"; return 0;
  case 100: *name = "CUDA_ERROR_NO_DEVICE"; return 0;
  case 218: *name = "CUDA_ERROR_INVALID_PTX"; return 0;
  case 500: *name = "CUDA_ERROR_NOT_FOUND"; return 0;
  case 719: *name = "CUDA_ERROR_LAUNCH_FAILED"; return 0;
  default: *name = NULL; return 1;
  }
}
