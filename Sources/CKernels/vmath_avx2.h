// AVX2+FMA vector math shared by the GEMM epilogue and the elementwise kernels (internal
// header). Same formulas as vmath_avx512.h; 2^n is applied in two halves (2^⌊n/2⌋·2^(n−⌊n/2⌋))
// so results that underflow to denormals or overflow to ∞ come out right without scalef.
#ifndef IP_VMATH_AVX2_H
#define IP_VMATH_AVX2_H
#include <immintrin.h>
#include "ckernels.h"

#define IP_T256 __attribute__((target("avx2,fma"), always_inline)) static inline

IP_T256 __m256 ip256_exp(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-104.0f)), _mm256_set1_ps(88.7228393f));
  __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  __m256i ni = _mm256_cvtps_epi32(n);
  __m256i n1 = _mm256_srai_epi32(ni, 1);
  __m256i n2 = _mm256_sub_epi32(ni, n1);
  __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
  __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
  return _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
}

IP_T256 __m256 ip256_abs(__m256 x) {
  return _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
}

IP_T256 __m256 ip256_with_sign(__m256 magnitude, __m256 sign) {
  return _mm256_or_ps(magnitude, _mm256_and_ps(sign, _mm256_castsi256_ps(_mm256_set1_epi32((int)0x80000000))));
}

IP_T256 __m256 ip256_erf(__m256 x) {
  __m256 ax = ip256_abs(x);
  // Small |x|: 2/√π · (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320).
  __m256 z = _mm256_mul_ps(x, x);
  __m256 s = _mm256_set1_ps(-8.5483270e-4f);
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(5.2239776e-3f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(-2.6866171e-2f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(1.1283792e-1f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(-3.7612639e-1f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(1.1283792f));
  __m256 small = _mm256_mul_ps(s, x);
  // Large |x|: erfc(u) ≈ exp(P(u)), u = min(|x|, 4), P from scripts/fit_erfc.py (Estrin's
  // scheme: the chain is 4 deep instead of 6). min(4, NaN) is NaN.
  __m256 u = _mm256_min_ps(_mm256_set1_ps(4.0f), ax);
  __m256 u2 = _mm256_mul_ps(u, u), u4 = _mm256_mul_ps(u2, u2);
  __m256 p01 = _mm256_fmadd_ps(_mm256_set1_ps(-1.12870812f), u, _mm256_set1_ps(3.47052373e-05f));
  __m256 p23 = _mm256_fmadd_ps(_mm256_set1_ps(-0.105715208f), u, _mm256_set1_ps(-0.635299921f));
  __m256 p45 = _mm256_fmadd_ps(_mm256_set1_ps(-0.00329199526f), u, _mm256_set1_ps(0.0231520627f));
  __m256 p46 = _mm256_fmadd_ps(_mm256_set1_ps(0.000223011375f), u2, p45);
  __m256 p = _mm256_fmadd_ps(p46, u4, _mm256_fmadd_ps(p23, u2, p01));
  __m256 large = ip256_with_sign(_mm256_sub_ps(_mm256_set1_ps(1.0f), ip256_exp(p)), x);
  // Not (|x| ≥ 0.5) is also true for NaN, whose small branch is NaN.
  return _mm256_blendv_ps(large, small, _mm256_cmp_ps(ax, _mm256_set1_ps(0.5f), _CMP_NGE_UQ));
}

IP_T256 __m256 ip256_tanh(__m256 x) {
  __m256 ax = ip256_abs(x);
  __m256 z = _mm256_mul_ps(x, x);
  __m256 s = _mm256_set1_ps(-5.70498872745e-3f);
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(2.06390887954e-2f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(-5.37397155531e-2f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(1.33314422036e-1f));
  s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(-3.33332819422e-1f));
  __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(s, z), x, x);
  __m256 e = ip256_exp(_mm256_add_ps(ax, ax));
  __m256 large = _mm256_sub_ps(_mm256_set1_ps(1.0f),
                               _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
  large = ip256_with_sign(large, x);
  return _mm256_blendv_ps(large, small, _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ));
}

IP_T256 __m256 ip256_activate(int activation, __m256 x) {
  switch (activation) {
    case IP_ACT_RELU: return _mm256_max_ps(x, _mm256_setzero_ps());
    case IP_ACT_GELU_ERF: {
      __m256 e = ip256_erf(_mm256_mul_ps(x, _mm256_set1_ps(0.707106781186547524f)));
      return _mm256_mul_ps(_mm256_mul_ps(x, _mm256_set1_ps(0.5f)), _mm256_add_ps(e, _mm256_set1_ps(1.0f)));
    }
    case IP_ACT_GELU_TANH: {
      __m256 x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
      __m256 u = _mm256_mul_ps(_mm256_fmadd_ps(x3, _mm256_set1_ps(0.044715f), x),
                               _mm256_set1_ps(0.797884560802865356f));
      return _mm256_mul_ps(_mm256_mul_ps(x, _mm256_set1_ps(0.5f)), _mm256_add_ps(ip256_tanh(u), _mm256_set1_ps(1.0f)));
    }
    case IP_ACT_TANH: return ip256_tanh(x);
    case IP_ACT_SIGMOID:
      return _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), ip256_exp(_mm256_sub_ps(_mm256_setzero_ps(), x))));
    default: return x;
  }
}
#endif
