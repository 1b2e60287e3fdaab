// Host probes for `infer-plan devices`: per-core FP32 peak (an FMA throughput loop per
// instruction set) and memory bandwidth (a STREAM-style copy). The planner projects
// measurements to other CPUs with these figures, and the speed checks compare GEMM to them.
#ifndef IP_CKERNELS_PROBE_H
#define IP_CKERNELS_PROBE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Single-thread FP32 throughput of `isa` (an ip_isa level) in GFLOP/s, measured for about
/// `seconds`: the best rate over ~10 ms windows of 12 independent accumulator chains, so the
/// FMA latency (4–5 cycles) is hidden behind two FMA ports. One FMA counts 2 FLOP.
/// avx512: vfmadd231ps on zmm (16 lanes); avx2: vfmadd231ps on ymm (8 lanes); scalar: SSE
/// addps/mulps on xmm (4 lanes, 1 FLOP each: what compiled C can reach without FMA).
/// The loops are inline assembly, so a debug (-O0) build measures the same peak.
/// Returns a negative value if this CPU cannot run `isa`.
double ip_probe_fma_gflops(int isa, double seconds);

/// ip_probe_fma_gflops with windows of `window_seconds` instead of ~10 ms: the best rate over
/// `windows` windows. A benchmark that reports the best of R rounds of S seconds compares fairly
/// with the peak of R windows of S seconds: on a CPU whose clock moves within milliseconds (a
/// shared VM host), a 10 ms window catches the clock's highs that a 0.1 s round averages out.
double ip_probe_fma_gflops_windows(int isa, double window_seconds, int windows);

/// Copy bandwidth in GB/s (10^9 bytes/s), counting bytes read plus bytes written as STREAM's
/// "Copy" does: `threads` threads each memcpy their own slice of two `bytes_per_array`-byte
/// arrays for about `seconds`, best pass per thread, summed. Both arrays are touched before
/// timing, so page faults are excluded. Returns a negative value if memory or threads fail.
double ip_probe_copy_gbps(size_t bytes_per_array, int threads, double seconds);

/// How long a job waits for a pool worker: `trials` times, sleeps `gap_seconds` (so a worker
/// whose spin is shorter than the gap has gone to sleep), then runs a job whose first share
/// waits until the second has started on a worker, and stores the time from the call to that
/// start in latencies[trial] (seconds; 0.1 when the worker did not start within 0.1 s). The
/// spread between gap 0 (the worker spins) and a long gap (it sleeps) is the wake-up cost.
/// Returns 0, or −1 for a NULL or one-thread pool.
int ip_probe_pool_wake(struct ip_pool *pool, double gap_seconds, int trials, double *latencies);

#ifdef __cplusplus
}
#endif
#endif
