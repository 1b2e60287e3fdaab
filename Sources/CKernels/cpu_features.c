// CPU detection: the instruction-set level and the data caches, each read once per process.
// __builtin_cpu_supports also checks that the OS saves the wide registers (XCR0), so "avx512f"
// is only reported where it can run.
#include "ckernels.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

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

// ---- Data caches ------------------------------------------------------------------------------

/// Reads a small sysfs file into buf (trailing newline removed); returns 0 on success.
static int read_small_file(const char *path, char *buf, size_t len) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, len - 1, f);
  fclose(f);
  buf[n] = 0;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = 0;
  return n > 0 ? 0 : -1;
}

/// "32K", "8192K", "1M" or "65536" → bytes (0 if unreadable).
static size_t parse_size(const char *text) {
  char *end = NULL;
  unsigned long long value = strtoull(text, &end, 10);
  if (end == text) return 0;
  if (*end == 'K' || *end == 'k') value <<= 10;
  else if (*end == 'M' || *end == 'm') value <<= 20;
  else if (*end == 'G' || *end == 'g') value <<= 30;
  return (size_t)value;
}

/// "0-3,8-11" or "0,4" → the number of CPUs listed (0 if unreadable).
static int count_cpu_list(const char *text) {
  int count = 0;
  const char *p = text;
  while (*p) {
    char *end = NULL;
    long first = strtol(p, &end, 10);
    if (end == p) return 0;
    long last = first;
    p = end;
    if (*p == '-') {
      last = strtol(p + 1, &end, 10);
      if (end == p + 1) return 0;
      p = end;
    }
    if (last >= first) count += (int)(last - first + 1);
    if (*p == ',') p++;
    else if (*p) return 0;
  }
  return count;
}

static int caches_from_sysfs(ip_cache_info *out) {
  int found = 0;
  for (int index = 0; index < 16; index++) {
    char path[128], text[256];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", index);
    if (read_small_file(path, text, sizeof text) != 0) break;
    int level = atoi(text);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", index);
    if (read_small_file(path, text, sizeof text) != 0 || strcmp(text, "Instruction") == 0) continue;
    ip_cache_level *target = level == 1 ? &out->l1d : level == 2 ? &out->l2 : level == 3 ? &out->l3 : NULL;
    if (!target) continue;
    ip_cache_level entry = {0, 0, 0, 0};
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
    if (read_small_file(path, text, sizeof text) == 0) entry.bytes = parse_size(text);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/ways_of_associativity", index);
    if (read_small_file(path, text, sizeof text) == 0) entry.ways = atoi(text);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/coherency_line_size", index);
    if (read_small_file(path, text, sizeof text) == 0) entry.line_bytes = atoi(text);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/shared_cpu_list", index);
    if (read_small_file(path, text, sizeof text) == 0) entry.shared_by = count_cpu_list(text);
    if (entry.bytes == 0) continue;
    *target = entry;
    found++;
  }
  return found > 0 && out->l1d.bytes > 0 ? 0 : -1;
}

static int caches_from_cpuid(ip_cache_info *out) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return -1;
  int amd = b == 0x68747541;  // "Auth"enticAMD
  unsigned leaf = 4;
  if (amd) {
    // 0x8000001D (cache topology) exists with the TOPOEXT feature (0x80000001 ECX bit 22).
    if (!__get_cpuid(0x80000001, &a, &b, &c, &d) || !(c & (1u << 22))) return -1;
    leaf = 0x8000001D;
  } else if (a < 4) {
    return -1;
  }
  int found = 0;
  for (unsigned sub = 0; sub < 16; sub++) {
    __cpuid_count(leaf, sub, a, b, c, d);
    unsigned type = a & 31, level = (a >> 5) & 7;
    if (type == 0) break;
    if (type == 2) continue;  // instruction cache
    ip_cache_level entry;
    entry.ways = (int)((b >> 22) + 1);
    entry.line_bytes = (int)((b & 0xFFF) + 1);
    entry.bytes = (size_t)entry.ways * (((b >> 12) & 0x3FF) + 1) * (size_t)entry.line_bytes * (c + 1);
    entry.shared_by = (int)(((a >> 14) & 0xFFF) + 1);
    ip_cache_level *target = level == 1 ? &out->l1d : level == 2 ? &out->l2 : level == 3 ? &out->l3 : NULL;
    if (target && entry.bytes > 0) {
      *target = entry;
      found++;
    }
  }
  return found > 0 && out->l1d.bytes > 0 ? 0 : -1;
#else
  (void)out;
  return -1;
#endif
}

static ip_cache_info detected_caches;
static pthread_once_t caches_once = PTHREAD_ONCE_INIT;

static void detect_caches(void) {
  ip_cache_info info;
  memset(&info, 0, sizeof info);
  if (caches_from_sysfs(&info) == 0) {
    info.source = "sysfs";
  } else {
    memset(&info, 0, sizeof info);
    if (caches_from_cpuid(&info) == 0) info.source = "cpuid";
  }
  if (!info.source) {
    // Nothing readable: the smallest of the x86 CPUs this project has met (Zen 1/2: 32 KiB
    // 8-way L1d, 512 KiB L2, 8 MiB L3 per CCX), so the blocks err on the small side.
    info.l1d = (ip_cache_level){32 << 10, 8, 64, 0};
    info.l2 = (ip_cache_level){512 << 10, 8, 64, 0};
    info.l3 = (ip_cache_level){8 << 20, 16, 64, 0};
    info.source = "default";
  }
  if (info.l2.bytes == 0) info.l2 = info.l1d;  // a missing level counts as the one below it
  if (info.l3.bytes == 0) info.l3 = info.l2;
  detected_caches = info;
}

void ip_cpu_caches(ip_cache_info *out) {
  if (!out) return;
  pthread_once(&caches_once, detect_caches);
  *out = detected_caches;
}
