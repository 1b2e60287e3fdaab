// Large buffers on huge pages where the kernel offers them on request.
//
// Linux's transparent huge pages (/sys/kernel/mm/transparent_hugepage/enabled) are often in
// `madvise` mode, as on the Ice Lake of docs/performance.md: a mapping then gets 2 MiB pages
// only when asked (in `always` mode the call changes nothing, in `never` it is refused). The
// convolutions read activations many rows apart (a 1×1 layer's k rows of one panel lie a whole
// plane apart, 12 KiB for a 56×56 map), so with 4 KiB pages nearly every k step touches another
// page and the DTLB misses; on 2 MiB pages the same reads stay within a few entries. A batch-1
// pass that reads megabytes of weights once each gains too. Measured on that Ice Lake
// (docs/onnx.md, docs/performance.md): MobileNetV2's 1×1 layers at batch 8 0–33% faster,
// mlp-large's batch-1 pass 14% and its batch-16 pass 17%.
#include "ckernels.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

void ip_advise_huge_pages(void *start, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (start && bytes >= IP_HUGE_PAGE_BYTES) (void)madvise(start, bytes, MADV_HUGEPAGE);  // advice: failure is harmless
#else
  (void)start;
  (void)bytes;
#endif
}
