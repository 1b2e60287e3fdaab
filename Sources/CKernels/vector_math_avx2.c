// AVX2+FMA elementwise kernels: exp/erf/tanh over arrays, row softmax and row layer norm.
// Tails (count % 8) go through an 8-float stack buffer.
#include <math.h>
#include <string.h>
#include "vector_math_internal.h"
#include "vmath_avx2.h"

#define T256 __attribute__((target("avx2,fma")))

T256 static inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

T256 static inline float hmax(__m256 v) {
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  s = _mm_max_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

/// Loads x[0..left) (left < 8) padded with `fill`.
T256 static inline __m256 load_tail(const float *x, size_t left, float fill) {
  float buf[8];
  for (int i = 0; i < 8; i++) buf[i] = fill;
  memcpy(buf, x, left * sizeof(float));
  return _mm256_loadu_ps(buf);
}

T256 static inline void store_tail(float *y, size_t left, __m256 v) {
  float buf[8];
  _mm256_storeu_ps(buf, v);
  memcpy(y, buf, left * sizeof(float));
}

#define MAP(NAME, FN)                                                                       \
  T256 void NAME(const float *x, float *y, size_t count) {                                 \
    size_t i = 0;                                                                           \
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(y + i, FN(_mm256_loadu_ps(x + i)));    \
    if (i < count) store_tail(y + i, count - i, FN(load_tail(x + i, count - i, 0.0f)));    \
  }
MAP(ip_vexp_avx2, ip256_exp)
MAP(ip_verf_avx2, ip256_erf)
MAP(ip_vtanh_avx2, ip256_tanh)

T256 void ip_softmax_row_avx2(float *x, int cols) {
  size_t n = (size_t)cols, i;
  __m256 vmax = _mm256_set1_ps(-INFINITY);
  for (i = 0; i + 8 <= n; i += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
  if (i < n) vmax = _mm256_max_ps(vmax, load_tail(x + i, n - i, -INFINITY));
  __m256 mx = _mm256_set1_ps(hmax(vmax));
  __m256 vsum = _mm256_setzero_ps();
  for (i = 0; i + 8 <= n; i += 8) {
    __m256 e = ip256_exp(_mm256_sub_ps(_mm256_loadu_ps(x + i), mx));
    _mm256_storeu_ps(x + i, e);
    vsum = _mm256_add_ps(vsum, e);
  }
  float sum = hsum(vsum);
  for (; i < n; i++) {
    x[i] = expf(x[i] - _mm256_cvtss_f32(mx));
    sum += x[i];
  }
  __m256 scale = _mm256_set1_ps(1.0f / sum);
  for (i = 0; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), scale));
  for (; i < n; i++) x[i] *= _mm256_cvtss_f32(scale);
}

T256 void ip_layer_norm_row_avx2(const float *x, float *y, int cols, const float *gamma,
                                 const float *beta, float epsilon) {
  size_t n = (size_t)cols, i;
  __m256 vsum = _mm256_setzero_ps();
  for (i = 0; i + 8 <= n; i += 8) vsum = _mm256_add_ps(vsum, _mm256_loadu_ps(x + i));
  float sum = hsum(vsum);
  for (; i < n; i++) sum += x[i];
  float mean = sum / (float)cols;
  __m256 vmean = _mm256_set1_ps(mean);
  __m256 vvar = _mm256_setzero_ps();
  for (i = 0; i + 8 <= n; i += 8) {
    __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), vmean);
    vvar = _mm256_fmadd_ps(d, d, vvar);
  }
  float var = hsum(vvar);
  for (; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
  float inv = 1.0f / sqrtf(var / (float)cols + epsilon);
  __m256 vinv = _mm256_set1_ps(inv);
  for (i = 0; i + 8 <= n; i += 8) {
    __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), vmean), vinv);
    if (gamma) v = _mm256_mul_ps(v, _mm256_loadu_ps(gamma + i));
    if (beta) v = _mm256_add_ps(v, _mm256_loadu_ps(beta + i));
    _mm256_storeu_ps(y + i, v);
  }
  for (; i < n; i++) y[i] = (x[i] - mean) * inv * (gamma ? gamma[i] : 1.0f) + (beta ? beta[i] : 0.0f);
}
