// CPU detection: done once; __builtin_cpu_supports also checks that the OS saves the
// wide registers (XCR0), so "avx512f" is only reported where it can run.
#include "ckernels.h"
#include <string.h>
#include <stdio.h>

int ip_cpu_best_isa(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return IP_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return IP_ISA_AVX2;
#endif
  return IP_ISA_SCALAR;
}

const char *ip_isa_name(int isa) {
  switch (isa) {
    case IP_ISA_AVX512: return "avx512";
    case IP_ISA_AVX2: return "avx2";
    default: return "scalar";
  }
}

int ip_cpu_brand(char *buf, size_t len) {
  if (buf == NULL || len == 0) return -1;
  buf[0] = 0;
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return -1;
  char line[512];
  int found = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) == 0) {
      char *colon = strchr(line, ':');
      if (colon) {
        colon++;
        while (*colon == ' ' || *colon == '\t') colon++;
        size_t n = strcspn(colon, "\n");
        if (n >= len) n = len - 1;
        memcpy(buf, colon, n);
        buf[n] = 0;
        found = 0;
      }
      break;
    }
  }
  fclose(f);
  return found;
}
