// Image ops: shape check, padding, task splitting, pooling, and the scalar references of
// convolution and pooling (the test oracles).
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "gemm_internal.h"
#include "image_internal.h"

const ip_image_table *ip_image_table_for(int isa) {
  switch (ip_effective_isa(isa)) {
    case IP_ISA_AVX512: return ip_image_table_avx512();
    case IP_ISA_AVX2: return ip_image_table_avx2();
    default: return ip_image_table_scalar();
  }
}

static int out_size(int input, int pad_before, int pad_after, int kernel, int stride, int dilation) {
  long span = (long)dilation * (kernel - 1) + 1;
  return (int)(((long)input + pad_before + pad_after - span) / stride + 1);
}

int ip_image_shape_check(const ip_image_shape *s, char *message, size_t message_len) {
  const char *why = NULL;
  const int sizes[] = {s->channels, s->height, s->width, s->out_channels, s->kernel_h, s->kernel_w,
                       s->stride_h, s->stride_w, s->dilation_h, s->dilation_w, s->groups};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0] && !why; i++)
    if (sizes[i] < 1 || sizes[i] > (1 << 24)) why = "a size, stride, dilation or group count is outside 1 … 2^24";
  if (!why && (s->pad_top < 0 || s->pad_left < 0 || s->pad_bottom < 0 || s->pad_right < 0 ||
               s->pad_top > 4096 || s->pad_left > 4096 || s->pad_bottom > 4096 || s->pad_right > 4096))
    why = "a pad is outside 0 … 4096";
  if (!why && (s->channels % s->groups || s->out_channels % s->groups)) why = "groups do not divide the channels";
  if (!why && (s->out_height != out_size(s->height, s->pad_top, s->pad_bottom, s->kernel_h, s->stride_h, s->dilation_h) ||
               s->out_width != out_size(s->width, s->pad_left, s->pad_right, s->kernel_w, s->stride_w, s->dilation_w) ||
               s->out_height < 1 || s->out_width < 1))
    why = "the output size does not follow from the window";
  long long padded = ((long long)s->height + s->pad_top + s->pad_bottom) * ((long long)s->width + s->pad_left + s->pad_right);
  if (!why && ((long long)s->channels * s->height * s->width > INT_MAX ||
               (long long)s->out_channels * s->out_height * s->out_width > INT_MAX || padded > INT_MAX))
    why = "a sample has more than 2^31 − 1 values";
  if (!why) return 0;
  if (message && message_len) snprintf(message, message_len, "%s", why);
  return -1;
}

size_t ip_image_padded_floats(const ip_image_shape *s) {
  return (size_t)(s->pad_top + s->height + s->pad_bottom) * (size_t)(s->pad_left + s->width + s->pad_right) +
         IP_IMAGE_PAD_SLACK;
}

typedef struct {
  int count;
  _Atomic int next;  // the next task nobody has claimed
  void (*task)(void *ctx, int i, int thread);
  void *ctx;
} task_job;

// Threads claim tasks one at a time from a shared counter rather than taking fixed ranges: a
// thread the OS deschedules (a 2-vCPU VM shared with other work) then delays the op by at most
// one task, while the others finish the rest. Each task writes its own outputs with the same
// arithmetic whichever thread runs it, so results do not depend on the split.
static void task_share(void *raw, int thread, int threads) {
  (void)threads;
  task_job *job = raw;
  for (int i = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed); i < job->count;
       i = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed))
    job->task(job->ctx, i, thread);
}

/// Below this much work (multiply-adds or loads) a second thread costs more than it saves:
/// waking a worker and joining it takes a few µs, about 30k multiply-adds of one core.
#define IP_IMAGE_MIN_PARALLEL_WORK 65536.0

void ip_image_run_tasks(ip_pool *pool, int count, double work, void (*task)(void *ctx, int i, int thread),
                        void *ctx) {
  task_job job = {.count = count, .task = task, .ctx = ctx};
  atomic_init(&job.next, 0);
  ip_image_run_shares(pool, count <= 1 ? 0.0 : work, task_share, &job);
}

int ip_image_items_per_task(int items, double item_work, double task_work, int threads) {
  double per_task = task_work / (item_work > 1 ? item_work : 1);
  if (per_task > items / (8.0 * threads)) per_task = items / (8.0 * threads);
  return per_task < 1 ? 1 : (int)per_task;
}

void ip_image_run_shares(ip_pool *pool, double work, void (*share)(void *ctx, int share, int shares), void *ctx) {
  if (ip_pool_threads(pool) <= 1 || work < IP_IMAGE_MIN_PARALLEL_WORK)
    ip_pool_run_on_caller(pool, share, ctx);
  else
    ip_pool_run(pool, share, ctx);
}

void ip_image_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

// ---- Pooling ---------------------------------------------------------------------------------

/// Window positions a pooling task aims at (a few µs), as the direct convolution's tasks do.
#define IP_POOL_TASK_WORK 32768.0

typedef struct {
  const ip_image_shape *s;
  const ip_image_table *t;
  ip_pool *pool;
  int kind, global;
  int planes, planes_per_task;
  const float *x;
  float *y, *row_scale, *col_scale;
} pool_job;

/// Planes [index·planes_per_task, …) of the batch's (sample, channel) planes.
static void pool_task(void *raw, int index, int thread) {
  pool_job *job = raw;
  const ip_image_shape *s = job->s;
  const size_t in_plane = (size_t)s->height * s->width, out_plane = (size_t)s->out_height * s->out_width;
  const int first = index * job->planes_per_task;
  const int end = job->planes - first < job->planes_per_task ? job->planes : first + job->planes_per_task;
  if (job->global) {  // GlobalAveragePool: one sum per plane
    for (int plane = first; plane < end; plane++)
      job->y[plane] = job->t->sum(job->x + (size_t)plane * in_plane, in_plane) / (float)in_plane;
    return;
  }
  if (job->kind == IP_POOL_MAX && job->t->max_pool_rows && ip_image_max_pool_rows(s)) {
    for (int plane = first; plane < end; plane++)
      job->t->max_pool_rows(s, job->x + (size_t)plane * in_plane, job->y + (size_t)plane * out_plane);
    return;
  }
  const size_t ldp = (size_t)(s->pad_left + s->width + s->pad_right), sw = (size_t)s->stride_w;
  const size_t floats = ldp + sw * ((ldp + sw - 1) / sw);  // pool_plane's line and its phases
  float *lines = ip_pool_scratch(job->pool, thread, floats);
  float *owned = NULL;
  if (!lines) lines = owned = malloc(floats * sizeof(float));  // no pool (or nested call)
  if (!lines) return;
  for (int plane = first; plane < end; plane++)
    job->t->pool_plane(s, job->kind, job->x + (size_t)plane * in_plane, job->row_scale, job->col_scale,
                       job->y + (size_t)plane * out_plane, lines);
  free(owned);
}

/// Window positions of output index i along an axis that fall inside [low, high) (the image,
/// or the image and its pads for count_include_pad).
static int inside_count(int i, int stride, int pad_before, int kernel, int dilation, int low, int high) {
  int count = 0;
  for (int p = 0; p < kernel; p++) {
    int at = i * stride - pad_before + p * dilation;
    count += at >= low && at < high;
  }
  return count;
}

void ip_pool2d(int isa, ip_pool *pool, const ip_image_shape *s, int kind, int batch, const float *x, float *y) {
  if (batch <= 0) return;
  pool_job job = {s, ip_image_table_for(isa), pool, kind, 0, 0, 0, x, y, NULL, NULL};
  job.global = kind != IP_POOL_MAX && s->out_height == 1 && s->out_width == 1 && s->kernel_h == s->height &&
               s->kernel_w == s->width && s->dilation_h == 1 && s->dilation_w == 1 &&
               !(s->pad_top | s->pad_left | s->pad_bottom | s->pad_right);
  // The divisors of an average pool: on the stack for every map up to 512×512, so the forward
  // pass does not allocate; a larger map's on the heap.
  float stack_scales[1024], *scales = NULL, *owned = NULL;
  if (kind != IP_POOL_MAX && !job.global) {
    const size_t count = (size_t)s->out_height + s->out_width;
    scales = count <= sizeof stack_scales / sizeof stack_scales[0] ? stack_scales : (owned = malloc(count * sizeof(float)));
    if (!scales) return;
    job.row_scale = scales;
    job.col_scale = scales + s->out_height;
    int padded = kind == IP_POOL_AVERAGE_PADDED;
    // The average's divisor is rows inside × columns inside, the window being a rectangle.
    for (int i = 0; i < s->out_height; i++) {
      int n = inside_count(i, s->stride_h, s->pad_top, s->kernel_h, s->dilation_h, padded ? -s->pad_top : 0,
                           padded ? s->height + s->pad_bottom : s->height);
      job.row_scale[i] = n ? 1.0f / (float)n : 0.0f;
    }
    for (int j = 0; j < s->out_width; j++) {
      int n = inside_count(j, s->stride_w, s->pad_left, s->kernel_w, s->dilation_w, padded ? -s->pad_left : 0,
                           padded ? s->width + s->pad_right : s->width);
      job.col_scale[j] = n ? 1.0f / (float)n : 0.0f;
    }
  }
  double work = (double)batch * s->channels * s->out_height * s->out_width * s->kernel_h * s->kernel_w;
  // Several planes a task when planes are small (a 7×7 plane's sum is a few ns, less than
  // claiming a task costs), but at least 8 tasks a thread so that the threads end together:
  // MobileNetV2's GlobalAveragePool (1280 planes of 7×7) took 63 µs one plane a task.
  job.planes = batch * s->channels;
  job.planes_per_task = ip_image_items_per_task(job.planes, work / job.planes, IP_POOL_TASK_WORK, ip_pool_threads(pool));
  ip_image_run_tasks(pool, (job.planes + job.planes_per_task - 1) / job.planes_per_task, work, pool_task, &job);
  free(owned);
}

void ip_pool2d_reference(const ip_image_shape *s, int kind, int batch, const float *x, float *y) {
  for (long plane = 0; plane < (long)batch * s->channels; plane++) {
    const float *src = x + plane * s->height * s->width;
    float *dst = y + plane * s->out_height * s->out_width;
    for (int i = 0; i < s->out_height; i++) {
      for (int j = 0; j < s->out_width; j++) {
        float largest = -INFINITY;
        double total = 0;
        int count = 0;
        for (int p = 0; p < s->kernel_h; p++) {
          int r = i * s->stride_h - s->pad_top + p * s->dilation_h;
          for (int q = 0; q < s->kernel_w; q++) {
            int c = j * s->stride_w - s->pad_left + q * s->dilation_w;
            if (r >= 0 && r < s->height && c >= 0 && c < s->width) {
              float v = src[r * s->width + c];
              largest = v > largest ? v : largest;
              total += v;
              count++;
            } else if (kind == IP_POOL_AVERAGE_PADDED && r < s->height + s->pad_bottom && c < s->width + s->pad_right) {
              count++;  // a pad position (not one past the pads)
            }
          }
        }
        dst[i * s->out_width + j] = kind == IP_POOL_MAX ? largest : count ? (float)(total / count) : 0.0f;
      }
    }
  }
}

void ip_conv2d_reference(const ip_image_shape *s, int batch, const float *x, const float *w,
                         const ip_conv_epilogue *epilogue, float *y) {
  const float *bias = epilogue->bias;
  const int in_group = s->channels / s->groups, out_group = s->out_channels / s->groups;
  const long in_plane = (long)s->height * s->width, out_plane = (long)s->out_height * s->out_width;
  for (int b = 0; b < batch; b++) {
    for (int o = 0; o < s->out_channels; o++) {
      const int g = o / out_group;
      const float *filter = w + (long)o * in_group * s->kernel_h * s->kernel_w;
      float *dst = y + ((long)b * s->out_channels + o) * out_plane;
      for (int i = 0; i < s->out_height; i++) {
        for (int j = 0; j < s->out_width; j++) {
          double total = bias ? bias[o] : 0.0;
          for (int c = 0; c < in_group; c++) {
            const float *plane = x + ((long)b * s->channels + g * in_group + c) * in_plane;
            for (int p = 0; p < s->kernel_h; p++) {
              int r = i * s->stride_h - s->pad_top + p * s->dilation_h;
              if (r < 0 || r >= s->height) continue;
              for (int q = 0; q < s->kernel_w; q++) {
                int col = j * s->stride_w - s->pad_left + q * s->dilation_w;
                if (col < 0 || col >= s->width) continue;
                total += (double)plane[r * s->width + col] * filter[(c * s->kernel_h + p) * s->kernel_w + q];
              }
            }
          }
          const long at = ((long)b * s->out_channels + o) * out_plane + (long)i * s->out_width + j;
          float v = (float)total + (epilogue->residual ? epilogue->residual[at] : 0.0f);
          v = v < epilogue->low ? epilogue->low : v;
          dst[i * s->out_width + j] = v > epilogue->high ? epilogue->high : v;
        }
      }
    }
  }
}
