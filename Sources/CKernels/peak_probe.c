// Host probes: an FMA throughput loop per instruction set and a STREAM-like copy.
// Legend: ACC = independent accumulator registers (12), LANES = floats per register.
// The FMA loops are inline assembly with every register they touch in the clobber list,
// so the result does not depend on the optimisation level of the build.
#include "ckernels.h"
#include "ckernels_probe.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double ip_now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#if defined(__x86_64__)
#define IP_FMA12(reg)                                                                           \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "0\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "1\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "2\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "3\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "4\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "5\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "6\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "7\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "8\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "9\n\t"                                        \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "10\n\t"                                       \
  "vfmadd231ps %%" reg "12, %%" reg "13, %%" reg "11\n\t"

#define IP_ZERO14(reg, op)                                                                      \
  op " %%" reg "0, %%" reg "0, %%" reg "0\n\t" op " %%" reg "1, %%" reg "1, %%" reg "1\n\t"   \
  op " %%" reg "2, %%" reg "2, %%" reg "2\n\t" op " %%" reg "3, %%" reg "3, %%" reg "3\n\t"   \
  op " %%" reg "4, %%" reg "4, %%" reg "4\n\t" op " %%" reg "5, %%" reg "5, %%" reg "5\n\t"   \
  op " %%" reg "6, %%" reg "6, %%" reg "6\n\t" op " %%" reg "7, %%" reg "7, %%" reg "7\n\t"   \
  op " %%" reg "8, %%" reg "8, %%" reg "8\n\t" op " %%" reg "9, %%" reg "9, %%" reg "9\n\t"   \
  op " %%" reg "10, %%" reg "10, %%" reg "10\n\t" op " %%" reg "11, %%" reg "11, %%" reg "11\n\t" \
  op " %%" reg "12, %%" reg "12, %%" reg "12\n\t" op " %%" reg "13, %%" reg "13, %%" reg "13\n\t"

#define IP_VECTOR_CLOBBERS                                                                      \
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",     \
    "xmm11", "xmm12", "xmm13", "cc"

// Each iteration: 12 FMAs on ymm (8 lanes) = 192 FLOP. Zero inputs: no denormal assists.
__attribute__((target("avx2,fma"))) static void ip_fma_loop_avx2(long iterations) {
  __asm__ volatile(IP_ZERO14("ymm", "vxorps") "1:\n\t" IP_FMA12("ymm") "dec %0\n\t"
                                                                        "jnz 1b\n\t"
                                                                        "vzeroupper\n\t"
                   : "+r"(iterations)
                   :
                   : IP_VECTOR_CLOBBERS);
}

// Each iteration: 12 FMAs on zmm (16 lanes) = 384 FLOP.
__attribute__((target("avx512f"))) static void ip_fma_loop_avx512(long iterations) {
  __asm__ volatile(IP_ZERO14("zmm", "vpxord") "1:\n\t" IP_FMA12("zmm") "dec %0\n\t"
                                                                        "jnz 1b\n\t"
                                                                        "vzeroupper\n\t"
                   : "+r"(iterations)
                   :
                   : IP_VECTOR_CLOBBERS);
}

// Each iteration: 6 addps + 6 mulps on xmm (4 lanes) = 48 FLOP (SSE2, every x86-64 CPU).
static void ip_fma_loop_sse(long iterations) {
  __asm__ volatile(
      "xorps %%xmm0, %%xmm0\n\t xorps %%xmm1, %%xmm1\n\t xorps %%xmm2, %%xmm2\n\t"
      "xorps %%xmm3, %%xmm3\n\t xorps %%xmm4, %%xmm4\n\t xorps %%xmm5, %%xmm5\n\t"
      "xorps %%xmm6, %%xmm6\n\t xorps %%xmm7, %%xmm7\n\t xorps %%xmm8, %%xmm8\n\t"
      "xorps %%xmm9, %%xmm9\n\t xorps %%xmm10, %%xmm10\n\t xorps %%xmm11, %%xmm11\n\t"
      "xorps %%xmm12, %%xmm12\n\t xorps %%xmm13, %%xmm13\n\t"
      "1:\n\t"
      "addps %%xmm12, %%xmm0\n\t mulps %%xmm13, %%xmm1\n\t addps %%xmm12, %%xmm2\n\t"
      "mulps %%xmm13, %%xmm3\n\t addps %%xmm12, %%xmm4\n\t mulps %%xmm13, %%xmm5\n\t"
      "addps %%xmm12, %%xmm6\n\t mulps %%xmm13, %%xmm7\n\t addps %%xmm12, %%xmm8\n\t"
      "mulps %%xmm13, %%xmm9\n\t addps %%xmm12, %%xmm10\n\t mulps %%xmm13, %%xmm11\n\t"
      "dec %0\n\t jnz 1b\n\t"
      : "+r"(iterations)
      :
      : IP_VECTOR_CLOBBERS);
}
#endif

// Portable fallback (non-x86): 8 independent chains the compiler may vectorise.
static volatile float ip_probe_sink;
static void ip_fma_loop_portable(long iterations) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const float a = 0.999f, b = 1e-6f;
  for (long i = 0; i < iterations; i++)
    for (int j = 0; j < 8; j++) acc[j] = acc[j] * a + b;
  ip_probe_sink = acc[0] + acc[7];
}

/// The FMA loop for `isa` and its FLOP per iteration; NULL loop if this CPU cannot run `isa`.
static void (*fma_loop(int isa, double *flop_per_iteration))(long) {
  if (isa < IP_ISA_SCALAR || isa > ip_cpu_best_isa()) return NULL;
  void (*loop)(long) = ip_fma_loop_portable;
  *flop_per_iteration = 16;
#if defined(__x86_64__)
  switch (isa) {
    case IP_ISA_AVX512: loop = ip_fma_loop_avx512; *flop_per_iteration = 12 * 16 * 2; break;
    case IP_ISA_AVX2: loop = ip_fma_loop_avx2; *flop_per_iteration = 12 * 8 * 2; break;
    default: loop = ip_fma_loop_sse; *flop_per_iteration = 12 * 4; break;
  }
#endif
  return loop;
}

/// Iterations of `loop` that take about `window` seconds (from a short calibration run).
static long iterations_for(void (*loop)(long), double window) {
  long iterations = 10000;
  double start = ip_now_seconds();
  loop(iterations);
  double took = ip_now_seconds() - start;
  if (took <= 0) return iterations;
  double per_window = window / (took / (double)iterations);
  if (per_window > 1e10) per_window = 1e10;
  return per_window < 1000 ? 1000 : (long)per_window;
}

/// GFLOP/s of one run of `iterations` iterations (0 if the clock did not move).
static double window_rate(void (*loop)(long), double flop_per_iteration, long iterations) {
  double t0 = ip_now_seconds();
  loop(iterations);
  double t1 = ip_now_seconds();
  return t1 > t0 ? flop_per_iteration * (double)iterations / (t1 - t0) * 1e-9 : 0;
}

double ip_probe_fma_gflops(int isa, double seconds) {
  double flop_per_iteration = 0;
  void (*loop)(long) = fma_loop(isa, &flop_per_iteration);
  if (!loop) return -1;
  if (!(seconds > 0)) seconds = 0.1;
  long iterations = iterations_for(loop, 0.01);  // ~10 ms windows
  double best = 0;
  double end = ip_now_seconds() + seconds;
  do {
    double rate = window_rate(loop, flop_per_iteration, iterations);
    if (rate > best) best = rate;
  } while (ip_now_seconds() < end);
  return best;
}

double ip_probe_fma_gflops_windows(int isa, double window_seconds, int windows) {
  double flop_per_iteration = 0;
  void (*loop)(long) = fma_loop(isa, &flop_per_iteration);
  if (!loop || windows < 1) return -1;
  if (!(window_seconds > 0)) window_seconds = 0.01;
  long iterations = iterations_for(loop, window_seconds);
  double best = 0;
  for (int w = 0; w < windows; w++) {
    double rate = window_rate(loop, flop_per_iteration, iterations);
    if (rate > best) best = rate;
  }
  return best;
}

// Start line for the copy threads: each touches its slice, reports ready, then waits for
// `go`, so all copies run at the same time and page faults stay outside the timing.
typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int ready;
  int go;
} ip_start_line;

typedef struct {
  char *source;
  char *destination;
  size_t bytes;
  double seconds;
  double best_gbps;
  ip_start_line *line;
} ip_copy_job;

static void *ip_copy_worker(void *argument) {
  ip_copy_job *job = (ip_copy_job *)argument;
  memset(job->source, 1, job->bytes);
  memset(job->destination, 0, job->bytes);
  pthread_mutex_lock(&job->line->lock);
  job->line->ready++;
  pthread_cond_broadcast(&job->line->changed);
  while (!job->line->go) pthread_cond_wait(&job->line->changed, &job->line->lock);
  pthread_mutex_unlock(&job->line->lock);
  double end = ip_now_seconds() + job->seconds;
  int passes = 0;
  do {
    double t0 = ip_now_seconds();
    memcpy(job->destination, job->source, job->bytes);
    double t1 = ip_now_seconds();
    if (t1 > t0) {
      double rate = 2.0 * (double)job->bytes / (t1 - t0) * 1e-9;
      if (rate > job->best_gbps) job->best_gbps = rate;
    }
    passes++;
  } while (ip_now_seconds() < end || passes < 2);
  return NULL;
}

double ip_probe_copy_gbps(size_t bytes_per_array, int threads, double seconds) {
  if (threads < 1 || threads > 1024 || bytes_per_array < (size_t)threads * 4096) return -1;
  size_t slice = (bytes_per_array / (size_t)threads) & ~(size_t)63;
  ip_copy_job *jobs = calloc((size_t)threads, sizeof *jobs);
  pthread_t *ids = calloc((size_t)threads, sizeof *ids);
  char *source = malloc(slice * (size_t)threads);
  char *destination = malloc(slice * (size_t)threads);
  double total = -1;
  if (!jobs || !ids || !source || !destination) goto done;
  ip_start_line line = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
  int started = 0;
  for (int t = 0; t < threads; t++) {
    jobs[t] = (ip_copy_job){source + slice * (size_t)t, destination + slice * (size_t)t, slice, seconds, 0, &line};
  }
  for (int t = 1; t < threads; t++) {  // the caller runs job 0
    if (pthread_create(&ids[t], NULL, ip_copy_worker, &jobs[t]) != 0) break;
    started++;
  }
  // Job 0 runs on the caller: touch its pages, wait until every worker is ready, then `go`.
  memset(jobs[0].source, 1, jobs[0].bytes);
  memset(jobs[0].destination, 0, jobs[0].bytes);
  pthread_mutex_lock(&line.lock);
  while (line.ready < started) pthread_cond_wait(&line.changed, &line.lock);
  line.go = 1;
  pthread_cond_broadcast(&line.changed);
  pthread_mutex_unlock(&line.lock);
  if (started == threads - 1) {
    ip_copy_worker(&jobs[0]);
  }
  for (int t = 1; t <= started; t++) pthread_join(ids[t], NULL);
  if (started == threads - 1) {
    total = 0;
    for (int t = 0; t < threads; t++) total += jobs[t].best_gbps;
  }
done:
  free(jobs);
  free(ids);
  free(source);
  free(destination);
  return total;
}
