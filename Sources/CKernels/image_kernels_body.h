// The per-ISA plane kernels of the image ops (see image_internal.h), written once as plain C
// loops over output columns and compiled by each image_kernels_<isa>.c under that level's
// target attribute, so clang vectorizes the same arithmetic 4, 8 or 16 columns at a time.
// The including file defines IP_IMAGE_TABLE_NAME. Shapes: padded planes of ldp floats a row;
// outputs OH×OW; taps (p, q) of a kh×kw window with strides sh, sw and dilations dh, dw.
#include "image_internal.h"

// 3×3, the common case: nine taps per output in registers, one load and store of y per output.
// Separate loops for sw = 1 (unit-stride loads, vectorized) and any stride (strided loads).
static void direct_3x3(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                       int accumulate, float *y) {
  const int OH = s->out_height, OW = s->out_width, sh = s->stride_h, sw = s->stride_w;
  const int dh = s->dilation_h, dw = s->dilation_w;
  const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7], w8 = w[8];
  for (int i = 0; i < OH; i++) {
    const float *restrict r0 = padded + (size_t)i * sh * ldp;
    const float *restrict r1 = r0 + (size_t)dh * ldp, *restrict r2 = r1 + (size_t)dh * ldp;
    float *restrict out = y + (size_t)i * OW;
    if (sw == 1) {
      for (int j = 0; j < OW; j++) {
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[j] + w1 * r0[j + dw] + w2 * r0[j + 2 * dw];
        acc += w3 * r1[j] + w4 * r1[j + dw] + w5 * r1[j + 2 * dw];
        acc += w6 * r2[j] + w7 * r2[j + dw] + w8 * r2[j + 2 * dw];
        out[j] = acc;
      }
    } else {
      for (int j = 0; j < OW; j++) {
        const int c = j * sw;
        float acc = accumulate ? out[j] : start;
        acc += w0 * r0[c] + w1 * r0[c + dw] + w2 * r0[c + 2 * dw];
        acc += w3 * r1[c] + w4 * r1[c + dw] + w5 * r1[c + 2 * dw];
        acc += w6 * r2[c] + w7 * r2[c + dw] + w8 * r2[c + 2 * dw];
        out[j] = acc;
      }
    }
  }
}

static void direct_plane(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                         int accumulate, float *y) {
  if (s->kernel_h == 3 && s->kernel_w == 3) {
    direct_3x3(s, padded, ldp, w, start, accumulate, y);
    return;
  }
  const int OH = s->out_height, OW = s->out_width, sw = s->stride_w;
  // Any window: one tap at a time over a whole output row (an axpy the compiler vectorizes).
  for (int i = 0; i < OH; i++) {
    float *restrict out = y + (size_t)i * OW;
    if (!accumulate)
      for (int j = 0; j < OW; j++) out[j] = start;
    for (int p = 0; p < s->kernel_h; p++) {
      for (int q = 0; q < s->kernel_w; q++) {
        const float *restrict src = padded + (size_t)(i * s->stride_h + p * s->dilation_h) * ldp + q * s->dilation_w;
        const float tap = w[p * s->kernel_w + q];
        if (sw == 1)
          for (int j = 0; j < OW; j++) out[j] += tap * src[j];
        else
          for (int j = 0; j < OW; j++) out[j] += tap * src[(size_t)j * sw];
      }
    }
  }
}

static void pool_plane(const ip_image_shape *s, int kind, const float *padded, int ldp, const float *row_scale,
                       const float *col_scale, float *y) {
  const int OH = s->out_height, OW = s->out_width, sw = s->stride_w;
  for (int i = 0; i < OH; i++) {
    float *restrict out = y + (size_t)i * OW;
    for (int j = 0; j < OW; j++) out[j] = kind == IP_POOL_MAX ? -__builtin_inff() : 0.0f;
    for (int p = 0; p < s->kernel_h; p++) {
      for (int q = 0; q < s->kernel_w; q++) {
        const float *restrict src = padded + (size_t)(i * s->stride_h + p * s->dilation_h) * ldp + q * s->dilation_w;
        if (kind == IP_POOL_MAX) {
          if (sw == 1)
            for (int j = 0; j < OW; j++) out[j] = src[j] > out[j] ? src[j] : out[j];
          else
            for (int j = 0; j < OW; j++) out[j] = src[(size_t)j * sw] > out[j] ? src[(size_t)j * sw] : out[j];
        } else {
          if (sw == 1)
            for (int j = 0; j < OW; j++) out[j] += src[j];
          else
            for (int j = 0; j < OW; j++) out[j] += src[(size_t)j * sw];
        }
      }
    }
    if (kind != IP_POOL_MAX)
      for (int j = 0; j < OW; j++) out[j] *= row_scale[i] * col_scale[j];
  }
}

static void bias_clamp_rows(float *c, int rows, int cols, int ldc, const float *bias, const float *residual, float low,
                            float high) {
  for (int r = 0; r < rows; r++) {
    float *restrict row = c + (size_t)r * ldc;
    const float b = bias ? bias[r] : 0.0f;
    if (residual) {
      const float *restrict add = residual + (size_t)r * ldc;
      for (int j = 0; j < cols; j++) row[j] += add[j];
    }
    for (int j = 0; j < cols; j++) {
      float v = row[j] + b;
      v = v < low ? low : v;
      row[j] = v > high ? high : v;
    }
  }
}

// Sixteen partial sums, so the loop vectorizes without reassociating one running sum.
static float sum(const float *x, size_t count) {
  float partial[16] = {0};
  size_t i = 0;
  for (; i + 16 <= count; i += 16)
    for (int l = 0; l < 16; l++) partial[l] += x[i + l];
  float total = 0;
  for (; i < count; i++) total += x[i];
  for (int l = 0; l < 16; l++) total += partial[l];
  return total;
}

const ip_image_table *IP_IMAGE_TABLE_NAME(void) {
  static const ip_image_table table = {direct_plane, pool_plane, bias_clamp_rows, sum};
  return &table;
}
