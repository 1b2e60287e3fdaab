// Large buffers on huge pages where the kernel offers them on request.
//
// Linux's transparent huge pages are often in `madvise` mode (the Debian and Ubuntu default):
// a mapping gets 2 MiB pages only when asked. The convolutions read activations many rows
// apart (a 1×1 layer's k rows of one panel lie a whole plane apart, 12 KiB for a 56×56 map),
// so with 4 KiB pages nearly every k step touches another page and the DTLB misses; on 2 MiB
// pages the same reads stay within a few entries. Measured on an Intel Xeon Ice Lake (docs/onnx.md):
// MobileNetV2's 1×1 layers at batch 8 ran 0–25% faster on huge pages.
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
