// Portable C microkernels (the fallback level): the same packed layout and loop structure as
// the SIMD levels with MR×NR = 4×16, plain loops the compiler may vectorize for the baseline
// target. Activations use the libm-based reference, so this level is also the most accurate.
#include "gemm_internal.h"

#define MR 4
#define NR 16

static inline __attribute__((always_inline)) void kernel_rows(
    const int rows, int kc, const float *a, const float *w, size_t ldw, float *c, int ldc, int nr,
    const float *bias, int flags, int activation, const ip_tile_epilogue *epilogue) {
  float acc[MR][NR];
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < NR; j++)
      acc[i][j] = (flags & IP_KERNEL_FIRST) ? (bias && j < nr ? bias[j] : 0.0f)
                                            : (j < nr ? c[(size_t)i * ldc + j] : 0.0f);
  for (int p = 0; p < kc; p++) {
    const float *wp = w + (size_t)p * ldw;
    for (int i = 0; i < rows; i++) {
      float ai = a[(size_t)p * MR + i];
      for (int j = 0; j < NR; j++) acc[i][j] += ai * wp[j];
    }
  }
  for (int i = 0; i < rows; i++) {
    if ((flags & IP_KERNEL_LAST) && epilogue) {  // the convolution's: residual, row bias, clamp
      for (int j = 0; j < nr; j++) {
        float v = acc[i][j] + (epilogue->residual ? epilogue->residual[(size_t)i * epilogue->ldr + j] : 0.0f);
        v += epilogue->bias ? epilogue->bias[i] : 0.0f;
        v = v < epilogue->low ? epilogue->low : v;
        acc[i][j] = v > epilogue->high ? epilogue->high : v;
      }
    } else if (flags & IP_KERNEL_LAST) {
      ip_activation_reference(activation, acc[i], (size_t)nr);
    }
    for (int j = 0; j < nr; j++) c[(size_t)i * ldc + j] = acc[i][j];
  }
}

#define KERNEL(R)                                                                                   \
  static void kernel_##R(int kc, const float *a, const float *w, float *c, int ldc, int nr,          \
                         const float *bias, int flags, int activation) {                            \
    kernel_rows(R, kc, a, w, NR, c, ldc, nr, bias, flags, activation, NULL);                       \
  }                                                                                                 \
  static void kernel_conv_##R(int kc, const float *a, const float *w, size_t ldw, float *c, int ldc, \
                              int nr, const ip_tile_epilogue *epilogue, int flags) {                \
    kernel_rows(R, kc, a, w, ldw, c, ldc, nr, NULL, flags, IP_ACT_NONE, epilogue);                 \
  }
KERNEL(1) KERNEL(2) KERNEL(3) KERNEL(4)

static void activation_scalar(int activation, float *x, size_t count) {
  ip_activation_reference(activation, x, count);
}

// Blocks (derived at run time, gemm_packed.c): half of L1d for the kc×16 weight slice (KC 256
// on a 32 KiB L1d), an eighth of L2 for the A block and half for the weight block. Speed is not
// this level's job, so these are BLIS's generic proportions, not measured.
static const ip_gemm_table table = {
    .mr = MR, .nr = NR, .l1_share = 0.5f, .l2_share_a = 0.125f, .l2_share_w = 0.5f,
    .kernel = {0, kernel_1, kernel_2, kernel_3, kernel_4},
    .kernel_conv = {0, kernel_conv_1, kernel_conv_2, kernel_conv_3, kernel_conv_4},
    .gemv = 0,  // m = 1 runs kernel_1
    .activation = activation_scalar,
};

const ip_gemm_table *ip_gemm_table_scalar(void) { return &table; }
