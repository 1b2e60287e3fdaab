// Internal interface between the image-op drivers (image_conv.c, image_ops.c) and the per-ISA
// plane kernels (image_kernels_*.c, one body compiled per level). Not part of the public API.
//
// The plane kernels read a padded plane: one input channel copied into a buffer of `ldp` floats
// a row with the pads filled in (0 for convolution and average, −inf for max), so their inner
// loops run over output columns without bounds checks: output (i, j) reads padded row
// i·sh + p·dh, column j·sw + q·dw for the window tap (p, q).
#ifndef IP_IMAGE_INTERNAL_H
#define IP_IMAGE_INTERNAL_H
#include "ckernels_image.h"

/// A 3×3 stride-1 plane whose padded rows span at most this many floats ((OH − 1)·ldp + OW) runs
/// as one flat loop over them (direct_plane), with a stack buffer of this size.
#define IP_FLAT_3X3_FLOATS 1024

/// Whether direct_plane runs the plane of `s` (padded rows of ldp floats) as that flat loop, for
/// a 3×3 window: stride 1, dilation 1 and a span of at most IP_FLAT_3X3_FLOATS.
static inline int ip_image_flat_3x3(const ip_image_shape *s, int ldp) {
  return s->stride_h == 1 && s->stride_w == 1 && s->dilation_h == 1 && s->dilation_w == 1 &&
         (long long)(s->out_height - 1) * ldp + s->out_width <= IP_FLAT_3X3_FLOATS;
}

typedef struct {
  /// y (OH×OW) = start + Σ taps w[p·kw + q]·padded(...), or y += the sum when `accumulate`;
  /// then clamped to [low, high] (−inf, +inf: none) as it is stored.
  void (*direct_plane)(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                       int accumulate, float low, float high, float *y);
  /// direct_plane for a 3×3 window, strides 1 or 2, dilation 1 and pads of at most 1, reading the
  /// unpadded plane x (H×W) and `zeros` (W zero floats) for the rows outside it: no padded copy.
  void (*direct_3x3_unpadded)(const ip_image_shape *s, const float *x, const float *zeros, const float *w, float start,
                              int accumulate, float low, float high, float *y);
  /// y (OH×OW) = max over the window of plane x (H×W; kind IP_POOL_MAX, pads −inf), or the
  /// window's sum times row_scale[i]·col_scale[j] (the averages, pads 0); `lines` is scratch of
  /// ldp + stride_w·⌈ldp / stride_w⌉ floats (a line and its phases), ldp = pad_left + W + pad_right.
  void (*pool_plane)(const ip_image_shape *s, int kind, const float *x, const float *row_scale, const float *col_scale,
                     float *y, float *lines);
  /// c[r·ldc + j] = clamp(c[r·ldc + j] + bias[r] + residual[r·ldc + j], low, high) for r < rows,
  /// j < cols (bias, residual NULL: 0).
  void (*bias_clamp_rows)(float *c, int rows, int cols, int ldc, const float *bias, const float *residual, float low,
                          float high);
  /// Σ x[0..count).
  float (*sum)(const float *x, size_t count);
  /// Copies plane x (H×W) into `padded` (rows of ldp = pad_left + W + pad_right floats, pad_top
  /// + H + pad_bottom rows), filling the pads with `fill` unless `pads_written` says an earlier
  /// call on the same buffer and shape already did (only the inside changes from plane to plane).
  void (*pad_plane)(const ip_image_shape *s, const float *x, float fill, int pads_written, float *padded);
  /// Packs the patches of output columns [j0, j0 + count) (the batch folded into the columns:
  /// column j is pixel j mod OH·OW of sample j / OH·OW) into the GEMM's weight-panel layout, NR
  /// columns a panel (image_conv.c); x_g is the group's first input channel in sample 0.
  void (*pack_patches)(const ip_image_shape *s, int NR, const float *x_g, int j0, int count, float *panels);
} ip_image_table;

const ip_image_table *ip_image_table_scalar(void);
const ip_image_table *ip_image_table_avx2(void);
const ip_image_table *ip_image_table_avx512(void);
/// The table for `isa`, clamped to what this CPU runs (ip_effective_isa).
const ip_image_table *ip_image_table_for(int isa);

/// Floats past a padded plane that its buffer also holds: the flat 3×3 loop's last vector (at
/// most 16 lanes) may read up to 15 of them.
#define IP_IMAGE_PAD_SLACK 16
/// Floats of one padded plane's buffer: the plane and IP_IMAGE_PAD_SLACK.
size_t ip_image_padded_floats(const ip_image_shape *s);
/// Runs task(ctx, i, thread) for i in [0, count), each task claimed by whichever of the pool's
/// threads is free next, or all on the caller when `work` (≈ multiply-adds) is too little to share.
void ip_image_run_tasks(ip_pool *pool, int count, double work, void (*task)(void *ctx, int i, int thread),
                        void *ctx);
/// Runs share(ctx, i, shares) once on each of the pool's threads (ip_pool_run), or once on the
/// caller with shares = 1 when `work` is too little to share (as ip_image_run_tasks decides).
void ip_image_run_shares(ip_pool *pool, double work, void (*share)(void *ctx, int share, int shares), void *ctx);
/// A spin-wait hint (PAUSE on x86) for a thread waiting on another's atomic store.
void ip_image_pause(void);
#endif
