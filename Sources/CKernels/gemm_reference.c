// Scalar reference kernels: the test oracle and the fallback. Kept simple on purpose.
// a is m×k (row stride lda); w is n×k (row stride ldw); c is m×n (row stride ldc).
#include "ckernels.h"
#include <math.h>

static float activate(int activation, float x) {
  switch (activation) {
    case IP_ACT_RELU: return x > 0.0f ? x : 0.0f;
    case IP_ACT_GELU_ERF: return (float)(0.5 * x * (1.0 + erf(x / sqrt(2.0))));
    case IP_ACT_GELU_TANH: {
      double u = sqrt(2.0 / M_PI) * (x + 0.044715 * (double)x * x * x);
      return (float)(0.5 * x * (1.0 + tanh(u)));
    }
    case IP_ACT_TANH: return tanhf(x);
    case IP_ACT_SIGMOID: return (float)(1.0 / (1.0 + exp(-(double)x)));
    default: return x;
  }
}

void ip_activation_reference(int activation, float *x, size_t count) {
  for (size_t i = 0; i < count; i++) x[i] = activate(activation, x[i]);
}

void ip_sgemm_reference(int m, int n, int k, const float *a, int lda, const float *w, int ldw,
                        const float *bias, int activation, float *c, int ldc) {
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < n; j++) {
      float sum = bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; p++) sum += a[(size_t)i * lda + p] * w[(size_t)j * ldw + p];
      c[(size_t)i * ldc + j] = activate(activation, sum);
    }
  }
}
