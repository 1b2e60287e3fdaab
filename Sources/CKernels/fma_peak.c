// Single-core FMA peak for the benchmark's "% of peak" column, measured in the same run:
// 12 independent accumulator chains (hides the 4-cycle FMA latency behind two FMA ports).
// Compiled at -O3 in release; a debug (-O0) build spills the chains, so its figure is low
// (the benchmark says so).
#include <time.h>
#include "gemm_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#if defined(__x86_64__)
#define CHAINS(TYPE, SET1, FMA, ADD, STORE, LANES)                                    \
  TYPE acc[12];                                                                       \
  TYPE x = SET1(0.999999f), y = SET1(1e-7f);                                          \
  for (int i = 0; i < 12; i++) acc[i] = SET1((float)i);                               \
  for (long it = 0; it < iterations; it++) {                                          \
    _Pragma("clang loop unroll(full)") for (int i = 0; i < 12; i++) acc[i] = FMA(acc[i], x, y); \
  }                                                                                   \
  for (int i = 1; i < 12; i++) acc[0] = ADD(acc[0], acc[i]);                          \
  float out[LANES];                                                                   \
  STORE(out, acc[0]);                                                                 \
  return out[0];

__attribute__((target("avx512f"))) static float chains_avx512(long iterations) {
  CHAINS(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_storeu_ps, 16)
}
__attribute__((target("avx2,fma"))) static float chains_avx2(long iterations) {
  CHAINS(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_storeu_ps, 8)
}
#endif

static float chains_scalar(long iterations) {
  float acc[12], x = 0.999999f, y = 1e-7f;
  for (int i = 0; i < 12; i++) acc[i] = (float)i;
  for (long it = 0; it < iterations; it++)
    for (int i = 0; i < 12; i++) acc[i] = acc[i] * x + y;
  for (int i = 1; i < 12; i++) acc[0] += acc[i];
  return acc[0];
}

volatile float ip_fma_peak_sink;

double ip_fma_peak_gflops(int isa, double seconds) {
  int level = ip_effective_isa(isa);
  if (level != isa) return -1.0;
  int lanes = level == IP_ISA_AVX512 ? 16 : level == IP_ISA_AVX2 ? 8 : 1;
  double best = 0.0, end = seconds_now() + (seconds > 0 ? seconds : 0.01);
  const long iterations = 200000;  // 2.4 M FMAs per window: ~1 ms at AVX-512 speed
  do {
    double start = seconds_now();
    float r;
#if defined(__x86_64__)
    if (level == IP_ISA_AVX512) r = chains_avx512(iterations);
    else if (level == IP_ISA_AVX2) r = chains_avx2(iterations);
    else
#endif
      r = chains_scalar(iterations);
    ip_fma_peak_sink = r;
    double elapsed = seconds_now() - start;
    double rate = 2.0 * 12.0 * lanes * (double)iterations / elapsed / 1e9;
    if (rate > best) best = rate;
  } while (seconds_now() < end);
  return best;
}
