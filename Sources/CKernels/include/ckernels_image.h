// CKernels image ops: 2-D convolution and pooling on NCHW float images, a batch of samples at a
// time, threaded over the pool. Legend: C, H, W = input channels, height, width of one sample;
// OC, OH, OW = the output's; kh×kw = window; groups split the channels; pads are top, left,
// bottom, right. Every fast kernel has a scalar reference beside it (the test oracle).
#ifndef IP_CKERNELS_IMAGE_H
#define IP_CKERNELS_IMAGE_H

#include <stddef.h>
#include "ckernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/// The geometry of a convolution or pooling on one sample. For pooling, out_channels = channels
/// and groups = 1. The caller checked it (the graph analysis does): out_height/out_width follow
/// from the window, channels and out_channels divide by groups, every size ≥ 1.
typedef struct {
  int channels, height, width;
  int out_channels, out_height, out_width;
  int kernel_h, kernel_w, stride_h, stride_w;
  int pad_top, pad_left, pad_bottom, pad_right;
  int dilation_h, dilation_w;
  int groups;
} ip_image_shape;

/// Returns 0 when `shape` is self-consistent (sizes ≥ 1, the output size follows from the
/// window, groups divide the channels, C·H·W and OC·OH·OW fit in an int); otherwise writes why
/// into message (message_len bytes, may be 0) and returns −1. The kernels below assume it passed.
int ip_image_shape_check(const ip_image_shape *shape, char *message, size_t message_len);

/// What ip_conv2d does to each output before storing it: y = clamp(conv + bias[o] + residual,
/// low, high). bias: OC floats or NULL (0); residual: batch×OC×OH×OW like y, or NULL (0), never
/// y itself (a ResNet shortcut, added before the clamp); low/high: ReLU (0, +inf), ReLU6 (0, 6)
/// or none (−inf, +inf).
typedef struct {
  const float *bias;
  const float *residual;
  float low, high;
} ip_conv_epilogue;

/// y = clamp(conv(x, w) + bias + residual, low, high) for `batch` samples (see ip_conv_epilogue):
/// x is batch×C×H×W, w is OC×(C/groups)×kh×kw (ONNX layout), y batch×OC×OH×OW. Groups of 4 or more
/// output channels run on the packed GEMM's microkernels (patches packed straight into its
/// panel layout, batch and pixels split into column tiles over the pool); smaller groups
/// (depthwise) run a direct kernel over (sample, output channel) planes.
/// `packed` holds w packed by ip_conv2d_pack_weights for the same isa and shape (NULL when
/// ip_conv2d_packed_floats is 0; then, or if NULL anyway, the direct kernel runs on w). With
/// `packed`, w is not read and may be NULL.
void ip_conv2d(int isa, ip_pool *pool, const ip_image_shape *shape, int batch, const float *x,
               const float *w, const float *packed, const ip_conv_epilogue *epilogue, float *y);
/// Floats ip_conv2d_pack_weights writes for `shape` at `isa`: 0 for the direct kernel's shapes
/// (fewer than 4 output channels per group), which read w as it is.
size_t ip_conv2d_packed_floats(int isa, const ip_image_shape *shape);
/// Packs w (ONNX layout) for ip_conv2d at `isa`; the layout is private to this library.
void ip_conv2d_pack_weights(int isa, const ip_image_shape *shape, const float *w, float *packed);
/// The scalar reference of ip_conv2d (plain loops, no pool, accumulation in double).
void ip_conv2d_reference(const ip_image_shape *shape, int batch, const float *x, const float *w,
                         const ip_conv_epilogue *epilogue, float *y);

/// Pooling kinds.
typedef enum {
  IP_POOL_MAX = 0,
  IP_POOL_AVERAGE = 1,          ///< divides by the window positions inside the image
  IP_POOL_AVERAGE_PADDED = 2,   ///< count_include_pad: also counts the pads (not past them)
} ip_pool_kind;

/// y = pool(x) per (sample, channel) plane: x is batch×C×H×W, y batch×C×OH×OW. A plane-sized
/// window without pads (GlobalAveragePool) is a plain vectorized sum.
void ip_pool2d(int isa, ip_pool *pool, const ip_image_shape *shape, int kind, int batch,
               const float *x, float *y);
/// The scalar reference of ip_pool2d.
void ip_pool2d_reference(const ip_image_shape *shape, int kind, int batch, const float *x, float *y);

#ifdef __cplusplus
}
#endif
#endif
