// Memory bandwidth probe: a STREAM-style triad over several threads. The measuring host's
// figure is written on every measurements row (`host_memory_bandwidth_gbs`); the CPU projection
// divides a pass's memory traffic by it.
#ifndef IP_CKERNELS_BANDWIDTH_H
#define IP_CKERNELS_BANDWIDTH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bytes of the last-level cache as the C library reports it (sysconf _SC_LEVEL3_CACHE_SIZE,
/// else level 2); 0 when unknown.
size_t ip_probe_last_level_cache_bytes(void);

/// Triad bandwidth in GB/s (10^9 bytes/s): `a[i] = b[i] + s * c[i]` on fp64 arrays of
/// `bytes_per_array` bytes each, split into `threads` slices, one thread per slice. Each pass
/// starts all threads together (a barrier) and ends when the last finishes; the best pass over
/// about `seconds` counts, at 3 arrays' bytes per element (2 reads + 1 write, as STREAM counts:
/// the write-allocate read is not counted). Pages are touched before timing. The x86-64 loop
/// is SSE2 inline assembly, so a debug (-O0) build measures the same figure.
/// Returns a negative value if memory or threads cannot be had.
double ip_probe_triad_gbps(size_t bytes_per_array, int threads, double seconds);

#ifdef __cplusplus
}
#endif
#endif
