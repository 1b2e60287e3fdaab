// Elementwise kernels: dispatch by ISA level, the portable C level, and the scalar references
// (double accumulation, libm) that tests compare against.
#include <math.h>
#include "gemm_internal.h"
#include "vector_math_internal.h"

void ip_vexp(int isa, const float *x, float *y, size_t count) {
  switch (ip_effective_isa(isa)) {
    case IP_ISA_AVX512: ip_vexp_avx512(x, y, count); return;
    case IP_ISA_AVX2: ip_vexp_avx2(x, y, count); return;
    default: for (size_t i = 0; i < count; i++) y[i] = expf(x[i]);
  }
}

void ip_verf(int isa, const float *x, float *y, size_t count) {
  switch (ip_effective_isa(isa)) {
    case IP_ISA_AVX512: ip_verf_avx512(x, y, count); return;
    case IP_ISA_AVX2: ip_verf_avx2(x, y, count); return;
    default: for (size_t i = 0; i < count; i++) y[i] = erff(x[i]);
  }
}

void ip_vtanh(int isa, const float *x, float *y, size_t count) {
  switch (ip_effective_isa(isa)) {
    case IP_ISA_AVX512: ip_vtanh_avx512(x, y, count); return;
    case IP_ISA_AVX2: ip_vtanh_avx2(x, y, count); return;
    default: for (size_t i = 0; i < count; i++) y[i] = tanhf(x[i]);
  }
}

void ip_activation_apply(int isa, int activation, float *x, size_t count) {
  if (activation == IP_ACT_NONE) return;
  ip_gemm_table_for(isa)->activation(activation, x, count);
}

static void softmax_row_scalar(float *x, int cols) {
  float mx = -INFINITY, sum = 0.0f;
  for (int j = 0; j < cols; j++) mx = x[j] > mx ? x[j] : mx;
  for (int j = 0; j < cols; j++) {
    x[j] = expf(x[j] - mx);
    sum += x[j];
  }
  float scale = 1.0f / sum;
  for (int j = 0; j < cols; j++) x[j] *= scale;
}

void ip_softmax_rows(int isa, float *x, int rows, int cols, int ld) {
  if (rows <= 0 || cols <= 0) return;
  int level = ip_effective_isa(isa);
  for (int i = 0; i < rows; i++) {
    float *row = x + (size_t)i * ld;
    if (level == IP_ISA_AVX512) ip_softmax_row_avx512(row, cols);
    else if (level == IP_ISA_AVX2) ip_softmax_row_avx2(row, cols);
    else softmax_row_scalar(row, cols);
  }
}

static void layer_norm_row_scalar(const float *x, float *y, int cols, const float *gamma,
                                  const float *beta, float epsilon) {
  float sum = 0.0f, var = 0.0f;
  for (int j = 0; j < cols; j++) sum += x[j];
  float mean = sum / (float)cols;
  for (int j = 0; j < cols; j++) var += (x[j] - mean) * (x[j] - mean);
  float inv = 1.0f / sqrtf(var / (float)cols + epsilon);
  for (int j = 0; j < cols; j++)
    y[j] = (x[j] - mean) * inv * (gamma ? gamma[j] : 1.0f) + (beta ? beta[j] : 0.0f);
}

void ip_layer_norm_rows(int isa, const float *x, int ldx, float *y, int ldy, int rows, int cols,
                        const float *gamma, const float *beta, float epsilon) {
  if (rows <= 0 || cols <= 0) return;
  int level = ip_effective_isa(isa);
  for (int i = 0; i < rows; i++) {
    const float *in = x + (size_t)i * ldx;
    float *out = y + (size_t)i * ldy;
    if (level == IP_ISA_AVX512) ip_layer_norm_row_avx512(in, out, cols, gamma, beta, epsilon);
    else if (level == IP_ISA_AVX2) ip_layer_norm_row_avx2(in, out, cols, gamma, beta, epsilon);
    else layer_norm_row_scalar(in, out, cols, gamma, beta, epsilon);
  }
}

void ip_softmax_rows_reference(float *x, int rows, int cols, int ld) {
  for (int i = 0; i < rows; i++) {
    float *row = x + (size_t)i * ld;
    double mx = -INFINITY, sum = 0.0;
    for (int j = 0; j < cols; j++) mx = row[j] > mx ? row[j] : mx;
    for (int j = 0; j < cols; j++) sum += exp((double)row[j] - mx);
    for (int j = 0; j < cols; j++) row[j] = (float)(exp((double)row[j] - mx) / sum);
  }
}

void ip_layer_norm_rows_reference(const float *x, int ldx, float *y, int ldy, int rows, int cols,
                                  const float *gamma, const float *beta, float epsilon) {
  for (int i = 0; i < rows; i++) {
    const float *in = x + (size_t)i * ldx;
    float *out = y + (size_t)i * ldy;
    double sum = 0.0, var = 0.0;
    for (int j = 0; j < cols; j++) sum += in[j];
    double mean = sum / cols;
    for (int j = 0; j < cols; j++) var += (in[j] - mean) * (in[j] - mean);
    double inv = 1.0 / sqrt(var / cols + epsilon);
    for (int j = 0; j < cols; j++)
      out[j] = (float)((in[j] - mean) * inv * (gamma ? gamma[j] : 1.0) + (beta ? beta[j] : 0.0));
  }
}
