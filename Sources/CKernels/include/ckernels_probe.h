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

/// Copy bandwidth in GB/s (10^9 bytes/s), counting bytes read plus bytes written as STREAM's
/// "Copy" does: `threads` threads each memcpy their own slice of two `bytes_per_array`-byte
/// arrays for about `seconds`, best pass per thread, summed. Both arrays are touched before
/// timing, so page faults are excluded. Returns a negative value if memory or threads fail.
double ip_probe_copy_gbps(size_t bytes_per_array, int threads, double seconds);

#ifdef __cplusplus
}
#endif
#endif
