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
#include "gemm_internal.h"

/// A 3×3 stride-1 plane whose padded rows span at most this many floats ((OH − 1)·ldp + OW) runs
/// as one flat loop over them (direct_plane), with a stack buffer of this size.
#define IP_FLAT_3X3_FLOATS 1024

/// Whether direct_plane runs the plane of `s` (padded rows of ldp floats) as that flat loop, for
/// a 3×3 window: stride 1, dilation 1 and a span of at most IP_FLAT_3X3_FLOATS.
static inline int ip_image_flat_3x3(const ip_image_shape *s, int ldp) {
  return s->stride_h == 1 && s->stride_w == 1 && s->dilation_h == 1 && s->dilation_w == 1 &&
         (long long)(s->out_height - 1) * ldp + s->out_width <= IP_FLAT_3X3_FLOATS;
}

/// Whether a 3×3 plane of `s` can run as direct_3x3_narrow (where the table has it): dilation 1,
/// at most 16 outputs a row (one vector), stride 1, or stride 2 on rows of at most 32 floats.
static inline int ip_image_narrow_3x3(const ip_image_shape *s) {
  return s->kernel_h == 3 && s->kernel_w == 3 && s->dilation_h == 1 && s->dilation_w == 1 && s->out_width <= 16 &&
         (s->stride_w == 1 || (s->stride_w == 2 && s->width <= 32));
}

/// Winograd F(2×2, 3×3) (image_winograd.c): a run of a column tile's tiles that lie side by side
/// in one tile row of one sample and in one panel of the packed matrices: columns [jj, jj + count)
/// of the column tile are tiles (ty, tx … tx + count − 1) of sample `sample`.
typedef struct ip_winograd_run {
  int jj, count, sample, ty, tx;
} ip_winograd_run;

typedef struct {
  /// y (OH×OW) = start + Σ taps w[p·kw + q]·padded(...), or y += the sum when `accumulate`;
  /// then clamped to [low, high] (−inf, +inf: none) as it is stored.
  void (*direct_plane)(const ip_image_shape *s, const float *padded, int ldp, const float *w, float start,
                       int accumulate, float low, float high, float *y);
  /// direct_plane for a 3×3 window, strides 1 or 2, dilation 1 and pads of at most 1, reading the
  /// unpadded plane x (H×W) and `zeros` (W zero floats) for the rows outside it: no padded copy.
  void (*direct_3x3_unpadded)(const ip_image_shape *s, const float *x, const float *zeros, const float *w, float start,
                              int accumulate, float low, float high, float *y);
  /// direct_plane for the planes ip_image_narrow_3x3 accepts, any pads, from the unpadded plane
  /// x: one output row a vector. NULL below AVX-512: an AVX2 form (`vmaskmovps` loads, one or two
  /// vectors a row) ran 1.4–2.3× slower than the flat loop on stride-1 7×7 and 14×14 maps on an
  /// AMD Zen 4 (docs/onnx.md), so AVX2 keeps the padded copy.
  void (*direct_3x3_narrow)(const ip_image_shape *s, const float *x, const float *w, float start, int accumulate,
                            float low, float high, float *y);
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
  /// The Winograd F(2×2, 3×3) input and output transforms (image_winograd_body.h).
  void (*winograd_input)(const ip_image_shape *s, int NR, const float *x, const struct ip_winograd_run *runs,
                         int nruns, int count, size_t vstride, float *v, float *block);
  void (*winograd_output)(const ip_image_shape *s, const float *m, size_t mstride, int ldm, int rows, int o0,
                          const struct ip_winograd_run *runs, int nruns, const ip_conv_epilogue *e, float *y);
  /// y[j·ldy + i] = clamp(c[i·ldc + j] + residual[j·ldy + i], low, high) for i < rows, j < cols
  /// (residual NULL: 0): a pixels × channels block into NCHW planes (image_conv_rows.c).
  void (*transpose_clamp)(const float *c, int ldc, int rows, int cols, float *y, int ldy, const float *residual,
                          float low, float high);
  /// direct_plane for a 3×3 window, strides 1 or 2 across, any down, dilation 1, any pads, rows
  /// of at most 16·IP_ROWS_3X3_MAX_VECTORS outputs, from the unpadded plane x: 16 outputs a vector
  /// at AVX-512, 8 at AVX2 (image_3x3_avx2.h); NULL at the portable level.
  void (*direct_3x3_rows)(const ip_image_shape *s, const float *x, const float *w, float start, int accumulate,
                          float low, float high, float *y);
  /// pool_plane for IP_POOL_MAX where ip_image_max_pool_rows accepts the shape, from the plane x
  /// (H×W) without a line buffer: 16 outputs a vector (AVX-512 only; NULL below).
  void (*max_pool_rows)(const ip_image_shape *s, const float *x, float *y);
  /// `planes` depthwise 3×3 planes (one input channel each) where ip_image_small_3x3 accepts the
  /// shape: input plane c at x + c·H·W, weights w[9c …], bias[c] (bias NULL: 0), output plane c
  /// at y + c·H·W, clamped to [low, high] (AVX-512 and AVX2; NULL at the portable level).
  void (*direct_3x3_small)(const ip_image_shape *s, const float *x, const float *w, const float *bias, int planes,
                           float low, float high, float *y);
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
/// Items (planes) a task for `items` of `item_work` multiply-adds each: about `task_work` a task,
/// but at least 8 tasks a thread so that the threads end together; at least 1.
int ip_image_items_per_task(int items, double item_work, double task_work, int threads);
/// Runs share(ctx, i, shares) once on each of the pool's threads (ip_pool_run), or once on the
/// caller with shares = 1 when `work` is too little to share (as ip_image_run_tasks decides).
void ip_image_run_shares(ip_pool *pool, double work, void (*share)(void *ctx, int share, int shares), void *ctx);
/// A spin-wait hint (PAUSE on x86) for a thread waiting on another's atomic store.
void ip_image_pause(void);

// ---- The convolution's GEMM, shared by image_conv.c and image_winograd.c --------------------

/// The KC the convolution uses for a patch (or channel) length k (image_conv.c says why).
int ip_conv_kc(const ip_gemm_table *t, int k);
/// Packs m rows of k weights (row i at w[i·k]) into the microkernel's A layout, per KC slice of
/// k (ip_conv_kc): slice pc holds ⌈m/MR⌉·MR × kc floats, MR-row panels of kc columns, zero rows
/// past m.
void ip_conv_pack_rows(const ip_gemm_table *t, int m, int k, const float *w, float *packed);
/// Where ip_conv_pack_rows puts row i, column p of an m×k matrix (padded_m = ⌈m/MR⌉·MR, KC =
/// ip_conv_kc(t, k)).
static inline size_t ip_conv_packed_at(int MR, int KC, int padded_m, int k, int i, int p) {
  const int pc = p / KC * KC, kc = k - pc < KC ? k - pc : KC;
  return (size_t)pc * padded_m + (size_t)(i / MR) * MR * kc + (size_t)(p - pc) * MR + i % MR;
}

/// Whether ip_conv2d runs `s` with the pixels as the GEMM's rows (image_conv_rows.c): a 1×1,
/// stride-1, unpadded, ungrouped layer on a small map.
int ip_conv_pixel_rows(const ip_image_shape *s);
/// Floats of its weights, packed as ip_pack_w_panels packs OC rows of C (no header).
size_t ip_conv_pixel_rows_floats(const ip_gemm_table *t, const ip_image_shape *s);
/// ip_conv2d for a shape ip_conv_pixel_rows accepts, on `batch` samples (batch·OH·OW below 2^31).
void ip_conv_pixel_rows_run(const ip_gemm_table *t, const ip_image_table *image, ip_pool *pool, const ip_image_shape *s,
                            int batch, const float *x, const float *panels, const ip_conv_epilogue *e, float *y);

/// Pixels a plane at most for direct_3x3_small (7×7 and 8×8 maps).
#define IP_SMALL_3X3_PIXELS 64

/// Whether direct_3x3_small runs the depthwise planes of `s`: 3×3, stride and dilation 1, the
/// output the input's size (pads of 2 in all, each side at most 2), at most 64 pixels a plane.
static inline int ip_image_small_3x3(const ip_image_shape *s) {
  return s->kernel_h == 3 && s->kernel_w == 3 && s->stride_h == 1 && s->stride_w == 1 && s->dilation_h == 1 &&
         s->dilation_w == 1 && s->out_height == s->height && s->out_width == s->width && s->pad_top <= 2 &&
         s->pad_left <= 2 && s->height * s->width <= IP_SMALL_3X3_PIXELS;
}

/// Window rows and columns at most for max_pool_rows.
#define IP_MAX_POOL_ROWS_WINDOW 16

/// Vectors of 16 outputs a row at most for direct_3x3_rows and max_pool_rows (rows of up to 256 outputs).
#define IP_ROWS_3X3_MAX_VECTORS 16

/// Whether max_pool_rows runs the max pool `s`: dilation 1, a window of at most 16×16 and,
/// across, stride 1, or stride 2 with at most 3 columns; rows of at most 256 outputs.
static inline int ip_image_max_pool_rows(const ip_image_shape *s) {
  return s->dilation_h == 1 && s->dilation_w == 1 && s->kernel_h <= IP_MAX_POOL_ROWS_WINDOW &&
         s->kernel_w <= IP_MAX_POOL_ROWS_WINDOW && s->out_width <= 16 * IP_ROWS_3X3_MAX_VECTORS &&
         (s->stride_w == 1 || (s->stride_w == 2 && s->kernel_w <= 3));
}

/// Winograd F(2×2, 3×3) (image_winograd.c): the points of a 4×4 input tile.
#define IP_WINOGRAD_POINTS 16
/// Floats of the input transform's scratch for a column tile of `count` tiles on a map of th×tw
/// tiles (image_winograd_body.h): the padded input rows its tiles read in one sample (two a tile
/// row and two more, rows of 2·tw + 2 floats and two vectors' slack, 16 lanes at most).
#define IP_WINOGRAD_BLOCK(count, th, tw)                                                            \
  ((size_t)(2 * ((th) < (count) / (tw) + 2 ? (th) : (count) / (tw) + 2) + 2) * (2 * (size_t)(tw) + 2 + 2 * 16))
/// Whether ip_conv2d runs `s` as Winograd F(2×2, 3×3): 3×3, strides and dilations 1, one group,
/// and enough channels and pixels that the transforms pay for themselves.
int ip_winograd_applies(const ip_image_shape *s);
/// Packs w (OC×C×3×3) as U = G w Gᵀ: IP_WINOGRAD_POINTS matrices of OC×C, each as
/// ip_conv_pack_rows lays it out, one after another (⌈OC/MR⌉·MR·C floats each).
void ip_winograd_pack_weights(const ip_gemm_table *t, const ip_image_shape *s, const float *w, float *packed);
/// ip_conv2d for a shape ip_winograd_applies to, on `batch` samples (batch·OH·OW below 2^31).
void ip_winograd_conv(const ip_gemm_table *t, const ip_image_table *image, ip_pool *pool, const ip_image_shape *s,
                      int batch, const float *x, const float *packed, const ip_conv_epilogue *epilogue, float *y);
#endif
