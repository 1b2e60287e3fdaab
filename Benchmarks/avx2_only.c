/*
 * avx2_only.c: an LD_PRELOAD library that makes a process see an AVX2-only CPU on an AVX-512 host.
 *
 * Why: ONNX Runtime (MLAS) and OpenBLAS pick their kernels from the `cpuid` instruction and have no
 * switch to stay below AVX-512. To compare our AVX2 kernels (INFER_PLAN_ISA=avx2) with theirs on the
 * same machine, the peers must run at AVX2 too; `Benchmarks/compare.py --isa avx2` loads this
 * library into the Python process that runs numpy and ONNX Runtime.
 *
 * How: Linux's CPUID faulting (arch_prctl(ARCH_SET_CPUID, 0), Linux 4.12+, on CPUs and hypervisors
 * that offer it: /proc/cpuinfo flag `cpuid_fault`) makes every `cpuid` in this thread and the
 * threads it creates raise SIGSEGV. The handler below runs the real `cpuid` (faulting switched
 * off for that one instruction), clears the feature bits of AVX-512, AVX-VNNI and AMX in leaf 7
 * (Intel SDM vol. 2A, "CPUID — CPU Identification", table 3-8), and resumes after the
 * instruction. Leaf 0xD (XSAVE sizes) and XGETBV stay true: libraries test the cpuid bits before
 * they use the ZMM state.
 *
 * Limits: the dynamic loader and glibc read cpuid before this library's constructor runs, so
 * glibc's own string functions may still use AVX-512. A program that installs its own SIGSEGV
 * handler afterwards breaks the emulation (Python, numpy and ONNX Runtime do not; Swift programs
 * do, so our side is forced with INFER_PLAN_ISA instead). At exit it prints how many `cpuid`
 * instructions it emulated (when any), so a caller can see none of them were on a hot path.
 *
 * Build: cc -O2 -shared -fPIC -o avx2_only.so Benchmarks/avx2_only.c
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static atomic_ulong emulated;

static void set_cpuid_faulting(int on) { syscall(SYS_arch_prctl, ARCH_SET_CPUID, on ? 0 : 1); }

/* Leaf 7 subleaf 0, EBX: AVX512F (16), DQ (17), IFMA (21), PF (26), ER (27), CD (28), BW (30), VL (31). */
static const unsigned leaf7_ebx_avx512 = (1u << 16) | (1u << 17) | (1u << 21) | (1u << 26) | (1u << 27)
    | (1u << 28) | (1u << 30) | (1u << 31);
/* Leaf 7 subleaf 0, ECX: VBMI (1), VBMI2 (6), VNNI (11), BITALG (12), VPOPCNTDQ (14). */
static const unsigned leaf7_ecx_avx512 = (1u << 1) | (1u << 6) | (1u << 11) | (1u << 12) | (1u << 14);
/* Leaf 7 subleaf 0, EDX: 4VNNIW (2), 4FMAPS (3), VP2INTERSECT (8), AMX-BF16 (22), AVX512-FP16 (23),
   AMX-TILE (24), AMX-INT8 (25). */
static const unsigned leaf7_edx_avx512 = (1u << 2) | (1u << 3) | (1u << 8) | (1u << 22) | (1u << 23)
    | (1u << 24) | (1u << 25);
/* Leaf 7 subleaf 1, EAX: AVX-VNNI (4), AVX512-BF16 (5), AMX-FP16 (21). */
static const unsigned leaf7_1_eax_avx512 = (1u << 4) | (1u << 5) | (1u << 21);

static void on_sigsegv(int signal_number, siginfo_t *info, void *context) {
  (void)info;
  ucontext_t *uc = context;
  greg_t *r = uc->uc_mcontext.gregs;
  const unsigned char *ip = (const unsigned char *)r[REG_RIP];
  if (ip[0] != 0x0f || ip[1] != 0xa2) {
    /* A real fault: let it crash as it would have without this library. */
    signal(signal_number, SIG_DFL);
    return;
  }
  unsigned leaf = (unsigned)r[REG_RAX], subleaf = (unsigned)r[REG_RCX], a, b, c, d;
  set_cpuid_faulting(0);
  __cpuid_count(leaf, subleaf, a, b, c, d);
  set_cpuid_faulting(1);
  if (leaf == 7 && subleaf == 0) {
    b &= ~leaf7_ebx_avx512;
    c &= ~leaf7_ecx_avx512;
    d &= ~leaf7_edx_avx512;
  } else if (leaf == 7 && subleaf == 1) {
    a &= ~leaf7_1_eax_avx512;
  }
  r[REG_RAX] = a;
  r[REG_RBX] = b;
  r[REG_RCX] = c;
  r[REG_RDX] = d;
  r[REG_RIP] += 2;
  atomic_fetch_add_explicit(&emulated, 1, memory_order_relaxed);
}

static void report(void) {
  if (atomic_load_explicit(&emulated, memory_order_relaxed) == 0)
    return; /* a helper program it was preloaded into that never asked */
  fprintf(stderr, "avx2_only: %lu cpuid instructions emulated without AVX-512\n",
          atomic_load_explicit(&emulated, memory_order_relaxed));
}

__attribute__((constructor)) static void avx2_only_start(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sigsegv;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGSEGV, &action, NULL) != 0 || syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0) != 0) {
    fprintf(stderr, "avx2_only: this CPU or kernel offers no CPUID faulting (no `cpuid_fault` in "
                    "/proc/cpuinfo); cannot hide AVX-512 from this process\n");
    _exit(3);
  }
  atexit(report);
}
