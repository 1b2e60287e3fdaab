// 1×1 convolutions on small maps with the pixels as the GEMM's rows: yᵀ = xᵀ · Wᵀ.
//
// The convolution's usual GEMM (image_conv.c) puts the pixels on the vector axis: a 7×7 map's
// 49 pixels a sample fill 3 vectors of 16 and 1 of a 4th, and every column tile reads all the
// weights again. Here the roles swap: the output channels run along the vectors (MobileNet's
// 160, 320, 960 and 1280 fill them exactly) and the pixels, batch folded in, are the rows, so
// the layer is a plain GEMM of (batch·n) × OC × C on the weights packed as the GEMM packs a
// linear layer's. Rows of a are packed straight from x (pixel i of input channel p lies at
// x[p·n + i], so a panel's row slice is a contiguous run), and each thread's OC columns go
// through a scratch tile, transposed into y with the residual and clamp on the way.
#include <stdlib.h>
#include "image_internal.h"

/// Pixels a sample at most for the pixel-rows path: 7×7 and 8×8 maps. On an AMD Zen 5, both
/// ways alternated call by call in one process (docs/onnx.md): MobileNetV2's 7×7 layers took
/// 0.73–0.90 of the usual path's time at batch 1 and 0.78–1.06 at batch 8 (1 and 2 threads);
/// its 14×14 layers 1.0–1.09 at batch 1 and 1.06–1.10 at batch 8 (1 thread), so they stay on
/// the usual path.
#define IP_CONV_ROWS_MAX_PIXELS 64
/// Output channels at least: with 32 or fewer, the usual path reads the pixels in place, which
/// the pixel rows did not beat (512→32 on 7×7 1.05–1.2×, 128→16 on 8×8 2.2×, same machine).
#define IP_CONV_ROWS_MIN_OUTPUTS 33
/// A thread's C scratch (rows × its columns) stays under this many floats (256 KiB, in L2).
#define IP_CONV_ROWS_C_FLOATS (64 * 1024)

int ip_conv_pixel_rows(const ip_image_shape *s) {
  return s->kernel_h == 1 && s->kernel_w == 1 && s->stride_h == 1 && s->stride_w == 1 && s->groups == 1 &&
         !(s->pad_top | s->pad_left | s->pad_bottom | s->pad_right) && s->out_channels >= IP_CONV_ROWS_MIN_OUTPUTS &&
         s->out_height * s->out_width <= IP_CONV_ROWS_MAX_PIXELS;
}

size_t ip_conv_pixel_rows_floats(const ip_gemm_table *t, const ip_image_shape *s) {
  return (size_t)(s->out_channels + t->nr - 1) / t->nr * t->nr * (size_t)s->channels;
}

typedef struct {
  const ip_gemm_table *t;
  const ip_image_table *image;
  ip_pool *pool;
  const ip_image_shape *s;
  const float *x, *panels;
  const ip_conv_epilogue *e;
  float *y;
  int rows, n, split_rows;  // rows = batch·n (sample i / n, pixel i mod n)
} rows_job;

/// The a operand of one row chunk: folded rows from `first` on.
typedef struct {
  const rows_job *job;
  int first;
} pixel_source;

static void pack_pixels(const void *raw, int row0, int rows, int p0, int kc, int mr_tile, float *dst) {
  const pixel_source *src = raw;
  const int n = src->job->n, C = src->job->s->channels;
  for (int i0 = 0; i0 < rows; i0 += mr_tile) {
    const int count = rows - i0 < mr_tile ? rows - i0 : mr_tile, first = src->first + row0 + i0;
    float *panel = dst + (size_t)i0 * kc;
    for (int ii = 0; ii < count;) {  // the panel's rows, one sample's run at a time
      const int row = first + ii, b = row / n, pixel = row % n, run = n - pixel < count - ii ? n - pixel : count - ii;
      const float *from = src->job->x + ((size_t)b * C + p0) * n + pixel;
      for (int p = 0; p < kc; p++)
        for (int r = 0; r < run; r++) panel[(size_t)p * mr_tile + ii + r] = from[(size_t)p * n + r];
      ii += run;
    }
  }
}

/// y's channels [o0, o0 + width) of folded rows [first, first + rows) = clamp(c + residual), c
/// holding them row-major (row stride width; the bias is in already), one sample's run of
/// pixels at a time.
static void store_pixels(const rows_job *job, int first, int rows, int o0, int width, const float *c) {
  const int n = job->n, OC = job->s->out_channels;
  for (int ii = 0; ii < rows;) {
    const int row = first + ii, b = row / n, pixel = row % n, run = n - pixel < rows - ii ? n - pixel : rows - ii;
    const size_t at = ((size_t)b * OC + o0) * n + pixel;  // channel o0, this run's first pixel
    job->image->transpose_clamp(c + (size_t)ii * width, width, run, width, job->y + at, n,
                                job->e->residual ? job->e->residual + at : NULL, job->e->low, job->e->high);
    ii += run;
  }
}

static void rows_share(void *raw, int share, int shares) {
  const rows_job *job = raw;
  const ip_gemm_table *t = job->t;
  const int MR = t->mr, NR = t->nr, OC = job->s->out_channels, k = job->s->channels;
  int r0 = 0, r1 = job->rows, o0 = 0, o1 = OC;
  if (job->split_rows) {
    const int tiles = (job->rows + MR - 1) / MR;
    r0 = tiles * share / shares * MR;
    r1 = tiles * (share + 1) / shares * MR;
    r1 = r1 < job->rows ? r1 : job->rows;
  } else {
    const int panels = (OC + NR - 1) / NR;
    o0 = panels * share / shares * NR;
    o1 = panels * (share + 1) / shares * NR;
    o1 = o1 < OC ? o1 : OC;
  }
  if (r0 >= r1 || o0 >= o1) return;
  const int width = o1 - o0, most = IP_CONV_ROWS_C_FLOATS / width < MR ? MR : IP_CONV_ROWS_C_FLOATS / width;
  const int chunks = (r1 - r0 + most - 1) / most, chunk = ((r1 - r0 + chunks - 1) / chunks + MR - 1) / MR * MR;
  const size_t block = ip_gemm_block_floats(t), held = (size_t)chunk * t->kc;
  const size_t abuf_floats = held > block ? held : block, floats = abuf_floats + (size_t)chunk * width;
  float *abuf = ip_pool_scratch(job->pool, share, floats), *owned = NULL;
  if (!abuf) abuf = owned = malloc(floats * sizeof(float));  // no pool (or nested call)
  if (!abuf) return;
  float *c = abuf + abuf_floats;
  const float *bias = job->e->bias ? job->e->bias + o0 : NULL;
  for (int first = r0; first < r1; first += chunk) {
    const int rows = r1 - first < chunk ? r1 - first : chunk;
    const pixel_source source = {job, first};
    // The columns [o0, o1) as a GEMM of their own: their panels start at panel o0 / NR.
    ip_gemm_columns_from(t, rows, 0, width, k, pack_pixels, &source, job->panels + (size_t)o0 * k, bias, IP_ACT_NONE, c,
                         width, abuf, abuf_floats);
    store_pixels(job, first, rows, o0, width, c);
  }
  free(owned);
}

void ip_conv_pixel_rows_run(const ip_gemm_table *t, const ip_image_table *image, ip_pool *pool, const ip_image_shape *s,
                            int batch, const float *x, const float *panels, const ip_conv_epilogue *e, float *y) {
  rows_job job = {t, image, pool, s, x, panels, e, y, batch * s->out_height * s->out_width, s->out_height * s->out_width, 0};
  const int threads = ip_pool_threads(pool), panels_count = (s->out_channels + t->nr - 1) / t->nr;
  // Columns split (each thread packs all the rows and reads its part of the weights once), unless
  // the panels don't divide evenly and there are rows enough for 4 tiles a thread: 160 outputs
  // are 5 panels, 3 for one thread and 2 for the other, which at batch 8 on 2 threads took 1.27×
  // the usual path's time on an AMD Zen 5 (7×7 map).
  job.split_rows = panels_count % threads != 0 && job.rows >= 4 * t->mr * threads;
  ip_image_run_shares(pool, (double)job.rows * s->out_channels * s->channels, rows_share, &job);
}
