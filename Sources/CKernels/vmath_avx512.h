// AVX-512 vector math shared by the GEMM epilogue and the elementwise kernels (internal header).
// exp: Cephes-style range reduction x = n·ln2 + r, degree-6 polynomial, 2^n via scalef.
// erf: Taylor series for |x| < 0.5, else 1 − erfc with erfc(u) = exp(P(min(u, 4))), P of degree
// 6 fitted to log erfc on [0.5, 4] (scripts/fit_erfc.py). tanh: odd polynomial for |x| < 0.625
// (Cephes tanhf), else 1 − 2/(e^{2|x|} + 1). Measured errors: see ckernels.h and docs/performance.md.
#ifndef IP_VMATH_AVX512_H
#define IP_VMATH_AVX512_H
#include <immintrin.h>
#include "ckernels.h"

#define IP_T512 __attribute__((target("avx512f"), always_inline)) static inline

IP_T512 __m512 ip512_exp(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-104.0f)), _mm512_set1_ps(88.7228393f));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}

IP_T512 __m512 ip512_abs(__m512 x) {
  return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7fffffff)));
}

/// Copies the sign of `sign` onto the non-negative `magnitude`.
IP_T512 __m512 ip512_with_sign(__m512 magnitude, __m512 sign) {
  __m512i s = _mm512_and_si512(_mm512_castps_si512(sign), _mm512_set1_epi32((int)0x80000000));
  return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude), s));
}

IP_T512 __m512 ip512_erf(__m512 x) {
  __m512 ax = ip512_abs(x);
  // Small |x|: 2/√π · (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320).
  __m512 z = _mm512_mul_ps(x, x);
  __m512 s = _mm512_set1_ps(-8.5483270e-4f);
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(5.2239776e-3f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-2.6866171e-2f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(1.1283792e-1f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-3.7612639e-1f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(1.1283792f));
  __m512 small = _mm512_mul_ps(s, x);
  // Large |x|: erfc(u) ≈ exp(P(u)), u = min(|x|, 4), P from scripts/fit_erfc.py (Estrin's
  // scheme). min(4, NaN) is NaN.
  __m512 u = _mm512_min_ps(_mm512_set1_ps(4.0f), ax);
  __m512 u2 = _mm512_mul_ps(u, u), u4 = _mm512_mul_ps(u2, u2);
  __m512 p01 = _mm512_fmadd_ps(_mm512_set1_ps(-1.12870812f), u, _mm512_set1_ps(3.47052373e-05f));
  __m512 p23 = _mm512_fmadd_ps(_mm512_set1_ps(-0.105715208f), u, _mm512_set1_ps(-0.635299921f));
  __m512 p45 = _mm512_fmadd_ps(_mm512_set1_ps(-0.00329199526f), u, _mm512_set1_ps(0.0231520627f));
  __m512 p46 = _mm512_fmadd_ps(_mm512_set1_ps(0.000223011375f), u2, p45);
  __m512 p = _mm512_fmadd_ps(p46, u4, _mm512_fmadd_ps(p23, u2, p01));
  __m512 large = ip512_with_sign(_mm512_sub_ps(_mm512_set1_ps(1.0f), ip512_exp(p)), x);
  // Not (|x| ≥ 0.5) is also true for NaN, whose small branch is NaN.
  __mmask16 is_small = _mm512_cmp_ps_mask(ax, _mm512_set1_ps(0.5f), _CMP_NGE_UQ);
  return _mm512_mask_blend_ps(is_small, large, small);
}

IP_T512 __m512 ip512_tanh(__m512 x) {
  __m512 ax = ip512_abs(x);
  __m512 z = _mm512_mul_ps(x, x);
  __m512 s = _mm512_set1_ps(-5.70498872745e-3f);
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(2.06390887954e-2f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-5.37397155531e-2f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(1.33314422036e-1f));
  s = _mm512_fmadd_ps(s, z, _mm512_set1_ps(-3.33332819422e-1f));
  __m512 small = _mm512_fmadd_ps(_mm512_mul_ps(s, z), x, x);
  __m512 e = ip512_exp(_mm512_add_ps(ax, ax));
  __m512 large = _mm512_sub_ps(_mm512_set1_ps(1.0f),
                               _mm512_div_ps(_mm512_set1_ps(2.0f), _mm512_add_ps(e, _mm512_set1_ps(1.0f))));
  large = ip512_with_sign(large, x);
  __mmask16 is_small = _mm512_cmp_ps_mask(ax, _mm512_set1_ps(0.625f), _CMP_LT_OQ);
  return _mm512_mask_blend_ps(is_small, large, small);
}

IP_T512 __m512 ip512_activate(int activation, __m512 x) {
  switch (activation) {
    case IP_ACT_RELU: return _mm512_max_ps(x, _mm512_setzero_ps());
    case IP_ACT_GELU_ERF: {
      __m512 e = ip512_erf(_mm512_mul_ps(x, _mm512_set1_ps(0.707106781186547524f)));
      return _mm512_mul_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.5f)), _mm512_add_ps(e, _mm512_set1_ps(1.0f)));
    }
    case IP_ACT_GELU_TANH: {
      __m512 x3 = _mm512_mul_ps(_mm512_mul_ps(x, x), x);
      __m512 u = _mm512_mul_ps(_mm512_fmadd_ps(x3, _mm512_set1_ps(0.044715f), x),
                               _mm512_set1_ps(0.797884560802865356f));
      return _mm512_mul_ps(_mm512_mul_ps(x, _mm512_set1_ps(0.5f)), _mm512_add_ps(ip512_tanh(u), _mm512_set1_ps(1.0f)));
    }
    case IP_ACT_TANH: return ip512_tanh(x);
    case IP_ACT_SIGMOID:
      return _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(_mm512_set1_ps(1.0f), ip512_exp(_mm512_sub_ps(_mm512_setzero_ps(), x))));
    default: return x;
  }
}
#endif
