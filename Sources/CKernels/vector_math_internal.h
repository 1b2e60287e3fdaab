// Per-ISA entry points of the elementwise kernels (internal; dispatch in vector_math.c).
#ifndef IP_VECTOR_MATH_INTERNAL_H
#define IP_VECTOR_MATH_INTERNAL_H
#include <stddef.h>

void ip_vexp_avx512(const float *x, float *y, size_t count);
void ip_verf_avx512(const float *x, float *y, size_t count);
void ip_vtanh_avx512(const float *x, float *y, size_t count);
void ip_softmax_row_avx512(float *x, int cols);
void ip_layer_norm_row_avx512(const float *x, float *y, int cols, const float *gamma, const float *beta, float epsilon);

void ip_vexp_avx2(const float *x, float *y, size_t count);
void ip_verf_avx2(const float *x, float *y, size_t count);
void ip_vtanh_avx2(const float *x, float *y, size_t count);
void ip_softmax_row_avx2(float *x, int cols);
void ip_layer_norm_row_avx2(const float *x, float *y, int cols, const float *gamma, const float *beta, float epsilon);
#endif
