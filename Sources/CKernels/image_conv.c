// 2-D convolution on NCHW images. Legend: m = output channels of a group, k = the patch length
// (C/groups·kh·kw), n = output pixels (OH·OW) of one sample; MR×NR = the GEMM's register tile,
// KC = its depth block.
//
// Groups of at least IP_CONV_GEMM_MIN_OUTPUTS output channels run as y_g = W_g · P (m×k times
// k×n) on the packed GEMM's microkernels, with no im2col matrix in between:
//   - W_g is packed once, at load (ip_conv2d_pack_weights), into the microkernel's A layout:
//     per KC slice of k, MR-row panels of kc columns (zero rows past m);
//   - the batch is folded into the columns (column j = pixel j mod n of sample j / n), and the
//     patches of a tile of columns are packed straight from the image into the weight-panel
//     layout the microkernel reads (k rows of NR columns per panel, zeros for the padding), one
//     pass per tile, in the thread's scratch;
//   - the microkernel stores the m×NR tile in NCHW order (row stride n; a panel that spans two
//     samples goes through a spill tile), and on the last KC slice adds the bias and a residual
//     and clamps (ReLU, ReLU6) in its registers before that store (kernel_conv).
// Work splits over (group, column tile, row block) tasks claimed by the pool's threads; the row
// blocks only appear when the column tiles are too few to keep the threads busy (7×7 and 14×14
// maps at batch 1), and then each tile's patches are packed once, panel by panel, into a buffer
// its row blocks share.
// Smaller groups (depthwise, groups == channels) run direct kernels (image_kernels_body.h) over
// (sample, output channel) planes, a few a task: 3×3 with strides 1 or 2 from the unpadded plane,
// any other window over a padded copy in the thread's scratch.
// 1×1 layers on maps of at most 64 pixels run with the pixels as the GEMM's rows instead
// (image_conv_rows.c).
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "gemm_internal.h"
#include "image_internal.h"

/// Fewer output channels per group than this run the direct kernel: the GEMM tile would be
/// mostly empty rows.
#define IP_CONV_GEMM_MIN_OUTPUTS 4
/// A column tile's packed patches (k × tile floats) stay under this many floats (1 MiB), and a
/// tile is at most IP_CONV_MAX_TILE columns, so the scratch stays small and tasks plentiful.
#define IP_CONV_TILE_FLOATS (256 * 1024)
#define IP_CONV_MAX_TILE 256
/// 1×1 layers with at most this many outputs per group read their pixels in place (conv_samples).
#define IP_CONV_IN_PLACE_MAX_OUTPUTS 32
/// Multiply-adds a direct-kernel task aims at (a few µs), so tiny planes are claimed in groups.
#define IP_DIRECT_TASK_WORK 32768.0

static int round_up(int x, int to) { return (x + to - 1) / to * to; }

static int uses_gemm(const ip_image_shape *s) { return s->out_channels / s->groups >= IP_CONV_GEMM_MIN_OUTPUTS; }

static int patch_length(const ip_image_shape *s) { return s->channels / s->groups * s->kernel_h * s->kernel_w; }

/// KC for this k (declared in image_internal.h): at most the table's kc × NR/(NR + MR), evened
/// out over the slices as the GEMM's KC is.
///
/// The table's kc sizes the kc×NR weight slice of a GEMM to its share of L1d, with the packed A
/// rows streaming from L2 behind a prefetch of the slice. Here the roles differ: the slice is a
/// panel of patches, reused by every MR-row tile of the layer's weights, and the prefetch is on
/// those weights, so the panel stays in L1 only if the panel and an MR×kc weight panel fit
/// there together: kc shrinks by NR/(NR + MR) (AVX-512: 384 → 272 with 48 KiB of L1d). On an
/// Intel Ice Lake (docs/onnx.md), ResNet-18's convolutions at 1 thread took 8% less time at
/// AVX-512, batch 1 and 8 (the 3×3 layers 74–94 → 82–102 GFLOP/s), and 6% less at AVX2.
int ip_conv_kc(const ip_gemm_table *t, int k) {
  const int shared = (int)((long)t->kc * t->nr / (t->nr + t->mr)) / 8 * 8, kc_max = shared < 8 ? 8 : shared;
  int blocks = (k + kc_max - 1) / kc_max;
  return round_up((k + blocks - 1) / blocks, 8);
}

size_t ip_conv2d_packed_floats(int isa, const ip_image_shape *s) {
  if (!uses_gemm(s)) return 0;
  const ip_gemm_table *t = ip_gemm_table_for(isa);
  const size_t rows = (size_t)s->groups * (size_t)round_up(s->out_channels / s->groups, t->mr);
  if (ip_conv_pixel_rows(s)) return ip_conv_pixel_rows_floats(t, s);
  return ip_winograd_applies(s) ? IP_WINOGRAD_POINTS * rows * (size_t)s->channels : rows * (size_t)patch_length(s);
}

void ip_conv2d_pack_weights(int isa, const ip_image_shape *s, const float *w, float *packed) {
  if (!uses_gemm(s)) return;
  const ip_gemm_table *t = ip_gemm_table_for(isa);
  if (ip_winograd_applies(s)) {
    ip_winograd_pack_weights(t, s, w, packed);
    return;
  }
  if (ip_conv_pixel_rows(s)) {
    ip_pack_w_panels(isa, s->out_channels, s->channels, w, s->channels, packed);
    return;
  }
  const int m = s->out_channels / s->groups, k = patch_length(s);
  for (int g = 0; g < s->groups; g++)
    ip_conv_pack_rows(t, m, k, w + (size_t)g * m * k, packed + (size_t)g * round_up(m, t->mr) * k);
}

void ip_conv_pack_rows(const ip_gemm_table *t, int m, int k, const float *w, float *packed) {
  const int MR = t->mr, KC = ip_conv_kc(t, k), padded_m = round_up(m, MR);
  for (int i = 0; i < padded_m; i++)
    for (int p = 0; p < k; p++) packed[ip_conv_packed_at(MR, KC, padded_m, k, i, p)] = i < m ? w[(size_t)i * k + p] : 0.0f;
}

typedef struct {
  const ip_image_shape *s;
  const ip_gemm_table *gemm;
  const ip_image_table *image;
  ip_pool *pool;
  const float *x, *w, *packed;
  float *y;
  ip_conv_epilogue epilogue;
  int m, k, n;       // GEMM sizes of one sample and group
  int columns;       // batch·n: the samples side by side as the GEMM's columns
  int tile, tiles, row_block, row_blocks;
  int planes, planes_per_task;  // the direct kernel's (sample, output channel) planes
  int in_place;      // 1×1 layer with few outputs: whole panels are read from x, not packed
} conv_job;

/// Where column j of the folded batch lands: sample j / n, pixel j mod n.
static size_t output_offset(const conv_job *job, int g, int row, int column) {
  const int b = column / job->n, pixel = column % job->n;
  return ((size_t)b * job->s->out_channels + (size_t)g * job->m + (size_t)row) * job->n + (size_t)pixel;
}

/// The epilogue of rows [r0, r0 + rows) × columns [j, j + cols) of one sample, in place in y (for
/// the tiles that went through a spill tile; the others had it in the microkernel).
static void finish(const conv_job *job, int g, int r0, int rows, int j, int cols) {
  const size_t at = output_offset(job, g, r0, j);
  const float *bias = job->epilogue.bias ? job->epilogue.bias + (size_t)g * job->m + r0 : NULL;
  job->image->bias_clamp_rows(job->y + at, rows, cols, job->n, bias, job->epilogue.residual ? job->epilogue.residual + at : NULL,
                              job->epilogue.low, job->epilogue.high);
}

/// The fused epilogue of the tile whose first element is output row `row` of group g, folded
/// column `column` (one sample: the tile does not span two).
static ip_tile_epilogue tile_epilogue(const conv_job *job, int g, int row, int column) {
  const ip_conv_epilogue *e = &job->epilogue;
  return (ip_tile_epilogue){e->bias ? e->bias + (size_t)g * job->m + row : NULL,
                            e->residual ? e->residual + output_offset(job, g, row, column) : NULL, (size_t)job->n,
                            e->low, e->high};
}

/// Where the pixels of folded columns [column, column + NR) lie in x, for a 1×1 stride-1 layer
/// without pads in place mode (their rows, one per input channel, n floats apart: a plane), or
/// NULL when the panel is packed instead: the last, partial panel, or one that spans two samples.
static const float *in_place_panel(const conv_job *job, int g, int column) {
  const int NR = job->gemm->nr, n = job->n;
  if (!job->in_place || column / n != (column + NR - 1) / n || column + NR > job->columns) return NULL;
  const ip_image_shape *s = job->s;
  return job->x + ((size_t)(column / n) * s->channels + (size_t)g * (s->channels / s->groups)) * (size_t)n +
         (size_t)(column % n);
}

/// Rows [m0, m1) of group g's output times the packed patches of folded columns [j0, j0 + count):
/// loops 4 (KC) → 3 (MC) → 2 (NR) → 1 (MR) of the GEMM, the epilogue on the last KC slice.
/// `spill_base` holds (m1 − m0) × NR floats for each panel of the tile that spans two samples.
static void multiply(const conv_job *job, int g, int j0, int count, int m0, int m1, const float *panels, float *spill_base) {
  const ip_gemm_table *t = job->gemm;
  const int MR = t->mr, NR = t->nr, k = job->k, KC = ip_conv_kc(t, k), padded_m = round_up(job->m, MR), n = job->n;
  const size_t spill_floats = (size_t)(m1 - m0) * NR;
  const float *a_g = job->packed + (size_t)g * padded_m * k;
  const int MC = t->mc < padded_m ? t->mc / MR * MR : padded_m;
  for (int pc = 0; pc < k; pc += KC) {  // loop 4 (KC): a slice of k; the first starts from zero
    const int kc = k - pc < KC ? k - pc : KC;
    const int flags = (pc == 0 ? IP_KERNEL_FIRST : 0) | (pc + kc == k ? IP_KERNEL_LAST : 0) | IP_KERNEL_PREFETCH_A;
    const float *a_slice = a_g + (size_t)pc * padded_m;
    for (int ic = m0; ic < m1; ic += MC) {  // loop 3 (MC): a block of weight rows kept in L2
      const int mc = m1 - ic < MC ? m1 - ic : MC;
      float *spill = spill_base;
      // loop 2 (NR): one patch panel slice in L1, or two side by side for the wide kernels when
      // both lie in one sample and are read the same way (both packed, or both in place)
      for (int jr = 0, step; jr < count; jr += step) {
        const int left = count - jr, column = j0 + jr, pair = left < 2 * NR ? left : 2 * NR;
        const float *pixels = in_place_panel(job, g, column);  // 1×1: rows n floats apart in x
        const float *pixels2 = left > NR ? in_place_panel(job, g, column + NR) : NULL;
        const int wide = t->wide_rows > 0 && left > NR && column / n == (column + pair - 1) / n &&
                         (pixels == NULL) == (pixels2 == NULL);
        step = wide ? 2 * NR : NR;
        const int nr = left < step ? left : step;
        const int splits = column / n != (column + nr - 1) / n;
        const float *panel = pixels ? pixels + (size_t)pc * n : panels + (size_t)jr * k + (size_t)pc * NR;
        const float *panel2 = pixels2 ? pixels2 + (size_t)pc * n : panel + (size_t)k * NR;
        const size_t ldw = pixels ? (size_t)n : (size_t)NR;
        float *c = splits ? spill + (size_t)(ic - m0) * NR : job->y + output_offset(job, g, ic, column);
        const int ldc = splits ? NR : n;
        // On the last slice, the microkernel applies the epilogue in registers before its one
        // store; a tile that spans two samples does so after the copy out of the spill tile.
        const int fused = (flags & IP_KERNEL_LAST) && !splits;
        // In place, the panel's k rows lie n floats apart, a stream no hardware prefetcher
        // follows, so the kernel prefetches those rows ahead instead of the packed weights
        // (contiguous, in L2): on an Intel Ice Lake at AVX-512, MobileNetV2's 96→24 and 144→24
        // layers on a 56×56 map went from 1.4–1.5× to 0.86–1.03× the packed path's time, its
        // 144→32 and 192→32 layers on 28×28 from 1.02–1.22× to 0.84–0.87× (docs/onnx.md). A wide
        // tile prefetches only when told (IP_KERNEL_PREFETCH_W), so the first over an in-place
        // pair is: without it, on an AMD Zen 4 at batch 8, 1 thread, the 144→24 and 96→24 layers
        // on 56×56 took 1.2–1.35× as long (docs/onnx.md), batch 1 unchanged.
        const int tile_flags = pixels ? flags & ~IP_KERNEL_PREFETCH_A : flags;
        for (int ir = 0; ir < mc; ir += MR) {  // loop 1 (MR): microkernel on an MR×NR tile
          const int mr = mc - ir < MR ? mc - ir : MR;
          const ip_tile_epilogue epilogue = fused ? tile_epilogue(job, g, ic + ir, column) : (ip_tile_epilogue){0};
          const float *a = a_slice + (size_t)(ic + ir) * kc;
          if (wide)
            ip_run_wide(t, mr, kc, a, panel, panel2, ldw, c + (size_t)ir * ldc, ldc, nr, NULL,
                        tile_flags | (pixels && ir == 0 ? IP_KERNEL_PREFETCH_W : 0), IP_ACT_NONE, fused ? &epilogue : NULL);
          else
            t->kernel_conv[mr](kc, a, panel, ldw, c + (size_t)ir * ldc, ldc, nr, fused ? &epilogue : NULL, tile_flags);
        }
        if ((flags & IP_KERNEL_LAST) && splits) {
          for (int from = 0; from < nr;) {  // each sample's part of the spilled tile
            const int part = n - (column + from) % n < nr - from ? n - (column + from) % n : nr - from;
            float *to = job->y + output_offset(job, g, ic, column + from);
            for (int r = 0; r < mc; r++)
              for (int jj = 0; jj < part; jj++) to[(size_t)r * n + jj] = c[(size_t)r * NR + from + jj];
            finish(job, g, ic, mc, column + from, part);
            from += part;
          }
        }
        spill += splits ? spill_floats : 0;
      }
    }
  }
}

/// The group and folded columns [j0, j0 + count) of column task `column_task` (group, tile).
static void column_place(const conv_job *job, int column_task, int *g, int *j0, int *count) {
  *g = column_task / job->tiles;
  *j0 = column_task % job->tiles * job->tile;
  *count = job->columns - *j0 < job->tile ? job->columns - *j0 : job->tile;
}

/// Where task `index` (group, column tile, row block; row block fastest) works.
static void task_place(const conv_job *job, int index, int *g, int *j0, int *count, int *m0, int *m1) {
  const int row_block = index % job->row_blocks;
  column_place(job, index / job->row_blocks, g, j0, count);
  *m0 = row_block * job->row_block;
  *m1 = *m0 + job->row_block < job->m ? *m0 + job->row_block : job->m;
}

/// The first input channel of group g in sample 0.
static const float *group_input(const conv_job *job, int g) {
  const ip_image_shape *s = job->s;
  return job->x + (size_t)g * (s->channels / s->groups) * s->height * s->width;
}

/// One (group, column tile, row block) task that packs its own tile's patches, in its thread's
/// scratch: no task waits for another.
static void gemm_task(void *raw, int index, int thread) {
  conv_job *job = raw;
  const int NR = job->gemm->nr, k = job->k, n = job->n;
  int g, j0, count, m0, m1;
  task_place(job, index, &g, &j0, &count, &m0, &m1);
  if (m0 >= m1) return;
  // A panel whose NR columns span two samples can't be stored with one row stride: its tile
  // goes to a buffer of (m1 − m0) × NR floats, copied out to each sample after the last slice.
  int straddling = 0;
  for (int jr = 0; jr < count; jr += NR) {
    const int last = j0 + jr + (count - jr < NR ? count - jr : NR) - 1;
    straddling += (j0 + jr) / n != last / n;
  }
  const size_t panel_floats = (size_t)round_up(count, NR) * k, spill_floats = (size_t)(m1 - m0) * NR;
  const size_t floats = panel_floats + (size_t)straddling * spill_floats;
  float *panels = ip_pool_scratch(job->pool, thread, floats);
  float *owned = NULL;
  if (!panels) panels = owned = malloc(floats * sizeof(float));  // no pool (or nested call)
  if (!panels) return;
  if (!job->in_place) {
    job->image->pack_patches(job->s, NR, group_input(job, g), j0, count, panels);
  } else {  // only the panels that are not read in place
    for (int jr = 0; jr < count; jr += NR)
      if (!in_place_panel(job, g, j0 + jr))
        job->image->pack_patches(job->s, NR, group_input(job, g), j0 + jr, count - jr < NR ? count - jr : NR,
                                 panels + (size_t)jr * k);
  }
  multiply(job, g, j0, count, m0, m1, panels, panels + panel_floats);
  free(owned);
}

// ---- Patches packed once, shared by the row blocks --------------------------------------------
// With few column tiles, the tiles are split into row blocks so that every thread has work; a
// gemm_task per row block would pack its tile's patches again (a 1×1 convolution at batch 1 on
// 2 threads packed each tile 8 times, as much copying as multiplying for its 12–40-row blocks).
// Instead, one job runs two kinds of task from one counter: first each tile's patches, panel by
// panel, into one buffer (share 0's pool scratch); then the row blocks, each waiting until its
// tile's panels are all packed. Tasks are claimed in order, so a row block only ever waits for
// panels that a running thread has already claimed.

typedef struct {
  conv_job *job;
  int column_tasks, panels_per_tile, pieces, tasks;
  size_t tile_floats, spill_floats;  // floats per packed column task; per share's spill tiles
  _Atomic int next;                  // the next task nobody has claimed
  _Atomic int state;                 // 0 while share 0 gets the buffer; 1 shared; 2 each task packs its own
  float *buffer;                     // column tasks' panels, then one spill area per share
  _Atomic int *packed;               // per column task: panels packed (from share 0's scratch too)
} shared_packing;

static void pack_piece(shared_packing *sp, int piece) {
  const conv_job *job = sp->job;
  const int NR = job->gemm->nr, column_task = piece / sp->panels_per_tile, a = piece % sp->panels_per_tile * NR;
  int g, j0, count;
  column_place(job, column_task, &g, &j0, &count);
  if (a < count)
    job->image->pack_patches(job->s, NR, group_input(job, g), j0 + a, count - a < NR ? count - a : NR,
                             sp->buffer + (size_t)column_task * sp->tile_floats + (size_t)a * job->k);
  atomic_fetch_add_explicit(&sp->packed[column_task], 1, memory_order_release);
}

static void shared_share(void *raw, int share, int shares) {
  shared_packing *sp = raw;
  conv_job *job = sp->job;
  if (share == 0) {
    const size_t counters = (size_t)(sp->column_tasks + 15) / 16 * 16;  // 64-byte blocks of ints
    const size_t floats = counters + (size_t)sp->column_tasks * sp->tile_floats + (size_t)shares * sp->spill_floats;
    float *scratch = ip_pool_scratch(job->pool, 0, floats);  // NULL in a nested call: no pool
    if (scratch) {
      sp->packed = (_Atomic int *)(void *)scratch;
      for (int i = 0; i < sp->column_tasks; i++) atomic_init(&sp->packed[i], 0);
      sp->buffer = scratch + counters;
    }
    atomic_store_explicit(&sp->state, scratch ? 1 : 2, memory_order_release);
  }
  int state;
  while ((state = atomic_load_explicit(&sp->state, memory_order_acquire)) == 0) ip_image_pause();
  for (int i = atomic_fetch_add_explicit(&sp->next, 1, memory_order_relaxed); i < sp->tasks;
       i = atomic_fetch_add_explicit(&sp->next, 1, memory_order_relaxed)) {
    if (state == 2) {  // no shared buffer: the plain tasks (i < column tasks × row blocks)
      if (i < sp->column_tasks * job->row_blocks) gemm_task(job, i, share);
      continue;
    }
    if (i < sp->pieces) {
      pack_piece(sp, i);
      continue;
    }
    const int task = i - sp->pieces, column_task = task / job->row_blocks;
    while (atomic_load_explicit(&sp->packed[column_task], memory_order_acquire) < sp->panels_per_tile) ip_image_pause();
    int g, j0, count, m0, m1;
    task_place(job, task, &g, &j0, &count, &m0, &m1);
    if (m0 < m1)
      multiply(job, g, j0, count, m0, m1, sp->buffer + (size_t)column_task * sp->tile_floats,
               sp->buffer + (size_t)sp->column_tasks * sp->tile_floats + (size_t)share * sp->spill_floats);
  }
}

/// One (sample, output channel) plane of the direct kernel; `padded` is the thread's scratch
/// of ip_image_padded_floats(s) floats, whose pads are zero already when *pads_written is set
/// (this task padded a plane of the same shape into it before: only the inside changes).
static void direct_one_plane(const conv_job *job, int plane, float *padded, int *pads_written) {
  const ip_image_shape *s = job->s;
  const int o = plane % s->out_channels, b = plane / s->out_channels;
  const int in_group = s->channels / s->groups, g = o / (s->out_channels / s->groups);
  const int taps = s->kernel_h * s->kernel_w, ldp = s->pad_left + s->width + s->pad_right;
  const size_t in_plane = (size_t)s->height * s->width, out_plane = (size_t)s->out_height * s->out_width;
  float *y = job->y + (size_t)plane * out_plane;
  // Maps at most 16 outputs wide run one row a vector where the level has it (AVX-512); other
  // small stride-1 maps go through the padded copy to direct_plane's flat loop (full vectors);
  // wider rows, and at AVX2 narrow stride-2 ones, run 16 or 8 outputs a vector from the unpadded
  // plane (AVX-512, AVX2), or else the unpadded plain loop (3×3, strides 1 or 2); any other
  // window reads a padded copy.
  const int three = s->kernel_h == 3 && s->kernel_w == 3 && s->dilation_h == 1 && s->dilation_w == 1;
  const int narrow = job->image->direct_3x3_narrow && ip_image_narrow_3x3(s);
  const int flat = !narrow && ip_image_flat_3x3(s, ldp);
  const int rows3 = !narrow && !flat && job->image->direct_3x3_rows && three && (s->stride_w == 1 || s->stride_w == 2) &&
                    s->out_width <= 16 * IP_ROWS_3X3_MAX_VECTORS;
  const int unpadded = !narrow && !flat && !rows3 && three && (s->stride_h == 1 || s->stride_h == 2) &&
                       (s->stride_w == 1 || s->stride_w == 2) && s->pad_top <= 1 && s->pad_left <= 1 &&
                       s->pad_bottom <= 1 && s->pad_right <= 1;
  if (unpadded)  // the scratch (≥ (H + pads)·(W + pads) floats) serves as the zero row
    for (int c = 0; c < s->width; c++) padded[c] = 0.0f;
  // Without a residual, the last channel's store applies the clamp (no second pass over y);
  // with one, the residual is added before the clamp, in a pass of its own.
  const float *residual = job->epilogue.residual ? job->epilogue.residual + (size_t)plane * out_plane : NULL;
  for (int c = 0; c < in_group; c++) {
    const float *x = job->x + ((size_t)b * s->channels + (size_t)g * in_group + c) * in_plane;
    const float *filter = job->w + ((size_t)o * in_group + c) * taps;
    const float start = job->epilogue.bias ? job->epilogue.bias[o] : 0.0f;
    const int clamps = !residual && c == in_group - 1;
    const float low = clamps ? job->epilogue.low : -INFINITY, high = clamps ? job->epilogue.high : INFINITY;
    if (rows3) {
      job->image->direct_3x3_rows(s, x, filter, start, c > 0, low, high, y);
    } else if (narrow) {
      job->image->direct_3x3_narrow(s, x, filter, start, c > 0, low, high, y);
    } else if (unpadded) {
      job->image->direct_3x3_unpadded(s, x, padded, filter, start, c > 0, low, high, y);
    } else {
      job->image->pad_plane(s, x, 0.0f, *pads_written, padded);
      *pads_written = 1;
      job->image->direct_plane(s, padded, ldp, filter, start, c > 0, low, high, y);
    }
  }
  if (residual) job->image->bias_clamp_rows(y, 1, (int)out_plane, 0, NULL, residual, job->epilogue.low, job->epilogue.high);
}

/// Planes [index·per_task, …) of the direct kernel, consecutive in y.
static void direct_task(void *raw, int index, int thread) {
  conv_job *job = raw;
  const int first = index * job->planes_per_task;
  const int end = job->planes - first < job->planes_per_task ? job->planes : first + job->planes_per_task;
  const ip_image_shape *s = job->s;
  if (job->image->direct_3x3_small && s->groups == s->channels && s->out_channels == s->channels &&
      !job->epilogue.residual && ip_image_small_3x3(s)) {
    // Depthwise on small maps: plane p (sample p / C, channel p mod C) reads input plane p and
    // writes output plane p, so a task's planes are one run in x and y, one sample's at a time.
    const size_t n = (size_t)s->height * s->width;
    for (int plane = first; plane < end;) {
      const int c = plane % s->channels, count = end - plane < s->channels - c ? end - plane : s->channels - c;
      job->image->direct_3x3_small(s, job->x + (size_t)plane * n, job->w + (size_t)c * 9,
                                   job->epilogue.bias ? job->epilogue.bias + c : NULL, count, job->epilogue.low,
                                   job->epilogue.high, job->y + (size_t)plane * n);
      plane += count;
    }
    return;
  }
  const size_t floats = ip_image_padded_floats(s);  // the other kernels' padded plane or zero row
  float *padded = ip_pool_scratch(job->pool, thread, floats);
  float *owned = NULL;
  if (!padded) padded = owned = malloc(floats * sizeof(float));  // no pool (or nested call)
  if (!padded) return;
  int pads_written = 0;
  for (int plane = first; plane < end; plane++) direct_one_plane(job, plane, padded, &pads_written);
  free(owned);
}

/// ip_conv2d on `batch` samples, batch · OC and batch · OH·OW both below 2^31.
static void conv_samples(conv_job job, int batch) {
  const ip_image_shape *s = job.s;
  const double work = (double)batch * s->out_channels * job.n * job.k;
  if (!uses_gemm(s) || !job.packed) {
    // Several planes a task when planes are small (a 7×7 depthwise plane is 441 multiply-adds,
    // less than claiming it from the shared counter costs when two threads take turns), but
    // still at least 8 tasks a thread, so the threads end together.
    job.planes = batch * s->out_channels;
    job.planes_per_task = ip_image_items_per_task(job.planes, (double)job.n * job.k, IP_DIRECT_TASK_WORK,
                                                  ip_pool_threads(job.pool));
    ip_image_run_tasks(job.pool, (job.planes + job.planes_per_task - 1) / job.planes_per_task, work, direct_task, &job);
    return;
  }
  if (ip_conv_pixel_rows(s)) {
    ip_conv_pixel_rows_run(job.gemm, job.image, job.pool, s, batch, job.x, job.packed, &job.epilogue, job.y);
    return;
  }
  if (ip_winograd_applies(s)) {
    ip_winograd_conv(job.gemm, job.image, job.pool, s, batch, job.x, job.packed, &job.epilogue, job.y);
    return;
  }
  const int NR = job.gemm->nr, MR = job.gemm->mr, threads = ip_pool_threads(job.pool);
  // A 1×1 layer with few outputs multiplies each packed float only m times, so copying the
  // pixels into panels costs about as much as the multiply-adds (half of the time of MobileNetV2's
  // 32→16 and 96→24 layers at batch 8 on the Zen 3 of docs/onnx.md); there the microkernel reads
  // each panel's k rows where they lie in x, n floats apart.
  job.in_place = s->kernel_h == 1 && s->kernel_w == 1 && s->stride_h == 1 &&
                 s->stride_w == 1 && !(s->pad_top | s->pad_left | s->pad_bottom | s->pad_right) &&
                 job.m <= IP_CONV_IN_PLACE_MAX_OUTPUTS;
  int tile = IP_CONV_TILE_FLOATS / job.k / NR * NR;
  tile = tile < NR ? NR : tile > IP_CONV_MAX_TILE ? IP_CONV_MAX_TILE : tile;
  job.columns = batch * job.n;
  // Each column tile reads the group's m×k weights once more. Where they outnumber the tile's
  // columns (the deep layers at small batch: 512×4608 weights against 49 columns of a 7×7 map)
  // and all columns fit in 4 tiles' worth of patches, one tile takes them all: the weights are
  // read once, and the patches spilling from L2 cost less (ResNet-18 at batch 1, 1 thread:
  // −3 to −5% on the Zen 5 of docs/onnx.md; growing the tile at batch 8 too cost 0 to +3%).
  if (job.m > tile && (long)job.columns * job.k <= 4L * IP_CONV_TILE_FLOATS)
    tile = job.columns < IP_CONV_MAX_TILE ? job.columns : IP_CONV_MAX_TILE;
  job.tile = tile < job.columns ? tile : job.columns;
  job.tiles = (job.columns + job.tile - 1) / job.tile;
  // Fewer than 4 column tiles a thread (so that the threads, claiming tasks as they free up, end
  // together): first narrower tiles, down to one panel, and only then row blocks, whose tiles
  // are packed once (shared_share). ResNet-18's layers at batch 1, 2 threads, on the Intel Ice
  // Lake of docs/onnx.md (harness, min of 3 rounds): 19.4 → 18.1 ms in all, the 14×14 and 7×7
  // layers 10–12% faster; with tiles capped at one panel for every layer, 1 thread and batch 8
  // had moved by ±1%. Where the wide kernels exist, the halving stops at two panels (a 6×64
  // tile's worth): at batch 1, 2 threads, 2–3% less time over MobileNetV2's and ResNet-18's
  // layers (same Ice Lake, both ways alternated call by call in one process), batch 8 ±1%.
  const int least = job.gemm->wide_rows > 0 ? 2 * NR : NR;
  while (threads > 1 && (long)s->groups * job.tiles < 4L * threads && job.tile > least) {
    job.tile = round_up(job.tile / 2, NR);
    job.tiles = (job.columns + job.tile - 1) / job.tile;
  }
  const long column_tasks = (long)s->groups * job.tiles;
  int blocks = threads == 1 || column_tasks >= 4 * threads ? 1 : (int)((4 * threads + column_tasks - 1) / column_tasks);
  const int row_tiles = (job.m + MR - 1) / MR;
  blocks = blocks > row_tiles ? row_tiles : blocks;
  job.row_block = (row_tiles + blocks - 1) / blocks * MR;
  job.row_blocks = (job.m + job.row_block - 1) / job.row_block;
  if (job.row_blocks == 1 || job.in_place) {  // in place, a row block packs (almost) nothing
    ip_image_run_tasks(job.pool, (int)(column_tasks * job.row_blocks), work, gemm_task, &job);
    return;
  }
  shared_packing sp = {.job = &job, .column_tasks = (int)column_tasks, .panels_per_tile = round_up(job.tile, NR) / NR};
  sp.pieces = sp.column_tasks * sp.panels_per_tile;
  sp.tasks = sp.pieces + sp.column_tasks * job.row_blocks;  // ≥ the plain tasks if it falls back
  sp.tile_floats = (size_t)round_up(job.tile, NR) * job.k;
  sp.spill_floats = (size_t)sp.panels_per_tile * job.row_block * NR;  // a spill tile for each panel at most
  atomic_init(&sp.next, 0);
  atomic_init(&sp.state, 0);
  ip_image_run_shares(job.pool, work, shared_share, &sp);
}

void ip_conv2d(int isa, ip_pool *pool, const ip_image_shape *s, int batch, const float *x, const float *w,
               const float *packed, const ip_conv_epilogue *epilogue, float *y) {
  if (batch <= 0) return;
  conv_job job = {s, ip_gemm_table_for(isa), ip_image_table_for(isa), pool, x, w, packed, y, *epilogue};
  job.m = s->out_channels / s->groups;
  job.k = patch_length(s);
  job.n = s->out_height * s->out_width;
  // Samples per call: the call's outputs (chunk·OC·n) fit an int, and so do its column count
  // (chunk·n) and task counts (at most groups·tiles·row blocks ≤ OC·chunk·n).
  const long out_floats = (long)s->out_channels * job.n;  // ≤ 2^31 − 1 (ip_image_shape_check)
  const int chunk = (int)(INT_MAX / out_floats);
  const size_t in_sample = (size_t)s->channels * s->height * s->width;
  const size_t out_sample = (size_t)s->out_channels * job.n;
  for (int b0 = 0; b0 < batch; b0 += chunk) {
    conv_job part = job;
    part.x = x + (size_t)b0 * in_sample;
    part.y = y + (size_t)b0 * out_sample;
    if (epilogue->residual) part.epilogue.residual = epilogue->residual + (size_t)b0 * out_sample;
    conv_samples(part, batch - b0 < chunk ? batch - b0 : chunk);
  }
}
