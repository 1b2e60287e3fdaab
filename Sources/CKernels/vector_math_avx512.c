// AVX-512 elementwise kernels: exp/erf/tanh over arrays, row softmax and row layer norm.
#include <math.h>
#include "vector_math_internal.h"
#include "vmath_avx512.h"

#define T512 __attribute__((target("avx512f")))

static inline __mmask16 tail_mask(size_t left) { return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1u); }

#define MAP(NAME, FN)                                                                    \
  T512 void NAME(const float *x, float *y, size_t count) {                              \
    for (size_t i = 0; i < count; i += 16) {                                             \
      __mmask16 m = tail_mask(count - i);                                                \
      _mm512_mask_storeu_ps(y + i, m, FN(_mm512_maskz_loadu_ps(m, x + i)));             \
    }                                                                                    \
  }
MAP(ip_vexp_avx512, ip512_exp)
MAP(ip_verf_avx512, ip512_erf)
MAP(ip_vtanh_avx512, ip512_tanh)

T512 void ip_softmax_row_avx512(float *x, int cols) {
  __m512 vmax = _mm512_set1_ps(-INFINITY);
  for (int i = 0; i < cols; i += 16) {
    __mmask16 m = tail_mask((size_t)(cols - i));
    vmax = _mm512_mask_max_ps(vmax, m, vmax, _mm512_maskz_loadu_ps(m, x + i));
  }
  __m512 mx = _mm512_set1_ps(_mm512_reduce_max_ps(vmax));
  __m512 vsum = _mm512_setzero_ps();
  for (int i = 0; i < cols; i += 16) {
    __mmask16 m = tail_mask((size_t)(cols - i));
    __m512 e = ip512_exp(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + i), mx));
    _mm512_mask_storeu_ps(x + i, m, e);
    vsum = _mm512_mask_add_ps(vsum, m, vsum, e);
  }
  __m512 scale = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(vsum));
  for (int i = 0; i < cols; i += 16) {
    __mmask16 m = tail_mask((size_t)(cols - i));
    _mm512_mask_storeu_ps(x + i, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), scale));
  }
}

T512 void ip_layer_norm_row_avx512(const float *x, float *y, int cols, const float *gamma,
                                   const float *beta, float epsilon) {
  __m512 vsum = _mm512_setzero_ps();
  for (int i = 0; i < cols; i += 16) vsum = _mm512_add_ps(vsum, _mm512_maskz_loadu_ps(tail_mask((size_t)(cols - i)), x + i));
  __m512 mean = _mm512_set1_ps(_mm512_reduce_add_ps(vsum) / (float)cols);
  __m512 vvar = _mm512_setzero_ps();
  for (int i = 0; i < cols; i += 16) {
    __mmask16 m = tail_mask((size_t)(cols - i));
    __m512 d = _mm512_maskz_sub_ps(m, _mm512_maskz_loadu_ps(m, x + i), mean);
    vvar = _mm512_fmadd_ps(d, d, vvar);
  }
  __m512 inv = _mm512_set1_ps(1.0f / sqrtf(_mm512_reduce_add_ps(vvar) / (float)cols + epsilon));
  for (int i = 0; i < cols; i += 16) {
    __mmask16 m = tail_mask((size_t)(cols - i));
    __m512 v = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + i), mean), inv);
    if (gamma) v = _mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, gamma + i));
    if (beta) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, beta + i));
    _mm512_mask_storeu_ps(y + i, m, v);
  }
}
